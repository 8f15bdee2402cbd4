// Tables and their columns. Alter wherever PostgreSQL allows; a table is
// recreated only when its partition key changes.
import type { Column, SqlExpr, Table } from '../model/types.ts'
import { conversionOf, usingFor } from './casts.ts'
import { parseTypeName } from './names.ts'
import { commentChange, type DiffContext } from './context.ts'
import { deepEqual, diffKeyed, without } from './keyed.ts'
import { printedIdent } from '../sql/quote.ts'

/** Tables that must be dropped and created again. Runs before the other differs, which follow it. */
export function findRecreatedTables(ctx: DiffContext): void {
  for (const [key, to] of ctx.to.tables) {
    const from = ctx.from.tables.get(key)
    if (from !== undefined && (from.partitionKey !== to.partitionKey || (from.accessMethod !== to.accessMethod && ctx.versionNum < 150000))) {
      ctx.recreatedTables.add(key)
    }
  }
  // DROP TABLE takes a partitioned table's partitions along: those that stay its partitions are made again too.
  for (let grew = true; grew;) {
    grew = false
    for (const [key, to] of ctx.to.tables) {
      const parent = ctx.from.tables.get(key)?.partitionOf?.parent
      if (parent === undefined || !ctx.recreatedTables.has(parent) || ctx.recreatedTables.has(key) || to.partitionOf?.parent !== parent) continue
      ctx.recreatedTables.add(key)
      grew = true
    }
  }
}

export function diffTables(ctx: DiffContext): void {
  const delta = diffKeyed(ctx.from.tables, ctx.to.tables)
  // Made again, whether or not the table itself changed (a partition goes with its parent).
  for (const key of ctx.recreatedTables) {
    const from = ctx.from.tables.get(key)
    const to = ctx.to.tables.get(key)
    if (from === undefined || to === undefined) continue
    delta.removed.push(from)
    delta.added.push(to)
  }
  for (const table of delta.added) {
    if (ctx.standalonePartitions.has(table.key) && table.partitionOf) {
      // A table of its own with the parent's columns and CHECKs (added by diffConstraints), attached once its keys exist.
      ctx.changes.push({ kind: 'createTable', table: { ...table, partitionOf: null, columns: table.columns.map((c) => ({ ...c, inherited: false })) } })
      ctx.changes.push({ kind: 'attachPartition', table, ...table.partitionOf })
    } else ctx.changes.push({ kind: 'createTable', table })
    // USING INDEX needs the index, made after the table.
    if (typeof table.replicaIdentity === 'object') ctx.changes.push({ kind: 'setReplicaIdentity', table, from: null, to: table.replicaIdentity })
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
  if (!deepEqual(from.replicaIdentity, to.replicaIdentity)) ctx.changes.push({ kind: 'setReplicaIdentity', table: to, from: from.replicaIdentity ?? null, to: to.replicaIdentity ?? null })
  if (!deepEqual(from.partitionOf, to.partitionOf)) {
    if (from.partitionOf) ctx.changes.push({ kind: 'detachPartition', table: from, ...from.partitionOf })
    if (to.partitionOf) ctx.changes.push({ kind: 'attachPartition', table: to, ...to.partitionOf })
  }
  // Column order is not compared: PostgreSQL appends new columns, and
  // reordering would mean rewriting the table. Inherited columns belong to the
  // parent, except while a table is attached or detached: then its columns
  // stay and only change owner.
  const moving = !deepEqual(from.partitionOf, to.partitionOf) || !deepEqual(from.inherits, to.inherits)
  // A column the child declares itself on one side and only inherits on the
  // other is compared as its own: no ALTER makes a declared column
  // inherit-only (only CREATE TABLE … INHERITS does), nor the reverse.
  const declared = (t: Table, name: string) => t.columns.some((c) => c.name === name && !c.inherited)
  const own = (c: Column) => moving || !c.inherited || declared(from, c.name) || declared(to, c.name)
  const before = new Map(from.columns.filter(own).map((c) => [c.name, movedType(ctx, c, to.columns.find((t) => t.name === c.name))]))
  const after = new Map(to.columns.filter(own).map((c) => [c.name, c]))
  for (const [name, column] of after) {
    const old = before.get(name)
    if (old === undefined) ctx.changes.push({ kind: 'addColumn', table: to, column })
    else if (!deepEqual(without(old, 'comment', 'inherited'), without(column, 'comment', 'inherited'))) {
      // Between a serial's default and an identity, the column is bare for a
      // moment: the old sequence goes first, so the new one can take its name
      // (both are called <table>_<column>_seq).
      const bare = old.identity && !column.identity && column.default !== null ? { ...old, identity: null }
        : !old.identity && old.default !== null && column.identity ? { ...old, default: null }
        : null
      if (bare !== null) {
        ctx.changes.push({ kind: 'alterColumn', table: to, from: old, to: bare }, { kind: 'alterColumn', table: to, from: bare, to: column })
      } else {
        const given = old.type === column.type ? undefined : usingFor(ctx.usings, to.schema, to.name, column.name, old.type)
        const conversion = old.type === column.type || given ? 'cast' : conversionOf(old.type, column.type, ctx.from, ctx.to)
        ctx.changes.push({ kind: 'alterColumn', table: to, from: old, to: column, ...(conversion === 'cast' ? {} : { conversion }), ...(given ? { using: given.expression } : {}) })
      }
    }
  }
  for (const [name, column] of before) if (!after.has(name)) ctx.changes.push({ kind: 'dropColumn', table: from, column })
  if (!moving) inheritedNotNull(ctx, from, to)
  // An inherited column's storage settings are its own (SET STORAGE on the
  // parent recurses, but a partition may differ): only those are compared.
  if (!moving) {
    for (const column of to.columns) {
      const old = from.columns.find((c) => c.name === column.name)
      if (old === undefined || !old.inherited || !column.inherited) continue
      if (STORAGE_FIELDS.some((field) => old[field] !== column[field])) {
        ctx.changes.push({ kind: 'alterColumn', table: to, from: old, to: { ...pickStorage(column), ...without(old, ...STORAGE_FIELDS) } })
      }
    }
  }
  tableComments(ctx, from, to)
}

const STORAGE_FIELDS = ['storage', 'compression', 'statistics'] as const
const pickStorage = (c: Column): Pick<Column, (typeof STORAGE_FIELDS)[number]> =>
  Object.fromEntries(STORAGE_FIELDS.filter((f) => c[f] !== undefined).map((f) => [f, c[f]]))

/**
 * A table whose replica identity index is made again (its definition, or the
 * key behind it, changed) loses the setting with the old index: it is set
 * again once the new one exists. Runs after the index and constraint differs.
 */
export function restoreReplicaIdentity(ctx: DiffContext): void {
  for (const to of ctx.to.tables.values()) {
    const identity = to.replicaIdentity
    if (typeof identity !== 'object') continue
    const remade = ctx.changes.some((c) =>
      (c.kind === 'createIndex' && c.index.table === to.key && c.index.name === identity.index) ||
      (c.kind === 'addConstraint' && c.constraint.table === to.key && c.constraint.name === identity.index))
    if (!remade || ctx.changes.some((c) => c.kind === 'setReplicaIdentity' && c.table.key === to.key)) continue
    ctx.changes.push({ kind: 'setReplicaIdentity', table: to, from: null, to: identity })
  }
}

/**
 * An inherited column belongs to its parent, but its NOT NULL is the child's
 * own (a partition's primary key makes its columns NOT NULL). SET and DROP NOT
 * NULL on the parent recurse to the children; the child is altered where its
 * target differs from what that recursion leaves.
 */
function inheritedNotNull(ctx: DiffContext, from: Table, to: Table): void {
  const parents = [...(to.partitionOf ? [to.partitionOf.parent] : []), ...to.inherits]
  for (const column of to.columns) {
    const old = from.columns.find((c) => c.name === column.name)
    if (!column.inherited || old === undefined || !old.inherited) continue
    let expected = old.notNull
    for (const parent of parents) {
      const a = ctx.from.tables.get(parent)?.columns.find((c) => c.name === column.name)
      const b = ctx.to.tables.get(parent)?.columns.find((c) => c.name === column.name)
      if (a !== undefined && b !== undefined && a.notNull !== b.notNull) expected = b.notNull
    }
    if (expected !== column.notNull) ctx.changes.push({ kind: 'alterColumn', table: to, from: { ...column, notNull: expected }, to: column })
  }
}

function tableComments(ctx: DiffContext, from: Table | null, to: Table): void {
  commentChange(ctx, { kind: 'table', schema: to.schema, name: to.name }, to.key, from?.comment ?? null, to.comment)
  const old = new Map((from?.columns ?? []).map((c): [string, Column] => [c.name, c]))
  for (const column of to.columns) {
    commentChange(ctx, { kind: 'column', schema: to.schema, relation: to.name, name: column.name }, to.key, old.get(column.name)?.comment ?? null, column.comment)
  }
}

/**
 * A type whose extension moved to another schema prints under the new schema
 * afterwards, without any change to the column: `public.citext` is `ext.citext`.
 */
function movedType(ctx: DiffContext, column: Column, target: Column | undefined): Column {
  if (target === undefined || column.type === target.type) return column
  const a = parseTypeName(column.type)
  const b = parseTypeName(target.type)
  if (a === null || b === null || a.name !== b.name || a.dimensions !== b.dimensions) return column
  const moved = [...ctx.to.extensions.values()].some((x) => ctx.from.extensions.get(x.key)?.schema === a.schema && x.schema === b.schema)
  if (!moved) return column
  const spell = (t: { schema: string; name: string }) => `${printedIdent(t.schema, ctx.versionNum)}.${printedIdent(t.name, ctx.versionNum)}`
  return {
    ...column,
    type: target.type,
    default: column.default === null ? null : column.default.replaceAll(spell(a), spell(b)) as SqlExpr,
  }
}

