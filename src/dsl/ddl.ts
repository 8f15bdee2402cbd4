// The DSL as DDL, to build on a scratch database and introspect there
// (../shared/DESIGN.md, "Canonical forms"): PostgreSQL, not pgstrata, decides
// how types, defaults and expressions are spelled. Each statement carries the
// DSL path it comes from, so an error on the scratch database names it.
import { PgstrataError } from '../errors.ts'
import { ident, literal, qualified } from '../sql/quote.ts'
import { defaultSql, type Column } from './columns.ts'
import { isSql, kindOf, type Sql } from './core.ts'
import { grantSql, type GrantDef, type GrantOptions } from './grants.ts'
import { statementTrees } from '../sql/parse.ts'
import type { SchemaModel } from './load.ts'
import { TABLE, type AnyTable, type IndexBuilder, type Part, type ReplicaIdentity, type TableDef, type TableExtra } from './tables.ts'

export interface DdlStatement {
  readonly sql: string
  /** `schema/users.ts › users.email`. */
  readonly path: string
}

/**
 * Phases, in order. Within a phase statements keep declaration order; one
 * that fails because something it needs does not exist yet is tried again
 * after the others (a view on a view declared later, a function body reading
 * a table).
 */
export interface Ddl {
  readonly phases: readonly (readonly DdlStatement[])[]
  /**
   * Per phase, whether its statements may run on several connections at
   * once: each takes locks only on its own table (CREATE TABLE, CREATE
   * INDEX), so sessions do not wait for each other (a partition waits for
   * its parent, which the builder sorts out).
   */
  readonly concurrent: readonly boolean[]
}

// An sql`…` part goes in as written, as in CREATE INDEX: a function call, or an
// expression in parentheses, with an operator class, a collation or an order.
const partSql = (part: Part): string => (typeof part === 'string' ? ident(part) : isSql(part) ? part.text : ident(columnName(part)))
const columnName = (column: Column): string => column.def.name ?? column.def.property ?? '?'
const columnList = (parts: readonly Part[]) => parts.map((p) => (typeof p === 'string' ? ident(p) : isSql(p) ? p.text : ident(columnName(p)))).join(', ')
const options = (pairs: readonly (readonly [string, unknown])[]) => pairs.filter(([, v]) => v !== undefined).map(([k, v]) => (k === 'cycle' ? (v ? 'CYCLE' : 'NO CYCLE') : `${k} ${String(v)}`)).join(' ')

function referenceSql(columns: readonly Column[], options: { readonly onDelete?: string; readonly onUpdate?: string; readonly deferrable?: boolean; readonly initiallyDeferred?: boolean }): string {
  const target = columns[0]!.def.table!
  let text = `REFERENCES ${qualified(target.schema, target.name)} (${columns.map((c) => ident(columnName(c))).join(', ')})`
  if (options.onDelete) text += ` ON DELETE ${options.onDelete.toUpperCase()}`
  if (options.onUpdate) text += ` ON UPDATE ${options.onUpdate.toUpperCase()}`
  if (options.deferrable) text += ` DEFERRABLE${options.initiallyDeferred ? ' INITIALLY DEFERRED' : ''}`
  return text
}

const named = (name: string | null | undefined) => (name ? `CONSTRAINT ${ident(name)} ` : '')

/** `C` → `"C"`; a name the user already quoted or qualified (`pg_catalog."C"`) is taken as written. */
const collation = (name: string) => (name.includes('"') || name.includes('.') ? name : ident(name))

/**
 * A column definition. A partition's columns come from its parent, so there
 * PostgreSQL takes `name WITH OPTIONS` and the constraints, not a type.
 */
function columnSql(column: Column, partition = false): string {
  const d = column.def
  let text = `${ident(columnName(column))} ${partition ? 'WITH OPTIONS' : d.type}`
  if (d.compression && !partition) text += ` COMPRESSION ${ident(d.compression)}`
  if (d.collate) text += ` COLLATE ${collation(d.collate)}`
  if (d.identity) {
    const o = d.identity
    const sequence = options([['START WITH', o.start], ['INCREMENT BY', o.increment], ['MINVALUE', o.minValue], ['MAXVALUE', o.maxValue], ['CACHE', o.cache], ['cycle', o.cycle]])
    text += ` GENERATED ${o.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${sequence ? ` (${sequence})` : ''}`
  }
  if (d.generated) text += ` GENERATED ALWAYS AS (${d.generated.text}) STORED`
  if (d.default !== undefined) text += ` DEFAULT ${defaultSql(d.default, d.type)}`
  if (d.notNull) text += ' NOT NULL'
  if (d.primaryKey) text += ` ${named(d.primaryKey.name)}PRIMARY KEY`
  if (d.unique) text += ` ${named(d.unique.name)}UNIQUE${d.unique.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}`
  for (const c of d.checks) text += ` ${named(c.name)}CHECK (${c.expression.text})`
  return text
}

function tableStatements(t: TableDef): { create: DdlStatement[]; later: DdlStatement[]; indexes: DdlStatement[]; policies: DdlStatement[]; comments: DdlStatement[]; grants: DdlStatement[] } {
  const name = qualified(t.schema, t.name)
  const at = (member?: string) => ({ path: member === undefined ? t.path : `${t.path}.${member}` })
  const parts: string[] = t.columns.map((c) => columnSql(c, isPartition(t)))
  const later: DdlStatement[] = []
  const indexes: DdlStatement[] = []
  const policies: DdlStatement[] = []
  const comments: DdlStatement[] = []
  const grants: DdlStatement[] = []
  let partitionBy = ''
  let partitionOf: { parent: TableDef; bound: Sql } | null = null
  let unlogged = false
  let withParameters = ''
  for (const extra of t.extras) {
    const e = extra as TableExtra & Record<string, unknown>
    switch (kindOf(extra)) {
      case 'primaryKey': parts.push(`${named(e.name as string | null)}PRIMARY KEY (${columnList(e.columns as Part[])})`); break
      case 'unique': parts.push(`${named(e.name as string | null)}UNIQUE${e.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} (${columnList(e.columns as Part[])})`); break
      case 'check': parts.push(`${named(e.name as string | null)}CHECK (${(e.expression as Sql).text})`); break
      case 'exclude': parts.push(`${named(e.name as string | null)}EXCLUDE ${(e.body as Sql).text}`); break
      case 'foreignKey': {
        const fk = extra as Extract<TableExtra, { references: unknown }>
        const target = fk.references()
        later.push({ sql: `ALTER TABLE ${name} ADD ${named(fk.options.name)}FOREIGN KEY (${columnList(fk.columns)}) ${referenceSql(target, fk.options)}`, ...at(fk.options.name ?? 'foreignKey') })
        break
      }
      case 'index': indexes.push({ sql: indexSql(name, (extra as IndexBuilder).def), ...at((extra as IndexBuilder).def.name ?? 'index') }); break
      case 'policy': {
        const p = e as unknown as { name: string; as: string; for: string; to: string[]; using: Sql | null; withCheck: Sql | null }
        policies.push({
          sql: `CREATE POLICY ${ident(p.name)} ON ${name} AS ${p.as.toUpperCase()} FOR ${p.for.toUpperCase()} TO ${p.to.map(roleSpec).join(', ')}` +
            `${p.using ? ` USING (${p.using.text})` : ''}${p.withCheck ? ` WITH CHECK (${p.withCheck.text})` : ''}`,
          ...at(p.name),
        })
        break
      }
      case 'rls':
        policies.unshift({ sql: `ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`, ...at('rls') })
        if (e.force) policies.unshift({ sql: `ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`, ...at('rls') })
        break
      case 'comment': comments.push({ sql: `COMMENT ON TABLE ${name} IS ${literal(e.text as string)}`, ...at('comment') }); break
      case 'partitionBy': partitionBy = ` PARTITION BY ${(e.spec as Sql).text}`; break
      case 'partitionOf': {
        partitionOf = { parent: (e.parent as () => AnyTable)()[TABLE], bound: e.bound as Sql }
        break
      }
      case 'unlogged': unlogged = true; break
      case 'grant': grants.push({ sql: grantSql(`TABLE ${name}`, extra as GrantDef), ...at('grant') }); break
      case 'storageParameters': {
        const parameters = Object.entries(e.parameters as Record<string, unknown>).map(([k, v]) => `${k} = ${typeof v === 'string' ? literal(v) : String(v)}`)
        if (parameters.length > 0) withParameters = ` WITH (${parameters.join(', ')})`
        break
      }
      case 'replicaIdentity': {
        // After the indexes (USING INDEX needs its index): in the security phase.
        const identity = e.identity as ReplicaIdentity
        const spelled = typeof identity === 'object' ? `USING INDEX ${ident(identity.index)}` : identity.toUpperCase()
        policies.unshift({ sql: `ALTER TABLE ${name} REPLICA IDENTITY ${spelled}`, ...at('replicaIdentity') })
        break
      }
      default:
    }
  }
  for (const column of t.columns) {
    const d = column.def
    if (d.references) {
      const target = d.references.target()
      later.push({
        sql: `ALTER TABLE ${name} ADD ${named(d.references.options.name)}FOREIGN KEY (${ident(columnName(column))}) ${referenceSql([target], d.references.options)}`,
        ...at(d.property ?? columnName(column)),
      })
    }
    const alter = (action: string) => later.push({ sql: `ALTER TABLE ${name} ALTER COLUMN ${ident(columnName(column))} ${action}`, ...at(d.property ?? columnName(column)) })
    if (d.storage !== null) alter(`SET STORAGE ${d.storage.toUpperCase()}`)
    // A partition's column takes no COMPRESSION in CREATE TABLE … PARTITION OF.
    if (d.compression !== null && isPartition(t)) alter(`SET COMPRESSION ${ident(d.compression)}`)
    if (d.statistics !== null) alter(`SET STATISTICS ${d.statistics}`)
    if (d.comment !== null) comments.push({ sql: `COMMENT ON COLUMN ${name}.${ident(columnName(column))} IS ${literal(d.comment)}`, ...at(d.property ?? columnName(column)) })
  }
  const body = partitionOf
    ? ` PARTITION OF ${qualified(partitionOf.parent.schema, partitionOf.parent.name)}${parts.length > 0 ? ` (${parts.join(', ')})` : ''} ${partitionOf.bound.text}`
    : ` (\n  ${parts.join(',\n  ')}\n)`
  return { create: [{ sql: `CREATE${unlogged ? ' UNLOGGED' : ''} TABLE ${name}${body}${partitionBy}${withParameters}`, ...at() }], later, indexes, policies, comments, grants }
}

/** PUBLIC, CURRENT_USER and the like are keywords in a role list, not role names (no role may be called so). */
const ROLE_KEYWORDS = new Set(['public', 'current_role', 'current_user', 'session_user'])
const roleSpec = (role: string) => (ROLE_KEYWORDS.has(role) ? role.toUpperCase() : ident(role))

export function indexSql(on: string, d: IndexBuilder['def']): string {
  return `CREATE${d.unique ? ' UNIQUE' : ''} INDEX${d.name ? ` ${ident(d.name)}` : ''} ON ${on}${d.method ? ` USING ${d.method}` : ''} (${d.parts.map(partSql).join(', ')})` +
    `${d.include.length > 0 ? ` INCLUDE (${columnList(d.include)})` : ''}${d.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}${d.where ? ` WHERE ${d.where.text}` : ''}`
}

/** The DDL that creates everything `model` declares, in phases. */
export function ddlOf(model: SchemaModel): Ddl {
  const schemas = model.schemas.map((s) => ({ sql: `CREATE SCHEMA IF NOT EXISTS ${ident(s.name)}`, path: s.path }))
  const extensions = model.extensions.map((x) => ({
    sql: `CREATE EXTENSION IF NOT EXISTS ${ident(x.name)}${x.schema ? ` SCHEMA ${ident(x.schema)}` : ''}${x.version ? ` VERSION ${literal(x.version)}` : ''}`, path: x.path,
  }))
  const types: DdlStatement[] = []
  for (const e of model.enums) types.push({ sql: `CREATE TYPE ${qualified(e.schema, e.name)} AS ENUM (${e.values.map((v) => literal(v.value)).join(', ')})`, path: e.path })
  for (const d of model.domains) {
    let text = `CREATE DOMAIN ${qualified(d.schema, d.name)} AS ${d.base}`
    if (d.collate) text += ` COLLATE ${collation(d.collate)}`
    if (d.default !== undefined) text += ` DEFAULT ${defaultSql(d.default, d.base)}`
    if (d.notNull) text += ' NOT NULL'
    for (const c of d.checks) text += ` ${named(c.name)}CHECK (${c.expression.text})`
    types.push({ sql: text, path: d.path })
  }
  for (const c of model.composites) {
    types.push({ sql: `CREATE TYPE ${qualified(c.schema, c.name)} AS (${c.fields.map((f) => `${ident(columnName(f))} ${f.def.type}${f.def.collate ? ` COLLATE ${collation(f.def.collate)}` : ''}`).join(', ')})`, path: c.path })
  }
  const sequences = model.sequences.map((s) => {
    const o = s.options
    const rest = options([['AS', o.as], ['START WITH', o.start], ['INCREMENT BY', o.increment], ['MINVALUE', o.minValue], ['MAXVALUE', o.maxValue], ['CACHE', o.cache], ['cycle', o.cycle]])
    return { sql: `CREATE SEQUENCE ${qualified(s.schema, s.name)}${rest ? ` ${rest}` : ''}`, path: s.path }
  })
  const routines = model.routines.map((r) => ({ sql: r.statement.text, path: r.path }))
  const tables: DdlStatement[] = []
  const foreignKeys: DdlStatement[] = []
  const indexes: DdlStatement[] = []
  const security: DdlStatement[] = []
  const comments: DdlStatement[] = []
  const grants: DdlStatement[] = []
  // Partitions after their parents.
  const ordered = [...model.tables].sort((a, b) => Number(isPartition(a)) - Number(isPartition(b)))
  for (const t of ordered) {
    const s = tableStatements(t)
    tables.push(...s.create)
    foreignKeys.push(...s.later)
    indexes.push(...s.indexes)
    security.push(...s.policies)
    comments.push(...s.comments)
    grants.push(...s.grants)
  }
  const views: DdlStatement[] = []
  for (const v of model.views) {
    const o = v.options
    const withOptions = [o.securityInvoker ? 'security_invoker = true' : null, o.securityBarrier ? 'security_barrier = true' : null].filter((x) => x !== null)
    views.push({
      sql: `CREATE VIEW ${qualified(v.schema, v.name)}${withOptions.length > 0 ? ` WITH (${withOptions.join(', ')})` : ''} AS ${v.query.text}${o.checkOption ? ` WITH ${o.checkOption.toUpperCase()} CHECK OPTION` : ''}`,
      path: v.path,
    })
    viewComments(comments, 'VIEW', v)
  }
  for (const m of model.materializedViews) {
    const name = qualified(m.schema, m.name)
    views.push({ sql: `CREATE MATERIALIZED VIEW ${name} AS ${m.query.text} WITH ${m.options.withData === false ? 'NO ' : ''}DATA`, path: m.path })
    for (const i of m.options.indexes ?? []) {
      indexes.push({ sql: indexSql(name, i.def), path: `${m.path}.${i.def.name ?? 'index'}` })
      if (i.def.comment !== null && i.def.name !== null) comments.push({ sql: `COMMENT ON INDEX ${qualified(m.schema, i.def.name)} IS ${literal(i.def.comment)}`, path: `${m.path}.${i.def.name}` })
    }
    viewComments(comments, 'MATERIALIZED VIEW', m)
  }
  for (const t of ordered) {
    for (const e of t.extras) {
      if (kindOf(e) === 'index' && (e as IndexBuilder).def.comment !== null && (e as IndexBuilder).def.name !== null) {
        comments.push({ sql: `COMMENT ON INDEX ${qualified(t.schema, (e as IndexBuilder).def.name!)} IS ${literal((e as IndexBuilder).def.comment!)}`, path: `${t.path}.${(e as IndexBuilder).def.name}` })
      }
    }
  }
  const triggers = model.triggers.map((t) => ({ sql: t.statement.text, path: t.path }))
  for (const s of model.schemas) if (s.comment !== null) comments.push({ sql: `COMMENT ON SCHEMA ${ident(s.name)} IS ${literal(s.comment)}`, path: s.path })
  for (const e of model.enums) if (e.comment !== null) comments.push({ sql: `COMMENT ON TYPE ${qualified(e.schema, e.name)} IS ${literal(e.comment)}`, path: e.path })
  for (const d of model.domains) if (d.comment !== null) comments.push({ sql: `COMMENT ON DOMAIN ${qualified(d.schema, d.name)} IS ${literal(d.comment)}`, path: d.path })
  for (const c of model.composites) if (c.comment !== null) comments.push({ sql: `COMMENT ON TYPE ${qualified(c.schema, c.name)} IS ${literal(c.comment)}`, path: c.path })
  for (const s of model.sequences) if (s.options.comment !== undefined) comments.push({ sql: `COMMENT ON SEQUENCE ${qualified(s.schema, s.name)} IS ${literal(s.options.comment)}`, path: s.path })
  const granted = (on: string, path: string, list: readonly GrantOptions[] | undefined) => {
    for (const g of list ?? []) grants.push({ sql: grantSql(on, g), path: `${path}.grants` })
  }
  for (const s of model.schemas) granted(`SCHEMA ${ident(s.name)}`, s.path, s.grants)
  for (const e of model.enums) granted(`TYPE ${qualified(e.schema, e.name)}`, e.path, e.grants)
  for (const d of model.domains) granted(`DOMAIN ${qualified(d.schema, d.name)}`, d.path, d.grants)
  for (const c of model.composites) granted(`TYPE ${qualified(c.schema, c.name)}`, c.path, c.grants)
  for (const s of model.sequences) granted(`SEQUENCE ${qualified(s.schema, s.name)}`, s.path, s.options.grants)
  for (const v of [...model.views, ...model.materializedViews]) granted(`TABLE ${qualified(v.schema, v.name)}`, v.path, v.options.grants)
  for (const r of model.routines) if (r.grants && r.grants.length > 0) granted(`ROUTINE ${routineName(r.statement)}`, r.path, r.grants)
  return {
    phases: [schemas, extensions, types, sequences, routines, tables, foreignKeys, indexes, views, triggers, security, comments, grants],
    concurrent: [false, false, false, false, false, true, false, true, false, false, false, false, false],
  }
}

function viewComments(into: DdlStatement[], kind: string, v: { schema: string; name: string; path: string; options: { readonly comment?: string; readonly columnComments?: Readonly<Record<string, string>> } }): void {
  const name = qualified(v.schema, v.name)
  if (v.options.comment !== undefined) into.push({ sql: `COMMENT ON ${kind} ${name} IS ${literal(v.options.comment)}`, path: v.path })
  for (const [column, text] of Object.entries(v.options.columnComments ?? {})) into.push({ sql: `COMMENT ON COLUMN ${name}.${ident(column)} IS ${literal(text)}`, path: `${v.path}.${column}` })
}

/** What PostgreSQL refused of schema/'s DDL (each with its DSL path and PostgreSQL's message), for people. */
export function schemaRejected(failures: readonly { readonly statement: DdlStatement; readonly error: { readonly message: string; readonly detail?: string; readonly hint?: string } }[]): PgstrataError {
  const line = ({ statement, error }: (typeof failures)[number]) =>
    `${statement.path}: PostgreSQL rejected it: ${error.message}${error.detail ? ` (${error.detail})` : ''}`
  const [first, ...rest] = failures
  return new PgstrataError('SCHEMA_REJECTED', line(first!), {
    exitCode: 2,
    context: [`the statement: ${first!.statement.sql.split('\n').join(' ').slice(0, 300)}`, ...rest.map(line)],
    hint: first!.error.hint ?? (/^role ".*" does not exist$/.test(first!.error.message)
      ? 'pgstrata creates no roles: create the role on this server and on every server the migrations run on (CREATE ROLE …), or take it out of the grant'
      : 'fix the object in schema/: PostgreSQL must accept what the DSL describes'),
  })
}

/** Whether ddlOf needs the SQL parser: only to name routines that have grants. */
export const ddlNeedsParser = (model: SchemaModel): boolean => model.routines.some((r) => (r.grants?.length ?? 0) > 0)

/**
 * The name a CREATE FUNCTION / PROCEDURE statement gives, as GRANT … ON
 * ROUTINE takes it (without arguments: an overloaded name is refused by
 * PostgreSQL, which then asks for them). Needs loadParser() resolved.
 */
function routineName(statement: Sql): string {
  const tree = statementTrees(statement.text)[0] as { CreateFunctionStmt?: { funcname?: { String?: { sval?: string } }[] } } | undefined
  const parts = (tree?.CreateFunctionStmt?.funcname ?? []).map((n) => n.String?.sval ?? '')
  if (parts.length === 0 || parts.includes('')) throw new Error(`grants on fn(…) need a CREATE FUNCTION or CREATE PROCEDURE statement: ${statement.text.slice(0, 80)}`)
  return parts.map(ident).join('.')
}

const isPartition = (t: TableDef) => t.extras.some((e) => kindOf(e) === 'partitionOf')
