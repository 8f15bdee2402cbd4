// Everything but tables: schemas, extensions, types (enums, domains,
// composites), sequences, views, materialized views, functions, procedures
// and triggers. Types are callable: `const mood = enumType('mood', […])`,
// then `mood()` is a column of that type.
import { ident } from '../sql/quote.ts'
import { Column, type DefaultValue } from './columns.ts'
import { DSL, nameIn, SQL_NAME, type Branded, type Named, type Placed, type Sql } from './core.ts'
import type { GrantOptions } from './grants.ts'
import { makeTable, type IndexBuilder, type Table, type TableExtra } from './tables.ts'

/** Every definition remembers where schema/ declared it, for messages. */
interface Declared {
  path: string
}

/** What schemas, types, sequences, views and routines take besides their own options. */
interface Grantable {
  /** GRANTs on the object: [{ to: 'app_user', privileges: ['usage'] }]. */
  readonly grants?: readonly GrantOptions[]
}

export interface EnumValue {
  readonly value: string
  /** The value was called this in the database: renamed, not dropped and added. */
  readonly renamedFrom?: string
}

export interface EnumDef extends Placed, Declared, Grantable { readonly kind: 'enum'; readonly values: readonly EnumValue[]; readonly comment: string | null }
export interface DomainDef extends Placed, Declared, Grantable {
  readonly kind: 'domain'
  readonly base: string
  readonly notNull: boolean
  readonly default: DefaultValue | undefined
  readonly checks: readonly { readonly name?: string; readonly expression: Sql }[]
  readonly collate: string | null
  readonly comment: string | null
}
export interface CompositeDef extends Placed, Declared, Grantable { readonly kind: 'composite'; readonly fields: readonly Column[]; readonly comment: string | null }

/** A type usable as a column: call it for a column (optionally named), or interpolate it in sql`…`. */
export type TypeValue<D> = ((columnName?: string) => Column) & Branded & Named & { readonly [DEF]: D }

/** The key of a non-table DSL value's definition. */
export const DEF = Symbol.for('pgstrata.def')

function typeValue<D extends Placed>(kind: 'enum' | 'domain' | 'composite', def: D): TypeValue<D> {
  const value = ((columnName?: string) => new Column(nameIn(def), columnName)) as TypeValue<D>
  Object.defineProperty(value, DSL, { value: kind })
  Object.defineProperty(value, DEF, { value: def })
  Object.defineProperty(value, SQL_NAME, { value: () => nameIn(def) })
  return value
}

/** enumType('status', ['draft', 'sent', { value: 'paid', renamedFrom: 'settled' }]). */
export function enumType(name: string, values: readonly (string | EnumValue)[], options: { readonly comment?: string } & Grantable = {}): TypeValue<EnumDef> {
  return typeValue('enum', {
    kind: 'enum', schema: 'public', name, path: name, comment: options.comment ?? null, grants: options.grants ?? [],
    values: values.map((v) => (typeof v === 'string' ? { value: v } : v)),
  })
}

/** domain('email', text(), { check: sql`VALUE ~ '@'` }): a type with constraints. */
export function domain(name: string, base: Column, options: {
  readonly notNull?: boolean
  readonly default?: DefaultValue
  readonly check?: Sql | readonly { readonly name?: string; readonly expression: Sql }[]
  readonly collate?: string
  readonly comment?: string
} & Grantable = {}): TypeValue<DomainDef> {
  const checks = options.check === undefined ? [] : Array.isArray(options.check) ? options.check : [{ expression: options.check as Sql }]
  return typeValue('domain', {
    kind: 'domain', schema: 'public', name, path: name, base: base.def.type, notNull: options.notNull ?? false,
    default: options.default, checks, collate: options.collate ?? null, comment: options.comment ?? null, grants: options.grants ?? [],
  })
}

/** compositeType('address', { street: text(), zip: varchar({ length: 10 }) }). */
export function compositeType(name: string, fields: Record<string, Column>, options: { readonly comment?: string } & Grantable = {}): TypeValue<CompositeDef> {
  for (const [property, column] of Object.entries(fields)) column.def.name ??= property
  return typeValue('composite', { kind: 'composite', schema: 'public', name, path: name, fields: Object.values(fields), comment: options.comment ?? null, grants: options.grants ?? [] })
}

export interface SequenceOptions extends Grantable {
  readonly as?: 'smallint' | 'integer' | 'bigint'
  readonly start?: number | bigint
  readonly increment?: number | bigint
  readonly minValue?: number | bigint
  readonly maxValue?: number | bigint
  readonly cache?: number | bigint
  readonly cycle?: boolean
  readonly comment?: string
}
export interface SequenceDef extends Placed, Declared { readonly kind: 'sequence'; readonly options: SequenceOptions }
export type SequenceValue = Branded<'sequence'> & Named & { readonly [DEF]: SequenceDef }

/** sequence('invoice_number', { start: 1000 }); in a default: sql`nextval(${invoiceNumber})`. */
export function sequence(name: string, options: SequenceOptions = {}): SequenceValue {
  const def: SequenceDef = { kind: 'sequence', schema: 'public', name, path: name, options }
  // Inside SQL a sequence is a regclass literal: nextval('"public"."invoice_number"').
  return { [DSL]: 'sequence', [DEF]: def, [SQL_NAME]: () => `'${nameIn(def).replaceAll("'", "''")}'` }
}

export interface ViewOptions extends Grantable {
  readonly securityInvoker?: boolean
  readonly securityBarrier?: boolean
  readonly checkOption?: 'local' | 'cascaded'
  readonly comment?: string
  readonly columnComments?: Readonly<Record<string, string>>
  readonly renamedFrom?: string
}
export interface ViewDef extends Placed, Declared { readonly kind: 'view'; readonly query: Sql; readonly options: ViewOptions }
export interface MaterializedViewOptions extends Grantable {
  readonly withData?: boolean
  readonly comment?: string
  readonly columnComments?: Readonly<Record<string, string>>
  /** Indexes on the materialized view; parts are its column names or sql`…`. */
  readonly indexes?: readonly IndexBuilder[]
}
export interface MaterializedViewDef extends Placed, Declared { readonly kind: 'materializedView'; readonly query: Sql; readonly options: MaterializedViewOptions }
export type ViewValue<D> = Branded & Named & { readonly [DEF]: D }

/** view('active_users', sql`select id, email from ${users} where is_active`, { securityInvoker: true }). */
export function view(name: string, query: Sql, options: ViewOptions = {}): ViewValue<ViewDef> {
  const def: ViewDef = { kind: 'view', schema: 'public', name, path: name, query, options }
  return { [DSL]: 'view', [DEF]: def, [SQL_NAME]: () => nameIn(def) }
}

export function materializedView(name: string, query: Sql, options: MaterializedViewOptions = {}): ViewValue<MaterializedViewDef> {
  const def: MaterializedViewDef = { kind: 'materializedView', schema: 'public', name, path: name, query, options }
  return { [DSL]: 'materializedView', [DEF]: def, [SQL_NAME]: () => nameIn(def) }
}

/** A whole CREATE FUNCTION / CREATE PROCEDURE / CREATE TRIGGER statement, as written. */
export interface StatementDef extends Declared, Grantable { readonly kind: 'routine' | 'trigger'; readonly statement: Sql }
export type StatementValue = Branded<'routine' | 'trigger'> & { readonly [DEF]: StatementDef }

/**
 * fn(sql`create function touch() returns trigger language plpgsql as $$ … $$`),
 * optionally with { grants: [{ to: 'app_user', privileges: ['execute'] }] }.
 */
export const fn = (statement: Sql, options: Grantable = {}): StatementValue =>
  ({ [DSL]: 'routine', [DEF]: { kind: 'routine', statement, path: '', grants: options.grants ?? [] } })
/** procedure(sql`create procedure …`). */
export const procedure = fn
/** trigger(sql`create trigger touch before update on users for each row execute function touch()`). */
export const trigger = (statement: Sql): StatementValue => ({ [DSL]: 'trigger', [DEF]: { kind: 'trigger', statement, path: '' } })

export interface ExtensionDef extends Declared { readonly kind: 'extension'; readonly name: string; readonly schema: string | null; readonly version: string | null }
export type ExtensionValue = Branded<'extension'> & { readonly [DEF]: ExtensionDef }

/** extension('pgcrypto'), extension('citext', { schema: 'extensions', version: '1.6' }). */
export const extension = (name: string, options: { readonly schema?: string; readonly version?: string } = {}): ExtensionValue =>
  ({ [DSL]: 'extension', [DEF]: { kind: 'extension', name, schema: options.schema ?? null, version: options.version ?? null, path: name } })

export interface SchemaDef extends Declared, Grantable { readonly kind: 'schema'; readonly name: string; readonly comment: string | null; readonly renamedFrom: string | null }

/** pgSchema('billing'): the builders above, creating their objects in that schema. */
export function pgSchema(name: string, options: { readonly comment?: string; readonly renamedFrom?: string } & Grantable = {}) {
  const def: SchemaDef = { kind: 'schema', name, comment: options.comment ?? null, renamedFrom: options.renamedFrom ?? null, path: name, grants: options.grants ?? [] }
  const placed = <V extends { readonly [DEF]: Placed }>(value: V): V => {
    value[DEF].schema = name
    return value
  }
  return {
    [DSL]: 'schema' as const,
    [DEF]: def,
    [SQL_NAME]: () => ident(name),
    table<C extends Record<string, Column>>(tableName: string, columns: C, extras?: (columns: C) => readonly TableExtra[]): Table<C> {
      return makeTable(name, tableName, columns, extras)
    },
    enumType: (...args: Parameters<typeof enumType>) => placed(enumType(...args)),
    domain: (...args: Parameters<typeof domain>) => placed(domain(...args)),
    compositeType: (...args: Parameters<typeof compositeType>) => placed(compositeType(...args)),
    sequence: (...args: Parameters<typeof sequence>) => placed(sequence(...args)),
    view: (...args: Parameters<typeof view>) => placed(view(...args)),
    materializedView: (...args: Parameters<typeof materializedView>) => placed(materializedView(...args)),
  }
}
