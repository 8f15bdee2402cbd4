// Columns: a type, written as PostgreSQL reads it, and the modifiers a column
// definition can carry. Builders chain and change the column in place:
// `text().notNull().unique()`.
import { literal } from '../sql/quote.ts'
import { DSL, ident, isSql, SQL_NAME, type Branded, type Named, type Sql } from './core.ts'
import type { TableDef } from './tables.ts'

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default'

export interface ReferenceOptions {
  readonly name?: string
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
  readonly deferrable?: boolean
  readonly initiallyDeferred?: boolean
}

export interface IdentityOptions {
  /** GENERATED ALWAYS (true) or BY DEFAULT (false, the default). */
  readonly always?: boolean
  readonly start?: number | bigint
  readonly increment?: number | bigint
  readonly minValue?: number | bigint
  readonly maxValue?: number | bigint
  readonly cache?: number | bigint
  readonly cycle?: boolean
}

/** A default value: sql`…` as written, or a JavaScript value written as a literal. */
export type DefaultValue = Sql | string | number | bigint | boolean | null | Date | readonly unknown[] | Readonly<Record<string, unknown>>

/** What `.using()` was given: expressions as SQL text. */
export interface ColumnUsingDef {
  readonly expression: string
  readonly from?: string
  readonly down?: string
}

export interface ColumnDef {
  /** Set by table() from the property name, unless the type builder was given one. */
  name: string | null
  type: string
  notNull: boolean
  default: DefaultValue | undefined
  primaryKey: { readonly name?: string } | null
  unique: { readonly name?: string; readonly nullsNotDistinct?: boolean } | null
  references: { readonly target: () => Column; readonly options: ReferenceOptions } | null
  checks: { readonly name?: string; readonly expression: Sql }[]
  generated: Sql | null
  identity: IdentityOptions | null
  collate: string | null
  comment: string | null
  renamedFrom: string | null
  storage: string | null
  compression: string | null
  statistics: number | null
  /** USING for a change of this column's type (see Column.using). */
  using: ColumnUsingDef | null
  /** Set by table(). */
  table: TableDef | null
  /** The property under which the table holds it, for error paths. */
  property: string | null
}

export class Column implements Branded<'column'>, Named {
  readonly [DSL] = 'column' as const
  readonly def: ColumnDef

  constructor(type: string, name?: string) {
    this.def = {
      name: name ?? null, type, notNull: false, default: undefined, primaryKey: null, unique: null, references: null,
      checks: [], generated: null, identity: null, collate: null, comment: null, renamedFrom: null, storage: null, compression: null, statistics: null, using: null,
      table: null, property: null,
    }
  }

  /** The column's name inside sql`…`: quoted. */
  readonly [SQL_NAME] = (): string => ident(this.def.name ?? this.def.property ?? '?')

  notNull(): this {
    this.def.notNull = true
    return this
  }

  /** default(sql`now()`), default(0), default('draft'), default({ a: 1 }) for json. */
  default(value: DefaultValue): this {
    this.def.default = value
    return this
  }

  primaryKey(options: { readonly name?: string } = {}): this {
    this.def.primaryKey = options
    return this
  }

  unique(options: { readonly name?: string; readonly nullsNotDistinct?: boolean } = {}): this {
    this.def.unique = options
    return this
  }

  /** references(() => users.id, { onDelete: 'cascade' }): a function, so tables may refer to each other in any order. */
  references(target: () => Column, options: ReferenceOptions = {}): this {
    this.def.references = { target, options }
    return this
  }

  check(expression: Sql, name?: string): this {
    this.def.checks.push(name === undefined ? { expression } : { name, expression })
    return this
  }

  /** GENERATED ALWAYS AS (…) STORED. */
  generatedAlwaysAs(expression: Sql): this {
    this.def.generated = expression
    return this
  }

  /** GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY, with sequence options. */
  identity(options: IdentityOptions = {}): this {
    this.def.identity = options
    return this
  }

  collate(collation: string): this {
    this.def.collate = collation
    return this
  }

  comment(text: string): this {
    this.def.comment = text
    return this
  }

  /** The column was called `old` in the database: pgstrata renames it instead of dropping it and adding a new one. */
  renamedFrom(old: string): this {
    this.def.renamedFrom = old
    return this
  }

  /** SET STORAGE: 'plain', 'main', 'external' or 'extended' (text's default). */
  storage(mode: 'plain' | 'main' | 'external' | 'extended'): this {
    this.def.storage = mode
    return this
  }

  /** COMPRESSION: 'pglz' or 'lz4' (the server's default_toast_compression otherwise). */
  compression(method: 'pglz' | 'lz4'): this {
    this.def.compression = method
    return this
  }

  /**
   * How the values reach this column's type when it changes: the USING of
   * ALTER COLUMN … TYPE, for a change PostgreSQL has no cast for (bigint to
   * timestamptz: sql`to_timestamp(created)`) or one that needs more than a
   * cast. `from` applies it only when the database's column has that type, so
   * it has no effect on later changes; `down` turns the values back in the
   * down migration. It stays inert while the types match.
   */
  using(expression: Sql | string, options: { readonly from?: string; readonly down?: Sql | string } = {}): this {
    const text = (e: Sql | string) => (typeof e === 'string' ? e : e.text)
    this.def.using = {
      expression: text(expression),
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.down !== undefined ? { down: text(options.down) } : {}),
    }
    return this
  }

  /** SET STATISTICS: the planner's statistics target for this column, 0 to 10000 (-1: the default). */
  statistics(target: number): this {
    this.def.statistics = target
    return this
  }

  /** An array of this type: text().array() is text[]; array(2) is text[][]. */
  array(dimensions = 1): this {
    this.def.type += '[]'.repeat(dimensions)
    return this
  }
}

const make = (type: string) => (name?: string): Column => new Column(type, name)

/** Builders with options take them after an optional name: varchar('email', { length: 255 }) or varchar({ length: 255 }). */
function withOptions<O extends object>(render: (options: O) => string) {
  return (nameOrOptions?: string | O, options?: O): Column => {
    const o = (typeof nameOrOptions === 'object' ? nameOrOptions : options) ?? ({} as O)
    return new Column(render(o), typeof nameOrOptions === 'string' ? nameOrOptions : undefined)
  }
}
const withLength = (type: string) => withOptions<{ readonly length?: number }>((o) => (o.length === undefined ? type : `${type}(${o.length})`))
const withPrecision = (type: string, suffix = '') =>
  withOptions<{ readonly precision?: number }>((o) => (o.precision === undefined ? `${type}${suffix}` : `${type}(${o.precision})${suffix}`))

export const smallint = make('smallint')
export const integer = make('integer')
export const bigint = make('bigint')
export const smallserial = make('smallserial')
export const serial = make('serial')
export const bigserial = make('bigserial')
export const real = make('real')
export const doublePrecision = make('double precision')
/** numeric(), numeric('price', { precision: 10, scale: 2 }). */
export const numeric = withOptions<{ readonly precision?: number; readonly scale?: number }>((o) =>
  (o.precision === undefined ? 'numeric' : `numeric(${o.precision}, ${o.scale ?? 0})`))
export const text = make('text')
/** varchar(), varchar('email', { length: 255 }). */
export const varchar = withLength('varchar')
/** char({ length: 2 }); char() is char(1). */
export const char = withLength('char')
export const boolean = make('boolean')
export const date = make('date')
/** time(), time('starts_at', { precision: 3 }). */
export const time = withPrecision('time')
export const timetz = withPrecision('time', ' with time zone')
export const timestamp = withPrecision('timestamp')
export const timestamptz = withPrecision('timestamp', ' with time zone')
export const interval = make('interval')
export const uuid = make('uuid')
export const json = make('json')
export const jsonb = make('jsonb')
export const bytea = make('bytea')
export const inet = make('inet')
export const cidr = make('cidr')
export const macaddr = make('macaddr')
/** Any other type, by the name PostgreSQL knows: type('citext'), type('public.ltree'), type('geometry(Point, 4326)'). */
export const type = (name: string, columnName?: string): Column => new Column(name, columnName)

/** A default as SQL: sql`…` as written; anything else as a literal (json and arrays as their text). */
export function defaultSql(value: DefaultValue, type: string): string {
  if (isSql(value)) return value.text
  if (value === null) return 'NULL'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'string') return literal(value)
  if (value instanceof Date) return literal(value.toISOString())
  if (Array.isArray(value) && !/^jsonb?$/.test(type)) return literal(arrayLiteral(value))
  return literal(JSON.stringify(value))
}

/** ['a', 'b "c"'] → {"a","b \"c\""}, as PostgreSQL reads an array; objects (a jsonb[]'s elements) as their JSON. */
function arrayLiteral(values: readonly unknown[]): string {
  const element = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v))
  return `{${values.map((v) => (v === null ? 'NULL' : Array.isArray(v) ? arrayLiteral(v) : `"${element(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`
}
