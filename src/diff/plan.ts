// Ordering changes with a dependency graph, never by code position: what an
// object needs (in the target) is created before it; what needs an object
// (in the start) is dropped or altered before it goes; renames come first.
import { keyOf, partsOf, type Key } from '../model/key.ts'
import type { Column, Model } from '../model/types.ts'
import { renderChange } from '../sql/render/index.ts'
import type { RenderContext } from '../sql/render/common.ts'
import type { Change, Hazard } from './change.ts'
import { hazardsOf } from './hazards.ts'
import { isOfType } from './types.ts'
import { append, topologicalOrder } from './order.ts'
import { orderChildSteps } from './plan-children.ts'
import { orderReferenceSteps } from './plan-references.ts'

export { DependencyCycleError } from './order.ts'

export interface Step {
  /** Change kind and object: stable across runs, so ordering ties break the same way. */
  readonly id: string
  readonly change: Change
  readonly sql: readonly string[]
  readonly hazards: readonly Hazard[]
  /** Index of the transaction the step runs in (see Plan.transactions). */
  readonly transaction: number
}

export interface Plan {
  readonly steps: readonly Step[]
  /** How many transactions the migration needs (more than one for enum values used right away, or online steps). */
  readonly transactions: number
  /** Why a transaction starts, by its index, for the `-- pgstrata:commit` line before it (default: the enum reason). */
  readonly commitReasons?: Readonly<Record<number, string>>
}

type Action = 'create' | 'alter' | 'drop'

interface Target {
  readonly key: Key
  readonly action: Action
}

/** The objects a change acts on, and how. */
function targetsOf(c: Change): Target[] {
  const t = (key: Key, action: Action): Target => ({ key, action })
  switch (c.kind) {
    case 'createSchema': return [t(c.schema.key, 'create')]
    case 'dropSchema': return [t(c.schema.key, 'drop')]
    case 'createExtension': return [t(c.extension.key, 'create')]
    case 'dropExtension': return [t(c.extension.key, 'drop')]
    case 'alterExtension': return [t(c.to.key, 'alter')]
    case 'createCollation': return [t(c.collation.key, 'create')]
    case 'dropCollation': return [t(c.collation.key, 'drop')]
    case 'createEnum': case 'createComposite': case 'createRange': return [t(c.type.key, 'create')]
    case 'dropEnum': case 'dropComposite': case 'dropRange': return [t(c.type.key, 'drop')]
    case 'addEnumValue': case 'renameEnumValue': return [t(c.type.key, 'alter')]
    case 'recreateEnum':
      return [t(c.to.key, 'alter'), ...c.domains.map((d) => t(d.to.key, 'alter')), ...[...c.columns, ...c.domains.flatMap((d) => d.columns)].map((col) => t(col.table, 'alter'))]
    case 'recreateDomain': return [t(c.to.key, 'alter'), ...c.columns.map((col) => t(col.table, 'alter'))]
    case 'alterComposite': return [t(c.to.key, 'alter'), ...(c.columns ?? []).map((col) => t(col.table, 'alter'))]
    case 'alterDomain': return [t(c.to.key, 'alter')]
    case 'createDomain': return [t(c.domain.key, 'create')]
    case 'dropDomain': return [t(c.domain.key, 'drop')]
    case 'createSequence': return [t(c.sequence.key, 'create')]
    case 'dropSequence': return [t(c.sequence.key, 'drop')]
    case 'alterSequence': return [t(c.to.key, 'alter')]
    case 'setSequenceOwner': return [t(c.sequence.key, 'alter')]
    case 'createTable': return [t(c.table.key, 'create')]
    case 'dropTable': return [t(c.table.key, 'drop')]
    case 'alterTable': return [t(c.to.key, 'alter')]
    // USING INDEX acts on the index (or the key's), so it follows its creation.
    case 'setReplicaIdentity':
      return typeof c.to === 'object' && c.to !== null
        ? [t(keyOf('index', c.table.schema, c.to.index), 'alter'), t(keyOf('constraint', c.table.schema, c.to.index, { table: c.table.name }), 'alter')]
        : [t(c.table.key, 'alter')]
    case 'attachPartition': case 'detachPartition': case 'addColumn': case 'dropColumn': case 'alterColumn': return [t(c.table.key, 'alter')]
    case 'addConstraint': return [t(c.constraint.key, 'create')]
    case 'dropConstraint': return [t(c.constraint.key, 'drop')]
    case 'validateConstraint': return [t(c.constraint.key, 'alter')]
    case 'alterConstraintDeferrable': return [t(c.to.key, 'alter')]
    case 'createIndex': return [t(c.index.key, 'create')]
    case 'dropIndex': return [t(c.index.key, 'drop')]
    case 'attachIndex': return [t(c.child.key, 'alter'), t(c.parent, 'alter')]
    case 'createView': return [t(c.view.key, 'create')]
    case 'dropView': return [t(c.view.key, 'drop')]
    case 'replaceView': case 'alterViewOptions': return [t(c.to.key, 'alter')]
    case 'createMaterializedView': return [t(c.view.key, 'create')]
    case 'dropMaterializedView': return [t(c.view.key, 'drop')]
    case 'refreshMaterializedView': return [t(c.view.key, 'alter')]
    case 'createRoutine': return [t(c.routine.key, 'create')]
    case 'dropRoutine': return [t(c.routine.key, 'drop')]
    case 'replaceRoutine': return [t(c.to.key, 'alter')]
    case 'createTrigger': return [t(c.trigger.key, 'create')]
    case 'dropTrigger': return [t(c.trigger.key, 'drop')]
    case 'setTriggerEnabled': return [t(c.trigger.key, 'alter')]
    case 'createPolicy': return [t(c.policy.key, 'create')]
    case 'dropPolicy': return [t(c.policy.key, 'drop')]
    case 'alterPolicy': return [t(c.to.key, 'alter')]
    case 'setComment': case 'grant': case 'revoke': return [t(c.kind === 'setComment' ? c.key : c.target, 'alter')]
    case 'renameSchema': case 'renameTable': case 'renameColumn': case 'renameConstraint': case 'renameIndex': case 'renameView':
      return []
  }
}

const isRename = (c: Change) => c.kind.startsWith('rename')

/** The schema an object lives in, for ordering it after its schema's creation and before its drop. */
function schemaKeyOf(key: Key): Key | null {
  const [kind, schema] = JSON.parse(key) as [string, string]
  return kind === 'schema' || kind === 'extension' || schema === '' ? null : keyOf('schema', '', schema)
}

/**
 * Orders `changes` (from `diff`) into steps with their SQL and hazards.
 * Throws DEPENDENCY_CYCLE naming the steps it cannot order.
 */
export function planChanges(changes: readonly Change[], from: Model, to: Model, versionNum: number): Plan {
  const ctx = { versionNum, from, to }
  const counts = new Map<string, number>()
  const nodes = changes.map((change) => {
    const targets: Target[] = targetsOf(change)
    const base = `${change.kind}:${targets[0]?.key ?? JSON.stringify(change)}${change.kind === 'alterColumn' || change.kind === 'addColumn' || change.kind === 'dropColumn' ? `:${'column' in change ? change.column.name : change.to.name}` : ''}`
    const n = (counts.get(base) ?? 0) + 1
    counts.set(base, n)
    return { id: n === 1 ? base : `${base}#${n}`, change, targets, after: new Set<string>() }
  })

  // Dropping a table or view drops what is defined on it too: for ordering,
  // that drop stands for theirs (a function a dropped trigger called goes after).
  const scopedTo = new Map<Key, Key[]>()
  const droppedOnTheirOwn = new Set(changes.flatMap((c) => (c.kind === 'dropConstraint' ? [c.constraint.key] : [])))
  for (const map of [from.constraints, from.indexes, from.triggers, from.policies]) {
    for (const object of map.values()) {
      if (!droppedOnTheirOwn.has(object.key)) append(scopedTo, object.table, object.key)
    }
  }
  for (const node of nodes) {
    const c = node.change
    const relation = c.kind === 'dropTable' ? c.table.key : c.kind === 'dropView' || c.kind === 'dropMaterializedView' ? c.view.key : null
    if (relation !== null) node.targets.push(...(scopedTo.get(relation) ?? []).map((key) => ({ key, action: 'drop' as const })))
  }
  // Dropping or retyping a parent's column does the same to its children's:
  // what is defined on theirs (an index) is dropped first.
  const children = new Map<Key, Key[]>()
  for (const table of from.tables.values()) for (const parent of [...(table.partitionOf ? [table.partitionOf.parent] : []), ...table.inherits]) append(children, parent, table.key)
  const descendants = (key: Key): Key[] => (children.get(key) ?? []).flatMap((child) => [child, ...descendants(child)])
  for (const node of nodes) {
    const c = node.change
    if (c.kind === 'dropColumn' || (c.kind === 'alterColumn' && c.from.type !== c.to.type)) {
      node.targets.push(...descendants(c.table.key).map((key) => ({ key, action: 'alter' as const })))
    }
  }
  // Dropping a parent's index (or key) drops the partitions' attached to it.
  const attached = new Map<Key, Key[]>()
  for (const object of [...from.indexes.values(), ...from.constraints.values()]) if (object.attachedTo !== null) append(attached, object.attachedTo, object.key)
  const below = (key: Key): Key[] => (attached.get(key) ?? []).flatMap((child) => [child, ...below(child)])
  for (const node of nodes) {
    const c = node.change
    const key = c.kind === 'dropIndex' ? c.index.key : c.kind === 'dropConstraint' ? c.constraint.key : null
    if (key !== null) node.targets.push(...below(key).map((child) => ({ key: child, action: 'drop' as const })))
  }
  const byTarget = new Map<Key, typeof nodes>()
  for (const node of nodes) for (const { key } of node.targets) append(byTarget, key, node)
  // Only the objects steps act on are looked up: the other thousands' dependencies need no index.
  const needs = index(to.dependencies.filter((d) => byTarget.has(d.from)), (d) => d.from, (d) => d.to)
  // A sequence OWNED BY a column depends on its table only to go with it; a
  // column default using the sequence is what orders them.
  const isOwnership = (d: { from: Key; to: Key }) => d.from.startsWith('["sequence"') && d.to.startsWith('["table"')
  const neededBy = index(from.dependencies.filter((d) => byTarget.has(d.to) && !isOwnership(d)), (d) => d.to, (d) => d.from)
  const steps = (key: Key | null, actions: readonly Action[]) =>
    key === null ? [] : (byTarget.get(key) ?? []).filter((n) => n.targets.some((t) => t.key === key && actions.includes(t.action)))

  const renames = nodes.filter((n) => isRename(n.change))
  for (const node of nodes) {
    if (isRename(node.change)) {
      // Renames run first, in the order given.
      const i = renames.indexOf(node)
      if (i > 0) node.after.add(renames[i - 1]!.id)
      continue
    }
    for (const r of renames) node.after.add(r.id)
    for (const { key, action } of node.targets) {
      if (action !== 'drop' && node.change.kind !== 'dropColumn') {
        // What it needs in the target exists first (a sequence's owner comes with OWNED BY, later).
        const extensionSchema = node.change.kind === 'createExtension' ? keyOf('schema', '', node.change.extension.schema)
          : node.change.kind === 'alterExtension' ? keyOf('schema', '', node.change.to.schema) : null
        for (const need of [...(needs.get(key) ?? []), schemaKeyOf(key), extensionSchema]) {
          // A parent's column retyped acts on its partitions too, which need the parent: not a need of its own.
          if (need === null || node.targets.some((t) => t.key === need)) continue
          if ((node.change.kind === 'createSequence' || (node.change.kind === 'setSequenceOwner' && node.change.ownedBy === null)) && JSON.parse(need)[0] === 'table') continue
          if (node.change.kind === 'alterColumn' && !columnNeeds(node.change.to, need)) continue
          // OWNED BY comes after the table; a default using the sequence needs only the sequence; no object needs a privilege.
          // A partition's own keys and indexes go before it is attached (they are what the attach adopts).
          for (const other of steps(need, ['create', 'alter'])) {
            if (other === node || ['setSequenceOwner', 'grant', 'revoke'].includes(other.change.kind)) continue
            if (other.change.kind === 'attachPartition' && (node.change.kind === 'createIndex' || node.change.kind === 'addConstraint')) continue
            node.after.add(other.id)
          }
        }
      }
      if (action !== 'create' && node.change.kind !== 'setSequenceOwner') {
        // What needed it in the start goes before it does; what is dropped
        // because a change would break it goes before the change.
        for (const dependent of neededBy.get(key) ?? []) {
          // A dependent made again is altered (commented, say) as the new object, after its creation.
          const made = steps(dependent, ['create']).length > 0
          for (const other of steps(dependent, action === 'drop' && !made ? ['drop', 'alter'] : ['drop'])) {
            if (other === node || (other.change.kind === 'alterColumn' && !columnNeeds(other.change.from, key))) continue
            // A partition's keys and indexes that came from its parent cannot go while it is attached: after the detach.
            if (node.change.kind === 'detachPartition' && (other.change.kind === 'dropConstraint' || other.change.kind === 'dropIndex')) continue
            // A partition moving to another parent is detached before its old parent goes; where it attaches is no matter to the old one.
            if (action === 'drop' && other.change.kind === 'attachPartition') continue
            node.after.add(other.id)
          }
        }
      }
      if (action === 'drop' && node.change.kind === 'dropSchema') {
        for (const other of nodes) if (other !== node && other.targets.some((t) => t.action === 'drop' && schemaKeyOf(t.key) === key)) node.after.add(other.id)
      }
      if (action === 'create') {
        // Dropped and created again: the drop first.
        for (const other of steps(key, ['drop'])) node.after.add(other.id)
      }
      if (action === 'alter') {
        // A comment or option on something new (or made again) comes after it is created.
        for (const other of steps(key, ['create'])) node.after.add(other.id)
        // A table is detached before anything else changes on it, and attached
        // after: a partition's columns cannot be changed on their own.
        for (const other of steps(key, ['alter'])) {
          if (other === node) continue
          // Privileges last: a column added, a type remade under its name, come first.
          if ((node.change.kind === 'grant' || node.change.kind === 'revoke') && other.change.kind !== 'grant' && other.change.kind !== 'revoke') node.after.add(other.id)
          // Revokes before grants: REVOKE UPDATE ON a table takes UPDATE on its columns along.
          if (node.change.kind === 'grant' && other.change.kind === 'revoke') node.after.add(other.id)
          if (other.change.kind === 'detachPartition' && node.change.kind !== 'detachPartition') node.after.add(other.id)
          if (node.change.kind === 'attachPartition' && other.change.kind !== 'attachPartition') node.after.add(other.id)
        }
      }
    }
  }

  // Relations (tables, views, sequences, indexes, the index of a key) share
  // one namespace per schema, and tables and types another: what takes a name
  // waits until what held it is gone (a view replacing a table of its name, a
  // UNIQUE constraint over the index whose name it takes).
  const holders = new Map<string, (typeof nodes)[number][]>()
  for (const node of nodes) for (const name of namesHeld(node.change, 'drop')) append(holders, name, node)
  // Dropping a parent's index or key drops the partitions' attached to it, and frees their names.
  for (const node of nodes) {
    const c = node.change
    const key = c.kind === 'dropIndex' ? c.index.key : c.kind === 'dropConstraint' ? c.constraint.key : null
    for (const child of key === null ? [] : below(key)) {
      const object = from.indexes.get(child) ?? from.constraints.get(child)
      if (object !== undefined) append(holders, relationName(object.schema, object.name), node)
    }
  }
  for (const node of nodes) {
    for (const name of namesHeld(node.change, 'create')) for (const other of holders.get(name) ?? []) if (other !== node) node.after.add(other.id)
  }

  // A sequence moves to another owner (or to none) before its old owning
  // column or table is dropped, which would drop the sequence with it.
  for (const node of nodes) {
    const c = node.change
    if (c.kind !== 'setSequenceOwner') continue
    const owner = from.sequences.get(c.sequence.key)?.ownedBy
    if (!owner) continue
    // Owned again after being let go (its table is made again); by that table, after the new one (the needs rule).
    if (c.ownedBy !== null) {
      for (const other of steps(c.sequence.key, ['alter'])) if (other.change.kind === 'setSequenceOwner' && other.change.ownedBy === null) node.after.add(other.id)
      if (c.ownedBy.table === owner.table) continue
    }
    for (const other of steps(owner.table, ['drop', 'alter'])) {
      const o = other.change
      if (o.kind === 'dropTable' || (o.kind === 'dropColumn' && o.column.name === owner.column)) other.after.add(node.id)
    }
  }

  orderChildSteps(nodes, steps, to)

  orderReferenceSteps(nodes, from, to)

  // An identity's sequence is named like the sequence a serial column would
  // get: a new sequence waits until identities being dropped are gone.
  const identityDrops = nodes.filter((n) => n.change.kind === 'alterColumn' && n.change.from.identity !== null && n.change.to.identity === null)
  for (const node of nodes) if (node.change.kind === 'createSequence') for (const drop of identityDrops) node.after.add(drop.id)
  // And the other way: a new identity waits until sequences being dropped are gone.
  const sequenceDrops = nodes.filter((n) => n.change.kind === 'dropSequence')
  for (const node of nodes) {
    if (node.change.kind === 'alterColumn' && node.change.from.identity === null && node.change.to.identity !== null) for (const drop of sequenceDrops) node.after.add(drop.id)
  }

  // A type made again holds on to no column that is leaving it: those columns
  // change type, or go, first.
  for (const node of nodes) {
    const c = node.change
    if (c.kind === 'recreateEnum' || c.kind === 'recreateDomain' || (c.kind === 'alterComposite' && c.columns)) for (const other of nodes) if (leavesType(other.change, c.from)) node.after.add(other.id)
  }

  // An enum value must be committed before it is used: ADD VALUE runs in a
  // transaction of its own when anything else in the plan uses the type.
  const added = new Map<Key, string[]>()
  for (const { change: c } of nodes) if (c.kind === 'addEnumValue') added.set(c.type.key, [...(added.get(c.type.key) ?? []), c.value])
  const usesAdded = added.size > 0 && nodes.some((n) => n.change.kind !== 'addEnumValue' &&
    n.targets.some((t) => (needs.get(t.key) ?? []).some((k) => added.has(k) && usesValues(n.change, k, added.get(k)!, ctx))))
  const transactionOf = (n: (typeof nodes)[number]) => (!usesAdded ? 0 : n.change.kind === 'addEnumValue' || isRename(n.change) ? 0 : 1)

  const ordered = topologicalOrder(nodes, transactionOf)
  // Indexes and constraints on a table or materialized view made in the same plan lock nobody out.
  const createdTables = new Set(changes.flatMap((c) => (c.kind === 'createTable' ? [c.table.key] : c.kind === 'createMaterializedView' ? [c.view.key] : [])))
  return {
    steps: ordered.map((n) => ({ id: n.id, change: n.change, sql: renderChange(n.change, ctx), hazards: hazardsOf(n.change, versionNum, createdTables), transaction: transactionOf(n) })),
    transactions: usesAdded ? 2 : changes.length > 0 ? 1 : 0,
  }
}

/** The names in a schema's relation and type namespaces that `change` takes (`create`) or gives up (`drop`). */
const relationName = (schema: string, name: string) => JSON.stringify(['relation', schema, name])

function namesHeld(change: Change, action: 'create' | 'drop'): string[] {
  const relation = relationName
  const type = (schema: string, name: string) => JSON.stringify(['type', schema, name])
  const creating = action === 'create'
  switch (change.kind) {
    case 'createTable': case 'dropTable':
      return (change.kind === 'createTable') === creating ? [relation(change.table.schema, change.table.name), type(change.table.schema, change.table.name)] : []
    case 'createView': case 'dropView': case 'createMaterializedView': case 'dropMaterializedView':
      return change.kind.startsWith('create') === creating ? [relation(change.view.schema, change.view.name), type(change.view.schema, change.view.name)] : []
    case 'createSequence': case 'dropSequence':
      return (change.kind === 'createSequence') === creating ? [relation(change.sequence.schema, change.sequence.name)] : []
    case 'createIndex': case 'dropIndex':
      return (change.kind === 'createIndex') === creating ? [relation(change.index.schema, change.index.name)] : []
    case 'addConstraint': case 'dropConstraint': {
      const c = change.constraint
      const indexBacked = c.type === 'primaryKey' || c.type === 'unique' || c.type === 'exclusion'
      return indexBacked && (change.kind === 'addConstraint') === creating ? [relation(partsOf(c.table).schema, c.name)] : []
    }
    case 'createEnum': case 'dropEnum': case 'createComposite': case 'dropComposite': case 'createRange': case 'dropRange':
      return change.kind.startsWith('create') === creating ? [type(change.type.schema, change.type.name)] : []
    case 'createDomain': case 'dropDomain':
      return (change.kind === 'createDomain') === creating ? [type(change.domain.schema, change.domain.name)] : []
    default: return []
  }
}

/**
 * Whether `change`, on something that needs the enum `key`, may use its new
 * `values`: its SQL names one (a default, a check, a view, an index
 * predicate), or it casts stored data, which may hold one, to the enum.
 */
function usesValues(change: Change, key: Key, values: readonly string[], ctx: RenderContext): boolean {
  if (change.kind === 'alterColumn' && change.from.type !== change.to.type && isOfType(change.to.type, partsOf(key))) return true
  if (change.kind === 'recreateEnum' || change.kind === 'recreateDomain') return true
  // As a whole word, so that adding 'ok' is not "used" by a column named book;
  // unquoted, so that an array literal '{ok,x}' counts.
  const sql = renderChange(change, ctx).join('\n')
  return values.some((value) => new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(value.replaceAll("'", "''"))}(?![\\p{L}\\p{N}_])`, 'u').test(sql))
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whether `change` takes a column off `type`: changing its type, dropping it, or dropping its table. */
function leavesType(change: Change, type: { schema: string; name: string }): boolean {
  switch (change.kind) {
    case 'alterColumn': return isOfType(change.from.type, type) && !isOfType(change.to.type, type)
    case 'dropColumn': return isOfType(change.column.type, type)
    case 'dropTable': return change.table.columns.some((c) => isOfType(c.type, type))
    default: return false
  }
}

/**
 * Whether `column` may need the object `key`. The graph knows that a table
 * needs a sequence or a type, not which column does: a column change waits
 * for a sequence's creation (or goes before its drop) only if its default
 * calls it, and for a type only if it is of that type or its expressions
 * name it.
 */
function columnNeeds(column: Column, key: Key): boolean {
  const { kind, schema, name } = partsOf(key)
  const mentioned = [column.default, column.generated?.expression].some((expression) => expression?.includes(name))
  if (kind === 'sequence') return mentioned
  if (kind === 'enum' || kind === 'composite' || kind === 'range') return mentioned || isOfType(column.type, { schema, name })
  return true
}

function index<T>(items: readonly T[], key: (t: T) => Key, value: (t: T) => Key): Map<Key, Key[]> {
  const map = new Map<Key, Key[]>()
  for (const item of items) append(map, key(item), value(item))
  return map
}
