// Renames are never guessed: they come in as a map (from the DSL's
// renamedFrom), are emitted as ALTER … RENAME first, and applied to the
// `from` model, so the rest of the diff compares the renamed objects with
// their targets instead of dropping one and creating the other.
import { keyOf, partsOf, type Key } from '../model/key.ts'
import type { Model, SqlExpr } from '../model/types.ts'
import type { Change } from './change.ts'
import { displayIdent, printedIdent } from '../sql/quote.ts'
import { PgstrataError } from '../errors.ts'

/** Names as in the target; for a column, constraint or enum value, its table or type's target name. */
export interface Renames {
  readonly schemas?: readonly (readonly [from: string, to: string])[]
  readonly tables?: readonly (readonly [schema: string, from: string, to: string])[]
  readonly columns?: readonly (readonly [schema: string, table: string, from: string, to: string])[]
  readonly constraints?: readonly (readonly [schema: string, table: string, from: string, to: string])[]
  readonly indexes?: readonly (readonly [schema: string, from: string, to: string])[]
  readonly views?: readonly (readonly [schema: string, from: string, to: string])[]
  readonly enumValues?: readonly (readonly [schema: string, type: string, from: string, to: string])[]
}

/**
 * The renames that undo `renames`, for the down migration. A column's or
 * constraint's table, and an enum value's type, are named as in the down
 * migration's target: before the table and schema renames.
 */
export function invertRenames(renames: Renames): Renames {
  const schema = (s: string) => renames.schemas?.find(([, to]) => to === s)?.[0] ?? s
  const table = (s: string, t: string) => renames.tables?.find(([rs, , to]) => rs === s && to === t)?.[1] ?? t
  return {
    schemas: (renames.schemas ?? []).map(([a, b]) => [b, a] as const),
    tables: (renames.tables ?? []).map(([s, a, b]) => [schema(s), b, a] as const),
    columns: (renames.columns ?? []).map(([s, t, a, b]) => [schema(s), table(s, t), b, a] as const),
    constraints: (renames.constraints ?? []).map(([s, t, a, b]) => [schema(s), table(s, t), b, a] as const),
    indexes: (renames.indexes ?? []).map(([s, a, b]) => [schema(s), b, a] as const),
    views: (renames.views ?? []).map(([s, a, b]) => [schema(s), b, a] as const),
    enumValues: (renames.enumValues ?? []).map(([s, t, a, b]) => [schema(s), t, b, a] as const),
  }
}


/** Replaces an identifier where it stands as a whole token (bare or quoted) in printed SQL. */
function replaceIdent(text: string, from: string, to: string, printed: Printed): string {
  const quoted = `"${from.replaceAll('"', '""')}"`
  let result = text.replaceAll(quoted, printed(to))
  if (printed(from) === from) {
    result = result.replace(new RegExp(`(?<![A-Za-z0-9_$".])${from.replaceAll('$', '\\$')}(?![A-Za-z0-9_$"])`, 'g'), printed(to))
  }
  return result
}

/** Replaces `schema.from` (as printed) with `schema.to`. */
const replaceQualified = (text: string, schema: string, from: string, to: string, printed: Printed) =>
  text.replaceAll(`${printed(schema)}.${printed(from)}`, `${printed(schema)}.${printed(to)}`)

/** How the model's server prints an identifier. */
type Printed = (name: string) => string

type Rekey = (key: Key) => Key

/**
 * The `from` model with the renames applied, and the rename changes to run
 * first. Definitions that spell a renamed name are rewritten too, so they
 * match the target's spelling.
 */
export function applyRenames(model: Model, renames: Renames, target: Model): { model: Model; changes: Change[] } {
  const changes: Change[] = []
  const printed: Printed = (name) => printedIdent(name, model.server.versionNum)
  let current = model
  /** A rename must name an object of the start and one of the target: a typo is an error, not a drop. */
  const check = (what: string, before: string, after: string, inStart: boolean, inTarget: boolean) => {
    if (inStart && inTarget) return
    throw new PgstrataError('BAD_RENAME', `cannot rename ${what} ${before} to ${after}: ${inStart ? `${after} is not in the target` : `${before} is not in the start`}`, {
      hint: 'a rename names the object as it is (with the renames before it applied) and as it will be; check the spelling and case', exitCode: 2,
    })
  }
  const dotted = (...names: string[]) => names.map(displayIdent).join('.')
  for (const [from, to] of renames.schemas ?? []) {
    check('schema', dotted(from), dotted(to), current.schemas.has(keyOf('schema', '', from)), target.schemas.has(keyOf('schema', '', to)))
    changes.push({ kind: 'renameSchema', from, to })
    current = rekey(current, (key) => {
      const p = partsOf(key)
      if (p.kind === 'schema') return p.name === from ? keyOf('schema', '', to) : key
      return p.schema === from ? keyOf(p.kind, to, p.name, { table: p.table, args: p.args }) : key
    }, (text) => text.replaceAll(`${printed(from)}.`, `${printed(to)}.`), { schema: [from, to] })
  }
  for (const [schema, from, to] of renames.tables ?? []) {
    check('table', dotted(schema, from), dotted(schema, to), current.tables.has(keyOf('table', schema, from)), target.tables.has(keyOf('table', schema, to)))
    changes.push({ kind: 'renameTable', schema, from, to })
    current = rekey(current, (key) => {
      const p = partsOf(key)
      if (p.kind === 'table' && p.schema === schema && p.name === from) return keyOf('table', schema, to)
      if (p.schema === schema && p.table === from) return keyOf(p.kind, schema, p.name, { table: to, args: p.args })
      return key
    }, (text) => replaceQualified(text, schema, from, to, printed), { relation: [schema, from, to] })
  }
  for (const [schema, from, to] of renames.views ?? []) {
    const materialized = current.materializedViews.has(keyOf('materializedView', schema, from))
    const kindOf = (m: Model, name: string) => m.views.has(keyOf('view', schema, name)) || m.materializedViews.has(keyOf('materializedView', schema, name))
    check('view', dotted(schema, from), dotted(schema, to), kindOf(current, from), kindOf(target, to))
    changes.push({ kind: 'renameView', schema, from, to, materialized })
    const kind = materialized ? 'materializedView' : 'view'
    current = rekey(current, (key) => {
      const p = partsOf(key)
      return p.kind === kind && p.schema === schema && p.name === from ? keyOf(kind, schema, to) : key
    }, (text) => replaceQualified(text, schema, from, to, printed), { relation: [schema, from, to] })
  }
  for (const [schema, table, from, to] of renames.columns ?? []) {
    const key = keyOf('table', schema, table)
    const found = current.tables.get(key)
    check('column', dotted(schema, table, from), dotted(schema, table, to), found?.columns.some((c) => c.name === from) ?? false,
      target.tables.get(key)?.columns.some((c) => c.name === to) ?? false)
    changes.push({ kind: 'renameColumn', table: found!, from, to })
    current = renameColumn(current, key, from, to, printed)
  }
  for (const [schema, table, from, to] of renames.constraints ?? []) {
    const oldKey = keyOf('constraint', schema, from, { table })
    const constraint = current.constraints.get(oldKey)
    check('constraint', dotted(schema, table, from), dotted(schema, table, to), constraint !== undefined, target.constraints.has(keyOf('constraint', schema, to, { table })))
    if (!constraint) continue
    const renamed = { ...constraint, key: keyOf('constraint', schema, to, { table }), name: to }
    changes.push({ kind: 'renameConstraint', constraint: renamed, from })
    current = rekey(current, (k) => (k === oldKey ? renamed.key : k), (text) => text, {}, { constraints: [[oldKey, renamed]] })
  }
  for (const [schema, from, to] of renames.indexes ?? []) {
    check('index', dotted(schema, from), dotted(schema, to), current.indexes.has(keyOf('index', schema, from)), target.indexes.has(keyOf('index', schema, to)))
    changes.push({ kind: 'renameIndex', schema, from, to })
    const oldKey = keyOf('index', schema, from)
    const index = current.indexes.get(oldKey)
    if (!index) continue
    const renamed = { ...index, key: keyOf('index', schema, to), name: to, definition: index.definition.replace(`INDEX ${printed(from)} ON`, `INDEX ${printed(to)} ON`) as SqlExpr }
    current = rekey(current, (k) => (k === oldKey ? renamed.key : k), (text) => text, {}, { indexes: [[oldKey, renamed]] })
  }
  for (const [schema, type, from, to] of renames.enumValues ?? []) {
    const key = keyOf('enum', schema, type)
    const found = current.enums.get(key)
    check('enum value', `${dotted(schema, type)} '${from}'`, `'${to}'`, found?.labels.includes(from) ?? false, target.enums.get(key)?.labels.includes(to) ?? false)
    if (!found) continue
    const renamed = { ...found, labels: found.labels.map((l) => (l === from ? to : l)) }
    changes.push({ kind: 'renameEnumValue', type: renamed, from, to })
    current = { ...current, enums: new Map([...current.enums].map(([k, v]) => [k, k === key ? renamed : v])) }
  }
  return { model: current, changes }
}

interface NameChange {
  readonly schema?: readonly [string, string]
  readonly relation?: readonly [string, string, string]
}

/** Rebuilds every map with keys, references and printed definitions translated. */
function rekey(model: Model, k: Rekey, text: (t: string) => string, names: NameChange, replace: { constraints?: [Key, unknown][]; indexes?: [Key, unknown][] } = {}): Model {
  const t = (s: string) => text(s) as SqlExpr
  const tn = (s: string | null) => (s === null ? null : t(s))
  const schemaOf = (s: string) => (names.schema && s === names.schema[0] ? names.schema[1] : s)
  const nameOf = (schema: string, name: string) => (names.relation && schema === names.relation[0] && name === names.relation[1] ? names.relation[2] : name)
  const map = <V extends { key: Key }>(m: ReadonlyMap<Key, V>, f: (v: V) => V, swap: [Key, unknown][] = []) =>
    new Map([...m.values()].map((v) => {
      const swapped = swap.find(([old]) => old === v.key)
      const next = f((swapped ? swapped[1] : v) as V)
      return [next.key, next] as [Key, V]
    }))
  const base = <V extends { key: Key; schema: string; name: string }>(v: V): V => ({ ...v, key: k(v.key), schema: schemaOf(v.schema), name: nameOf(v.schema, v.name) })
  return {
    ...model,
    schemas: map(model.schemas, (v) => ({ ...v, key: k(v.key), name: schemaOf(v.name) })),
    extensions: map(model.extensions, (v) => ({ ...v, schema: schemaOf(v.schema) })),
    collations: map(model.collations, base),
    enums: map(model.enums, base),
    domains: map(model.domains, (v) => ({ ...base(v), type: t(v.type), default: tn(v.default), checks: v.checks.map((c) => ({ ...c, definition: t(c.definition) })) })),
    composites: map(model.composites, (v) => ({ ...base(v), attributes: v.attributes.map((a) => ({ ...a, type: t(a.type) })) })),
    ranges: map(model.ranges, base),
    sequences: map(model.sequences, (v) => ({ ...base(v), ownedBy: v.ownedBy && { ...v.ownedBy, table: k(v.ownedBy.table) } })),
    tables: map(model.tables, (v) => ({
      ...base(v),
      columns: v.columns.map((c) => ({ ...c, type: t(c.type), default: tn(c.default), generated: c.generated && { ...c.generated, expression: t(c.generated.expression) } })),
      partitionOf: v.partitionOf && { ...v.partitionOf, parent: k(v.partitionOf.parent) },
      inherits: v.inherits.map(k),
    })),
    constraints: map(model.constraints, (v) => ({
      ...v, key: k(v.key), schema: schemaOf(v.schema), table: k(v.table), definition: t(v.definition),
      foreignKey: v.foreignKey && { ...v.foreignKey, references: k(v.foreignKey.references) },
    }), replace.constraints),
    indexes: map(model.indexes, (v) => ({ ...v, key: k(v.key), schema: schemaOf(v.schema), table: k(v.table), definition: t(v.definition), predicate: tn(v.predicate) }), replace.indexes),
    views: map(model.views, (v) => ({ ...base(v), definition: t(v.definition), columns: v.columns.map((c) => ({ ...c, type: t(c.type) })) })),
    materializedViews: map(model.materializedViews, (v) => ({ ...base(v), definition: t(v.definition), columns: v.columns.map((c) => ({ ...c, type: t(c.type) })) })),
    routines: map(model.routines, (v) => ({ ...base(v), key: k(v.key), definition: t(v.definition) })),
    triggers: map(model.triggers, (v) => ({ ...v, key: k(v.key), schema: schemaOf(v.schema), table: k(v.table), function: k(v.function), definition: t(v.definition) })),
    policies: map(model.policies, (v) => ({ ...v, key: k(v.key), schema: schemaOf(v.schema), table: k(v.table), using: tn(v.using), withCheck: tn(v.withCheck) })),
    grants: model.grants && new Map([...model.grants].map(([key, g]) => [k(key), g])),
    owners: model.owners && new Map([...model.owners].map(([key, o]) => [k(key), o])),
    dependencies: model.dependencies.map((d) => ({ from: k(d.from), to: k(d.to) })),
  }
}

/** A column renamed in a table and in what is defined on that table. */
function renameColumn(model: Model, table: Key, from: string, to: string, printed: Printed): Model {
  const on = <V extends { table: Key }>(m: ReadonlyMap<Key, V>, f: (v: V) => V) => new Map([...m].map(([key, v]) => [key, v.table === table ? f(v) : v]))
  const r = (s: string) => replaceIdent(s, from, to, printed) as SqlExpr
  const rn = (s: string | null) => (s === null ? null : r(s))
  return {
    ...model,
    tables: new Map([...model.tables].map(([key, v]) => [key, key !== table ? v : { ...v, columns: v.columns.map((c) => (c.name === from ? { ...c, name: to } : c)) }])),
    constraints: new Map([...model.constraints].map(([key, c]) => {
      let next = c
      if (c.table === table) next = { ...next, definition: r(next.definition), columns: next.columns.map((x) => (x === from ? to : x)) }
      if (c.foreignKey?.references === table) {
        next = { ...next, definition: r(next.definition), foreignKey: { ...c.foreignKey, columns: c.foreignKey.columns.map((x) => (x === from ? to : x)) } }
      }
      return [key, next]
    })),
    indexes: on(model.indexes, (v) => ({ ...v, definition: r(v.definition), columns: v.columns.map(r), include: v.include.map(r), predicate: rn(v.predicate) })),
    triggers: on(model.triggers, (v) => ({ ...v, definition: r(v.definition) })),
    policies: on(model.policies, (v) => ({ ...v, using: rn(v.using), withCheck: rn(v.withCheck) })),
  }
}
