// Indexes and index-backed constraints on partitions. Each is an object of
// its own, attached to its parent's index (or the constraint that index
// backs). PostgreSQL moves them with their parent in three ways the plan must
// follow rather than repeat: a new partition gets a clone of every parent
// index, named by PostgreSQL; dropping the parent's index drops the attached
// ones; detaching a partition detaches them.
import { partsOf, type Key } from '../model/key.ts'
import type { Constraint, Index, Model } from '../model/types.ts'
import type { DiffContext } from './context.ts'
import { deepEqual } from './keyed.ts'

type Attachable = Constraint | Index

/** Whether the table of `object` is attached to or detached from a parent by this plan. */
export function tableMoves(ctx: DiffContext, table: Key): boolean {
  const a = ctx.from.tables.get(table)
  const b = ctx.to.tables.get(table)
  return a !== undefined && b !== undefined && !deepEqual(a.partitionOf, b.partitionOf)
}

/** Whether `table` is made by this plan (new, or dropped and created again). */
export const tableIsNew = (ctx: DiffContext, table: Key) => !ctx.from.tables.has(table) || ctx.recreatedTables.has(table)

/**
 * What to emit for an attachable object whose definition is the same on both
 * sides but whose parent may differ: nothing, an ATTACH, or (when it is left
 * without its parent, which took it along when dropped) the object again.
 */
export function attachmentDelta(ctx: DiffContext, a: Attachable, b: Attachable): 'same' | 'attach' | 'create' {
  if (a.attachedTo === b.attachedTo) return b.attachedTo !== null && !tableIsNew(ctx, b.table) && parentRemade(ctx, b.attachedTo) ? 'attach' : 'same'
  if (a.attachedTo === null) return 'attach'
  // Detaching the partition detaches its indexes, which stay on it; attached to its new parent, they join that one's.
  if (tableMoves(ctx, b.table)) return b.attachedTo === null ? 'same' : 'attach'
  return 'create'
}

/** Whether the parent index or key `key` is made by this plan: new, or on a table that is new or another one. */
export function parentRemade(ctx: DiffContext, key: Key): boolean {
  const a = ctx.from.indexes.get(key) ?? ctx.from.constraints.get(key)
  const b = ctx.to.indexes.get(key) ?? ctx.to.constraints.get(key)
  return b !== undefined && (a === undefined || a.table !== b.table || tableIsNew(ctx, b.table))
}

/** A removed object that goes with its parent's drop (or its partition's detach and drop). */
export function goesWithParent(ctx: DiffContext, a: Attachable): boolean {
  return a.attachedTo !== null && !tableMoves(ctx, a.table)
}

/**
 * The name PostgreSQL gives the clone of a parent's index on a new partition
 * (ChooseIndexName): `<table>_pkey`, `<table>_<columns>_key` for a unique or
 * `_excl` for an exclusion constraint, `<table>_<columns>_idx` for an index,
 * each cut to 63 bytes by makeObjectName, and numbered while the name is taken.
 */
export function clonedName(object: Attachable, model: Model): string {
  const table = partsOf(object.table).name
  const type = 'type' in object ? object.type : 'index'
  const columns = 'type' in object ? [...object.columns] : [...object.columns.map(columnName), ...object.include.map(columnName)]
  const label = { index: 'idx', primaryKey: 'pkey', unique: 'key', exclusion: 'excl', foreignKey: 'fkey', check: 'check' }[type]
  const addition = type === 'primaryKey' ? null : joinNames(columns)
  const taken = relationNames(model, object.schema)
  taken.delete(object.name)
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(table, addition, pass === 0 ? label : `${label}${pass}`)
    if (!taken.has(name)) return name
  }
}

const NAME_BYTES = 63
const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

/** ChooseIndexNameAddition: column names joined by `_`, stopping once past the name length. */
function joinNames(names: readonly string[]): string {
  let out = ''
  for (const name of names) {
    if (out.length > 0) out += '_'
    out += name
    if (bytes(out) >= NAME_BYTES + 1) break
  }
  return out
}

/** makeObjectName: `name1_name2_label`, the longer of the two names cut until it fits. */
function makeObjectName(name1: string, name2: string | null, label: string): string {
  const overhead = label.length + 1 + (name2 === null ? 0 : 1)
  let a = [...name1]
  let b = [...(name2 ?? '')]
  const size = (chars: string[]) => bytes(chars.join(''))
  while (size(a) + size(b) > NAME_BYTES - overhead) {
    if (size(a) > size(b)) a = a.slice(0, -1)
    else b = b.slice(0, -1)
  }
  return [a.join(''), ...(name2 === null ? [] : [b.join('')]), label].join('_')
}

const IDENT = /^(?:"((?:[^"]|"")*)"|([a-z_][a-z0-9_$]*))(?= |$)/

/** The attribute name of an index key column as pg_get_indexdef prints it, or `expr` for an expression. */
function columnName(printed: string): string {
  const m = IDENT.exec(printed)
  if (m === null) return 'expr'
  return m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!
}

/** The names of the relations (and constraint indexes) in `schema`. */
function relationNames(model: Model, schema: string): Set<string> {
  const names = new Set<string>()
  for (const map of [model.tables, model.views, model.materializedViews, model.sequences, model.indexes]) {
    for (const o of map.values()) if (o.schema === schema) names.add(o.name)
  }
  for (const c of model.constraints.values()) {
    if (c.schema === schema && (c.type === 'primaryKey' || c.type === 'unique' || c.type === 'exclusion')) names.add(c.name)
  }
  return names
}

/** The objects attached to `key` in `model`, and theirs, all the way down. */
export function attachedBelow(model: Model, key: Key): Attachable[] {
  const direct = [...model.indexes.values(), ...model.constraints.values()].filter((o) => o.attachedTo === key)
  return direct.flatMap((o) => [o, ...attachedBelow(model, o.key)])
}

/**
 * Unchanged indexes and keys of a partition whose parent's index or key this
 * plan makes again (its table made again, or another table's): detached when
 * the old parent went, attached to the new one.
 */
export function reattachToRemadeParents(ctx: DiffContext): void {
  for (const b of [...ctx.to.indexes.values(), ...ctx.to.constraints.values()]) {
    const a = ctx.from.indexes.get(b.key) ?? ctx.from.constraints.get(b.key)
    if (a === undefined || b.attachedTo === null || !deepEqual(a, b) || tableIsNew(ctx, b.table) || !parentRemade(ctx, b.attachedTo)) continue
    ctx.changes.push({ kind: 'attachIndex', child: b, parent: b.attachedTo })
  }
}
