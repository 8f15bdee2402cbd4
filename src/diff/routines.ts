// Functions and procedures, triggers and policies.
import type { Key } from '../model/key.ts'
import { commentChange, policyTarget, routineTarget, triggerTarget, type DiffContext } from './context.ts'
import { deepEqual, diffKeyed, without } from './keyed.ts'


export function diffRoutines(ctx: DiffContext): void {
  const delta = diffKeyed(ctx.from.routines, ctx.to.routines)
  for (const { from, to } of delta.changed) {
    commentChange(ctx, routineTarget(to), to.key, from.comment, to.comment)
    if (deepEqual(without(from, 'comment'), without(to, 'comment'))) continue
    // CREATE OR REPLACE cannot change the result type, argument names or
    // defaults, or turn a function into a procedure.
    if (from.kind !== to.kind || from.returns !== to.returns || from.arguments !== to.arguments) {
      delta.removed.push(from)
      delta.added.push(to)
    } else {
      ctx.changes.push({ kind: 'replaceRoutine', from, to })
    }
  }
  for (const routine of delta.added) {
    ctx.changes.push({ kind: 'createRoutine', routine })
    commentChange(ctx, routineTarget(routine), routine.key, null, routine.comment)
  }
  for (const routine of delta.removed) ctx.changes.push({ kind: 'dropRoutine', routine })
}

/** What lives on a table that is dropped or recreated goes (and comes back) with it. */
function onLiveTables<T extends { table: Key }>(ctx: DiffContext, map: ReadonlyMap<Key, T>): Map<Key, T> {
  return new Map([...map].filter(([, o]) => !ctx.recreatedTables.has(o.table)))
}

export function diffTriggers(ctx: DiffContext): void {
  const delta = diffKeyed(onLiveTables(ctx, ctx.from.triggers), ctx.to.triggers)
  for (const { from, to } of delta.changed) {
    if (from.definition !== to.definition || from.function !== to.function) {
      delta.removed.push(from)
      delta.added.push(to)
      continue
    }
    if (from.enabled !== to.enabled) ctx.changes.push({ kind: 'setTriggerEnabled', trigger: to, from: from.enabled })
    commentChange(ctx, triggerTarget(to), to.key, from.comment, to.comment)
  }
  for (const trigger of delta.added) {
    ctx.changes.push({ kind: 'createTrigger', trigger })
    commentChange(ctx, triggerTarget(trigger), trigger.key, null, trigger.comment)
  }
  for (const trigger of delta.removed) if (ctx.to.tables.has(trigger.table) || ctx.to.views.has(trigger.table)) ctx.changes.push({ kind: 'dropTrigger', trigger })
}

export function diffPolicies(ctx: DiffContext): void {
  const delta = diffKeyed(onLiveTables(ctx, ctx.from.policies), ctx.to.policies)
  for (const { from, to } of delta.changed) {
    // ALTER POLICY changes roles and expressions, but cannot remove an
    // expression or change the command or permissiveness.
    const removesExpression = (from.using !== null && to.using === null) || (from.withCheck !== null && to.withCheck === null)
    if (from.permissive !== to.permissive || from.command !== to.command || removesExpression) {
      delta.removed.push(from)
      delta.added.push(to)
      continue
    }
    if (!deepEqual(without(from, 'comment'), without(to, 'comment'))) ctx.changes.push({ kind: 'alterPolicy', from, to })
    commentChange(ctx, policyTarget(to), to.key, from.comment, to.comment)
  }
  for (const policy of delta.added) {
    ctx.changes.push({ kind: 'createPolicy', policy })
    commentChange(ctx, policyTarget(policy), policy.key, null, policy.comment)
  }
  for (const policy of delta.removed) if (ctx.to.tables.has(policy.table)) ctx.changes.push({ kind: 'dropPolicy', policy })
}
