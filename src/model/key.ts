// Identity: a key built from an object's kind and names, never from quoted
// SQL and never from an oid, so two databases agree on it.

import { displayIdent } from '../sql/quote.ts'

export type Kind =
  | 'schema' | 'extension' | 'collation'
  | 'enum' | 'domain' | 'composite' | 'range'
  | 'sequence' | 'table' | 'view' | 'materializedView'
  | 'constraint' | 'index' | 'trigger' | 'policy'
  | 'function'

export type Key = string & { readonly __key: true }

/**
 * The key of an object. Table-scoped objects (constraints, triggers, policies)
 * include their table; functions and procedures their argument types (as
 * oidvectortypes prints them: names and modes are not identity). A
 * JSON tuple stays unambiguous when names contain dots, quotes or spaces, and
 * sorted keys give a deterministic order.
 */
export function keyOf(kind: Kind, schema: string, name: string, at: { readonly table?: string; readonly args?: string } = {}): Key {
  return JSON.stringify([kind, schema, at.table ?? '', name, at.args ?? '']) as Key
}

export interface KeyParts {
  readonly kind: Kind
  readonly schema: string
  readonly table: string
  readonly name: string
  readonly args: string
}

export function partsOf(key: Key): KeyParts {
  const [kind, schema, table, name, args] = JSON.parse(key) as [Kind, string, string, string, string]
  return { kind, schema, table, name, args }
}

/** `schema.name`, `schema.table.name` or `schema.name(args)`, for messages (not SQL). */
export function describeKey(key: Key): string {
  const { kind, args } = partsOf(key)
  return `${kind === 'materializedView' ? 'materialized view' : kind} ${pathOf(key)}${kind === 'function' ? `(${args})` : ''}`
}

/** The dotted name alone, quoted where it needs quotes: `app."Order Lines"`. */
export function pathOf(key: Key): string {
  const { schema, table, name } = partsOf(key)
  return [schema, table, name].filter((part) => part !== '').map(displayIdent).join('.')
}
