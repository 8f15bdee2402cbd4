// Views and materialized views. CREATE OR REPLACE VIEW works while the old
// columns stay as they are, in order; otherwise the view is dropped and
// created again (and so is whatever reads it: dependents.ts).
import type { View } from '../model/types.ts'
import { viewComments, type DiffContext } from './context.ts'
import { deepEqual, diffKeyed, without } from './keyed.ts'

export function diffViews(ctx: DiffContext): void {
  const delta = diffKeyed(ctx.from.views, ctx.to.views)
  for (const { from, to } of delta.changed) {
    const body = (v: View) => ({ definition: v.definition, columns: v.columns.map((c) => without(c, 'comment')) })
    const options = (v: View) => ({ checkOption: v.checkOption, securityBarrier: v.securityBarrier, securityInvoker: v.securityInvoker, options: v.options })
    if (!deepEqual(body(from), body(to))) {
      if (keepsColumns(from, to)) ctx.changes.push({ kind: 'replaceView', from, to })
      else {
        delta.removed.push(from)
        delta.added.push(to)
        continue
      }
    } else if (!deepEqual(options(from), options(to))) {
      ctx.changes.push({ kind: 'alterViewOptions', from, to })
    }
    viewComments(ctx, from, to, 'view')
  }
  for (const view of delta.added) {
    ctx.changes.push({ kind: 'createView', view })
    viewComments(ctx, null, view, 'view')
  }
  for (const view of delta.removed) ctx.changes.push({ kind: 'dropView', view })

  const materialized = diffKeyed(ctx.from.materializedViews, ctx.to.materializedViews)
  for (const { from, to } of materialized.changed) {
    if (!deepEqual(without(from, 'comment', 'populated', 'columns'), without(to, 'comment', 'populated', 'columns'))
      || !deepEqual(from.columns.map((c) => without(c, 'comment')), to.columns.map((c) => without(c, 'comment')))) {
      // There is no CREATE OR REPLACE MATERIALIZED VIEW.
      materialized.removed.push(from)
      materialized.added.push(to)
      continue
    }
    if (from.populated !== to.populated) ctx.changes.push({ kind: 'refreshMaterializedView', view: to })
    viewComments(ctx, from, to, 'materializedView')
  }
  for (const view of materialized.added) {
    ctx.changes.push({ kind: 'createMaterializedView', view })
    viewComments(ctx, null, view, 'materializedView')
  }
  for (const view of materialized.removed) ctx.changes.push({ kind: 'dropMaterializedView', view })
}

/** True when `to` has `from`'s columns first, with the same names and types, so CREATE OR REPLACE accepts it. */
function keepsColumns(from: View, to: View): boolean {
  return from.columns.every((c, i) => to.columns[i]?.name === c.name && to.columns[i]?.type === c.type)
}
