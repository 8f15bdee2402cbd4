// The floor of `bench:introspect`: the catalog information `pgstrata inspect`
// reads (src/introspect/*.ts), fetched in seven whole-catalog queries after
// pinning the session settings pgstrata pins. Every value comes from the same
// catalog function pgstrata calls (format_type, pg_get_expr,
// pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef, pg_get_functiondef,
// pg_get_triggerdef, …) and the same schemas, extension filter and rows are
// read, so it is the least work that yields the same information. It differs
// only in how the rows are gathered: comments come from one join to
// pg_description, kinds that share a catalog share a query, and small kinds
// carry their details as one JSON value; pg_depend and what the model leaves
// out are read by pgstrata's own queries. Keep it in step with src/introspect.
import { attributeNames } from '../src/introspect/constraints.ts'
import { dependenciesQuery, unmodeledQuery } from '../src/introspect/extras.ts'
import { collationName, managedSchemas, notExtensionMember, notMemberOrPart } from '../src/introspect/scope.ts'
import { literal } from '../src/sql/quote.ts'

/** A comment: one join to pg_description, instead of obj_description() per row. */
const described = (alias: string, catalog: string, oid: string, subid = '0') =>
  `left join pg_catalog.pg_description ${alias} on ${alias}.objoid = ${oid} and ${alias}.classoid = 'pg_catalog.${catalog}'::regclass and ${alias}.objsubid = ${subid}`

/** Schemas, extensions, collations, types and what the model does not cover: few rows, one query. */
function objectsQuery(scope: string, versionNum: number): string {
  const locale = versionNum >= 170000 ? 'co.colllocale' : versionNum >= 150000 ? 'co.colliculocale' : 'null::text'
  return `with ${scope}
select 'server' as kind, null::oid as oid, null::name as schema, current_setting('server_version')::name as name, null::text as comment,
       pg_catalog.json_build_object('num', current_setting('server_version_num')::int) as detail
union all
select 'schema', n.oid, null, n.nspname, d.description, null from managed n ${described('d', 'pg_namespace', 'n.oid')}
union all
select 'extension', x.oid, n.nspname, x.extname, d.description, pg_catalog.json_build_object('version', x.extversion)
  from pg_catalog.pg_extension x join managed n on n.oid = x.extnamespace ${described('d', 'pg_extension', 'x.oid')}
union all
select 'collation', co.oid, n.nspname, co.collname, d.description,
       pg_catalog.json_build_object('provider', co.collprovider, 'locale', ${locale}, 'lc_collate', co.collcollate,
         'lc_ctype', co.collctype, 'deterministic', co.collisdeterministic)
  from pg_catalog.pg_collation co join managed n on n.oid = co.collnamespace ${described('d', 'pg_collation', 'co.oid')}
 where ${notExtensionMember('pg_collation', 'co.oid')}
union all
select t.typtype::text, t.oid, n.nspname, t.typname, d.description, pg_catalog.json_build_object(
         'array_oid', t.typarray, 'relid', t.typrelid,
         'labels', case when t.typtype = 'e' then (select pg_catalog.json_agg(e.enumlabel order by e.enumsortorder)
                                                     from pg_catalog.pg_enum e where e.enumtypid = t.oid) end,
         'base_type', case when t.typtype = 'd' then pg_catalog.format_type(t.typbasetype, t.typtypmod) end,
         'not_null', t.typnotnull, 'default', pg_catalog.pg_get_expr(t.typdefaultbin, 0),
         'collation', case when t.typtype = 'd' then ${collationName('t.typcollation', '(select b.typcollation from pg_catalog.pg_type b where b.oid = t.typbasetype)')} end,
         'attributes', case when t.typtype = 'c' then (select pg_catalog.json_agg(pg_catalog.json_build_object(
             'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
             'collation', ${collationName('a.attcollation', 'at.typcollation')}, 'comment', ad.description) order by a.attnum)
           from pg_catalog.pg_attribute a join pg_catalog.pg_type at on at.oid = a.atttypid
           ${described('ad', 'pg_class', 'a.attrelid', 'a.attnum')}
          where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped) end,
         'subtype', pg_catalog.format_type(r.rngsubtype, null),
         'subtype_opclass', case when r.rngsubopc is not null and not oc.opcdefault then pg_catalog.quote_ident(ocn.nspname) || '.' || pg_catalog.quote_ident(oc.opcname) end,
         'range_collation', ${collationName('r.rngcollation', '(select st.typcollation from pg_catalog.pg_type st where st.oid = r.rngsubtype)')},
         'canonical', nullif(r.rngcanonical, 0)::regproc::text, 'subtype_diff', nullif(r.rngsubdiff, 0)::regproc::text,
         'multirange', pg_catalog.format_type(r.rngmultitypid, null))
  from pg_catalog.pg_type t
  join managed n on n.oid = t.typnamespace
  left join pg_catalog.pg_class tc on tc.oid = t.typrelid
  left join pg_catalog.pg_range r on r.rngtypid = t.oid
  left join pg_catalog.pg_opclass oc on oc.oid = r.rngsubopc
  left join pg_catalog.pg_namespace ocn on ocn.oid = oc.opcnamespace
  ${described('d', 'pg_type', 't.oid')}
 where (t.typtype in ('e', 'd', 'r') or (t.typtype = 'c' and tc.relkind = 'c')) and ${notExtensionMember('pg_type', 't.oid')}
union all
select 'unmodeled', null, u.schema, u.name, null, pg_catalog.json_build_object('kind', u.kind) from (
${unmodeledQuery()}
) u`
}

/** Tables, views, materialized views and sequences (with their owner), each with its parents. */
function relationsQuery(scope: string): string {
  return `with ${scope}
select c.oid, n.nspname as schema, c.relname as name, c.relkind as kind, c.relpersistence as persistence,
       c.relrowsecurity as row_security, c.relforcerowsecurity as force_row_security, pg_catalog.to_json(c.reloptions) as options,
       case when am.amname <> 'heap' then am.amname end as access_method,
       case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end as partition_key,
       case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end as partition_bound,
       case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid, true) end as definition,
       c.relispopulated as populated, d.description as comment, parents.list as parents,
       pg_catalog.format_type(s.seqtypid, null) as seq_type, s.seqstart as seq_start, s.seqincrement as seq_increment,
       s.seqmin as seq_min, s.seqmax as seq_max, s.seqcache as seq_cache, s.seqcycle as seq_cycle,
       dep.deptype as owner_kind, dep.refobjid as owner_relid, dep.refobjsubid as owner_column,
       on_.nspname as owner_schema, oc.relname as owner_table, oa.attname as owner_column_name
  from pg_catalog.pg_class c
  join managed n on n.oid = c.relnamespace
  left join pg_catalog.pg_am am on am.oid = c.relam
  ${described('d', 'pg_class', 'c.oid')}
  left join (select i.inhrelid, pg_catalog.json_agg(pg_catalog.json_build_array(i.inhparent, pn.nspname, p.relname) order by i.inhseqno) as list
               from pg_catalog.pg_inherits i
               join pg_catalog.pg_class p on p.oid = i.inhparent
               join pg_catalog.pg_namespace pn on pn.oid = p.relnamespace
              group by i.inhrelid) parents on parents.inhrelid = c.oid and c.relkind in ('r', 'p')
  left join pg_catalog.pg_sequence s on s.seqrelid = c.oid
  left join pg_catalog.pg_depend dep on c.relkind = 'S' and dep.classid = 'pg_catalog.pg_class'::regclass and dep.objid = c.oid
       and dep.refclassid = 'pg_catalog.pg_class'::regclass and dep.refobjsubid > 0 and dep.deptype in ('a', 'i')
  left join pg_catalog.pg_class oc on oc.oid = dep.refobjid
  left join pg_catalog.pg_namespace on_ on on_.oid = oc.relnamespace
  left join pg_catalog.pg_attribute oa on oa.attrelid = dep.refobjid and oa.attnum = dep.refobjsubid
 where c.relkind in ('r', 'p', 'v', 'm', 'S') and ${notExtensionMember('pg_class', 'c.oid')}`
}

function columnsQuery(scope: string): string {
  return `with ${scope}
select a.attrelid as relid, a.attnum as num, a.attname as name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) as default, a.attidentity as identity, a.attgenerated as generated,
       ${collationName('a.attcollation', 't.typcollation')} as collation,
       a.attislocal as local, d.description as comment
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_class c on c.oid = a.attrelid
  join managed n on n.oid = c.relnamespace
  join pg_catalog.pg_type t on t.oid = a.atttypid
  left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
  ${described('d', 'pg_class', 'a.attrelid', 'a.attnum')}
 where c.relkind in ('r', 'p', 'v', 'm') and a.attnum > 0 and not a.attisdropped
 order by a.attrelid, a.attnum`
}

function constraintsQuery(scope: string, versionNum: number): string {
  const nullsNotDistinct = versionNum >= 150000 ? 'i.indnullsnotdistinct' : 'false'
  return `with ${scope}
select con.oid, n.nspname as schema, con.conname as name, con.contype as type, con.conindid as index,
       cn.nspname as table_schema, c.relname as table_name, con.contypid as domain,
       pg_catalog.pg_get_constraintdef(con.oid, true) as definition,
       con.convalidated as validated, con.condeferrable as deferrable, con.condeferred as deferred,
       con.connoinherit as no_inherit, con.conislocal as local,
       ${attributeNames('con.conrelid', 'con.conkey')} as columns,
       fn.nspname as ref_schema, f.relname as ref_table,
       ${attributeNames('con.confrelid', 'con.confkey')} as ref_columns,
       con.confupdtype as on_update, con.confdeltype as on_delete, con.confmatchtype as match,
       coalesce(${nullsNotDistinct}, false) as nulls_not_distinct, d.description as comment
  from pg_catalog.pg_constraint con
  join managed n on n.oid = con.connamespace
  left join pg_catalog.pg_class c on c.oid = con.conrelid
  left join pg_catalog.pg_namespace cn on cn.oid = c.relnamespace
  left join pg_catalog.pg_class f on f.oid = con.confrelid
  left join pg_catalog.pg_namespace fn on fn.oid = f.relnamespace
  left join pg_catalog.pg_index i on i.indexrelid = con.conindid and con.contype = 'u'
  ${described('d', 'pg_constraint', 'con.oid')}
 where con.contype in ('p', 'u', 'f', 'c', 'x') and ${notExtensionMember('pg_constraint', 'con.oid')}
   and not exists (select from pg_catalog.pg_constraint parent where parent.oid = con.conparentid and parent.conrelid = con.conrelid)`
}

function indexesQuery(scope: string, versionNum: number): string {
  const nullsNotDistinct = versionNum >= 150000 ? 'i.indnullsnotdistinct' : 'false'
  return `with ${scope}
select i.indexrelid as oid, n.nspname as schema, ic.relname as name, t.relname as table_name, t.relkind as table_kind,
       pg_catalog.pg_get_indexdef(i.indexrelid, 0, true) as definition, i.indisunique as unique, am.amname as method,
       'CREATE ' || case when i.indisunique then 'UNIQUE ' else '' end || 'INDEX ' || pg_catalog.quote_ident(ic.relname)
         || ' ON ' || case when t.relkind = 'p' then 'ONLY ' else '' end
         || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.relname)
         || ' USING ' || pg_catalog.quote_ident(am.amname) || ' (' as before_columns,
       pg_catalog.to_json(array(select pg_catalog.pg_get_indexdef(i.indexrelid, k, true) from generate_series(1, i.indnkeyatts) k)) as columns,
       pg_catalog.to_json(array(select pg_catalog.pg_get_indexdef(i.indexrelid, k, true) from generate_series(i.indnkeyatts + 1, i.indnatts) k)) as include,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as predicate, ${nullsNotDistinct} as nulls_not_distinct,
       i.indisvalid as valid, d.description as comment
  from pg_catalog.pg_index i
  join pg_catalog.pg_class ic on ic.oid = i.indexrelid
  join pg_catalog.pg_class t on t.oid = i.indrelid
  join managed n on n.oid = ic.relnamespace
  join pg_catalog.pg_am am on am.oid = ic.relam
  ${described('d', 'pg_class', 'i.indexrelid')}
 where t.relkind in ('r', 'p', 'm')
   and not exists (select from pg_catalog.pg_constraint k where k.conindid = i.indexrelid and k.contype in ('p', 'u', 'x'))
   and not exists (select from pg_catalog.pg_inherits h where h.inhrelid = i.indexrelid)
   and ${notExtensionMember('pg_class', 'i.indexrelid')}`
}

/** Functions and procedures, triggers and policies: one shape, the kind-specific values as JSON. */
function routinesQuery(scope: string): string {
  return `with ${scope}
select 'routine' as kind, p.oid, n.nspname as schema, p.proname as name, null::name as table_name, null::"char" as table_kind,
       pg_catalog.pg_get_functiondef(p.oid) as definition, d.description as comment,
       pg_catalog.json_build_object('kind', p.prokind, 'identity_arguments', pg_catalog.pg_get_function_identity_arguments(p.oid),
         'arguments', pg_catalog.pg_get_function_arguments(p.oid),
         'returns', case when p.prokind <> 'p' then pg_catalog.pg_get_function_result(p.oid) end,
         'language', l.lanname, 'volatility', p.provolatile, 'strict', p.proisstrict, 'security_definer', p.prosecdef,
         'leakproof', p.proleakproof, 'parallel', p.proparallel) as detail
  from pg_catalog.pg_proc p
  join managed n on n.oid = p.pronamespace
  join pg_catalog.pg_language l on l.oid = p.prolang
  ${described('d', 'pg_proc', 'p.oid')}
 where p.prokind in ('f', 'p', 'w') and ${notMemberOrPart('pg_proc', 'p.oid')}
union all
select 'trigger', t.oid, n.nspname, t.tgname, c.relname, c.relkind, pg_catalog.pg_get_triggerdef(t.oid, true), d.description,
       pg_catalog.json_build_object('enabled', t.tgenabled, 'function_schema', fn.nspname, 'function_name', f.proname,
         'function_arguments', pg_catalog.pg_get_function_identity_arguments(f.oid))
  from pg_catalog.pg_trigger t
  join pg_catalog.pg_class c on c.oid = t.tgrelid
  join managed n on n.oid = c.relnamespace
  join pg_catalog.pg_proc f on f.oid = t.tgfoid
  join pg_catalog.pg_namespace fn on fn.oid = f.pronamespace
  ${described('d', 'pg_trigger', 't.oid')}
 where not t.tgisinternal and t.tgparentid = 0 and ${notExtensionMember('pg_trigger', 't.oid')}
union all
select 'policy', pol.oid, n.nspname, pol.polname, c.relname, c.relkind, null, d.description,
       pg_catalog.json_build_object('permissive', pol.polpermissive, 'command', pol.polcmd,
         'roles', array(select case when r = 0 then 'public' else pg_catalog.pg_get_userbyid(r)::text end from unnest(pol.polroles) r),
         'using', pg_catalog.pg_get_expr(pol.polqual, pol.polrelid, true),
         'with_check', pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid, true))
  from pg_catalog.pg_policy pol
  join pg_catalog.pg_class c on c.oid = pol.polrelid
  join managed n on n.oid = c.relnamespace
  ${described('d', 'pg_policy', 'pol.oid')}`
}

// pgstrata pins the settings that change how catalog functions spell things
// (src/introspect/index.ts) for its transaction; an empty search_path makes
// every name print qualified, so the floor pins the same ones.
const SESSION_SETTINGS = [
  ['search_path', ''], ['TimeZone', 'UTC'], ['DateStyle', 'ISO, MDY'], ['IntervalStyle', 'postgres'],
  ['extra_float_digits', '1'], ['bytea_output', 'hex'], ['lc_monetary', 'C'],
  ['standard_conforming_strings', 'on'], ['quote_all_identifiers', 'off'],
] as const

/** The settings statement and seven queries, by name, for a server of `versionNum` (server_version_num). */
export function floorQueries(versionNum: number): Record<string, string> {
  const scope = managedSchemas({})
  return {
    settings: `select ${SESSION_SETTINGS.map(([name, value]) => `pg_catalog.set_config(${literal(name)}, ${literal(value)}, true)`).join(', ')}`,
    objects: objectsQuery(scope, versionNum),
    relations: relationsQuery(scope),
    columns: columnsQuery(scope),
    constraints: constraintsQuery(scope, versionNum),
    indexes: indexesQuery(scope, versionNum),
    routines: routinesQuery(scope),
    dependencies: dependenciesQuery(),
  }
}

/**
 * The same queries as one psql script, in one repeatable-read read-only
 * transaction like pgstrata's. Rows end in a NUL byte (psql -0), so the
 * harness can count them even where values hold newlines.
 */
export function psqlScript(queries: Record<string, string>): string {
  return `begin isolation level repeatable read read only;\n${Object.values(queries).map((q) => `${q};\n`).join('')}commit;\n`
}
