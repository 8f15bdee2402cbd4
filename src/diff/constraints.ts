// Constraints and indexes. A changed definition is dropped and added again
// under the same name; validating a NOT VALID constraint and changing a
// foreign key's deferrability are altered in place.
import type { Key } from '../model/key.ts'
import type { Constraint, Index } from '../model/types.ts'
import { attachmentDelta, clonedName, goesWithParent, isCloned } from './attached.ts'
import { commentChange, constraintTarget, indexTarget, type DiffContext } from './context.ts'
import { deepEqual, diffKeyed, without } from './keyed.ts'

/** Objects on a dropped or recreated table go with it; inherited constraints follow their parent. */
function scoped<T extends { table: Key }>(ctx: DiffContext, map: ReadonlyMap<Key, T>, side: 'from' | 'to', own: (o: T) => boolean): Map<Key, T> {
  const result = new Map<Key, T>()
  for (const [key, object] of map) {
    if (!own(object)) continue
    if (side === 'from' && ctx.recreatedTables.has(object.table)) continue
    result.set(key, object)
  }
  return result
}

export function diffConstraints(ctx: DiffContext): void {
  // A partition's inherited constraints become its own when it is detached
  // (and an attached table's matching ones are adopted): compared as they are.
  // A new partition made on its own and attached is one of those.
  const moving = new Set([...ctx.to.tables.values()].filter((t) => {
    const f = ctx.from.tables.get(t.key)
    return f !== undefined && (!deepEqual(f.partitionOf, t.partitionOf) || !deepEqual(f.inherits, t.inherits))
  }).map((t) => t.key).concat([...ctx.standalonePartitions]))
  // A key on a partition is its own, attached to its parent's or not.
  const own = (c: Constraint) => !c.inherited || moving.has(c.table) || c.attachedTo !== null
  const from = scoped(ctx, ctx.from.constraints, 'from', own)
  const to = scoped(ctx, ctx.to.constraints, 'to', own)
  const delta = diffKeyed(from, to, (a, b) => !ctx.remadeAttachables.has(a.key) && deepEqual(a, b))
  // A table made again loses its foreign keys with it; dropped first, two such tables that reference each other can go in either order.
  for (const c of ctx.from.constraints.values()) {
    if (c.type === 'foreignKey' && own(c) && ctx.recreatedTables.has(c.table) && !goesWithParent(ctx, c)) ctx.changes.push({ kind: 'dropConstraint', constraint: c })
  }
  for (const { from: a, to: b } of delta.changed) {
    const deferrability = a.deferrable !== b.deferrable || a.initiallyDeferred !== b.initiallyDeferred
    if (!deepEqual(core(a), core(b)) || (deferrability && a.type !== 'foreignKey') || (a.validated && !b.validated) || ctx.remadeAttachables.has(a.key)) {
      delta.removed.push(a)
      delta.added.push(b)
      continue
    }
    const attachment = attachmentDelta(ctx, a, b)
    if (attachment === 'create') {
      delta.added.push(b)
      continue
    }
    if (attachment === 'attach') ctx.changes.push({ kind: 'attachIndex', child: b, parent: b.attachedTo! })
    if (deferrability) ctx.changes.push({ kind: 'alterConstraintDeferrable', from: a, to: b })
    if (!a.validated && b.validated) ctx.changes.push({ kind: 'validateConstraint', constraint: b })
    commentChange(ctx, constraintTarget(b), b.key, a.comment, b.comment)
  }
  for (const constraint of delta.added) {
    // A partition attached to its parent gets the parent's foreign keys from PostgreSQL (cloned, or recursed when added later).
    if (constraint.type === 'foreignKey' && constraint.inherited && moving.has(constraint.table) && ctx.to.tables.get(constraint.table)?.partitionOf) continue
    addAttachable(ctx, constraint)
    commentChange(ctx, constraintTarget(constraint), constraint.key, null, constraint.comment)
  }
  validateInheritedChecks(ctx, own)
  for (const constraint of delta.removed) {
    // Dropped with their table; a foreign key is dropped first anyway, so two
    // tables that reference each other can go in either order.
    if (!ctx.to.tables.has(constraint.table) && constraint.type !== 'foreignKey') continue
    if (goesWithParent(ctx, constraint)) continue
    ctx.changes.push({ kind: 'dropConstraint', constraint })
  }
}

/**
 * A CHECK added NOT VALID to a parent is NOT VALID on its children too, while
 * a partition made after it gets a validated copy: a child's copy the target
 * has validated, under a parent's that is not, is validated on its own.
 */
function validateInheritedChecks(ctx: DiffContext, own: (c: Constraint) => boolean): void {
  // Looked up, not searched: a check on a parent with a thousand partitions has a thousand copies.
  const notValid = new Map([...ctx.to.constraints.values()].filter((c) => c.type === 'check' && !c.validated).map((c) => [`${c.table}\u0000${c.name}`, c]))
  if (notValid.size === 0) return
  const added = new Set(ctx.changes.flatMap((c) => (c.kind === 'addConstraint' ? [c.constraint.key] : [])))
  for (const b of ctx.to.constraints.values()) {
    if (b.type !== 'check' || own(b) || !b.validated) continue
    const table = ctx.to.tables.get(b.table)
    const parents = [...(table?.partitionOf ? [table.partitionOf.parent] : []), ...(table?.inherits ?? [])]
    const parent = parents.map((p) => notValid.get(`${p}\u0000${b.name}`)).find((c) => c !== undefined)
    if (parent === undefined) continue
    const a = ctx.from.constraints.get(b.key)
    const parentAdded = added.has(parent.key)
    if (a === undefined ? parentAdded : !a.validated || parentAdded) ctx.changes.push({ kind: 'validateConstraint', constraint: b })
  }
}

/**
 * A new constraint or index. On a new partition, PostgreSQL clones the
 * parent's: only its name may need changing. Elsewhere it is made, and
 * attached to its parent's.
 */
function addAttachable(ctx: DiffContext, object: Constraint | Index): void {
  const constraint = 'type' in object
  if (isCloned(ctx, object)) {
    const cloned = clonedName(object, ctx.to)
    ctx.changes.push(constraint ? { kind: 'addConstraint', constraint: object, cloned } : { kind: 'createIndex', index: object, cloned })
    return
  }
  ctx.changes.push(constraint ? { kind: 'addConstraint', constraint: object } : { kind: 'createIndex', index: object })
  if (object.attachedTo !== null) ctx.changes.push({ kind: 'attachIndex', child: object, parent: object.attachedTo })
}

/** What must match for a constraint to be altered rather than replaced: all but validity, deferrability and comment. */
function core(c: Constraint) {
  const definition = c.definition.replace(/ NOT VALID$/, '').replace(/( NOT)? DEFERRABLE( INITIALLY (DEFERRED|IMMEDIATE))?/, '')
  return { ...without(c, 'comment', 'validated', 'definition', 'deferrable', 'initiallyDeferred', 'inherited', 'attachedTo'), definition }
}

export function diffIndexes(ctx: DiffContext): void {
  const all = () => true
  const from = scoped(ctx, ctx.from.indexes, 'from', all)
  // An index on a recreated materialized view is created again with it.
  const recreated = new Set(ctx.changes.flatMap((c) => (c.kind === 'dropMaterializedView' ? [c.view.key] : [])))
  for (const [key, index] of from) if (recreated.has(index.table)) from.delete(key)
  const to = scoped(ctx, ctx.to.indexes, 'to', all)
  const delta = diffKeyed(from, to, (a, b) => !ctx.remadeAttachables.has(a.key) && deepEqual(a, b))
  // An index on a partitioned table is valid once every partition has one
  // attached: that follows from the partitions' indexes, compared themselves.
  const partitioned = (i: Index) => ctx.to.tables.get(i.table)?.partitionKey != null
  const core = (i: Index) => partitioned(i) ? without(i, 'comment', 'attachedTo', 'valid') : without(i, 'comment', 'attachedTo')
  for (const { from: a, to: b } of delta.changed) {
    if (deepEqual(core(a), core(b)) && !ctx.remadeAttachables.has(a.key)) {
      const attachment = attachmentDelta(ctx, a, b)
      if (attachment === 'create') {
        delta.added.push(b)
        continue
      }
      if (attachment === 'attach') ctx.changes.push({ kind: 'attachIndex', child: b, parent: b.attachedTo! })
      commentChange(ctx, indexTarget(b), b.key, a.comment, b.comment)
      continue
    }
    delta.removed.push(a)
    delta.added.push(b)
  }
  for (const index of delta.added) {
    addAttachable(ctx, index)
    commentChange(ctx, indexTarget(index), index.key, null, index.comment)
  }
  for (const index of delta.removed) {
    if (!ctx.to.tables.has(index.table) && !ctx.to.materializedViews.has(index.table)) continue
    if (goesWithParent(ctx, index)) continue
    ctx.changes.push({ kind: 'dropIndex', index })
  }
}

