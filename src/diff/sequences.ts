// Sequences. OWNED BY is a step of its own: a serial column's default needs
// the sequence before the table exists, and OWNED BY needs the table.
import type { Key } from '../model/key.ts'
import { commentChange, type DiffContext } from './context.ts'
import { deepEqual, diffKeyed, without } from './keyed.ts'

export function diffSequences(ctx: DiffContext): void {
  const delta = diffKeyed(ctx.from.sequences, ctx.to.sequences)
  for (const sequence of delta.added) {
    ctx.changes.push({ kind: 'createSequence', sequence })
    if (sequence.ownedBy) ctx.changes.push({ kind: 'setSequenceOwner', sequence, ownedBy: sequence.ownedBy })
    commentChange(ctx, { kind: 'sequence', schema: sequence.schema, name: sequence.name }, sequence.key, null, sequence.comment)
  }
  for (const sequence of delta.removed) {
    // A sequence OWNED BY a column goes with its column or table.
    if (sequence.ownedBy && columnGoes(ctx, sequence.ownedBy.table, sequence.ownedBy.column)) continue
    ctx.changes.push({ kind: 'dropSequence', sequence })
  }
  // Owned by a table made again: let go before the drop (which would take the sequence along), owned again after.
  const released = new Set<Key>()
  for (const [key, to] of ctx.to.sequences) {
    const from = ctx.from.sequences.get(key)
    if (from?.ownedBy == null || !ctx.recreatedTables.has(from.ownedBy.table)) continue
    released.add(key)
    ctx.changes.push({ kind: 'setSequenceOwner', sequence: from, ownedBy: null })
    if (to.ownedBy) ctx.changes.push({ kind: 'setSequenceOwner', sequence: to, ownedBy: to.ownedBy })
  }
  for (const { from, to } of delta.changed) {
    commentChange(ctx, { kind: 'sequence', schema: to.schema, name: to.name }, to.key, from.comment, to.comment)
    if (!deepEqual(without(from, 'comment', 'ownedBy'), without(to, 'comment', 'ownedBy'))) ctx.changes.push({ kind: 'alterSequence', from, to })
    if (!deepEqual(from.ownedBy, to.ownedBy) && !released.has(to.key)) ctx.changes.push({ kind: 'setSequenceOwner', sequence: to, ownedBy: to.ownedBy })
  }
}

/** True when the target drops the column (or its table, or recreates the table). */
function columnGoes(ctx: DiffContext, table: Key, column: string): boolean {
  const target = ctx.to.tables.get(table)
  return target === undefined || ctx.recreatedTables.has(table) || !target.columns.some((c) => c.name === column)
}
