// Enums, domains, composite types and range types.
import type { Key } from '../model/key.ts'
import type { EnumType, Model } from '../model/types.ts'
import type { Change, ColumnRef } from './change.ts'
import { commentChange, UnsupportedChangeError, type DiffContext } from './context.ts'
import { deepEqual, diffKeyed, without } from './keyed.ts'
import { parseTypeName } from './names.ts'

export function diffTypes(ctx: DiffContext): void {
  diffEnums(ctx)
  diffDomains(ctx)
  diffComposites(ctx)
  diffRanges(ctx)
}

/** Domains remade by a recreated enum they are over: the domain differ leaves them alone. */
const overDomains = new Set<Key>()

function diffEnums(ctx: DiffContext): void {
  overDomains.clear()
  const delta = diffKeyed(ctx.from.enums, ctx.to.enums)
  for (const type of delta.added) {
    ctx.changes.push({ kind: 'createEnum', type })
    commentChange(ctx, { kind: 'type', schema: type.schema, name: type.name }, type.key, null, type.comment)
  }
  for (const type of delta.removed) ctx.changes.push({ kind: 'dropEnum', type })
  for (const { from, to } of delta.changed) {
    commentChange(ctx, { kind: 'type', schema: to.schema, name: to.name }, to.key, from.comment, to.comment)
    if (deepEqual(from.labels, to.labels)) continue
    const additions = appendOnly(from.labels, to.labels)
    if (additions !== null) {
      ctx.changes.push(...additions.map((a): Change => ({ kind: 'addEnumValue', type: to, ...a })))
    } else {
      // A value removed or the order changed: ALTER TYPE cannot do either.
      const domains = [...ctx.from.domains.values()]
        .filter((d) => { const t = parseTypeName(d.type); return t !== null && t.schema === from.schema && t.name === from.name && ctx.to.domains.has(d.key) })
        .map((d) => ({ from: d, to: ctx.to.domains.get(d.key)!, columns: columnsOfType(ctx.from, ctx.to, d) }))
      for (const d of domains) overDomains.add(d.from.key)
      ctx.changes.push({ kind: 'recreateEnum', from, to, columns: columnsOfType(ctx.from, ctx.to, from), domains })
    }
  }
}

/**
 * The ADD VALUE steps that turn `from` into `to`, or null when `to` is not
 * `from` with values inserted (a value removed or moved). Each new value is
 * placed BEFORE the next value already present, or AFTER the previous one.
 */
export function appendOnly(from: readonly string[], to: readonly string[]): { value: string; position: { before: string } | { after: string } | null }[] | null {
  const kept = to.filter((label) => from.includes(label))
  if (kept.length !== from.length || kept.some((label, i) => label !== from[i])) return null
  const present = new Set(from)
  const steps: { value: string; position: { before: string } | { after: string } | null }[] = []
  to.forEach((label, i) => {
    if (present.has(label)) return
    const next = to.slice(i + 1).find((l) => present.has(l))
    const previous = to.slice(0, i).reverse().find((l) => present.has(l))
    steps.push({ value: label, position: next !== undefined ? { before: next } : previous !== undefined ? { after: previous } : null })
    present.add(label)
  })
  return steps
}

/** Whether a column's type is `type` or an array of it. */
export function isOfType(columnType: string, type: { schema: string; name: string }): boolean {
  const parsed = parseTypeName(columnType)
  return parsed !== null && parsed.schema === type.schema && parsed.name === type.name
}

/**
 * The columns (in `from`) whose type is `type` or an array of it and stays
 * so in `to`, with the default to restore. A column that is dropped or
 * changes to another type is left to its own change (planned first).
 */
export function columnsOfType(from: Model, to: Model, type: { key: Key; schema: string; name: string }): ColumnRef[] {
  const refs: ColumnRef[] = []
  for (const table of from.tables.values()) {
    for (const column of table.columns) {
      if (column.inherited || !isOfType(column.type, type)) continue
      const target = to.tables.get(table.key)?.columns.find((c) => c.name === column.name)
      if (target === undefined || !isOfType(target.type, type)) continue
      // The default is restored only if the target keeps it; otherwise the column's own change sets it.
      refs.push({ table: table.key, column: column.name, type: column.type, default: target.default === column.default ? column.default : null, hadDefault: column.default !== null })
    }
  }
  return refs
}

function diffDomains(ctx: DiffContext): void {
  const delta = diffKeyed(ctx.from.domains, ctx.to.domains)
  for (const domain of delta.added) {
    ctx.changes.push({ kind: 'createDomain', domain })
    commentChange(ctx, { kind: 'domain', schema: domain.schema, name: domain.name }, domain.key, null, domain.comment)
  }
  for (const domain of delta.removed) ctx.changes.push({ kind: 'dropDomain', domain })
  for (const { from, to } of delta.changed) {
    commentChange(ctx, { kind: 'domain', schema: to.schema, name: to.name }, to.key, from.comment, to.comment)
    if (deepEqual(without(from, 'comment'), without(to, 'comment')) || overDomains.has(from.key)) continue
    if (from.type !== to.type || from.collation !== to.collation) {
      ctx.changes.push({ kind: 'recreateDomain', from, to, columns: columnsOfType(ctx.from, ctx.to, from) })
    } else {
      ctx.changes.push({ kind: 'alterDomain', from, to })
    }
  }
}

function diffComposites(ctx: DiffContext): void {
  const delta = diffKeyed(ctx.from.composites, ctx.to.composites)
  for (const type of delta.added) {
    ctx.changes.push({ kind: 'createComposite', type })
    commentChange(ctx, { kind: 'type', schema: type.schema, name: type.name }, type.key, null, type.comment)
    for (const a of type.attributes) commentChange(ctx, { kind: 'column', schema: type.schema, relation: type.name, name: a.name }, type.key, null, a.comment)
  }
  for (const type of delta.removed) ctx.changes.push({ kind: 'dropComposite', type })
  for (const { from, to } of delta.changed) {
    commentChange(ctx, { kind: 'type', schema: to.schema, name: to.name }, to.key, from.comment, to.comment)
    const strip = (t: typeof from) => t.attributes.map((a) => without(a, 'comment'))
    if (!deepEqual(strip(from), strip(to))) {
      // ALTER TYPE adds attributes at the end: the kept ones must stay in order, before the new ones.
      const names = to.attributes.map((a) => a.name)
      const isKept = (name: string) => from.attributes.some((b) => b.name === name)
      const kept = names.filter(isKept)
      const before = from.attributes.map((a) => a.name).filter((name) => names.includes(name))
      const firstNew = names.findIndex((name) => !isKept(name))
      const appended = firstNew === -1 || names.slice(firstNew).every((name) => !isKept(name))
      if (!deepEqual(kept, before) || !appended) {
        throw new UnsupportedChangeError(`composite type ${to.schema}.${to.name}: its attributes were reordered`,
          'PostgreSQL cannot reorder the attributes of a composite type; add new attributes at the end, or drop the type and create it in a separate migration')
      }
      const retyped = to.attributes.some((b) => from.attributes.some((a) => a.name === b.name && (a.type !== b.type || a.collation !== b.collation)))
      const columns = retyped ? columnsOfType(ctx.from, ctx.to, from) : []
      ctx.changes.push({ kind: 'alterComposite', from, to, ...(columns.length > 0 ? { columns } : {}) })
    }
    for (const a of to.attributes) {
      const old = from.attributes.find((b) => b.name === a.name)
      commentChange(ctx, { kind: 'column', schema: to.schema, relation: to.name, name: a.name }, to.key, old?.comment ?? null, a.comment)
    }
  }
}

function diffRanges(ctx: DiffContext): void {
  const delta = diffKeyed(ctx.from.ranges, ctx.to.ranges)
  for (const { from, to } of delta.changed) {
    if (deepEqual(without(from, 'comment'), without(to, 'comment'))) {
      commentChange(ctx, { kind: 'type', schema: to.schema, name: to.name }, to.key, from.comment, to.comment)
      continue
    }
    // A range type cannot be altered: dropped and created again (its users come with dependents).
    delta.removed.push(from)
    delta.added.push(to)
  }
  for (const type of delta.added) {
    ctx.changes.push({ kind: 'createRange', type })
    commentChange(ctx, { kind: 'type', schema: type.schema, name: type.name }, type.key, null, type.comment)
  }
  for (const type of delta.removed) ctx.changes.push({ kind: 'dropRange', type })
}

export type { EnumType }
