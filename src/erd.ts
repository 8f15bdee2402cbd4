// The schema as a Mermaid erDiagram: an entity per table with its columns, and
// a relationship per foreign key. Pure: the same model gives the same bytes.
//
// Mermaid's ER lexer (erDiagram.jison) decides what is safe to write bare:
// entity names are words of [A-Za-z0-9_] that are not one of its keywords,
// else double-quoted; attribute types and names are words too (names that are
// not go in backticks). Text inside quotes or backticks spells the characters
// the lexer stops at as entity codes (`#quot;`), which Mermaid turns back into
// the characters when it renders.
import { partsOf, type Key } from './model/key.ts'
import type { Column, Constraint, Model, Table } from './model/types.ts'
import { ident, printedIdent } from './sql/quote.ts'

export interface ErdOptions {
  /** Only the tables in these schemas (empty: every schema in the model). */
  readonly schemas?: readonly string[]
}

export interface ErdAttribute {
  readonly name: string
  readonly type: string
  readonly keys: readonly ('PK' | 'FK' | 'UK')[]
  readonly notNull: boolean
}

export interface ErdEntity {
  readonly schema: string
  readonly name: string
  readonly attributes: readonly ErdAttribute[]
}

export interface ErdRelationship {
  /** The table holding the foreign key. */
  readonly child: { readonly schema: string; readonly name: string }
  readonly parent: { readonly schema: string; readonly name: string }
  /** The constraint's name. */
  readonly label: string
  /** Each child row has a parent (the key columns are NOT NULL), or may have none. */
  readonly parentSide: 'exactlyOne' | 'zeroOrOne'
  /** A parent row has at most one child (a key of the child lies within the columns), or any number. */
  readonly childSide: 'zeroOrOne' | 'zeroOrMany'
}

export interface ErdContents {
  readonly entities: readonly ErdEntity[]
  readonly relationships: readonly ErdRelationship[]
}

const byName = (a: { schema: string; name: string }, b: { schema: string; name: string }): number =>
  a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0

/**
 * The tables and foreign keys an ER diagram of `model` shows, sorted by
 * schema and name. Partitions are left out: their partitioned parent stands
 * for them, with the same columns and keys.
 */
export function erdContents(model: Model, options: ErdOptions = {}): ErdContents {
  const schemas = new Set(options.schemas ?? [])
  const tables = [...model.tables.values()]
    .filter((t) => t.partitionOf === null && (schemas.size === 0 || schemas.has(t.schema)))
    .sort(byName)
  const constraintsOf = new Map<Key, Constraint[]>()
  for (const c of model.constraints.values()) constraintsOf.set(c.table, [...constraintsOf.get(c.table) ?? [], c])
  const entities: ErdEntity[] = []
  const relationships: ErdRelationship[] = []
  for (const table of tables) {
    const constraints = [...constraintsOf.get(table.key) ?? []].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const keys = uniqueKeys(model, table, constraints)
    const inKey = (type: Constraint['type']) => new Set(constraints.filter((c) => c.type === type).flatMap((c) => c.columns))
    const primary = inKey('primaryKey')
    const foreign = inKey('foreignKey')
    const unique = new Set(keys.filter((k) => !k.primary).flatMap((k) => k.columns))
    entities.push({
      schema: table.schema,
      name: table.name,
      attributes: table.columns.map((column) => ({
        name: column.name,
        type: column.type,
        keys: [primary.has(column.name) && 'PK', foreign.has(column.name) && 'FK', unique.has(column.name) && 'UK']
          .filter((k): k is 'PK' | 'FK' | 'UK' => k !== false),
        notNull: column.notNull,
      })),
    })
    for (const c of constraints) {
      if (c.type !== 'foreignKey' || c.foreignKey === null) continue
      const columns = c.columns.map((name) => table.columns.find((col) => col.name === name)).filter((col): col is Column => col !== undefined)
      const parent = partsOf(c.foreignKey.references)
      relationships.push({
        child: { schema: table.schema, name: table.name },
        parent: { schema: parent.schema, name: parent.name },
        label: c.name,
        parentSide: columns.every((col) => col.notNull) ? 'exactlyOne' : 'zeroOrOne',
        childSide: keys.some((k) => k.columns.every((name) => c.columns.includes(name))) ? 'zeroOrOne' : 'zeroOrMany',
      })
    }
  }
  return { entities, relationships }
}

/**
 * The table's primary key, unique constraints, and unique indexes on plain
 * columns without a WHERE clause: what makes a set of columns unique. An index
 * column is matched by its name as pg_get_indexdef prints it; an expression,
 * an opclass or a collation is not a plain column.
 */
function uniqueKeys(model: Model, table: Table, constraints: readonly Constraint[]): { columns: readonly string[]; primary: boolean }[] {
  const keys = constraints
    .filter((c) => c.type === 'primaryKey' || c.type === 'unique')
    .map((c) => ({ columns: c.columns, primary: c.type === 'primaryKey' }))
  const printed = new Map(table.columns.map((c) => [printedIdent(c.name, model.server.versionNum), c.name]))
  for (const index of model.indexes.values()) {
    if (index.table !== table.key || !index.unique || index.predicate !== null) continue
    const columns = index.columns.map((c) => printed.get(c))
    if (columns.every((c) => c !== undefined)) keys.push({ columns: columns as string[], primary: false })
  }
  return keys
}

/**
 * `model` as a Mermaid `erDiagram`: each table with its columns (type, PK /
 * FK / UK markers, "not null" where a column is NOT NULL and not in the
 * primary key), then one relationship per foreign key from the child table
 * to its parent, labelled with the constraint's name: `sessions }o--|| users`.
 * Names are schema-qualified when a table is not in `public` or the diagram
 * shows more than one schema (a foreign key's parent outside `options.schemas`
 * counts, and appears as an entity without columns).
 */
export function erDiagram(model: Model, options: ErdOptions = {}): string {
  const { entities, relationships } = erdContents(model, options)
  const several = new Set([...entities, ...relationships.map((r) => r.parent)].map((e) => e.schema)).size > 1
  const entity = (e: { schema: string; name: string }) => entityName(several || e.schema !== 'public' ? `${part(e.schema)}.${part(e.name)}` : part(e.name))
  const lines = ['erDiagram']
  for (const e of entities) {
    if (e.attributes.length === 0) {
      lines.push(`    ${entity(e)}`)
      continue
    }
    lines.push(`    ${entity(e)} {`)
    for (const a of e.attributes) {
      const comment = a.notNull && !a.keys.includes('PK') ? ' "not null"' : ''
      lines.push(`        ${attributeType(a.type)} ${attributeName(a.name)}${a.keys.length > 0 ? ` ${a.keys.join(', ')}` : ''}${comment}`)
    }
    lines.push('    }')
  }
  for (const r of relationships) {
    const child = r.childSide === 'zeroOrOne' ? '|o' : '}o'
    const parent = r.parentSide === 'exactlyOne' ? '||' : 'o|'
    lines.push(`    ${entity(r.child)} ${child}--${parent} ${entity(r.parent)} : "${escaped(r.label)}"`)
  }
  return `${lines.join('\n')}\n`
}

/** A schema or table name in a label: as it is, unless a dot or a quote would make `schema.table` ambiguous. */
const part = (name: string): string => (/[."]/.test(name) ? ident(name) : name)

/** Words the ER lexer reads as keywords wherever a token starts (case-insensitively), so never bare entity names. */
const KEYWORDS = new Set(['one', 'many', 'to', 'end', 'class', 'classdef', 'style', 'subgraph', 'erdiagram', 'direction', 'acctitle', 'accdescr'])

const entityName = (label: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(label) && !KEYWORDS.has(label.toLowerCase()) ? label : `"${escaped(label)}"`

/** PK, FK and UK are keys wherever they stand in an attribute block, so never a bare type or name. */
const isKeyWord = (word: string): boolean => /^(pk|fk|uk)$/i.test(word)

/** A column name: bare when it is a plain word, else in backticks (Mermaid 11.16 and later). */
const attributeName = (name: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !isKeyWord(name) ? name : `\`${escaped(name)}\``

/** format_type's long spellings, as the short names PostgreSQL also takes. */
const SHORT_TYPES: readonly (readonly [RegExp, string])[] = [
  [/^character varying/, 'varchar'], [/^character/, 'char'], [/^bit varying/, 'varbit'], [/^double precision/, 'float8'],
  [/^timestamp(\(\d+\))? with time zone/, 'timestamptz$1'], [/^timestamp(\(\d+\))? without time zone/, 'timestamp$1'],
  [/^time(\(\d+\))? with time zone/, 'timetz$1'], [/^time(\(\d+\))? without time zone/, 'time$1'],
]

/**
 * A type as one attribute word: `varchar(255)`, `timestamptz`, `integer[]`,
 * `numeric(10_2)`. Mermaid 10.9 and 11 take letters, digits, `_`, `-`,
 * parentheses and brackets; commas and dots only from 11.16, spaces never.
 * Quotes are dropped and anything else becomes `_`.
 */
function attributeType(type: string): string {
  const short = SHORT_TYPES.reduce((text, [long, to]) => text.replace(long, to), type)
  const word = short.replaceAll('"', '').replace(/[^A-Za-z0-9_()[\]-]/g, '_')
  const safe = /^[A-Za-z_]/.test(word) ? word : `_${word}`
  return isKeyWord(safe) ? `${safe}_` : safe
}

/**
 * Text for inside double quotes or backticks. The characters that end a
 * token, start a directive (`%%{`), an entity code (`#`) or Mermaid's generic
 * type syntax (`~T~`) become entity codes. "direction TB" anywhere on a line
 * makes the lexer read the whole line as a direction statement, so the space
 * after such a "direction" becomes an entity code too.
 */
function escaped(text: string): string {
  const code = (ch: string) => `#${ch.codePointAt(0)};`
  return text
    .replace(/["#%\\`~\p{Cc}]/gu, code)
    .replace(/(direction)(\s+)(?=tb|bt|rl|lr)/gi, (_, word: string, space: string) => word + [...space].map(code).join(''))
}
