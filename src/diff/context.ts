// What every per-kind differ reads and writes.
import { partsOf, type Key } from '../model/key.ts'
import type { Constraint, Index, MaterializedView, Model, Policy, Routine, Trigger, View } from '../model/types.ts'
import type { ColumnUsing } from './casts.ts'
import type { Change, CommentTarget } from './change.ts'

export interface DiffContext {
  readonly from: Model
  readonly to: Model
  /** server_version_num of the server the migration will run on. */
  readonly versionNum: number
  readonly changes: Change[]
  /** Tables dropped and created again: what is on them follows them. */
  readonly recreatedTables: Set<Key>
  /** New partitions made as tables of their own and then attached: a key of theirs backs a parent's index, which no clone can. */
  readonly standalonePartitions: Set<Key>
  /**
   * Parents' indexes and keys made again, with what is attached to them: a
   * partition's index cannot be detached from its parent's on its own.
   */
  readonly remadeAttachables: Set<Key>
  /** The schema's USINGs for column type changes. */
  readonly usings: readonly ColumnUsing[]
}

/** A COMMENT ON change, when the comment differs. */
export function commentChange(ctx: DiffContext, target: CommentTarget, key: Key, from: string | null, to: string | null): void {
  if (from !== to) ctx.changes.push({ kind: 'setComment', target, key, from, to })
}

/** What COMMENT ON names, for the kinds that live on a table or have a signature. */
export const constraintTarget = (c: Constraint): CommentTarget => ({ kind: 'constraint', schema: c.schema, table: partsOf(c.table).name, name: c.name })
export const indexTarget = (i: Index): CommentTarget => ({ kind: 'index', schema: i.schema, name: i.name })
export const routineTarget = (r: Routine): CommentTarget => ({ kind: 'routine', routineKind: r.kind, schema: r.schema, name: r.name, args: r.identityArguments })
export const triggerTarget = (t: Trigger): CommentTarget => ({ kind: 'trigger', schema: t.schema, table: partsOf(t.table).name, name: t.name })
export const policyTarget = (p: Policy): CommentTarget => ({ kind: 'policy', schema: p.schema, table: partsOf(p.table).name, name: p.name })

/** The comments of a view or materialized view and of its columns, changed from `from`'s (null: a new view). */
export function viewComments(ctx: DiffContext, from: View | MaterializedView | null, to: View | MaterializedView, kind: 'view' | 'materializedView'): void {
  commentChange(ctx, { kind, schema: to.schema, name: to.name }, to.key, from?.comment ?? null, to.comment)
  for (const column of to.columns) {
    const old = from?.columns.find((c) => c.name === column.name)
    commentChange(ctx, { kind: 'column', schema: to.schema, relation: to.name, name: column.name }, to.key, old?.comment ?? null, column.comment)
  }
}

/**
 * An object dropped and created again loses its comments (and its columns'):
 * `key`'s comments as `to` holds them are set again, in place of any change
 * to them the differ already made.
 */
export function restoreComments(ctx: DiffContext, key: Key): void {
  const { to, changes } = ctx
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i]!
    if (c.kind === 'setComment' && c.key === key) changes.splice(i, 1)
  }
  const view = to.views.get(key)
  const matview = to.materializedViews.get(key)
  if (view ?? matview) return viewComments(ctx, null, (view ?? matview)!, view ? 'view' : 'materializedView')
  const object = to.constraints.get(key) ?? to.indexes.get(key) ?? to.routines.get(key) ?? to.triggers.get(key) ?? to.policies.get(key)
  if (object === undefined) return
  const target = to.constraints.has(key) ? constraintTarget(object as Constraint)
    : to.indexes.has(key) ? indexTarget(object as Index)
    : to.routines.has(key) ? routineTarget(object as Routine)
    : to.triggers.has(key) ? triggerTarget(object as Trigger)
    : policyTarget(object as Policy)
  commentChange(ctx, target, key, null, object.comment)
}

/** Thrown for a transition pgstrata cannot express safely; the message says what to do instead. */
export class UnsupportedChangeError extends Error {
  constructor(readonly what: string, readonly hint: string) {
    super(what)
    this.name = 'UnsupportedChangeError'
  }
}
