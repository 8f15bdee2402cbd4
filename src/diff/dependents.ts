// What must be dropped and created again because something it depends on
// is: a view on a table whose column changes type, a trigger on a function
// whose signature changes, a foreign key on a key that is replaced. PostgreSQL
// refuses those drops and type changes while the dependents exist.
import type { Key } from '../model/key.ts'
import type { Column, Model } from '../model/types.ts'
import type { Change } from './change.ts'
import { tableMoves } from './attached.ts'
import { restoreComments, type DiffContext } from './context.ts'

/**
 * Keys of `from` objects that the changes drop or replace, and tables whose
 * columns change type or go. A reshaped table keeps its constraints and
 * indexes (ALTER COLUMN TYPE rebuilds them); what reads it through a view or
 * a function body must be dropped and created again around the change.
 */
function disrupted(changes: readonly Change[]): { replaced: Key[]; reshaped: Map<Key, Set<string>> } {
  const keys: Key[] = []
  const reshaped = new Map<Key, Set<string>>()
  const reshape = (table: Key, column: string) => reshaped.set(table, (reshaped.get(table) ?? new Set()).add(column))
  for (const c of changes) {
    switch (c.kind) {
      case 'dropTable': keys.push(c.table.key); break
      case 'dropView': case 'dropMaterializedView': keys.push(c.view.key); break
      case 'dropRoutine': keys.push(c.routine.key); break
      case 'dropConstraint': keys.push(c.constraint.key); break
      case 'dropIndex': keys.push(c.index.key); break
      case 'dropEnum': case 'dropComposite': case 'dropRange': keys.push(c.type.key); break
      case 'dropDomain': keys.push(c.domain.key); break
      case 'dropCollation': keys.push(c.collation.key); break
      case 'dropSequence': keys.push(c.sequence.key); break
      case 'recreateEnum':
        keys.push(c.from.key, ...c.domains.map((d) => d.from.key))
        for (const col of [...c.columns, ...c.domains.flatMap((d) => d.columns)]) reshape(col.table, col.column)
        break
      case 'alterComposite':
        if (c.columns === undefined) break
        keys.push(c.from.key)
        for (const col of c.columns) reshape(col.table, col.column)
        break
      case 'recreateDomain':
        keys.push(c.from.key)
        for (const col of c.columns) reshape(col.table, col.column)
        break
      case 'dropColumn': reshape(c.table.key, c.column.name); break
      case 'alterColumn':
        if (c.from.type !== c.to.type || c.from.collation !== c.to.collation || !sameGenerated(c.from, c.to)) reshape(c.table.key, c.from.name)
        break
      default:
    }
  }
  return { replaced: keys, reshaped }
}

const sameGenerated = (a: Column, b: Column) => a.generated?.expression === b.generated?.expression && a.generated?.stored === b.generated?.stored

/**
 * Adds drop + create pairs for every object in `from` that depends
 * (transitively, through views and functions) on something the changes
 * disrupt, and still exists in `to`.
 */
export function addDependents(ctx: DiffContext): void {
  const dependentsOf = new Map<Key, Key[]>()
  for (const { from, to } of ctx.from.dependencies) {
    // In place: copying the list for every row is quadratic in a type used by a thousand columns.
    const list = dependentsOf.get(to)
    if (list === undefined) dependentsOf.set(to, [from])
    else list.push(from)
  }
  const { replaced, reshaped } = disrupted(ctx.changes)
  const queue = [...replaced]
  const seen = new Set<Key>([...replaced, ...reshaped.keys()])
  // A view or function reading the table; a policy or trigger naming the column
  // (PostgreSQL refuses to change a column's type under either).
  const readers = (table: Key, columns: Set<string>) => (dependentsOf.get(table) ?? []).filter((d) => {
    if (ctx.from.views.has(d) || ctx.from.materializedViews.has(d) || ctx.from.routines.has(d)) return true
    const policy = ctx.from.policies.get(d)
    if (policy) return [...columns].some((c) => namesColumn(`${policy.using ?? ''} ${policy.withCheck ?? ''}`, c))
    const trigger = ctx.from.triggers.get(d)
    return trigger !== undefined && [...columns].some((c) => namesColumn(trigger.definition, c))
  })
  for (const key of [...retypedForeignKeys(ctx), ...onReaddedColumns(ctx)]) {
    if (!seen.has(key) && recreate(ctx, key, (ctx.from.constraints.get(key) ?? ctx.from.indexes.get(key))!.table)) seen.add(key)
  }
  for (const [table, columns] of reshaped) {
    for (const dependent of readers(table, columns)) {
      if (!seen.has(dependent) && recreate(ctx, dependent, table)) {
        seen.add(dependent)
        queue.push(dependent)
      }
    }
  }
  while (queue.length > 0) {
    const key = queue.shift()!
    for (const dependent of dependentsOf.get(key) ?? []) {
      if (seen.has(dependent)) continue
      if (recreate(ctx, dependent, key)) {
        seen.add(dependent)
        queue.push(dependent)
      }
    }
  }
}

/**
 * Indexes and constraints on a column that is dropped and added again
 * because its generation expression changes (before PostgreSQL 17, or from
 * or to a virtual column): the drop takes them, so they are dropped first
 * and made again after.
 */
function onReaddedColumns(ctx: DiffContext): Key[] {
  const readded = new Map<Key, Set<string>>()
  for (const c of ctx.changes) {
    if (c.kind !== 'alterColumn' || sameGenerated(c.from, c.to) || c.to.generated === null) continue
    const setExpression = c.from.generated?.stored && c.to.generated.stored && ctx.versionNum >= 170000 && c.from.type === c.to.type
    if (!setExpression) readded.set(c.table.key, (readded.get(c.table.key) ?? new Set()).add(c.from.name))
  }
  if (readded.size === 0) return []
  const keys: Key[] = []
  for (const constraint of ctx.from.constraints.values()) {
    const columns = readded.get(constraint.table)
    if (columns !== undefined && constraint.columns.some((c) => columns.has(c))) keys.push(constraint.key)
  }
  for (const index of ctx.from.indexes.values()) {
    const columns = readded.get(index.table)
    const text = [...index.columns, ...index.include, index.predicate ?? ''].join(' ')
    if (columns !== undefined && [...columns].some((c) => namesColumn(text, c))) keys.push(index.key)
  }
  return keys
}

const INTEGERS = ['smallint', 'integer', 'bigint']

/**
 * Foreign keys with a column, on either side, changing type. PostgreSQL
 * checks the key after each ALTER TABLE, and a key between, say, timestamp
 * and bigint (or integer and text) cannot be implemented: it is dropped
 * first and added back once both sides have their new types. Between the
 * integer types the key holds throughout and is left alone.
 */
function retypedForeignKeys(ctx: DiffContext): Key[] {
  const retyped = new Map<Key, Map<string, { from: string; to: string }>>()
  for (const c of ctx.changes) {
    if (c.kind === 'alterColumn' && c.from.type !== c.to.type) {
      retyped.set(c.table.key, (retyped.get(c.table.key) ?? new Map()).set(c.from.name, { from: c.from.type, to: c.to.type }))
    }
  }
  if (retyped.size === 0) return []
  const keys: Key[] = []
  for (const constraint of ctx.from.constraints.values()) {
    const fk = constraint.foreignKey
    if (fk === null || !ctx.to.constraints.has(constraint.key)) continue
    const changes = [
      ...constraint.columns.map((name) => retyped.get(constraint.table)?.get(name)),
      ...fk.columns.map((name) => retyped.get(fk.references)?.get(name)),
    ].filter((t) => t !== undefined)
    if (changes.length > 0 && !changes.every((t) => INTEGERS.includes(t.from) && INTEGERS.includes(t.to))) keys.push(constraint.key)
  }
  return keys
}

/** True when `text` names `column` as an identifier (bare or quoted). */
function namesColumn(text: string, column: string): boolean {
  if (text.includes(`"${column.replaceAll('"', '""')}"`)) return true
  return /^[a-z_][a-z0-9_$]*$/.test(column) && new RegExp(`(?<![A-Za-z0-9_$"])${column.replaceAll('$', '\\$')}(?![A-Za-z0-9_$"])`).test(text)
}

/** Makes sure `key` is dropped and created again; true if that disrupts it in turn. */
function recreate(ctx: DiffContext, key: Key, because: Key): boolean {
  const { from, to, changes } = ctx
  const has = (test: (c: Change) => boolean) => changes.some(test)
  // Already created by the differ (with its drop, or its relation's drop): nothing to add.
  const created = has((c) => (c.kind === 'createIndex' && c.index.key === key) || (c.kind === 'addConstraint' && c.constraint.key === key)
    || (c.kind === 'createTrigger' && c.trigger.key === key) || (c.kind === 'createPolicy' && c.policy.key === key))
  if (created) return false
  const remove = (test: (c: Change) => boolean) => {
    for (let i = changes.length - 1; i >= 0; i--) if (test(changes[i]!)) changes.splice(i, 1)
  }
  const view = from.views.get(key)
  if (view) {
    if (!has((c) => c.kind === 'dropView' && c.view.key === key)) {
      remove((c) => (c.kind === 'replaceView' || c.kind === 'alterViewOptions') && c.from.key === key)
      changes.push({ kind: 'dropView', view })
      if (to.views.has(key)) {
        changes.push({ kind: 'createView', view: to.views.get(key)! })
        restoreComments(ctx, key)
      }
    }
    recreateOnRelation(ctx, key)
    return true
  }
  const matview = from.materializedViews.get(key)
  if (matview) {
    if (!has((c) => c.kind === 'dropMaterializedView' && c.view.key === key)) {
      remove((c) => c.kind === 'refreshMaterializedView' && c.view.key === key)
      changes.push({ kind: 'dropMaterializedView', view: matview })
      if (to.materializedViews.has(key)) {
        changes.push({ kind: 'createMaterializedView', view: to.materializedViews.get(key)! })
        restoreComments(ctx, key)
      }
    }
    recreateOnRelation(ctx, key)
    return true
  }
  const routine = from.routines.get(key)
  if (routine) {
    if (!has((c) => c.kind === 'dropRoutine' && c.routine.key === key)) {
      remove((c) => c.kind === 'replaceRoutine' && c.from.key === key)
      changes.push({ kind: 'dropRoutine', routine })
      if (to.routines.has(key)) {
        changes.push({ kind: 'createRoutine', routine: to.routines.get(key)! })
        restoreComments(ctx, key)
      }
    }
    return true
  }
  const trigger = from.triggers.get(key)
  if (trigger) {
    if (!has((c) => c.kind === 'dropTrigger' && c.trigger.key === key) && relationSurvives(ctx, trigger.table)) {
      remove((c) => c.kind === 'setTriggerEnabled' && c.trigger.key === key)
      changes.push({ kind: 'dropTrigger', trigger })
      if (to.triggers.has(key)) {
        changes.push({ kind: 'createTrigger', trigger: to.triggers.get(key)! })
        restoreComments(ctx, key)
      }
    }
    return false
  }
  const constraint = from.constraints.get(key)
  // A partition's copy of its parent's CHECK or foreign key depends on what the parent's does, and goes and comes with it.
  if (constraint && constraint.inherited && constraint.attachedTo === null && !tableMoves(ctx, constraint.table)) return false
  if (constraint) {
    if (!has((c) => c.kind === 'dropConstraint' && c.constraint.key === key) && relationSurvives(ctx, constraint.table)) {
      remove((c) => (c.kind === 'validateConstraint' && c.constraint.key === key) || (c.kind === 'alterConstraintDeferrable' && c.from.key === key))
      changes.push({ kind: 'dropConstraint', constraint })
      if (to.constraints.has(key)) {
        changes.push({ kind: 'addConstraint', constraint: to.constraints.get(key)! })
        restoreComments(ctx, key)
      }
    }
    return true
  }
  const index = from.indexes.get(key)
  if (index) {
    if (!has((c) => c.kind === 'dropIndex' && c.index.key === key) && relationSurvives(ctx, index.table)) {
      changes.push({ kind: 'dropIndex', index })
      if (to.indexes.has(key)) {
        changes.push({ kind: 'createIndex', index: to.indexes.get(key)! })
        restoreComments(ctx, key)
      }
    }
    return false
  }
  const policy = from.policies.get(key)
  if (policy) {
    if (!has((c) => c.kind === 'dropPolicy' && c.policy.key === key) && relationSurvives(ctx, policy.table)) {
      remove((c) => c.kind === 'alterPolicy' && c.from.key === key)
      changes.push({ kind: 'dropPolicy', policy })
      if (to.policies.has(key)) {
        changes.push({ kind: 'createPolicy', policy: to.policies.get(key)! })
        restoreComments(ctx, key)
      }
    }
    return false
  }
  const table = from.tables.get(key)
  if (table && relationSurvives(ctx, key)) refreshDefaults(ctx, table.key, because)
  return false
}

/** Indexes and triggers on a view or materialized view being recreated go with it and must come back. */
function recreateOnRelation(ctx: DiffContext, relation: Key): void {
  const { to, changes } = ctx
  for (const index of to.indexes.values()) {
    if (index.table === relation && !changes.some((c) => c.kind === 'createIndex' && c.index.key === index.key)) {
      for (let i = changes.length - 1; i >= 0; i--) {
        const c = changes[i]!
        if (c.kind === 'dropIndex' && c.index.key === index.key) changes.splice(i, 1)
      }
      changes.push({ kind: 'createIndex', index })
      restoreComments(ctx, index.key)
    }
  }
  for (const trigger of to.triggers.values()) {
    if (trigger.table === relation && !changes.some((c) => c.kind === 'createTrigger' && c.trigger.key === trigger.key)) {
      for (let i = changes.length - 1; i >= 0; i--) {
        const c = changes[i]!
        if ((c.kind === 'dropTrigger' && c.trigger.key === trigger.key) || (c.kind === 'setTriggerEnabled' && c.trigger.key === trigger.key)) changes.splice(i, 1)
      }
      changes.push({ kind: 'createTrigger', trigger })
      restoreComments(ctx, trigger.key)
    }
  }
}

function relationSurvives(ctx: DiffContext, key: Key): boolean {
  if (ctx.recreatedTables.has(key)) return false
  return ctx.to.tables.has(key) || ctx.to.views.has(key) || ctx.to.materializedViews.has(key)
}

/**
 * A column default calling a function (or using a type) that is dropped and
 * created again is removed before and set again after. Which column is read
 * from the default's text: pg_depend records the table, not the column.
 */
function refreshDefaults(ctx: DiffContext, tableKey: Key, because: Key): void {
  const from = ctx.from.tables.get(tableKey)!
  const to = ctx.to.tables.get(tableKey)!
  const object = nameOf(ctx.from, because)
  if (object === null) return
  for (const column of from.columns) {
    if (column.default === null || !mentions(column.default, object)) continue
    const target = to.columns.find((c) => c.name === column.name)
    if (target === undefined || target.type !== column.type) continue
    if (ctx.changes.some((c) => c.kind === 'alterColumn' && c.table.key === tableKey && c.from.name === column.name)) continue
    ctx.changes.push({ kind: 'alterColumn', table: to, from: column, to: { ...column, default: null } })
    ctx.changes.push({ kind: 'alterColumn', table: to, from: { ...column, default: null }, to: target })
  }
}

function nameOf(model: Model, key: Key): { schema: string; name: string } | null {
  const object = model.routines.get(key) ?? model.sequences.get(key) ?? model.enums.get(key) ?? model.domains.get(key)
  return object ? { schema: object.schema, name: object.name } : null
}

function mentions(expression: string, { schema, name }: { schema: string; name: string }): boolean {
  const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`
  const spellings = [`${schema}.${name}`, `${quoted(schema)}.${quoted(name)}`, `${schema}.${quoted(name)}`, `${quoted(schema)}.${name}`]
  return spellings.some((s) => expression.includes(s))
}
