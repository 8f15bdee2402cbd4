// Functions and procedures, triggers, and row-level security policies.
import { keyOf } from '../model/key.ts'
import type { Policy, Routine, SqlExpr, Trigger } from '../model/types.ts'
import { text, type ModelBuilder, type Row } from './builder.ts'
import { comment, notExtensionMember, notMemberOrPart } from './scope.ts'

type RoutineQuery = 'routines' | 'triggers' | 'policies'

export function routineQueries(scope: string): Record<RoutineQuery, string> {
  return {
    // Aggregates (prokind 'a') are not modeled; unmodeled.ts reports them.
    routines: `with ${scope}
select p.oid, n.nspname as schema, p.proname as name, p.prokind as kind,
       pg_catalog.pg_get_function_identity_arguments(p.oid) as identity_arguments,
       pg_catalog.oidvectortypes(p.proargtypes) as argument_types,
       pg_catalog.pg_get_function_arguments(p.oid) as arguments,
       case when p.prokind <> 'p' then pg_catalog.pg_get_function_result(p.oid) end as returns,
       l.lanname as language, p.provolatile as volatility, p.proisstrict as strict, p.prosecdef as security_definer,
       p.proleakproof as leakproof, p.proparallel as parallel,
       pg_catalog.pg_get_functiondef(p.oid) as definition,
       ${comment('pg_proc', 'p.oid')} as comment
  from pg_catalog.pg_proc p
  join managed n on n.oid = p.pronamespace
  join pg_catalog.pg_language l on l.oid = p.prolang
 where p.prokind in ('f', 'p', 'w') and ${notMemberOrPart('pg_proc', 'p.oid')}`,

    // Internal triggers implement foreign keys; triggers cloned onto
    // partitions belong to the partitioned table's trigger.
    triggers: `with ${scope}
select t.oid, n.nspname as schema, c.relname as table_name, c.relkind as table_kind, t.tgname as name,
       pg_catalog.pg_get_triggerdef(t.oid, true) as definition, t.tgenabled as enabled,
       fn.nspname as function_schema, f.proname as function_name,
       pg_catalog.oidvectortypes(f.proargtypes) as function_argument_types,
       ${comment('pg_trigger', 't.oid')} as comment
  from pg_catalog.pg_trigger t
  join pg_catalog.pg_class c on c.oid = t.tgrelid
  join managed n on n.oid = c.relnamespace
  join pg_catalog.pg_proc f on f.oid = t.tgfoid
  join pg_catalog.pg_namespace fn on fn.oid = f.pronamespace
 where not t.tgisinternal and t.tgparentid = 0 and ${notExtensionMember('pg_trigger', 't.oid')}`,

    policies: `with ${scope}
select pol.oid, n.nspname as schema, c.relname as table_name, pol.polname as name, pol.polpermissive as permissive,
       pol.polcmd as command,
       pg_catalog.to_json(array(select case when r = 0 then 'public' else pg_catalog.pg_get_userbyid(r)::text end
                                  from unnest(pol.polroles) r)) as roles,
       pg_catalog.pg_get_expr(pol.polqual, pol.polrelid, true) as using,
       pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid, true) as with_check,
       ${comment('pg_policy', 'pol.oid')} as comment
  from pg_catalog.pg_policy pol
  join pg_catalog.pg_class c on c.oid = pol.polrelid
  join managed n on n.oid = c.relnamespace`,
  }
}

const VOLATILITY: Record<string, Routine['volatility']> = { i: 'immutable', s: 'stable', v: 'volatile' }
const PARALLEL: Record<string, Routine['parallel']> = { s: 'safe', r: 'restricted', u: 'unsafe' }
const COMMANDS: Record<string, Policy['command']> = { '*': 'all', r: 'select', a: 'insert', w: 'update', d: 'delete' }

export function buildRoutines(b: ModelBuilder, rows: Record<RoutineQuery, Row[]>): void {
  for (const row of rows.routines) {
    const schema = String(row.schema)
    const name = String(row.name)
    const identityArguments = String(row.identity_arguments)
    // Overloads differ by argument types; names and modes can change under the same function.
    const key = keyOf('function', schema, name, { args: String(row.argument_types) })
    b.remember('pg_proc', row.oid, key)
    b.routines.set(key, {
      key, schema, name, comment: text(row.comment),
      kind: row.kind === 'p' ? 'procedure' : 'function',
      identityArguments,
      arguments: String(row.arguments),
      returns: text(row.returns),
      language: String(row.language),
      volatility: VOLATILITY[String(row.volatility)]!,
      strict: Boolean(row.strict),
      securityDefiner: Boolean(row.security_definer),
      leakproof: Boolean(row.leakproof),
      parallel: PARALLEL[String(row.parallel)]!,
      definition: String(row.definition) as SqlExpr,
    })
  }
  for (const row of rows.triggers) {
    const schema = String(row.schema)
    const tableName = String(row.table_name)
    const table = keyOf(row.table_kind === 'v' ? 'view' : 'table', schema, tableName)
    if (!b.tables.has(table) && !b.views.has(table)) continue
    const key = keyOf('trigger', schema, String(row.name), { table: tableName })
    b.remember('pg_trigger', row.oid, key)
    b.triggers.set(key, {
      key, schema, name: String(row.name), comment: text(row.comment), table,
      definition: String(row.definition) as SqlExpr,
      function: keyOf('function', String(row.function_schema), String(row.function_name), { args: String(row.function_argument_types) }),
      enabled: row.enabled as Trigger['enabled'],
    })
  }
  for (const row of rows.policies) {
    const schema = String(row.schema)
    const tableName = String(row.table_name)
    const table = keyOf('table', schema, tableName)
    if (!b.tables.has(table)) continue
    const key = keyOf('policy', schema, String(row.name), { table: tableName })
    b.remember('pg_policy', row.oid, key)
    b.policies.set(key, {
      key, schema, name: String(row.name), comment: text(row.comment), table,
      permissive: Boolean(row.permissive),
      command: COMMANDS[String(row.command)]!,
      // Sorted here, not by the database's collation, which differs between servers.
      roles: (row.roles as string[]).sort(),
      using: text(row.using) as SqlExpr | null,
      withCheck: text(row.with_check) as SqlExpr | null,
    })
  }
}
