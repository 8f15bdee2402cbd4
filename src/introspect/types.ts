// Schemas, extensions, collations, and user-defined types: enums, domains,
// composite types and range types.
import { keyOf } from '../model/key.ts'
import type { Collation, CompositeAttribute, SqlExpr } from '../model/types.ts'
import { text, type ModelBuilder, type Row } from './builder.ts'
import { collationName, comment, notExtensionMember } from './scope.ts'

type TypeQuery = 'schemas' | 'extensions' | 'collations' | 'types'

export function typeQueries(scope: string, versionNum: number): Record<TypeQuery, string> {
  // The locale of an ICU or builtin collation moved between majors.
  const locale = versionNum >= 170000 ? 'co.colllocale' : versionNum >= 150000 ? 'co.colliculocale' : 'null::text'
  return {
    schemas: `with ${scope}
select n.oid, n.nspname as name, ${comment('pg_namespace', 'n.oid')} as comment from managed n`,

    extensions: `with ${scope}
select x.oid, x.extname as name, n.nspname as schema, x.extversion as version,
       ${comment('pg_extension', 'x.oid')} as comment
  from pg_catalog.pg_extension x join managed n on n.oid = x.extnamespace`,

    collations: `with ${scope}
select co.oid, n.nspname as schema, co.collname as name, co.collprovider as provider, ${locale} as locale,
       co.collcollate as lc_collate, co.collctype as lc_ctype, co.collisdeterministic as deterministic,
       ${comment('pg_collation', 'co.oid')} as comment
  from pg_catalog.pg_collation co join managed n on n.oid = co.collnamespace
 where ${notExtensionMember('pg_collation', 'co.oid')}`,

    // One row per enum, domain, composite and range type, with what each needs.
    types: `with ${scope}
select t.oid, t.typarray as array_oid, t.typrelid as relid, n.nspname as schema, t.typname as name, t.typtype as kind,
       case when t.typtype = 'e' then pg_catalog.to_json(array(
         select e.enumlabel from pg_catalog.pg_enum e where e.enumtypid = t.oid order by e.enumsortorder)) end as labels,
       case when t.typtype = 'd' then pg_catalog.format_type(t.typbasetype, t.typtypmod) end as base_type,
       t.typnotnull as not_null, pg_catalog.pg_get_expr(t.typdefaultbin, 0) as "default",
       case when t.typtype = 'd' then ${collationName('t.typcollation', '(select b.typcollation from pg_catalog.pg_type b where b.oid = t.typbasetype)')} end as collation,
       case when t.typtype = 'c' then pg_catalog.to_json(array(
         select pg_catalog.json_build_object('name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                  'collation', ${collationName('a.attcollation', 'at.typcollation')},
                  'comment', ${comment('pg_class', 'a.attrelid', 'a.attnum')})
           from pg_catalog.pg_attribute a join pg_catalog.pg_type at on at.oid = a.atttypid
          where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped order by a.attnum)) end as attributes,
       pg_catalog.format_type(r.rngsubtype, null) as subtype,
       case when r.rngsubopc is not null and not oc.opcdefault then pg_catalog.quote_ident(ocn.nspname) || '.' || pg_catalog.quote_ident(oc.opcname) end as subtype_opclass,
       ${collationName('r.rngcollation', '(select st.typcollation from pg_catalog.pg_type st where st.oid = r.rngsubtype)')} as range_collation,
       nullif(r.rngcanonical, 0)::regproc::text as canonical, nullif(r.rngsubdiff, 0)::regproc::text as subtype_diff,
       pg_catalog.format_type(r.rngmultitypid, null) as multirange,
       ${comment('pg_type', 't.oid')} as comment
  from pg_catalog.pg_type t
  join managed n on n.oid = t.typnamespace
  left join pg_catalog.pg_class tc on tc.oid = t.typrelid
  left join pg_catalog.pg_range r on r.rngtypid = t.oid
  left join pg_catalog.pg_opclass oc on oc.oid = r.rngsubopc
  left join pg_catalog.pg_namespace ocn on ocn.oid = oc.opcnamespace
 where (t.typtype in ('e', 'd', 'r') or (t.typtype = 'c' and tc.relkind = 'c'))
   and ${notExtensionMember('pg_type', 't.oid')}`,
  }
}

export function buildTypes(b: ModelBuilder, rows: Record<TypeQuery, Row[]>): void {
  for (const row of rows.schemas) {
    const key = keyOf('schema', '', String(row.name))
    b.remember('pg_namespace', row.oid, key)
    b.schemas.set(key, { key, name: String(row.name), comment: text(row.comment) })
  }
  for (const row of rows.extensions) {
    const key = keyOf('extension', '', String(row.name))
    b.remember('pg_extension', row.oid, key)
    b.extensions.set(key, { key, name: String(row.name), schema: String(row.schema), version: String(row.version), comment: text(row.comment) })
  }
  for (const row of rows.collations) {
    const key = keyOf('collation', String(row.schema), String(row.name))
    b.remember('pg_collation', row.oid, key)
    b.collations.set(key, {
      key, schema: String(row.schema), name: String(row.name), comment: text(row.comment),
      provider: row.provider as Collation['provider'], locale: text(row.locale),
      lcCollate: text(row.lc_collate), lcCtype: text(row.lc_ctype), deterministic: Boolean(row.deterministic),
    })
  }
  for (const row of rows.types) {
    const schema = String(row.schema)
    const name = String(row.name)
    const comment = text(row.comment)
    const kind = row.kind === 'e' ? 'enum' : row.kind === 'd' ? 'domain' : row.kind === 'c' ? 'composite' : 'range'
    const key = keyOf(kind, schema, name)
    // A column of type `mood[]` depends on the array type; it stands for the enum.
    b.remember('pg_type', row.oid, key)
    b.remember('pg_type', row.array_oid, key)
    switch (kind) {
      case 'enum':
        b.enums.set(key, { key, schema, name, comment, labels: row.labels as string[] })
        break
      case 'domain':
        b.domains.set(key, {
          key, schema, name, comment, type: String(row.base_type), notNull: Boolean(row.not_null),
          default: text(row.default) as SqlExpr | null, collation: text(row.collation), checks: [],
        })
        break
      case 'composite':
        // Its attributes' dependencies (on an enum, a domain) are recorded on its pg_class row.
        b.remember('pg_class', row.relid, key)
        b.composites.set(key, { key, schema, name, comment, attributes: row.attributes as CompositeAttribute[] })
        break
      case 'range':
        b.ranges.set(key, {
          key, schema, name, comment, subtype: String(row.subtype), subtypeOpclass: text(row.subtype_opclass),
          collation: text(row.range_collation), canonical: text(row.canonical), subtypeDiff: text(row.subtype_diff),
          multirange: text(row.multirange),
        })
        break
    }
  }
}
