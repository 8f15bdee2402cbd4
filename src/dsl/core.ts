// What every DSL value shares: a brand that survives being loaded twice (the
// CLI and a user's schema/ may load separate copies of this module, so no
// instanceof), and the `sql` escape hatch for expressions PostgreSQL spells.
import { ident, literal, qualified } from '../sql/quote.ts'

/** The brand on every DSL value; its value says what the value is. */
export const DSL = Symbol.for('pgstrata.dsl')

export type DslKind =
  | 'sql' | 'column' | 'table' | 'schema' | 'enum' | 'domain' | 'composite' | 'sequence'
  | 'view' | 'materializedView' | 'routine' | 'trigger' | 'extension'
  | 'index' | 'primaryKey' | 'unique' | 'check' | 'foreignKey' | 'exclude' | 'policy'
  | 'comment' | 'renamedFrom' | 'rls' | 'partitionBy' | 'partitionOf' | 'unlogged' | 'replicaIdentity' | 'storageParameters' | 'grant'

export interface Branded<K extends DslKind = DslKind> {
  readonly [DSL]: K
}

export function kindOf(value: unknown): DslKind | null {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return null
  const kind = (value as Partial<Branded>)[DSL]
  return typeof kind === 'string' ? kind : null
}

/** SQL text written by the user: an expression, a query, a whole statement. */
export interface Sql extends Branded<'sql'> {
  readonly text: string
}

/** The key under which a column, table, view, sequence or type says how it is written inside SQL text. */
export const SQL_NAME = Symbol.for('pgstrata.sqlName')

/** Anything `sql` can interpolate by name: a column, a table, a view, a sequence, a type. */
export interface Named {
  readonly [SQL_NAME]: () => string
}

/**
 * sql`now()`, sql`lower(${users.email})`: text PostgreSQL reads as written.
 * Interpolated columns print as quoted names, tables, views, sequences and
 * types as qualified names, strings as literals, numbers and booleans as
 * they are, and sql`…` fragments as their text.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0]!
  values.forEach((value, i) => {
    text += interpolate(value) + strings[i + 1]!
  })
  return { [DSL]: 'sql', text }
}

function interpolate(value: unknown): string {
  if (kindOf(value) === 'sql') return (value as Sql).text
  if (typeof value === 'object' || typeof value === 'function') {
    const named = value as Partial<Named> | null
    if (named !== null && typeof named[SQL_NAME] === 'function') return named[SQL_NAME]()
  }
  if (typeof value === 'string') return literal(value)
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  throw new TypeError(`sql\`…\` cannot interpolate ${value === null ? 'null' : typeof value}: write it into the text, or pass a column, table, string or number`)
}

export const isSql = (value: unknown): value is Sql => kindOf(value) === 'sql'

/** Where an object lives; 'public' unless a pgSchema said otherwise. */
export interface Placed {
  schema: string
  readonly name: string
}

export const nameIn = (object: Placed): string => qualified(object.schema, object.name)
export { ident }
