// Tables and what a table carries besides its columns: keys, checks, foreign
// keys, exclusion constraints, indexes, policies, RLS, partitioning, a
// comment, an old name. The table value exposes its columns as properties
// (users.email), and everything else under the DSL brand, so a column may be
// called `name`, `schema` or `comment`.
import { Column, type ReferenceOptions } from './columns.ts'
import type { GrantDef } from './grants.ts'
import { DSL, kindOf, nameIn, SQL_NAME, type Branded, type Named, type Placed, type Sql } from './core.ts'

/** Index and key parts: a column of this table, its name, or an expression. */
export type Part = Column | Sql | string

export interface IndexDef {
  readonly name: string | null
  parts: readonly Part[]
  unique: boolean
  method: string | null
  include: readonly Part[]
  where: Sql | null
  nullsNotDistinct: boolean
  comment: string | null
}

/** index('users_email_idx').on(t.email), with .unique(), .using('gin'), .where(sql`…`), .include(…), .nullsNotDistinct(), .comment(…). */
export class IndexBuilder implements Branded<'index'> {
  readonly [DSL] = 'index' as const
  readonly def: IndexDef
  constructor(name: string | null) {
    this.def = { name, parts: [], unique: false, method: null, include: [], where: null, nullsNotDistinct: false, comment: null }
  }
  on(...parts: Part[]): this { this.def.parts = parts; return this }
  unique(): this { this.def.unique = true; return this }
  using(method: string): this { this.def.method = method; return this }
  include(...parts: Part[]): this { this.def.include = parts; return this }
  where(predicate: Sql): this { this.def.where = predicate; return this }
  nullsNotDistinct(): this { this.def.nullsNotDistinct = true; return this }
  comment(text: string): this { this.def.comment = text; return this }
}

export const index = (name?: string): IndexBuilder => new IndexBuilder(name ?? null)
export const uniqueIndex = (name?: string): IndexBuilder => new IndexBuilder(name ?? null).unique()

export interface PrimaryKeyDef extends Branded<'primaryKey'> { readonly columns: readonly Part[]; readonly name: string | null }
export interface UniqueDef extends Branded<'unique'> { readonly columns: readonly Part[]; readonly name: string | null; readonly nullsNotDistinct: boolean }
export interface CheckDef extends Branded<'check'> { readonly name: string | null; readonly expression: Sql }
export interface ForeignKeyDef extends Branded<'foreignKey'> {
  readonly columns: readonly Part[]
  readonly references: () => readonly Column[]
  readonly options: ReferenceOptions
}
export interface ExcludeDef extends Branded<'exclude'> { readonly name: string | null; readonly body: Sql }
export interface PolicyDef extends Branded<'policy'> {
  readonly name: string
  readonly as: 'permissive' | 'restrictive'
  readonly for: 'all' | 'select' | 'insert' | 'update' | 'delete'
  readonly to: readonly string[]
  readonly using: Sql | null
  readonly withCheck: Sql | null
}

export const primaryKey = (columns: readonly Part[], options: { readonly name?: string } = {}): PrimaryKeyDef =>
  ({ [DSL]: 'primaryKey', columns, name: options.name ?? null })
export const unique = (columns: readonly Part[], options: { readonly name?: string; readonly nullsNotDistinct?: boolean } = {}): UniqueDef =>
  ({ [DSL]: 'unique', columns, name: options.name ?? null, nullsNotDistinct: options.nullsNotDistinct ?? false })
/** check('orders_total_positive', sql`total > 0`); check(sql`…`) lets PostgreSQL name it. */
export function check(nameOrExpression: string | Sql, expression?: Sql): CheckDef {
  return typeof nameOrExpression === 'string'
    ? { [DSL]: 'check', name: nameOrExpression, expression: expression! }
    : { [DSL]: 'check', name: null, expression: nameOrExpression }
}
/** foreignKey({ columns: [t.a, t.b], references: () => [other.a, other.b], onDelete: 'cascade' }). */
export const foreignKey = (definition: { readonly columns: readonly Part[]; readonly references: () => readonly Column[] } & ReferenceOptions): ForeignKeyDef => {
  const { columns, references, ...options } = definition
  return { [DSL]: 'foreignKey', columns, references, options }
}
/** exclude('no_overlap', sql`using gist (room with =, during with &&)`). */
export const exclude = (name: string | null, body: Sql): ExcludeDef => ({ [DSL]: 'exclude', name, body })
export const policy = (name: string, options: {
  readonly as?: 'permissive' | 'restrictive'
  readonly for?: 'all' | 'select' | 'insert' | 'update' | 'delete'
  readonly to?: readonly string[]
  readonly using?: Sql
  readonly withCheck?: Sql
} = {}): PolicyDef => ({
  [DSL]: 'policy', name, as: options.as ?? 'permissive', for: options.for ?? 'all', to: options.to ?? ['public'],
  using: options.using ?? null, withCheck: options.withCheck ?? null,
})

export interface CommentDef extends Branded<'comment'> { readonly text: string }
export interface RenamedFromDef extends Branded<'renamedFrom'> { readonly name: string }
export interface RlsDef extends Branded<'rls'> { readonly force: boolean }
export interface PartitionByDef extends Branded<'partitionBy'> { readonly spec: Sql }
export interface PartitionOfDef extends Branded<'partitionOf'> { readonly parent: () => AnyTable; readonly bound: Sql }
export interface UnloggedDef extends Branded<'unlogged'> {}

export const comment = (text: string): CommentDef => ({ [DSL]: 'comment', text })
export const renamedFrom = (name: string): RenamedFromDef => ({ [DSL]: 'renamedFrom', name })
/** Row-level security on; force: true applies it to the table's owner too. */
export const rls = (options: { readonly force?: boolean } = {}): RlsDef => ({ [DSL]: 'rls', force: options.force ?? false })
/** partitionBy(sql`range (created_at)`). */
export const partitionBy = (spec: Sql): PartitionByDef => ({ [DSL]: 'partitionBy', spec })
/** partitionOf(() => events, sql`for values from ('2026-01-01') to ('2027-01-01')`): columns come from the parent. */
export const partitionOf = (parent: () => AnyTable, bound: Sql): PartitionOfDef => ({ [DSL]: 'partitionOf', parent, bound })
export const unlogged = (): UnloggedDef => ({ [DSL]: 'unlogged' })

export type ReplicaIdentity = 'default' | 'full' | 'nothing' | { readonly index: string }
export interface ReplicaIdentityDef extends Branded<'replicaIdentity'> { readonly identity: ReplicaIdentity }
/**
 * REPLICA IDENTITY for logical replication: replicaIdentity('full'), or
 * replicaIdentity({ index: 'users_email_key' }) naming a unique index or key
 * of this table on NOT NULL columns. A partitioned table's does not reach its
 * partitions: each declares its own.
 */
export const replicaIdentity = (identity: ReplicaIdentity): ReplicaIdentityDef => ({ [DSL]: 'replicaIdentity', identity })

export interface StorageParametersDef extends Branded<'storageParameters'> { readonly parameters: Readonly<Record<string, number | boolean | string>> }
/** WITH (…): storageParameters({ fillfactor: 70, autovacuum_enabled: false, 'toast.autovacuum_enabled': false }). */
export const storageParameters = (parameters: Readonly<Record<string, number | boolean | string>>): StorageParametersDef =>
  ({ [DSL]: 'storageParameters', parameters })

export type TableExtra =
  | IndexBuilder | PrimaryKeyDef | UniqueDef | CheckDef | ForeignKeyDef | ExcludeDef | PolicyDef
  | CommentDef | RenamedFromDef | RlsDef | PartitionByDef | PartitionOfDef | UnloggedDef | ReplicaIdentityDef | StorageParametersDef | GrantDef

export interface TableDef extends Placed {
  readonly kind: 'table'
  readonly columns: readonly Column[]
  /** Properties of the columns object that hold something else (`text` where `text()` was meant), for validation. */
  readonly notColumns: readonly string[]
  readonly extras: readonly TableExtra[]
  /** Where it was declared (`schema/users.ts › users`), set when schema/ is loaded. */
  path: string
}

/** The key of a table value's definition. */
export const TABLE = Symbol.for('pgstrata.table')

export type Table<C extends Record<string, Column> = Record<string, Column>> = C & Branded<'table'> & Named & { readonly [TABLE]: TableDef }

/** Any table, whatever its columns: Table<{ id: Column }> is not a Table<Record<string, Column>>, for want of an index signature. */
export type AnyTable = Branded<'table'> & { readonly [TABLE]: TableDef }

/**
 * table('users', { id: uuid().primaryKey(), email: text().notNull() },
 *       (t) => [index('users_email_idx').on(t.email), comment('People who log in.')])
 * A column is named after its property unless its type builder was given a name.
 */
export function table<C extends Record<string, Column>>(name: string, columns: C, extras?: (columns: C) => readonly TableExtra[]): Table<C> {
  return makeTable('public', name, columns, extras)
}

export function makeTable<C extends Record<string, Column>>(schema: string, name: string, columns: C, extras?: (columns: C) => readonly TableExtra[]): Table<C> {
  const isColumn = (value: unknown): value is Column => kindOf(value) === 'column'
  const entries = Object.entries(columns)
  const def: TableDef = {
    kind: 'table', schema, name, columns: entries.map(([, c]) => c).filter(isColumn),
    notColumns: entries.filter(([, c]) => !isColumn(c)).map(([p]) => p), extras: [], path: name,
  }
  for (const [property, column] of entries) {
    if (!isColumn(column)) continue
    column.def.property = property
    column.def.name ??= property
    column.def.table = def
  }
  ;(def as { extras: readonly TableExtra[] }).extras = extras?.(columns) ?? []
  const value = Object.create(null) as Record<string | symbol, unknown>
  Object.assign(value, columns)
  Object.defineProperty(value, DSL, { value: 'table', enumerable: false })
  Object.defineProperty(value, TABLE, { value: def, enumerable: false })
  Object.defineProperty(value, SQL_NAME, { value: () => nameIn(def), enumerable: false })
  return value as Table<C>
}
