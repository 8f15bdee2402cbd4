// The parse tree of a migration file, for the lint rules. splitStatements
// (src/sql/parse.ts) keeps only what the runner needs; the rules need the
// whole tree, which statementTrees gives. Node locations are UTF-8 byte
// offsets into the file.
import type { Node, RangeVar, TypeName } from 'libpg-query'
import { loadParser, splitStatements, statementTrees, type Statement } from '../sql/parse.ts'
import { displayIdent } from '../sql/quote.ts'

/** A node's fields, as libpg-query prints them (JSON). */
export type Fields = Record<string, unknown>

export interface ParsedStatement extends Statement {
  /** 0-based index in the file. */
  readonly index: number
  /** The statement node, e.g. `{ AlterTableStmt: {…} }`. */
  readonly tree: Node
  /** Its fields: `tree[kind]`. */
  readonly body: Fields
}

/**
 * Splits `text` into statements with their parse trees. Requires
 * `loadParser()` to have resolved. Throws UsageError SQL_SYNTAX like splitStatements.
 */
export async function parseFile(text: string, file: string): Promise<ParsedStatement[]> {
  await loadParser()
  const statements = splitStatements(text, file)
  if (statements.length === 0) return []
  const trees = statementTrees(text)
  return statements.map((statement, index) => {
    const tree = (trees[index] ?? {}) as Node
    return { ...statement, index, tree, body: ((tree as Fields)[statement.kind] ?? {}) as Fields }
  })
}

/** The fields of `node` when it is a `kind` node (`{ kind: {…} }`), else undefined. */
export function nodeOf<T = Fields>(node: unknown, kind: string): T | undefined {
  if (node === null || typeof node !== 'object') return undefined
  return (node as Record<string, T>)[kind]
}

/** Every node under `node` (itself included), depth first, as [kind, fields]. */
export function* walk(node: unknown): Generator<[string, Fields]> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item)
    return
  }
  if (node === null || typeof node !== 'object') return
  for (const [key, value] of Object.entries(node)) {
    // Node kinds are capitalised (`TypeCast`); fields are not (`typeName`).
    if (/^[A-Z]/.test(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) yield [key, value as Fields]
    yield* walk(value)
  }
}

/** The strings of a name list (`[{ String: { sval } }, …]`). */
export const namesOf = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((item) => nodeOf<{ sval?: string }>(item, 'String')?.sval ?? '') : []

/** A relation named in a statement. Unqualified names are taken to be in `public`. */
export interface Relation {
  /** Identity: schema and name as a JSON tuple. */
  readonly key: string
  /** As resolved: `public` when not written. */
  readonly schema: string
  /** As written, for messages: `orders`, `billing."Invoice Lines"`. */
  readonly display: string
  /** The name alone. */
  readonly name: string
}

export function relation(schema: string | undefined, name: string): Relation {
  return {
    key: JSON.stringify([schema ?? 'public', name]),
    schema: schema ?? 'public',
    display: `${schema === undefined ? '' : `${displayIdent(schema)}.`}${displayIdent(name)}`,
    name,
  }
}

export const relationOfRangeVar = (range: RangeVar | undefined): Relation =>
  relation(range?.schemaname, range?.relname ?? '')

/** A relation from a qualified name list (DROP TABLE's objects). */
export function relationOfNames(names: readonly string[]): Relation {
  return relation(names.length > 1 ? names.at(-2) : undefined, names.at(-1) ?? '')
}

/** A type as the rules compare it: its name without `pg_catalog`, type modifiers, array or not. */
export interface TypeSpec {
  readonly name: string
  readonly mods: readonly number[]
  readonly array: boolean
}

// Spellings the parser leaves as written; the SQL-standard names (integer,
// character varying, …) already arrive as pg_catalog.int4, pg_catalog.varchar.
const TYPE_ALIASES: Record<string, string> = {
  integer: 'int4', int: 'int4', bigint: 'int8', smallint: 'int2', decimal: 'numeric',
  bool: 'bool', boolean: 'bool', real: 'float4', float: 'float8',
}

export function typeSpec(typeName: TypeName | undefined): TypeSpec {
  const names = namesOf(typeName?.names)
  const last = names.at(-1) ?? ''
  const name = names.length > 1 && names[0] !== 'pg_catalog' ? names.join('.') : TYPE_ALIASES[last] ?? last
  const mods = (typeName?.typmods ?? []).map((mod) => nodeOf<{ ival?: { ival?: number } }>(mod, 'A_Const')?.ival?.ival ?? 0)
  return { name, mods, array: (typeName?.arrayBounds?.length ?? 0) > 0 }
}

const DISPLAY_NAMES: Record<string, string> = {
  int2: 'smallint', int4: 'integer', int8: 'bigint', float4: 'real', float8: 'double precision', bool: 'boolean', bpchar: 'char',
}

/** `varchar(20)`, `numeric(12,2)[]`, `bigint`: for messages and comparisons. */
export const typeText = (type: TypeSpec): string =>
  `${DISPLAY_NAMES[type.name] ?? type.name}${type.mods.length > 0 ? `(${type.mods.join(',')})` : ''}${type.array ? '[]' : ''}`
