// Loading schema/: every TypeScript (or JavaScript) file in the folder is
// imported (TypeScript through tsx, so there is no build step), its exported
// DSL values are collected with the path that names them in messages
// (`schema/users.ts › users.email`), and the whole is checked before any of
// it reaches a database. All problems are reported at once, with exit 2.
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import { GRANT } from './grants.ts'
import type { ColumnUsing } from '../diff/casts.ts'
import type { Renames } from '../diff/renames.ts'
import { UsageError } from '../errors.ts'
import { identifierBytes, MAX_IDENTIFIER_BYTES } from '../sql/quote.ts'
import type { Column } from './columns.ts'
import { kindOf, type DslKind } from './core.ts'
import {
  DEF, type CompositeDef, type DomainDef, type EnumDef, type ExtensionDef, type MaterializedViewDef, type SchemaDef, type SequenceDef,
  type StatementDef, type ViewDef,
} from './objects.ts'
import { TABLE, type AnyTable, type IndexBuilder, type Part, type Table, type TableDef, type TableExtra } from './tables.ts'

export interface SchemaModel {
  readonly schemas: SchemaDef[]
  readonly extensions: ExtensionDef[]
  readonly enums: EnumDef[]
  readonly domains: DomainDef[]
  readonly composites: CompositeDef[]
  readonly sequences: SequenceDef[]
  readonly tables: TableDef[]
  readonly views: ViewDef[]
  readonly materializedViews: MaterializedViewDef[]
  readonly routines: StatementDef[]
  readonly triggers: StatementDef[]
  /** Every renamedFrom, as the diff engine's rename map (names as in the target). */
  readonly renames: Renames
  /** Every column's .using(), for the diff engine. */
  readonly usings: readonly ColumnUsing[]
  /** The files read, relative to the working directory. */
  readonly files: readonly string[]
}

export const emptySchemaModel = (): SchemaModel => ({
  schemas: [], extensions: [], enums: [], domains: [], composites: [], sequences: [], tables: [], views: [], materializedViews: [],
  routines: [], triggers: [], renames: {}, usings: [], files: [],
})

const SOURCE = /\.(m?ts|m?js)$/
const SKIP = /\.(d\.m?ts|test\.m?ts|spec\.m?ts)$/

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const files: string[] = []
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') files.push(...await sourceFiles(full))
    else if (entry.isFile() && SOURCE.test(entry.name) && !SKIP.test(entry.name)) files.push(full)
  }
  return files
}

const shown = (file: string) => path.relative(process.cwd(), file) || file

/** Imports every file of `dir` and collects what they export. */
export async function loadSchema(dir: string): Promise<SchemaModel> {
  const info = await stat(dir).catch(() => null)
  if (!info?.isDirectory()) {
    throw new UsageError('SCHEMA_NOT_FOUND', `no schema folder at ${shown(dir)}`, {
      hint: 'describe the database in TypeScript files under schema/ (see README, "The schema DSL"), or point --schema-dir at them',
    })
  }
  const files = await sourceFiles(dir)
  if (files.length === 0) {
    throw new UsageError('SCHEMA_EMPTY', `${shown(dir)} holds no .ts or .js files`, { hint: 'export tables from a file such as schema/users.ts' })
  }
  // One namespace for all files, so that a file imported by another is the
  // same module (the same tables) as when it is loaded itself.
  const { register } = await import('tsx/esm/api')
  const loader = register({ namespace: `pgstrata-schema-${Date.now()}` })
  const modules: { file: string; exports: Record<string, unknown> }[] = []
  for (const file of files) {
    try {
      modules.push({ file, exports: await loader.import(pathToFileURL(file).href, import.meta.url) as Record<string, unknown> })
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
      throw new UsageError('SCHEMA_LOAD_FAILED', `${shown(file)} could not be loaded: ${message}`, {
        hint: 'fix the file so that it imports and runs (try: npx tsx <file>)',
        context: error instanceof Error && error.stack ? error.stack.split('\n').slice(1, 4).map((l) => l.trim()) : [],
        cause: error,
      })
    }
  }
  await loader.unregister()
  return collect(modules.map(({ file, exports }) => ({ file: shown(file), exports })))
}

/** Which def each collectable kind carries, and where it goes. */
const COLLECTED: Partial<Record<DslKind, keyof SchemaModel>> = {
  schema: 'schemas', extension: 'extensions', enum: 'enums', domain: 'domains', composite: 'composites', sequence: 'sequences',
  table: 'tables', view: 'views', materializedView: 'materializedViews', routine: 'routines', trigger: 'triggers',
}

/** The model of already-imported modules: pure, for tests. `file` is how messages name each module. */
export function collect(modules: readonly { readonly file: string; readonly exports: Readonly<Record<string, unknown>> }[]): SchemaModel {
  const model = emptySchemaModel()
  const seen = new Set<object>()
  for (const { file, exports } of modules) {
    for (const [name, value] of Object.entries(exports)) {
      const kind = kindOf(value)
      const into = kind === null ? undefined : COLLECTED[kind]
      if (into === undefined) continue
      const def = (kind === 'table' ? (value as Table)[TABLE] : (value as { [DEF]: { path: string } })[DEF]) as { path: string }
      if (seen.has(def)) continue
      seen.add(def)
      def.path = `${file} › ${name}`
      ;(model[into] as unknown[]).push(def)
    }
  }
  ;(model as { files: readonly string[] }).files = modules.map((m) => m.file)
  const problems = validate(model)
  if (problems.length > 0) {
    throw new UsageError('SCHEMA_INVALID', problems.length === 1 ? problems[0]! : `${problems.length} problems in schema/: ${problems[0]}`, {
      context: problems.length === 1 ? [] : problems.slice(1),
      hint: 'fix the schema files; each problem names the file and the object',
    })
  }
  ;(model as { renames: Renames }).renames = renamesOf(model)
  ;(model as { usings: readonly ColumnUsing[] }).usings = model.tables.flatMap((t) =>
    t.columns.flatMap((c) => (c.def.using ? [{ schema: t.schema, table: t.name, column: c.def.name!, ...c.def.using }] : [])))
  return model
}

const NAME = z.string().min(1, 'a name cannot be empty').superRefine((name, ctx) => {
  const bytes = identifierBytes(name)
  if (bytes > MAX_IDENTIFIER_BYTES) ctx.addIssue({ code: 'custom', message: `"${name}" is ${bytes} bytes long; PostgreSQL names hold at most ${MAX_IDENTIFIER_BYTES}` })
})
const ACTION = z.enum(['no action', 'restrict', 'cascade', 'set null', 'set default'])
const REFERENCE = z.object({
  name: NAME.optional(), onDelete: ACTION.optional(), onUpdate: ACTION.optional(), deferrable: z.boolean().optional(), initiallyDeferred: z.boolean().optional(),
}).strict()
const BIG = z.union([z.number().int(), z.bigint()])
const IDENTITY = z.object({
  always: z.boolean().optional(), start: BIG.optional(), increment: BIG.optional(), minValue: BIG.optional(), maxValue: BIG.optional(),
  cache: BIG.optional(), cycle: z.boolean().optional(),
}).strict()

const STORAGE = z.enum(['plain', 'main', 'external', 'extended'])
const COMPRESSION = z.enum(['pglz', 'lz4'])
const STATISTICS = z.number().int().min(-1).max(10000)
const EXPRESSION = z.string().trim().min(1, 'an expression cannot be empty')
const USING = z.object({ expression: EXPRESSION, from: z.string().trim().min(1, 'a type name cannot be empty').optional(), down: EXPRESSION.optional() }).strict()
const REPLICA_IDENTITY = z.union([z.enum(['default', 'full', 'nothing']), z.object({ index: NAME }).strict()])
const PARAMETERS = z.record(z.string().regex(/^(toast\.)?[a-z_]+$/, 'a storage parameter is a name like fillfactor or toast.autovacuum_enabled'),
  z.union([z.number(), z.boolean(), z.string()]))

/** Every problem, each starting with the path of what it is about. */
export function validate(model: SchemaModel): string[] {
  const problems: string[] = []
  const check = (where: string, schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value)
    if (!result.success) for (const issue of result.error.issues) problems.push(`${where}${issue.path.length > 0 ? ` (${issue.path.join('.')})` : ''}: ${issue.message}`)
  }
  const relations = new Map<string, string>()
  const claim = (schema: string, name: string, where: string, what: string) => {
    check(where, NAME, name)
    const id = `${schema}\u0000${name}`
    const other = relations.get(id)
    if (other !== undefined) problems.push(`${where}: ${what} "${schema}.${name}" is declared twice (also at ${other})`)
    else relations.set(id, where)
  }
  const tables = new Set(model.tables)
  for (const t of model.tables) {
    claim(t.schema, t.name, t.path, 'the relation')
    const columns = new Map<string, Column>()
    let primaryKeys = 0
    for (const property of t.notColumns) {
      problems.push(`${t.path}.${property}: not a column; build columns with text(), integer(), uuid() and the like (with the parentheses)`)
    }
    for (const column of t.columns) {
      const d = column.def
      const where = `${t.path}.${d.property ?? d.name}`
      check(where, NAME, d.name)
      if (columns.has(d.name!)) problems.push(`${where}: the column name "${d.name}" is used twice in ${t.name}`)
      columns.set(d.name!, column)
      if (d.primaryKey) primaryKeys++
      if (d.identity) check(`${where}.identity`, IDENTITY, d.identity)
      if (d.identity && d.generated) problems.push(`${where}: a column cannot be both an identity and generated`)
      if (d.storage !== null) check(`${where}.storage`, STORAGE, d.storage)
      if (d.compression !== null) check(`${where}.compression`, COMPRESSION, d.compression)
      if (d.statistics !== null) check(`${where}.statistics`, STATISTICS, d.statistics)
      if (d.using !== null) check(`${where}.using`, USING, d.using)
      if (d.references) {
        check(`${where}.references`, REFERENCE, d.references.options)
        referenced(where, [d.references.target()])
      }
    }
    // A partition's keys and indexes may name the columns it takes from its parent.
    const parent = t.extras.find((e) => kindOf(e) === 'partitionOf') as Extract<TableExtra, { parent: unknown }> | undefined
    const inherited = new Set(parent ? (parent.parent() as Partial<AnyTable>)[TABLE]?.columns.map((c) => c.def.name) : [])
    const part = (where: string, p: Part) => {
      if (typeof p === 'string' && !columns.has(p) && !inherited.has(p)) problems.push(`${where}: ${t.name} has no column "${p}"`)
      else if (kindOf(p) === 'column' && (p as Column).def.table !== t) problems.push(`${where}: column "${(p as Column).def.name}" belongs to another table`)
    }
    for (const extra of t.extras) {
      const e = extra as TableExtra & { name?: string | null; columns?: Part[] }
      const kind = kindOf(extra)
      const where = `${t.path}${e.name ? `.${e.name}` : kind === 'index' && (extra as IndexBuilder).def.name ? `.${(extra as IndexBuilder).def.name}` : ` (${kind})`}`
      if (kind === null) {
        problems.push(`${t.path}: the table's list holds something that is not an index, key, check, policy or option`)
        continue
      }
      if (e.name) check(where, NAME, e.name)
      if (kind === 'primaryKey') primaryKeys++
      for (const p of e.columns ?? []) part(where, p)
      if (kind === 'index') {
        const d = (extra as IndexBuilder).def
        if (d.name !== null) claim(t.schema, d.name, where, 'the relation')
        else if (d.comment !== null) problems.push(`${where}: an index with a comment needs a name: index('…').on(…).comment(…)`)
        if (d.parts.length === 0) problems.push(`${where}: the index has no columns: add .on(…)`)
        for (const p of [...d.parts, ...d.include]) part(where, p)
      }
      if (kind === 'foreignKey') {
        const fk = extra as Extract<TableExtra, { references: unknown }>
        check(where, REFERENCE, fk.options)
        const target = fk.references()
        if (target.length !== fk.columns.length) problems.push(`${where}: ${fk.columns.length} columns reference ${target.length}`)
        referenced(where, target)
      }
      if (kind === 'storageParameters') check(where, PARAMETERS, (extra as Extract<TableExtra, { parameters: unknown }>).parameters)
      if (kind === 'replicaIdentity') {
        const identity = (extra as Extract<TableExtra, { identity: unknown }>).identity
        check(where, REPLICA_IDENTITY, identity)
        const named = typeof identity === 'object' && identity !== null ? (identity as { index?: unknown }).index : undefined
        const declared = t.extras.find((x) => kindOf(x) === 'index' && (x as IndexBuilder).def.name === named) as IndexBuilder | undefined
        if (declared !== undefined && (!declared.def.unique || declared.def.where !== null)) {
          problems.push(`${where}: index "${String(named)}" cannot be the replica identity: it must be unique, without WHERE, on NOT NULL columns`)
        }
      }
      if (kind === 'grant') check(where, GRANT, extra)
      if (kind === 'partitionOf') partitionOf(where, t, columns, (extra as Extract<TableExtra, { parent: unknown }>).parent)
    }
    if (primaryKeys > 1) problems.push(`${t.path}: ${t.name} has ${primaryKeys} primary keys; a table has at most one (use primaryKey([…]) for a composite key)`)
  }
  // A partition's columns are its parent's: the DSL may only restate them, to add defaults and constraints.
  function partitionOf(where: string, t: TableDef, columns: ReadonlyMap<string, Column>, parent: () => AnyTable) {
    const value: unknown = parent()
    const def = kindOf(value) === 'table' ? (value as Table)[TABLE] : null
    if (def === null || !tables.has(def)) {
      problems.push(def === null ? `${where}: partitionOf(() => …) must return a table` : `${where}: is a partition of ${def.name}, but no file in schema/ exports the table ${def.name}`)
      return
    }
    for (const [name, column] of columns) {
      const own = def.columns.find((c) => c.def.name === name)
      if (own === undefined) problems.push(`${t.path}.${column.def.property ?? name}: ${def.name} has no column "${name}"; a partition has its parent's columns and no others`)
      else if (own.def.type !== column.def.type) problems.push(`${t.path}.${column.def.property ?? name}: is ${column.def.type} here but ${own.def.type} in ${def.name}; a partition's columns have its parent's types`)
    }
  }
  function referenced(where: string, targets: readonly Column[]) {
    for (const target of targets) {
      if (kindOf(target) !== 'column' || target.def.table === null) problems.push(`${where}: references something that is not a table's column`)
      else if (!tables.has(target.def.table)) {
        problems.push(`${where}: references ${target.def.table.name}.${target.def.name}, but no file in schema/ exports the table ${target.def.table.name}`)
      }
    }
  }
  for (const v of [...model.views, ...model.materializedViews]) claim(v.schema, v.name, v.path, 'the relation')
  for (const s of model.sequences) claim(s.schema, s.name, s.path, 'the relation')
  const types = new Map<string, string>()
  for (const ty of [...model.enums, ...model.domains, ...model.composites]) {
    check(ty.path, NAME, ty.name)
    const id = `${ty.schema}\u0000${ty.name}`
    if (types.has(id)) problems.push(`${ty.path}: the type "${ty.schema}.${ty.name}" is declared twice (also at ${types.get(id)})`)
    types.set(id, ty.path)
  }
  for (const e of model.enums) {
    const values = new Set<string>()
    if (e.values.length === 0) problems.push(`${e.path}: an enum needs at least one value`)
    for (const v of e.values) {
      check(`${e.path}.${v.value}`, NAME, v.value)
      if (values.has(v.value)) problems.push(`${e.path}: the value "${v.value}" is listed twice`)
      values.add(v.value)
    }
  }
  for (const s of model.schemas) check(s.path, NAME, s.name)
  const grantable = [
    ...model.schemas.map((o) => [o.path, o.grants] as const), ...[...model.enums, ...model.domains, ...model.composites].map((o) => [o.path, o.grants] as const),
    ...[...model.sequences, ...model.views, ...model.materializedViews].map((o) => [o.path, o.options.grants] as const),
    ...model.routines.map((o) => [o.path, o.grants] as const),
  ]
  for (const [where, grants] of grantable) (grants ?? []).forEach((g, i) => check(`${where}.grants[${i}]`, GRANT, g))
  // pgSchema('billing') places objects in billing, but only an exported pgSchema creates it (with its comment and old name).
  const schemas = new Set(['public', ...model.schemas.map((s) => s.name)])
  const placed = [
    ...model.tables, ...model.views, ...model.materializedViews, ...model.sequences, ...model.enums, ...model.domains, ...model.composites,
    ...model.extensions.flatMap((x) => (x.schema === null ? [] : [{ schema: x.schema, path: x.path }])),
  ]
  for (const object of placed) {
    if (!schemas.has(object.schema)) {
      problems.push(`${object.path}: is in the schema ${object.schema}, but no file in schema/ exports pgSchema('${object.schema}'): export it, e.g. export const ${object.schema.replace(/\W/g, '_')} = pgSchema('${object.schema}')`)
    }
  }
  return problems
}

function renamesOf(model: SchemaModel): Renames {
  const schemas = model.schemas.flatMap((s) => (s.renamedFrom ? [[s.renamedFrom, s.name] as const] : []))
  const tables: (readonly [string, string, string])[] = []
  const columns: (readonly [string, string, string, string])[] = []
  for (const t of model.tables) {
    const old = t.extras.find((e) => kindOf(e) === 'renamedFrom') as { name: string } | undefined
    if (old) tables.push([t.schema, old.name, t.name])
    for (const c of t.columns) if (c.def.renamedFrom) columns.push([t.schema, t.name, c.def.renamedFrom, c.def.name!])
  }
  const views = model.views.flatMap((v) => (v.options.renamedFrom ? [[v.schema, v.options.renamedFrom, v.name] as const] : []))
  const enumValues = model.enums.flatMap((e) => e.values.flatMap((v) => (v.renamedFrom ? [[e.schema, e.name, v.renamedFrom, v.value] as const] : [])))
  return { schemas, tables, columns, views, enumValues }
}
