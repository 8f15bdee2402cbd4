// Table constraints (primary key, unique, foreign key, check, exclusion) and
// the indexes that do not back a constraint.
import { keyOf, type Key } from '../model/key.ts'
import type { Constraint, ConstraintType, ForeignKey, SqlExpr } from '../model/types.ts'
import { PgstrataError } from '../errors.ts'
import { text, type ModelBuilder, type Row } from './builder.ts'
import { comment, notExtensionMember } from './scope.ts'

const CONSTRAINT_TYPES: Record<string, ConstraintType> = { p: 'primaryKey', u: 'unique', f: 'foreignKey', c: 'check', x: 'exclusion' }

// Arrays travel as JSON: the driver parses json, and knows no array types
// without an extra round trip at connect.
// Each number is looked up by itself (an index probe): joining the unnested
// array to pg_attribute costs twice as much on 10,000 constraints.
export const attributeNames = (relid: string, attnums: string) => `pg_catalog.to_json(array(
         select (select a.attname from pg_catalog.pg_attribute a where a.attrelid = ${relid} and a.attnum = k.num)
           from unnest(${attnums}) with ordinality k(num, ord) order by k.ord))`

/** The index an index is attached to, as [schema, table, index, constraint backed by it or ''], or null. */
const PARENT_INDEX = (oid: string) => `(select pg_catalog.to_json(array[pn.nspname, pt.relname, pi.relname, coalesce(pk.conname, '')])
          from pg_catalog.pg_inherits h
          join pg_catalog.pg_class pi on pi.oid = h.inhparent
          join pg_catalog.pg_namespace pn on pn.oid = pi.relnamespace
          join pg_catalog.pg_index px on px.indexrelid = pi.oid
          join pg_catalog.pg_class pt on pt.oid = px.indrelid
          left join pg_catalog.pg_constraint pk on pk.conindid = pi.oid and pk.contype in ('p', 'u', 'x') and pk.conrelid = pt.oid
         where h.inhrelid = ${oid})`

export function constraintQueries(scope: string, versionNum: number): Record<'constraints' | 'indexes', string> {
  const nullsNotDistinct = versionNum >= 150000 ? 'i.indnullsnotdistinct' : 'false'
  return {
    // Domain checks come here too (contypid), and go to their domain. PostgreSQL
    // 18's NOT NULL constraints (contype 'n') are the columns' notNull. A foreign
    // key to a partitioned table has one hidden copy per partition on the same
    // referencing table (conparentid points at a constraint on that table);
    // PostgreSQL makes and drops those with the partitions, so they are not ours.
    constraints: `with ${scope}
select con.oid, n.nspname as schema, con.conname as name, con.contype as type, con.conindid as index,
       cn.nspname as table_schema, c.relname as table_name, con.contypid as domain,
       pg_catalog.pg_get_constraintdef(con.oid, true) as definition,
       con.convalidated as validated, con.condeferrable as deferrable, con.condeferred as deferred,
       con.connoinherit as no_inherit, con.conislocal as local,
       ${attributeNames('con.conrelid', 'con.conkey')} as columns,
       fn.nspname as ref_schema, f.relname as ref_table,
       ${attributeNames('con.confrelid', 'con.confkey')} as ref_columns,
       con.confupdtype as on_update, con.confdeltype as on_delete, con.confmatchtype as match,
       coalesce(${nullsNotDistinct}, false) as nulls_not_distinct,
       case when con.contype in ('p', 'u', 'x') then ${PARENT_INDEX('con.conindid')} end as attached_to,
       ${comment('pg_constraint', 'con.oid')} as comment
  from pg_catalog.pg_constraint con
  join managed n on n.oid = con.connamespace
  left join pg_catalog.pg_class c on c.oid = con.conrelid
  left join pg_catalog.pg_namespace cn on cn.oid = c.relnamespace
  left join pg_catalog.pg_class f on f.oid = con.confrelid
  left join pg_catalog.pg_namespace fn on fn.oid = f.relnamespace
  left join pg_catalog.pg_index i on i.indexrelid = con.conindid and con.contype = 'u'
 where con.contype in ('p', 'u', 'f', 'c', 'x') and ${notExtensionMember('pg_constraint', 'con.oid')}
   and not exists (select from pg_catalog.pg_constraint parent where parent.oid = con.conparentid and parent.conrelid = con.conrelid)`,

    // Indexes backing a constraint are the constraint's. An index on a
    // partition is an object of its own, attached to its parent's. pg_get_indexdef(oid, k)
    // prints a key column without its collation, opclass and order, so the
    // query also returns the whole definition (pretty, like the columns) and
    // the text before its column list; keyColumns cuts the key columns out.
    indexes: `with ${scope}
select i.indexrelid as oid, n.nspname as schema, ic.relname as name, t.relname as table_name, t.relkind as table_kind,
       pg_catalog.pg_get_indexdef(i.indexrelid, 0, true) as definition, i.indisunique as unique, am.amname as method,
       'CREATE ' || case when i.indisunique then 'UNIQUE ' else '' end || 'INDEX ' || pg_catalog.quote_ident(ic.relname)
         || ' ON ' || case when t.relkind = 'p' then 'ONLY ' else '' end
         || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.relname)
         || ' USING ' || pg_catalog.quote_ident(am.amname) || ' (' as before_columns,
       pg_catalog.to_json(array(select pg_catalog.pg_get_indexdef(i.indexrelid, k, true) from generate_series(1, i.indnkeyatts) k)) as columns,
       pg_catalog.to_json(array(select pg_catalog.pg_get_indexdef(i.indexrelid, k, true) from generate_series(i.indnkeyatts + 1, i.indnatts) k)) as include,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as predicate, ${nullsNotDistinct} as nulls_not_distinct,
       i.indisvalid as valid, ${PARENT_INDEX('i.indexrelid')} as attached_to, ${comment('pg_class', 'i.indexrelid')} as comment
  from pg_catalog.pg_index i
  join pg_catalog.pg_class ic on ic.oid = i.indexrelid
  join pg_catalog.pg_class t on t.oid = i.indrelid
  join managed n on n.oid = ic.relnamespace
  join pg_catalog.pg_am am on am.oid = ic.relam
 where t.relkind in ('r', 'p', 'm')
   and not exists (select from pg_catalog.pg_constraint k where k.conindid = i.indexrelid and k.contype in ('p', 'u', 'x'))
   and ${notExtensionMember('pg_class', 'i.indexrelid')}`,
  }
}

/** A table constraint made from its row, waiting for its table to be known. */
interface Pending { readonly oid: unknown; readonly index: unknown; readonly constraint: Constraint }

/**
 * Reads constraints row by row as the driver parses them (10,000 in a large
 * catalog), keeping the constraint made of each rather than the row; which
 * tables and domains exist is known only at `build`.
 */
export function constraintReader(): {
  readonly stream: { readonly constraints: (row: Row) => void }
  build(b: ModelBuilder, rows: Pick<Record<'constraints' | 'indexes', Row[]>, 'indexes'>): void
} {
  const domainChecks: Row[] = []
  const pending: Pending[] = []
  const constraint = (row: Row) => {
    if (row.domain !== 0 && row.domain !== null && row.table_name === null) {
      domainChecks.push(row)
      return
    }
    const type = CONSTRAINT_TYPES[String(row.type)]!
    const table = keyOf('table', String(row.table_schema), String(row.table_name))
    const key = keyOf('constraint', String(row.schema), String(row.name), { table: String(row.table_name) })
    const foreignKey: ForeignKey | null = type !== 'foreignKey' ? null : {
      references: keyOf('table', String(row.ref_schema), String(row.ref_table)),
      columns: row.ref_columns as string[],
      onUpdate: row.on_update as ForeignKey['onUpdate'],
      onDelete: row.on_delete as ForeignKey['onDelete'],
      match: row.match as ForeignKey['match'],
    }
    pending.push({
      oid: row.oid, index: row.index,
      constraint: {
        key, schema: String(row.schema), name: String(row.name), comment: text(row.comment), table, type,
        definition: String(row.definition) as SqlExpr,
        columns: row.columns as string[],
        foreignKey,
        validated: Boolean(row.validated),
        deferrable: Boolean(row.deferrable),
        initiallyDeferred: Boolean(row.deferred),
        noInherit: type === 'check' && Boolean(row.no_inherit),
        nullsNotDistinct: Boolean(row.nulls_not_distinct),
        inherited: !row.local,
        attachedTo: parentKey(row.attached_to),
      },
    })
  }
  return {
    stream: { constraints: constraint },
    build: (b, rows) => {
      for (const row of domainChecks) {
        // A domain's CHECK: attached to the domain by buildTypes, which runs first.
        const domain = b.keyOf('pg_type', row.domain)
        const found = domain && b.domains.get(domain)
        if (found) {
          b.remember('pg_constraint', row.oid, found.key)
          b.domains.set(found.key, {
            ...found,
            checks: [...found.checks, { name: String(row.name), definition: String(row.definition) as SqlExpr, validated: Boolean(row.validated), comment: text(row.comment) }]
              .sort((x, y) => (x.name < y.name ? -1 : 1)),
          })
        }
      }
      for (const { oid, index, constraint: c } of pending) {
        if (!b.tables.has(c.table)) continue
        b.remember('pg_constraint', oid, c.key)
        // A foreign key depends on the index behind the key it references: that index is this constraint.
        if (c.type === 'primaryKey' || c.type === 'unique' || c.type === 'exclusion') b.remember('pg_class', index, c.key)
        b.constraints.set(c.key, c)
      }
      buildIndexes(b, rows.indexes)
    },
  }
}

function buildIndexes(b: ModelBuilder, rows: readonly Row[]): void {
  for (const row of rows) {
    const table = keyOf(row.table_kind === 'm' ? 'materializedView' : 'table', String(row.schema), String(row.table_name))
    if (!b.tables.has(table) && !b.materializedViews.has(table)) continue
    const key = keyOf('index', String(row.schema), String(row.name))
    b.remember('pg_class', row.oid, key)
    b.indexes.set(key, {
      key, schema: String(row.schema), name: String(row.name), comment: text(row.comment), table,
      definition: String(row.definition) as SqlExpr,
      unique: Boolean(row.unique),
      method: String(row.method),
      columns: keyColumns(String(row.definition), String(row.before_columns), row.columns as string[]),
      include: row.include as string[],
      predicate: text(row.predicate) as SqlExpr | null,
      nullsNotDistinct: Boolean(row.nulls_not_distinct),
      valid: Boolean(row.valid),
      attachedTo: parentKey(row.attached_to),
    })
  }
}

/** The key of a parent index, or of the constraint it backs. */
function parentKey(value: unknown): Key | null {
  if (value === null || value === undefined) return null
  const [schema, table, index, constraint] = value as [string, string, string, string]
  return constraint !== '' ? keyOf('constraint', schema, constraint, { table }) : keyOf('index', schema, index)
}

// Names as quote_ident prints them, maybe schema-qualified.
const IDENT = '(?:"(?:[^"]|"")*"|[a-z_][a-z0-9_]*)'
const NAME = `${IDENT}(?:\\.${IDENT})?`
/** What pg_get_indexdef prints after a key column: collation, opclass with its options, order, nulls. */
const KEY_SUFFIX = `(?: COLLATE ${NAME})?(?: ${NAME})?(?: \\((?:'(?:[^']|'')*'|"(?:[^"]|"")*"|[^'")])*\\))?(?: DESC)?(?: NULLS (?:FIRST|LAST))?`
const SUFFIX_BEFORE = { ', ': new RegExp(`^${KEY_SUFFIX}(?=, )`), ')': new RegExp(`^${KEY_SUFFIX}(?=\\))`) }

/**
 * Each key column of an index as its definition spells it, with collation,
 * opclass, order and nulls. `bare` holds the columns as pg_get_indexdef(oid,
 * k) prints them, and `beforeColumns` the definition up to its column list. A
 * definition of another shape throws INTROSPECT_UNEXPECTED_INDEXDEF: no guess.
 */
export function keyColumns(definition: string, beforeColumns: string, bare: readonly string[]): string[] {
  const unexpected = () => new PgstrataError('INTROSPECT_UNEXPECTED_INDEXDEF', `cannot find the key columns ${JSON.stringify(bare)} in ${definition}`, {
    hint: 'please report this index definition to the pgstrata maintainers',
  })
  if (!definition.startsWith(beforeColumns)) throw unexpected()
  let at = beforeColumns.length
  return bare.map((column, k) => {
    const separator = k === bare.length - 1 ? ')' : ', '
    const suffix = definition.startsWith(column, at) ? SUFFIX_BEFORE[separator].exec(definition.slice(at + column.length)) : null
    if (suffix === null) throw unexpected()
    at += column.length + suffix[0].length + separator.length
    return column + suffix[0]
  })
}
