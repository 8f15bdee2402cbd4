// What relates the modeled objects (pg_depend), what the model does not cover
// (reported, never silently skipped), and, when asked for, privileges.
import type { Key } from '../model/key.ts'
import type { Dependency, Grant, Unmodeled } from '../model/types.ts'
import type { Catalog, ModelBuilder, Row } from './builder.ts'
import { notExtensionMember, notMemberOrPart } from './scope.ts'

/** The first oid of a user object; below it lie PostgreSQL's own. */
const FIRST_NORMAL_OID = 16384

// A view's dependencies are recorded on its rewrite rule, a column default's
// on pg_attrdef: both are translated to the relation they belong to, by joins
// (a subquery per row costs three times as much on a large catalog). What an
// extension owns (citext's type, pgcrypto's functions) stands for the extension.
// Distinct, and without an object's dependencies on itself (a column default
// on its own table): a third of the rows, not worth sending.
export function dependenciesQuery(): string {
  const side = (classid: string, objid: string, rule: string, def: string) => [
    `case when ${classid} in ('pg_catalog.pg_rewrite'::regclass, 'pg_catalog.pg_attrdef'::regclass) then 'pg_class' else ${classid}::regclass::text end`,
    `case ${classid} when 'pg_catalog.pg_rewrite'::regclass then ${rule}.ev_class when 'pg_catalog.pg_attrdef'::regclass then ${def}.adrelid else ${objid} end`,
  ]
  const [cls, obj] = side('d.classid', 'd.objid', 'r', 'ad')
  const [refCls, refObj] = side('d.refclassid', 'd.refobjid', 'rr', 'rad')
  return `
select distinct * from (
  select ${cls} as class, ${obj} as objid,
         case when x.refobjid is null then ${refCls} else 'pg_extension' end as ref_class,
         coalesce(x.refobjid, ${refObj}) as ref_objid
    from pg_catalog.pg_depend d
    left join pg_catalog.pg_depend x on x.classid = d.refclassid and x.objid = d.refobjid and x.deptype = 'e'
    left join pg_catalog.pg_rewrite r on d.classid = 'pg_catalog.pg_rewrite'::regclass and r.oid = d.objid
    left join pg_catalog.pg_attrdef ad on d.classid = 'pg_catalog.pg_attrdef'::regclass and ad.oid = d.objid
    left join pg_catalog.pg_rewrite rr on d.refclassid = 'pg_catalog.pg_rewrite'::regclass and rr.oid = d.refobjid
    left join pg_catalog.pg_attrdef rad on d.refclassid = 'pg_catalog.pg_attrdef'::regclass and rad.oid = d.refobjid
   where d.deptype in ('n', 'a') and d.objid >= ${FIRST_NORMAL_OID} and d.refobjid >= ${FIRST_NORMAL_OID}
     and d.refclassid <> 'pg_catalog.pg_namespace'::regclass
) dep
 where (dep.class, dep.objid) is distinct from (dep.ref_class, dep.ref_objid)`
}

/**
 * What the model does not cover, one row each (kind, schema, name), over the
 * `managed` schemas of the query it is put in: reported, never silently skipped.
 */
export function unmodeledQuery(): string {
  return `select 'aggregate' as kind, n.nspname as schema, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' as name
  from pg_catalog.pg_proc p join managed n on n.oid = p.pronamespace
 where p.prokind = 'a' and ${notExtensionMember('pg_proc', 'p.oid')}
union all
select 'operator', n.nspname, o.oprname || '(' || pg_catalog.format_type(o.oprleft, null) || ', ' || pg_catalog.format_type(o.oprright, null) || ')'
  from pg_catalog.pg_operator o join managed n on n.oid = o.oprnamespace where ${notExtensionMember('pg_operator', 'o.oid')}
union all
select 'operator class', n.nspname, c.opcname from pg_catalog.pg_opclass c join managed n on n.oid = c.opcnamespace
 where ${notExtensionMember('pg_opclass', 'c.oid')}
union all
select 'operator family', n.nspname, f.opfname from pg_catalog.pg_opfamily f join managed n on n.oid = f.opfnamespace
 where ${notExtensionMember('pg_opfamily', 'f.oid')}
union all
select case c.relkind when 'f' then 'foreign table' else 'typed table' end, n.nspname, c.relname
  from pg_catalog.pg_class c join managed n on n.oid = c.relnamespace
 where (c.relkind = 'f' or (c.relkind in ('r', 'p') and c.reloftype <> 0)) and ${notExtensionMember('pg_class', 'c.oid')}
union all
select 'rule', n.nspname, c.relname || '.' || r.rulename
  from pg_catalog.pg_rewrite r join pg_catalog.pg_class c on c.oid = r.ev_class join managed n on n.oid = c.relnamespace
 where r.rulename <> '_RETURN'
union all
select 'statistics object', n.nspname, s.stxname from pg_catalog.pg_statistic_ext s join managed n on n.oid = s.stxnamespace
union all
select case t.typtype when 'p' then 'shell type' when 'm' then 'multirange type' else 'base type' end, n.nspname, t.typname
  from pg_catalog.pg_type t join managed n on n.oid = t.typnamespace
 where (t.typtype = 'b' and t.typelem = 0 or t.typtype = 'p') and ${notExtensionMember('pg_type', 't.oid')}
union all
select 'text search configuration', n.nspname, c.cfgname from pg_catalog.pg_ts_config c join managed n on n.oid = c.cfgnamespace
 where ${notExtensionMember('pg_ts_config', 'c.oid')}
union all
select 'text search dictionary', n.nspname, d.dictname from pg_catalog.pg_ts_dict d join managed n on n.oid = d.dictnamespace
 where ${notExtensionMember('pg_ts_dict', 'd.oid')}
union all
select 'conversion', n.nspname, c.conname from pg_catalog.pg_conversion c join managed n on n.oid = c.connamespace
 where ${notExtensionMember('pg_conversion', 'c.oid')}
union all
select 'event trigger', '', e.evtname from pg_catalog.pg_event_trigger e where ${notExtensionMember('pg_event_trigger', 'e.oid')}
union all
select 'publication', '', p.pubname from pg_catalog.pg_publication p
union all
select 'foreign server', '', s.srvname from pg_catalog.pg_foreign_server s where ${notExtensionMember('pg_foreign_server', 's.oid')}
union all
select 'cast', '', pg_catalog.format_type(c.castsource, null) || ' as ' || pg_catalog.format_type(c.casttarget, null)
  from pg_catalog.pg_cast c where c.oid >= ${FIRST_NORMAL_OID} and ${notMemberOrPart('pg_cast', 'c.oid')}
union all
select 'default privileges', coalesce(n.nspname, ''), pg_catalog.pg_get_userbyid(a.defaclrole) || ' on ' || a.defaclobjtype::text
  from pg_catalog.pg_default_acl a left join pg_catalog.pg_namespace n on n.oid = a.defaclnamespace`
}

export function extraQueries(scope: string, privileges: boolean): Record<string, string> {
  const queries: Record<string, string> = {
    dependencies: dependenciesQuery(),

    unmodeled: `with ${scope}
${unmodeledQuery()}`,
  }
  if (privileges) {
    // Privileges as PostgreSQL applies them: a NULL acl is the kind's default
    // (acldefault), so an explicit GRANT of what the default holds is no
    // difference. The owner's own privileges are left out by the query (most
    // rows of a large catalog would be the owner's): they follow whoever owns
    // the object, and a migration does not choose its owner.
    const acl = (column: string, kind: string, owner: string) =>
      `pg_catalog.aclexplode(coalesce(${column}, pg_catalog.acldefault(${kind}, ${owner}))) x`
    const types = `t.typtype in ('e', 'd', 'r') or (t.typtype = 'c' and exists (select from pg_catalog.pg_class r where r.oid = t.typrelid and r.relkind = 'c'))`
    queries.grants = `with ${scope}
select 'pg_namespace' as class, ns.oid, null::text as column_name, x.grantee, x.privilege_type as privilege, x.is_grantable as grantable
  from managed n join pg_catalog.pg_namespace ns on ns.oid = n.oid, ${acl('ns.nspacl', "'n'", 'ns.nspowner')}
 where x.grantee <> ns.nspowner
union all
select 'pg_class', c.oid, null, x.grantee, x.privilege_type, x.is_grantable
  from pg_catalog.pg_class c join managed n on n.oid = c.relnamespace,
       ${acl('c.relacl', `case c.relkind when 'S' then 's'::"char" else 'r'::"char" end`, 'c.relowner')}
 where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and x.grantee <> c.relowner
union all
select 'pg_class', c.oid, a.attname::text, x.grantee, x.privilege_type, x.is_grantable
  from pg_catalog.pg_class c join managed n on n.oid = c.relnamespace
  join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attacl is not null,
       pg_catalog.aclexplode(a.attacl) x
 where c.relkind in ('r', 'p', 'v', 'm', 'f') and x.grantee <> c.relowner
union all
select 'pg_proc', p.oid, null, x.grantee, x.privilege_type, x.is_grantable
  from pg_catalog.pg_proc p join managed n on n.oid = p.pronamespace, ${acl('p.proacl', "'f'", 'p.proowner')}
 where x.grantee <> p.proowner
union all
select 'pg_type', t.oid, null, x.grantee, x.privilege_type, x.is_grantable
  from pg_catalog.pg_type t join managed n on n.oid = t.typnamespace, ${acl('t.typacl', "'T'", 't.typowner')}
 where (${types}) and x.grantee <> t.typowner`
    queries.owners = `with ${scope}
select 'pg_namespace' as class, ns.oid, ns.nspowner as owner from managed n join pg_catalog.pg_namespace ns on ns.oid = n.oid
union all
select 'pg_class', c.oid, c.relowner from pg_catalog.pg_class c join managed n on n.oid = c.relnamespace where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
union all
select 'pg_proc', p.oid, p.proowner from pg_catalog.pg_proc p join managed n on n.oid = p.pronamespace
union all
select 'pg_type', t.oid, t.typowner from pg_catalog.pg_type t join managed n on n.oid = t.typnamespace where ${types}`
    queries.grantees = `select oid, rolname from pg_catalog.pg_roles`
  }
  return queries
}

/**
 * pg_depend's rows (some 30,000 in a large catalog) taken one by one as the
 * driver parses them, kept as four values each rather than as row objects:
 * they can be resolved to keys only when every kind is built.
 */
export function dependencyReader(): { readonly stream: { readonly dependencies: (row: Row) => void }; readonly pairs: readonly unknown[] } {
  // Catalog names, one string each, not one per row.
  const catalogs = new Map<unknown, unknown>()
  const catalog = (name: unknown) => {
    const found = catalogs.get(name)
    if (found !== undefined) return found
    catalogs.set(name, name)
    return name
  }
  const pairs: unknown[] = []
  return { stream: { dependencies: (row) => { pairs.push(catalog(row.class), row.objid, catalog(row.ref_class), row.ref_objid) } }, pairs }
}

/** The model's dependencies, what it leaves out and its privileges; `pairs` is dependencyReader's. */
export function buildExtrasFrom(b: ModelBuilder, pairs: readonly unknown[], rows: Record<string, Row[]>): void {
  // Grouped by the dependent: several oids can stand for one key (a table's
  // rules and defaults), and sorting groups is cheaper than sorting pairs.
  const needs = new Map<Key, Set<Key>>()
  for (let i = 0; i < pairs.length; i += 4) {
    const from = b.keyOf(pairs[i] as Catalog, pairs[i + 1])
    const to = b.keyOf(pairs[i + 2] as Catalog, pairs[i + 3])
    if (from === undefined || to === undefined || from === to) continue
    const set = needs.get(from)
    if (set === undefined) needs.set(from, new Set([to]))
    else set.add(to)
  }
  const dependencies: Dependency[] = []
  for (const from of [...needs.keys()].sort(compare)) for (const to of [...needs.get(from)!].sort(compare)) dependencies.push({ from, to })
  b.dependencies = dependencies

  b.unmodeled = (rows.unmodeled ?? [])
    .map((row): Unmodeled => ({ kind: String(row.kind), schema: String(row.schema), name: String(row.name) }))
    .sort((x, y) => compare(x.kind, y.kind) || compare(x.schema, y.schema) || compare(x.name, y.name))

  if (rows.grants) {
    const roles = new Map((rows.grantees ?? []).map((row) => [String(row.oid), String(row.rolname)]))
    const role = (oid: unknown) => String(oid) === '0' ? 'public' : roles.get(String(oid)) ?? String(oid)
    const grants = new Map<Key, Grant[]>()
    for (const row of rows.grants) {
      const key = b.keyOf(row.class as Catalog, row.oid)
      if (key === undefined) continue
      const grant: Grant = { grantee: role(row.grantee), privilege: String(row.privilege), grantable: Boolean(row.grantable), column: row.column_name === null ? null : String(row.column_name) }
      const list = grants.get(key)
      if (list === undefined) grants.set(key, [grant])
      else list.push(grant)
    }
    for (const list of grants.values()) list.sort(compareGrants)
    b.grants = grants
    const owners = new Map<Key, string>()
    for (const row of rows.owners ?? []) {
      const key = b.keyOf(row.class as Catalog, row.oid)
      if (key !== undefined && !owners.has(key)) owners.set(key, role(row.owner))
    }
    b.owners = owners
  }
}

const compareGrants = (x: Grant, y: Grant): number =>
  compare(x.column ?? '', y.column ?? '') || compare(x.grantee, y.grantee) || compare(x.privilege, y.privilege)

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
