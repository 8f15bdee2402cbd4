// Tables and their columns. Alter wherever PostgreSQL allows; a table is
// recreated only when its partition key changes.
import type { Column, Table } from '../model/types.ts'
import { commentChange, type DiffContext } from './context.ts'
import { deepEqual, diffKeyed, without } from './keyed.ts'

/** Tables that must be dropped and created again. Runs before the other differs, which follow it. */
export function findRecreatedTables(ctx: DiffContext): void {
  for (const [key, to] of ctx.to.tables) {
    const from = ctx.from.tables.get(key)
    if (from !== undefined && (from.partitionKey !== to.partitionKey || (from.accessMethod !== to.accessMethod && ctx.versionNum < 150000))) {
      ctx.recreatedTables.add(key)
    }
  }
}

export function diffTables(ctx: DiffContext): void {
  const delta = diffKeyed(ctx.from.tables, ctx.to.tables)
  for (const { from, to } of delta.changed) {
    if (ctx.recreatedTables.has(to.key)) {
      delta.removed.push(from)
      delta.added.push(to)
    }
  }
  for (const table of delta.added) {
    ctx.changes.push({ kind: 'createTable', table })
    tableComments(ctx, null, table)
  }
  for (const table of delta.removed) ctx.changes.push({ kind: 'dropTable', table })
  for (const { from, to } of delta.changed) {
    if (ctx.recreatedTables.has(to.key)) continue
    diffTable(ctx, from, to)
  }
}

const TABLE_FIELDS = ['persistence', 'rowSecurity', 'forceRowSecurity', 'options', 'inherits', 'accessMethod'] as const

function diffTable(ctx: DiffContext, from: Table, to: Table): void {
  if (TABLE_FIELDS.some((field) => !deepEqual(from[field], to[field]))) ctx.changes.push({ kind: 'alterTable', from, to })
  if (!deepEqual(from.partitionOf, to.partitionOf)) {
    if (from.partitionOf) ctx.changes.push({ kind: 'detachPartition', table: from, ...from.partitionOf })
    if (to.partitionOf) ctx.changes.push({ kind: 'attachPartition', table: to, ...to.partitionOf })
  }
  // Column order is not compared: PostgreSQL appends new columns, and
  // reordering would mean rewriting the table.
  const before = new Map(from.columns.filter((c) => !c.inherited).map((c) => [c.name, c]))
  const after = new Map(to.columns.filter((c) => !c.inherited).map((c) => [c.name, c]))
  for (const [name, column] of after) {
    const old = before.get(name)
    if (old === undefined) ctx.changes.push({ kind: 'addColumn', table: to, column })
    else if (!deepEqual(without(old, 'comment'), without(column, 'comment'))) ctx.changes.push({ kind: 'alterColumn', table: to, from: old, to: column })
  }
  for (const [name, column] of before) if (!after.has(name)) ctx.changes.push({ kind: 'dropColumn', table: from, column })
  tableComments(ctx, from, to)
}

function tableComments(ctx: DiffContext, from: Table | null, to: Table): void {
  commentChange(ctx, { kind: 'table', schema: to.schema, name: to.name }, to.key, from?.comment ?? null, to.comment)
  const old = new Map((from?.columns ?? []).map((c): [string, Column] => [c.name, c]))
  for (const column of to.columns) {
    commentChange(ctx, { kind: 'column', schema: to.schema, relation: to.name, name: column.name }, to.key, old.get(column.name)?.comment ?? null, column.comment)
  }
}
