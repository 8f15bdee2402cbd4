// How big the tables a plan touches are, in its hazards: each hazard about a
// table names the table's estimated rows and size, and a lock on a small table
// is held for moments, so there a rewrite or a write-blocking lock is a note,
// not a hazard. Losing data or being irreversible stays a hazard at any size.
// Pure: the sizes are read by src/introspect/sizes.ts and passed in.
import { partsOf, pathOf, type Key } from '../model/key.ts'
import type { Change, Hazard } from './change.ts'
import type { Plan, Step } from './plan.ts'

/** A table's size as the statistics estimate it (src/introspect/sizes.ts). */
export interface TableSize {
  /** Estimated rows, or null when the table (or a partition that holds data) was never analysed. */
  readonly rows: number | null
  /** Heap, indexes and TOAST (pg_total_relation_size), summed over partitions. */
  readonly bytes: number
}

/** Tables by key (as the model spells it: a table or a materialized view). */
export type TableSizes = ReadonlyMap<Key, TableSize>

/** Below both bounds a table is small. */
export interface SmallTableBounds {
  readonly rows: number
  readonly bytes: number
}

/** The bounds, or false: no table is small. */
export type SmallTable = SmallTableBounds | false

// Measured on PostgreSQL 15 (2 shared CPUs, a table of ~110 bytes a row with a
// primary key): ALTER COLUMN … TYPE (a rewrite, indexes rebuilt) takes ~60 ms
// at 10 k rows / 1.1 MB and ~100 ms at 20 k rows / 2.1 MB; CREATE INDEX on a
// text column ~20 ms at 10 k rows and ~100 ms at 50 k rows / 5 MB; a validating
// ADD CONSTRAINT … CHECK ~6 ms at 50 k rows and ~85 ms at 500 k rows. With
// 1 kB rows, the rewrite takes ~90 ms at 3 MB. The rewrite is the slowest: the
// bounds keep it under ~100 ms.
export const SMALL_TABLE: SmallTableBounds = { rows: 10_000, bytes: 2 * 1024 * 1024 }

const decimal = (n: number) => n.toFixed(1)

/** `120 rows`, `1 row`, `50.0 k rows`, `10.0 M rows`, `1.2 G rows`. */
export function formatRows(rows: number): string {
  const n = Math.round(rows)
  if (n < 1000) return `${n} row${n === 1 ? '' : 's'}`
  if (n < 999_950) return `${decimal(n / 1e3)} k rows`
  if (n < 999_950_000) return `${decimal(n / 1e6)} M rows`
  return `${decimal(n / 1e9)} G rows`
}

/** `512 bytes`, `48 kB`, `5.2 MB`, `1.4 GB`, `2.0 TB` (1 kB = 1024 bytes, as pg_size_pretty counts). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1023.5) return `${Math.round(bytes / 1024)} kB`
  if (bytes < 1024 ** 2 * 1023.95) return `${decimal(bytes / 1024 ** 2)} MB`
  if (bytes < 1024 ** 3 * 1023.95) return `${decimal(bytes / 1024 ** 3)} GB`
  return `${decimal(bytes / 1024 ** 4)} TB`
}

/** `50.0 k rows, 5.2 MB`, or `size unknown: not analysed, 40 kB on disk`. */
export function describeSize(size: TableSize): string {
  return size.rows === null ? `size unknown: not analysed, ${formatBytes(size.bytes)} on disk` : `${formatRows(size.rows)}, ${formatBytes(size.bytes)}`
}

/**
 * Whether a lock on the table is held for moments. A table whose statistics
 * were never gathered is not small, whatever it holds: a freshly built
 * database (CI, a replay, a new development database) has only such tables,
 * and calling them small would hide every hazard.
 */
export function isSmall(size: TableSize | undefined, small: SmallTable): boolean {
  return small !== false && size !== undefined && size.rows !== null && size.rows < small.rows && size.bytes < small.bytes
}

/**
 * Where `name` stands in `message` as a whole name, or -1. `inPath`: also as
 * the start of a longer dotted one (`public.events.kind`).
 */
function findName(message: string, name: string, inPath: boolean): number {
  for (let at = message.indexOf(name); at >= 0; at = message.indexOf(name, at + 1)) {
    const end = at + name.length
    const starts = at === 0 || /[\s(]/.test(message[at - 1]!)
    const ends = /^($|[\s,;:)]|\.(\s|$))/.test(message.slice(end, end + 2)) || (inPath && message[end] === '.')
    if (starts && ends) return at
  }
  return -1
}

/**
 * `message` with the table's size after the table's name, or at the end
 * (with the name) when the name is only part of a column's (`public.events.kind`).
 */
export function withSize(message: string, table: string, size: TableSize): string {
  const text = describeSize(size)
  const at = findName(message, table, false)
  if (at < 0) return `${message} (${table}: ${text})`
  const end = at + table.length
  return `${message.slice(0, end)} (${text})${message.slice(end)}`
}

/** The tables (and materialized views) a change's hazards can be about. */
export function tablesOf(change: Change): Key[] {
  switch (change.kind) {
    case 'addColumn': case 'dropColumn': case 'alterColumn': case 'attachPartition': case 'dropTable': return [change.table.key]
    case 'alterTable': return [change.to.key]
    case 'addConstraint': return [change.constraint.table]
    case 'createIndex': return [change.index.table]
    case 'dropMaterializedView': case 'refreshMaterializedView': return [change.view.key]
    case 'recreateEnum': return [...new Set([...change.columns, ...change.domains.flatMap((d) => d.columns)].map((c) => c.table))]
    case 'recreateDomain': return [...new Set(change.columns.map((c) => c.table))]
    case 'alterComposite': return [...new Set((change.columns ?? []).map((c) => c.table))]
    default: return []
  }
}

/** Every table the plans' hazards can be about, for the size query. */
export const tablesOfPlans = (plans: readonly Plan[]): Key[] =>
  [...new Set(plans.flatMap((p) => p.steps.filter((s) => s.hazards.length > 0).flatMap((s) => tablesOf(s.change))))].sort()

/** The one of `tables` a hazard's message names (alone or in a column's name); null for one naming none ("the values cannot be restored"). */
function tableOfHazard(hazard: Hazard, tables: readonly Key[]): Key | null {
  return tables.find((t) => findName(hazard.message, pathOf(t), true) >= 0) ?? null
}

/**
 * Whether a hazard is only about how long a lock is held, which the table's
 * size decides. Not: a NOT NULL column added without a default, which fails
 * on a table with any rows; anything about a materialized view (a refresh runs
 * its query, whatever the view holds); lost data; what cannot be undone.
 */
function lastsWithSize(change: Change, hazard: Hazard, table: Key): boolean {
  if (hazard.kind !== 'rewritesTable' && hazard.kind !== 'blocksWrites') return false
  if (partsOf(table).kind !== 'table') return false
  return !(change.kind === 'addColumn' && hazard.kind === 'blocksWrites')
}

/** A hazard on a small table, kept as a note. */
export interface SmallTableNote {
  readonly step: Step
  readonly kind: Hazard['kind']
  /** The hazard's message, with the size. */
  readonly message: string
  /** `public.tags` */
  readonly table: string
  readonly size: TableSize
}

export interface SizedPlan {
  /** The plan with sizes in its hazards' messages, and without the hazards of small tables. */
  readonly plan: Plan
  /** The hazards taken out, in plan order. */
  readonly notes: readonly SmallTableNote[]
}

/**
 * Names each hazard's table size in its message and turns the rewrites and
 * write-blocking locks of small tables into notes. Tables missing from
 * `sizes` are left as they are (created by the plan, or not read).
 */
export function sizePlan(plan: Plan, sizes: TableSizes, threshold: SmallTable): SizedPlan {
  const notes: SmallTableNote[] = []
  const steps = plan.steps.map((step): Step => {
    if (step.hazards.length === 0) return step
    const tables = tablesOf(step.change)
    const hazards: Hazard[] = []
    const small: Omit<SmallTableNote, 'step'>[] = []
    for (const hazard of step.hazards) {
      const table = tableOfHazard(hazard, tables)
      const size = table === null ? undefined : sizes.get(table)
      if (table === null || size === undefined) {
        hazards.push(hazard)
        continue
      }
      const message = withSize(hazard.message, pathOf(table), size)
      if (lastsWithSize(step.change, hazard, table) && isSmall(size, threshold)) small.push({ kind: hazard.kind, message, table: pathOf(table), size })
      else hazards.push({ ...hazard, message })
    }
    const sized = { ...step, hazards }
    notes.push(...small.map((note) => ({ step: sized, ...note })))
    return sized
  })
  return { plan: { ...plan, steps }, notes }
}

/** `blocksWrites: <message with the size>`, as a hazard's line reads, for headers and listings. */
export const noteLine = (note: SmallTableNote): string => `${note.kind}: ${note.message.replaceAll('\n', ' ')}`
