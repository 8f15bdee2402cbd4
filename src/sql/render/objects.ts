// Rendering views, routines, triggers, policies, comments and grants.
import type { Change, CommentTarget } from '../../diff/change.ts'
import { partsOf, type Key } from '../../model/key.ts'
import type { MaterializedView, Model, Policy, Trigger, View } from '../../model/types.ts'
import { ident, literal, qualified } from '../quote.ts'
import { nameOfKey, statement, withOptions, type RenderContext } from './common.ts'

type Of<K extends Change['kind']> = Extract<Change, { kind: K }>

/** pg_get_viewdef prints the query with a leading space and a closing semicolon. */
const query = (definition: string) => definition.trim().replace(/;$/, '')

function viewOptions(v: View): string[] {
  const options = [...v.options]
  if (v.checkOption) options.push(`check_option=${v.checkOption}`)
  if (v.securityBarrier) options.push('security_barrier=true')
  if (v.securityInvoker) options.push('security_invoker=true')
  return options.sort()
}

function createView(v: View, replace: boolean): string {
  const options = viewOptions(v)
  return statement(`CREATE ${replace ? 'OR REPLACE ' : ''}VIEW ${qualified(v.schema, v.name)}${options.length ? ` WITH ${withOptions(options)}` : ''} AS\n${query(v.definition)}`)
}

function createMaterializedView(v: MaterializedView): string {
  return statement(`CREATE MATERIALIZED VIEW ${qualified(v.schema, v.name)}${v.accessMethod ? ` USING ${ident(v.accessMethod)}` : ''}${v.options.length ? ` WITH ${withOptions(v.options)}` : ''} AS\n${query(v.definition)}\nWITH ${v.populated ? '' : 'NO '}DATA`)
}

export const viewRenderers = {
  createView: ({ view }: Of<'createView'>) => [createView(view, false)],
  replaceView: ({ to }: Of<'replaceView'>) => [createView(to, true)],
  dropView: ({ view }: Of<'dropView'>) => [statement(`DROP VIEW ${qualified(view.schema, view.name)}`)],
  alterViewOptions: ({ from, to }: Of<'alterViewOptions'>) => {
    const before = viewOptions(from)
    const after = viewOptions(to)
    const name = (o: string) => o.slice(0, o.indexOf('='))
    const reset = before.filter((o) => !after.some((p) => name(p) === name(o))).map(name)
    const set = after.filter((o) => !before.includes(o))
    return [
      ...(reset.length ? [statement(`ALTER VIEW ${qualified(to.schema, to.name)} RESET (${reset.join(', ')})`)] : []),
      ...(set.length ? [statement(`ALTER VIEW ${qualified(to.schema, to.name)} SET ${withOptions(set)}`)] : []),
    ]
  },
  renameView: ({ schema, from, to, materialized }: Of<'renameView'>) =>
    [statement(`ALTER ${materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualified(schema, from)} RENAME TO ${ident(to)}`)],
  createMaterializedView: ({ view }: Of<'createMaterializedView'>) => [createMaterializedView(view)],
  dropMaterializedView: ({ view }: Of<'dropMaterializedView'>) => [statement(`DROP MATERIALIZED VIEW ${qualified(view.schema, view.name)}`)],
  refreshMaterializedView: ({ view }: Of<'refreshMaterializedView'>) =>
    [statement(`REFRESH MATERIALIZED VIEW ${qualified(view.schema, view.name)}${view.populated ? '' : ' WITH NO DATA'}`)],
}

const ENABLED: Record<Trigger['enabled'], string> = { O: 'ENABLE', D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' }

const onTable = (key: Key) => nameOfKey(key)

export const routineRenderers = {
  // pg_get_functiondef prints a whole CREATE OR REPLACE statement, without its semicolon.
  createRoutine: ({ routine }: Of<'createRoutine'>) => [statement(routine.definition)],
  replaceRoutine: ({ to }: Of<'replaceRoutine'>) => [statement(to.definition)],
  dropRoutine: ({ routine: r }: Of<'dropRoutine'>) =>
    [statement(`DROP ${r.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qualified(r.schema, r.name)}(${r.identityArguments})`)],
  createTrigger: ({ trigger }: Of<'createTrigger'>) => [
    statement(trigger.definition),
    ...(trigger.enabled !== 'O' ? [statement(`ALTER TABLE ${onTable(trigger.table)} ${ENABLED[trigger.enabled]} TRIGGER ${ident(trigger.name)}`)] : []),
  ],
  dropTrigger: ({ trigger }: Of<'dropTrigger'>) => [statement(`DROP TRIGGER ${ident(trigger.name)} ON ${onTable(trigger.table)}`)],
  setTriggerEnabled: ({ trigger }: Of<'setTriggerEnabled'>) =>
    [statement(`ALTER TABLE ${onTable(trigger.table)} ${ENABLED[trigger.enabled]} TRIGGER ${ident(trigger.name)}`)],
  createPolicy: ({ policy: p }: Of<'createPolicy'>) =>
    [statement(`CREATE POLICY ${ident(p.name)} ON ${onTable(p.table)} AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command.toUpperCase()} TO ${roles(p)}${expressions(p)}`)],
  dropPolicy: ({ policy: p }: Of<'dropPolicy'>) => [statement(`DROP POLICY ${ident(p.name)} ON ${onTable(p.table)}`)],
  alterPolicy: ({ to: p }: Of<'alterPolicy'>) => [statement(`ALTER POLICY ${ident(p.name)} ON ${onTable(p.table)} TO ${roles(p)}${expressions(p)}`)],
}

const roles = (p: Policy) => p.roles.map((r) => (r === 'public' ? 'PUBLIC' : ident(r))).join(', ')
const expressions = (p: Policy) => `${p.using !== null ? ` USING (${p.using})` : ''}${p.withCheck !== null ? ` WITH CHECK (${p.withCheck})` : ''}`

function commentTarget(t: CommentTarget): string {
  switch (t.kind) {
    case 'schema': return `SCHEMA ${ident(t.name)}`
    case 'extension': return `EXTENSION ${ident(t.name)}`
    case 'collation': return `COLLATION ${qualified(t.schema, t.name)}`
    case 'type': return `TYPE ${qualified(t.schema, t.name)}`
    case 'domain': return `DOMAIN ${qualified(t.schema, t.name)}`
    case 'sequence': return `SEQUENCE ${qualified(t.schema, t.name)}`
    case 'table': return `TABLE ${qualified(t.schema, t.name)}`
    case 'view': return `VIEW ${qualified(t.schema, t.name)}`
    case 'materializedView': return `MATERIALIZED VIEW ${qualified(t.schema, t.name)}`
    case 'index': return `INDEX ${qualified(t.schema, t.name)}`
    case 'column': return `COLUMN ${qualified(t.schema, t.relation)}.${ident(t.name)}`
    case 'constraint': return `CONSTRAINT ${ident(t.name)} ON ${qualified(t.schema, t.table)}`
    case 'trigger': return `TRIGGER ${ident(t.name)} ON ${qualified(t.schema, t.table)}`
    case 'policy': return `POLICY ${ident(t.name)} ON ${qualified(t.schema, t.table)}`
    case 'routine': return `${t.routineKind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qualified(t.schema, t.name)}(${t.args})`
  }
}

/** What GRANT names for the object with `key` in `model`. */
function grantTarget(model: Model, key: Key): string {
  const p = partsOf(key)
  switch (p.kind) {
    case 'schema': return `SCHEMA ${ident(p.name)}`
    case 'sequence': return `SEQUENCE ${qualified(p.schema, p.name)}`
    case 'function': return `${model.routines.get(key)?.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qualified(p.schema, p.name)}(${p.args})`
    case 'domain': return `DOMAIN ${qualified(p.schema, p.name)}`
    case 'enum': case 'composite': case 'range': return `TYPE ${qualified(p.schema, p.name)}`
    default: return `TABLE ${qualified(p.schema, p.name)}`
  }
}

const grantee = (name: string) => (name === 'public' ? 'PUBLIC' : ident(name))
/** `SELECT, INSERT`, or per column `SELECT ("email"), UPDATE ("email")`. */
const privilegeList = (privileges: readonly string[], column: string | null) =>
  privileges.map((p) => (column === null ? p : `${p} (${ident(column)})`)).join(', ')

export const metaRenderers = {
  setComment: ({ target, to }: Of<'setComment'>) => [statement(`COMMENT ON ${commentTarget(target)} IS ${to === null ? 'NULL' : literal(to)}`)],
  grant: (c: Of<'grant'>, ctx: RenderContext) =>
    [statement(`GRANT ${privilegeList(c.privileges, c.column)} ON ${grantTarget(ctx.to, c.target)} TO ${grantee(c.grantee)}${c.grantable ? ' WITH GRANT OPTION' : ''}`)],
  revoke: (c: Of<'revoke'>, ctx: RenderContext) =>
    [statement(`REVOKE ${c.grantOptionOnly ? 'GRANT OPTION FOR ' : ''}${privilegeList(c.privileges, c.column)} ON ${grantTarget(ctx.from.routines.has(c.target) ? ctx.from : ctx.to, c.target)} FROM ${grantee(c.grantee)}`)],
}
