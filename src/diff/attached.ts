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

/** The kind of index a key or index is: what a clone of it on a new partition would be. */
const indexKind = (o: Attachable) => ('type' in o ? o.type : 'index')

/**
 * New partitions whose key or index is attached to a parent's of another kind
 * (a partition's primary key backing the parent's unique index, say). CREATE
 * TABLE … PARTITION OF would clone the parent's kind: these are made as tables
 * of their own, with their keys, and attached after, which adopts the keys as
 * they are. A partition with an identity column cannot be attached that way
 * and keeps the clone.
 */
export function findStandalonePartitions(ctx: DiffContext): void {
  const parentOf = (o: Attachable) => ctx.to.indexes.get(o.attachedTo!) ?? ctx.to.constraints.get(o.attachedTo!)
  for (const o of [...ctx.to.indexes.values(), ...ctx.to.constraints.values()]) {
    if (o.attachedTo === null || !tableIsNew(ctx, o.table)) continue
    const parent = parentOf(o)
    const table = ctx.to.tables.get(o.table)
    if (parent === undefined || table === undefined || indexKind(parent) === indexKind(o) || table.columns.some((c) => c.identity !== null)) continue
    ctx.standalonePartitions.add(o.table)
  }
}

/**
 * A partition's index or key leaves its parent's only when the partition is
 * detached or the parent's is dropped: where the partition stays and the
 * parent's stays too, the parent's is made again, and with it whatever else
 * is attached to it (dropped along). Up the tree while the parent's is attached
 * to one of its own.
 */
export function findRemadeAttachables(ctx: DiffContext): void {
  const leaving = (a: Attachable) => {
    const b = ctx.to.indexes.get(a.key) ?? ctx.to.constraints.get(a.key)
    return b === undefined || b.attachedTo !== a.attachedTo
  }
  const stays = (key: Key) => {
    const b = ctx.to.indexes.get(key) ?? ctx.to.constraints.get(key)
    return b !== undefined && ctx.to.tables.has(b.table) && !ctx.recreatedTables.has(b.table)
  }
  let pending = [...ctx.from.indexes.values(), ...ctx.from.constraints.values()].filter((a) =>
    a.attachedTo !== null && ctx.to.tables.has(a.table) && !ctx.recreatedTables.has(a.table) && !tableMoves(ctx, a.table) && leaving(a))
  while (pending.length > 0) {
    const next: Attachable[] = []
    for (const a of pending) {
      const parent = ctx.from.indexes.get(a.attachedTo!) ?? ctx.from.constraints.get(a.attachedTo!)
      if (parent === undefined || !stays(parent.key) || ctx.remadeAttachables.has(parent.key)) continue
      ctx.remadeAttachables.add(parent.key)
      for (const o of attachedBelow(ctx.from, parent.key)) ctx.remadeAttachables.add(o.key)
      if (parent.attachedTo !== null && !tableMoves(ctx, parent.table)) next.push(parent)
    }
    pending = next
  }
}

/**
 * ATTACH PARTITION adopts, for each of the parent's indexes, the first
 * matching index of the table (by OID) that is attached to nothing. A
 * matching index the target leaves unattached, beside the one it attaches,
 * would be taken in its place: it is dropped before the attach and made again
 * after. Runs after the index differ.
 */
export function setAsideFromAttach(ctx: DiffContext): void {
  for (const table of ctx.to.tables.values()) {
    if (table.partitionOf === null || !tableMoves(ctx, table.key)) continue
    const parents = [...ctx.to.indexes.values()].filter((i) => i.table === table.partitionOf!.parent)
    for (const index of ctx.from.indexes.values()) {
      const target = ctx.to.indexes.get(index.key)
      if (index.table !== table.key || target === undefined || target.attachedTo !== null) continue
      if (!parents.some((p) => sameShape(p, index) && [...ctx.to.indexes.values()].some((w) => w.attachedTo === p.key && w.table === table.key))) continue
      const made = ctx.changes.findIndex((c) => c.kind === 'createIndex' && c.index.key === index.key)
      if (made >= 0) ctx.changes[made] = { kind: 'createIndex', index: target, afterAttach: true }
      else ctx.changes.push({ kind: 'dropIndex', index }, { kind: 'createIndex', index: target, afterAttach: true })
    }
  }
}

/** Whether two indexes match as ATTACH PARTITION compares them: all but name, table and validity. */
const sameShape = (a: Index, b: Index) => a.unique === b.unique && a.method === b.method && a.nullsNotDistinct === b.nullsNotDistinct &&
  a.predicate === b.predicate && deepEqual(a.columns, b.columns) && deepEqual(a.include, b.include)

/** Whether PostgreSQL makes `object` as a clone of its parent's, with the partition's CREATE TABLE. */
export const isCloned = (ctx: DiffContext, object: Attachable) =>
  object.attachedTo !== null && tableIsNew(ctx, object.table) && !ctx.standalonePartitions.has(object.table)

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

/** What is attached to each index or key of one model, indexes first, each in key order; made once per model. */
const attachedTo = new WeakMap<ReadonlyMap<Key, unknown>, { readonly constraints: ReadonlyMap<Key, unknown>; readonly children: ReadonlyMap<Key, Attachable[]> }>()

function childrenOf(model: Model): ReadonlyMap<Key, Attachable[]> {
  const cached = attachedTo.get(model.indexes)
  if (cached !== undefined && cached.constraints === model.constraints) return cached.children
  const children = new Map<Key, Attachable[]>()
  for (const map of [model.indexes, model.constraints] as const) {
    for (const o of map.values()) {
      if (o.attachedTo === null) continue
      const list = children.get(o.attachedTo)
      if (list === undefined) children.set(o.attachedTo, [o])
      else list.push(o)
    }
  }
  attachedTo.set(model.indexes, { constraints: model.constraints, children })
  return children
}

/**
 * The objects attached to `key` in `model`, and theirs, all the way down.
 * Looked up, not searched: rendering calls it for every dropped index, and a
 * large model has thousands of indexes and keys.
 */
export function attachedBelow(model: Model, key: Key): Attachable[] {
  const direct = childrenOf(model).get(key) ?? []
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
