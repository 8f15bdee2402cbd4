// Models built in memory, for testing the diff engine without a database.
// Objects are spelled as introspection spells them (format_type,
// pg_get_constraintdef), and modelOf records the pg_depend edges that
// introspection would find, so the planner sees what it sees on a server.
import { keyOf, type Key } from '../../src/model/key.ts'
import type {
  Column, Constraint, Dependency, Domain, EnumType, Index, Model, Schema, Sequence, SqlExpr, Table, View,
} from '../../src/model/types.ts'
import { parseTypeName } from '../../src/diff/names.ts'
import { displayIdent } from '../../src/sql/quote.ts'

export const expr = (text: string): SqlExpr => text as SqlExpr

/** As PostgreSQL prints a qualified name: `public.parent`, `"Odd Schema"."Mood"` (reserved words aside: `select` stays bare). */
export const printed = (schema: string, name: string): string => `${displayIdent(schema)}.${displayIdent(name)}`

export function column(name: string, type: string, options: Partial<Omit<Column, 'name' | 'type'>> = {}): Column {
  return { name, type, notNull: false, default: null, identity: null, generated: null, collation: null, inherited: false, comment: null, ...options }
}

export function table(schema: string, name: string, columns: readonly Column[], options: Partial<Omit<Table, 'key' | 'schema' | 'name' | 'columns'>> = {}): Table {
  return {
    key: keyOf('table', schema, name), schema, name, comment: null, persistence: 'permanent', columns,
    partitionKey: null, partitionOf: null, inherits: [], rowSecurity: false, forceRowSecurity: false, options: [], accessMethod: null,
    ...options,
  }
}

export function enumType(schema: string, name: string, labels: readonly string[], comment: string | null = null): EnumType {
  return { key: keyOf('enum', schema, name), schema, name, comment, labels }
}

export function schema(name: string, comment: string | null = null): Schema {
  return { key: keyOf('schema', '', name), name, comment }
}

function constraint(on: Table, name: string, fields: Pick<Constraint, 'type' | 'definition' | 'columns'> & Partial<Constraint>): Constraint {
  return {
    key: keyOf('constraint', on.schema, name, { table: on.name }), schema: on.schema, name, comment: null, table: on.key,
    foreignKey: null, validated: true, deferrable: false, initiallyDeferred: false, noInherit: false, nullsNotDistinct: false, inherited: false, attachedTo: null,
    ...fields,
  }
}

const list = (columns: readonly string[]) => columns.map(displayIdent).join(', ')

export const primaryKey = (on: Table, name: string, columns: readonly string[]): Constraint =>
  constraint(on, name, { type: 'primaryKey', definition: expr(`PRIMARY KEY (${list(columns)})`), columns })

export const unique = (on: Table, name: string, columns: readonly string[]): Constraint =>
  constraint(on, name, { type: 'unique', definition: expr(`UNIQUE (${list(columns)})`), columns })

export const check = (on: Table, name: string, condition: string): Constraint =>
  constraint(on, name, { type: 'check', definition: expr(`CHECK (${condition})`), columns: [] })

export function foreignKey(on: Table, name: string, columns: readonly string[], references: Table, referenced: readonly string[]): Constraint {
  return constraint(on, name, {
    type: 'foreignKey',
    definition: expr(`FOREIGN KEY (${list(columns)}) REFERENCES ${printed(references.schema, references.name)}(${list(referenced)})`),
    columns,
    foreignKey: { references: references.key, columns: referenced, onUpdate: 'a', onDelete: 'a', match: 's' },
  })
}

export function index(on: Table, name: string, columns: readonly string[]): Index {
  return {
    key: keyOf('index', on.schema, name), schema: on.schema, name, comment: null, table: on.key,
    definition: expr(`CREATE INDEX ${displayIdent(name)} ON ${printed(on.schema, on.name)} USING btree (${list(columns)})`),
    unique: false, method: 'btree', columns: columns.map(displayIdent), include: [], predicate: null, nullsNotDistinct: false, valid: true, attachedTo: null,
  }
}

/** A view. What it reads goes in ModelParts.dependencies: pg_depend records it on the view's rewrite rule. */
export function view(schema: string, name: string, query: string, columns: readonly (readonly [string, string])[]): View {
  return {
    key: keyOf('view', schema, name), schema, name, comment: null,
    // pg_get_viewdef's spelling: a leading space and a closing semicolon.
    definition: expr(` ${query};`),
    columns: columns.map(([n, type]) => ({ name: n, type, comment: null })),
    checkOption: null, securityBarrier: false, securityInvoker: false, options: [],
  }
}

export interface ModelParts {
  readonly schemas?: readonly Schema[]
  readonly enums?: readonly EnumType[]
  readonly domains?: readonly Domain[]
  readonly sequences?: readonly Sequence[]
  readonly tables?: readonly Table[]
  readonly constraints?: readonly Constraint[]
  readonly indexes?: readonly Index[]
  readonly views?: readonly View[]
  /** Edges introspection finds but modelOf cannot derive, e.g. a view on the tables it reads. */
  readonly dependencies?: readonly Dependency[]
}

export const dependsOn = (from: { key: Key }, to: { key: Key }): Dependency => ({ from: from.key, to: to.key })

export interface ModelOptions {
  readonly versionNum?: number
  /** Build every map (and the edge list) in reverse insertion order: the result must not depend on it. */
  readonly reverse?: boolean
}

/**
 * A model holding `parts`, `public` and the schemas they live in, and the dependencies
 * introspection would record: a table on the types of its columns, a
 * constraint or index on its table, a foreign key on the table and key it
 * references; plus `parts.dependencies`.
 */
export function modelOf(parts: ModelParts, options: ModelOptions = {}): Model {
  const order = <T>(items: readonly T[]): T[] => (options.reverse ? [...items].reverse() : [...items])
  const map = <T extends { key: Key }>(items: readonly T[] = []) => new Map(order(items).map((item): [Key, T] => [item.key, item]))
  const enums = parts.enums ?? []
  const domains = parts.domains ?? []
  const tables = parts.tables ?? []
  const constraints = parts.constraints ?? []
  const indexes = parts.indexes ?? []
  const views = parts.views ?? []
  // A new database has `public`; the rest are the schemas the objects live in.
  const schemaNames = new Set(['public', ...[...enums, ...domains, ...parts.sequences ?? [], ...tables, ...constraints, ...indexes, ...views].map((o) => o.schema)])
  const schemas = [...parts.schemas ?? []]
  for (const name of schemaNames) if (!schemas.some((s) => s.name === name)) schemas.push(schema(name))

  const edges: Dependency[] = [...parts.dependencies ?? []]
  const types = [...enums, ...domains]
  for (const t of tables) {
    for (const c of t.columns) {
      const parsed = parseTypeName(c.type)
      const type = parsed && types.find((x) => x.schema === parsed.schema && x.name === parsed.name)
      if (type) edges.push(dependsOn(t, type))
    }
  }
  for (const c of constraints) {
    edges.push({ from: c.key, to: c.table })
    const fk = c.foreignKey
    if (fk === null) continue
    edges.push({ from: c.key, to: fk.references })
    const key = constraints.find((k) => k.table === fk.references && (k.type === 'primaryKey' || k.type === 'unique') && sameSet(k.columns, fk.columns))
    if (key) edges.push(dependsOn(c, key))
  }
  for (const i of indexes) edges.push({ from: i.key, to: i.table })
  const seen = new Set<string>()
  const dependencies = edges
    .filter((d) => d.from !== d.to && !seen.has(`${d.from}\n${d.to}`) && seen.add(`${d.from}\n${d.to}`))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0))

  const versionNum = options.versionNum ?? 150000
  return {
    server: { version: `${Math.floor(versionNum / 10000)}.${versionNum % 10000}`, versionNum },
    schemas: map(schemas), extensions: new Map(), collations: new Map(),
    enums: map(enums), domains: map(domains), composites: new Map(), ranges: new Map(), sequences: map(parts.sequences),
    tables: map(tables), constraints: map(constraints), indexes: map(indexes), views: map(views),
    materializedViews: new Map(), routines: new Map(), triggers: new Map(), policies: new Map(),
    grants: null, owners: null,
    dependencies: options.reverse ? [...dependencies].reverse() : dependencies,
    unmodeled: [],
  }
}

export const emptyModel = (options: ModelOptions = {}): Model => modelOf({}, options)

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))
