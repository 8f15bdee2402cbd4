// Whether a column's values can be cast to its new type. The diff is pure, so
// instead of asking pg_cast it knows the casts PostgreSQL ships between
// built-in types (https://www.postgresql.org/docs/current/sql-createcast.html):
// every type converts to and from the string types (I/O conversion), the
// numeric types among themselves, the date/time types along their pg_cast
// entries. Two enums, two range types or two composite types have no cast,
// but share a text form: their values go through text. A pair of built-ins
// with no cast at all cannot keep its values.
import type { Model } from '../model/types.ts'
import { parseTypeName } from './names.ts'
import type { Renames } from './renames.ts'

/**
 * The USING a schema gives for a column's type change (the DSL's
 * `.using()`), names as in the target: it applies while the column's type in
 * the database differs from the target's, and is `from` when that is given.
 */
export interface ColumnUsing {
  readonly schema: string
  readonly table: string
  readonly column: string
  readonly expression: string
  /** Only from this type (as written; aliases such as int8 or timestamptz match). */
  readonly from?: string
  /** The expression that turns the values back, for the down migration. */
  readonly down?: string
}

/** The USING given for `column` of `schema.table` changing from `fromType`, if any. */
export function usingFor(usings: readonly ColumnUsing[], schema: string, table: string, column: string, fromType: string): ColumnUsing | undefined {
  return usings.find((u) => u.schema === schema && u.table === table && u.column === column && (u.from === undefined || canonicalType(u.from) === canonicalType(fromType)))
}

/** The down migration's USINGs: each `down`, named as in the start (before the renames). */
export function invertUsings(usings: readonly ColumnUsing[], renames: Renames = {}): ColumnUsing[] {
  return usings.flatMap((u) => {
    if (u.down === undefined) return []
    const schema = renames.schemas?.find(([, to]) => to === u.schema)?.[0] ?? u.schema
    const table = renames.tables?.find(([s, , to]) => s === u.schema && to === u.table)?.[1] ?? u.table
    const column = renames.columns?.find(([s, t, , to]) => s === u.schema && t === u.table && to === u.column)?.[2] ?? u.column
    return [{ schema, table, column, expression: u.down }]
  })
}

const ALIASES: Readonly<Record<string, string>> = {
  int: 'integer', int4: 'integer', int2: 'smallint', int8: 'bigint', float4: 'real', float8: 'double precision', float: 'double precision',
  bool: 'boolean', decimal: 'numeric', varchar: 'character varying', char: 'character', bpchar: 'character',
  timestamp: 'timestamp without time zone', timestamptz: 'timestamp with time zone', time: 'time without time zone', timetz: 'time with time zone',
}

/** A type as format_type prints it, from the common spellings: `int8` is `bigint`, `varchar(20)` is `character varying(20)`. */
function canonicalType(type: string): string {
  const m = /^([a-z0-9 ]+?)\s*(\([^)]*\))?(\[\])*$/i.exec(type.trim())
  if (m === null) return type.trim()
  const name = m[1]!.toLowerCase().replace(/\s+/g, ' ')
  const modifier = m[2]?.replace(/\s+/g, '') ?? ''
  const base = ALIASES[name] ?? name
  const array = type.trim().slice(m[1]!.length).replace(/^\s*(\([^)]*\))?/, '')
  // timestamp(3) is timestamp(3) without time zone.
  const zoned = /^(timestamp|time) (with|without) time zone$/.exec(base)
  return (zoned && modifier ? `${zoned[1]}${modifier} ${zoned[2]} time zone` : `${base}${modifier}`) + array
}

/** `cast`: USING col::type; `text`: USING col::text::type; `none`: the values cannot be kept. */
export type Conversion = 'cast' | 'text' | 'none'

const NUMERIC = ['smallint', 'integer', 'bigint', 'real', 'double precision', 'numeric']
const STRING = ['text', 'character varying', 'character', 'name', 'bpchar']
const RANGES = ['int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange']

/** Explicit casts in pg_cast between the built-ins below, beyond the numeric types among themselves. */
const CASTS: Readonly<Record<string, readonly string[]>> = {
  integer: ['boolean', 'money', 'bit', '"char"', 'oid'],
  bigint: ['money', 'bit', 'oid'],
  smallint: ['oid'],
  numeric: ['money'],
  money: ['numeric', 'integer', 'bigint'],
  boolean: ['integer'],
  bit: ['bit varying', 'integer', 'bigint'],
  'bit varying': ['bit'],
  date: ['timestamp without time zone', 'timestamp with time zone'],
  'timestamp without time zone': ['date', 'time without time zone', 'timestamp with time zone'],
  'timestamp with time zone': ['date', 'time without time zone', 'time with time zone', 'timestamp without time zone'],
  'time without time zone': ['interval', 'time with time zone'],
  'time with time zone': ['time without time zone'],
  interval: ['time without time zone'],
  json: ['jsonb'],
  jsonb: ['json', 'boolean', ...NUMERIC],
  inet: ['cidr'],
  cidr: ['inet'],
  macaddr: ['macaddr8'],
  macaddr8: ['macaddr'],
  '"char"': ['integer'],
}

/** The built-ins whose casts the table above lists completely: a pair of them with no entry has none. */
const KNOWN = new Set([...NUMERIC, ...Object.keys(CASTS), 'uuid', 'bytea', 'xml', 'tsvector', 'tsquery', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle'])

type Category =
  | { readonly kind: 'string' | 'builtin' | 'unknown'; readonly name: string }
  | { readonly kind: 'enum' | 'range' | 'composite'; readonly name: string }

/**
 * How a column of type `from` becomes type `to` (both as format_type prints
 * them, `from` in the start model and `to` in the target). Types pgstrata
 * does not know (an extension's, say) are assumed castable, as before.
 */
export function conversionOf(from: string, to: string, start: Model, target: Model): Conversion {
  const a = split(from)
  const b = split(to)
  if ((a.dimensions > 0) !== (b.dimensions > 0)) {
    // An array converts to or from a string type only (array_out/array_in).
    const scalar = a.dimensions > 0 ? categoryOf(b.element, target) : categoryOf(a.element, start)
    return scalar.kind === 'string' || scalar.kind === 'unknown' ? 'cast' : 'none'
  }
  // Arrays convert element by element.
  return elementConversion(categoryOf(a.element, start), categoryOf(b.element, target))
}

function elementConversion(a: Category, b: Category): Conversion {
  if (a.kind === b.kind && a.name === b.name) return 'cast'
  if (a.kind === 'string' || b.kind === 'string' || a.kind === 'unknown' || b.kind === 'unknown') return 'cast'
  if (a.kind === b.kind && (a.kind === 'enum' || a.kind === 'range' || a.kind === 'composite')) return 'text'
  if (a.kind !== 'builtin' || b.kind !== 'builtin') return 'none'
  if (NUMERIC.includes(a.name) && NUMERIC.includes(b.name)) return 'cast'
  if (CASTS[a.name]?.includes(b.name)) return 'cast'
  return KNOWN.has(a.name) && KNOWN.has(b.name) ? 'none' : 'cast'
}

/** The element type (modifiers dropped: `character varying(20)` is `character varying`) and array dimensions. */
function split(type: string): { element: string; dimensions: number } {
  let element = type
  let dimensions = 0
  while (element.endsWith('[]')) {
    element = element.slice(0, -2)
    dimensions++
  }
  return { element: element.replace(/\(\d+(?:,\d+)?\)/, ''), dimensions }
}

function categoryOf(element: string, model: Model, depth = 0): Category {
  if (STRING.includes(element)) return { kind: 'string', name: element }
  if (RANGES.includes(element)) return { kind: 'range', name: element }
  const parsed = parseTypeName(element)
  if (parsed === null) return { kind: KNOWN.has(element) ? 'builtin' : 'unknown', name: element }
  const same = (t: { schema: string; name: string }) => t.schema === parsed.schema && t.name === parsed.name
  if (/^citext$/.test(parsed.name) && [...model.extensions.values()].some((x) => x.name === 'citext' && x.schema === parsed.schema)) return { kind: 'string', name: element }
  if ([...model.enums.values()].some(same)) return { kind: 'enum', name: element }
  if ([...model.ranges.values()].some(same)) return { kind: 'range', name: element }
  if ([...model.composites.values()].some(same)) return { kind: 'composite', name: element }
  // A domain converts as its base type does.
  const domain = [...model.domains.values()].find(same)
  if (domain !== undefined && depth < 10) {
    const base = split(domain.type)
    if (base.dimensions === 0) return categoryOf(base.element, model, depth + 1)
  }
  return { kind: 'unknown', name: element }
}
