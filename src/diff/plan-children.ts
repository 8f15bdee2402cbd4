// Ordering rules for partitions and inheriting tables: a child's NOT NULL and
// CHECKs after its parent's, a partition's indexes and keys around CREATE TABLE
// and ATTACH PARTITION, bounds that move between partitions of a parent.
import type { Key } from '../model/key.ts'
import type { Model } from '../model/types.ts'
import type { Change } from './change.ts'
import { append } from './order.ts'

export interface PlanNode {
  readonly id: string
  readonly change: Change
  readonly after: Set<string>
}

type Steps = (key: Key | null, actions: readonly ('create' | 'alter' | 'drop')[]) => PlanNode[]

/** Adds to `nodes`' `after` sets; `steps` gives the nodes acting on a key in the given ways. */
export function orderChildSteps(nodes: readonly PlanNode[], steps: Steps, to: Model): void {
  // A child's copy of a parent's NOT VALID CHECK is validated once the parent's is added.
  const addedByName = new Map<string, PlanNode[]>()
  for (const node of nodes) if (node.change.kind === 'addConstraint') append(addedByName, node.change.constraint.name, node)
  for (const node of nodes) {
    const c = node.change
    if (c.kind !== 'validateConstraint' || !c.constraint.inherited) continue
    for (const other of addedByName.get(c.constraint.name) ?? []) {
      if (other.change.kind === 'addConstraint' && other.change.constraint.table !== c.constraint.table) node.after.add(other.id)
    }
  }

  // SET and DROP NOT NULL on a parent recurse to its children: a child's own
  // NOT NULL is set or dropped after its parent's.
  for (const node of nodes) {
    const c = node.change
    if (c.kind !== 'alterColumn' || !c.to.inherited) continue
    const table = to.tables.get(c.table.key)
    for (const parent of [...(table?.partitionOf ? [table.partitionOf.parent] : []), ...(table?.inherits ?? [])]) {
      for (const other of steps(parent, ['alter'])) if (other.change.kind === 'alterColumn' && other.change.to.name === c.to.name) node.after.add(other.id)
    }
  }

  // A partition's index or key: a clone is made by its partition's CREATE
  // TABLE, which waits for the parent's; one made on an existing table goes
  // before the table is attached (ATTACH PARTITION adopts it), and is
  // attached to its parent's after.
  const tableOf = (c: Change): Key | null => c.kind === 'createIndex' ? c.index.table : c.kind === 'addConstraint' ? c.constraint.table
    : c.kind === 'attachIndex' ? c.child.table : c.kind === 'dropIndex' ? c.index.table : c.kind === 'dropConstraint' ? c.constraint.table : null
  for (const node of nodes) {
    const c = node.change
    const table = tableOf(c)
    if (table === null) continue
    const onTable = (kind: Change['kind']) => steps(table, ['create', 'alter', 'drop']).filter((n) => n.change.kind === kind)
    if ((c.kind === 'createIndex' || c.kind === 'addConstraint') && c.cloned !== undefined) {
      const parent = c.kind === 'createIndex' ? c.index.attachedTo : c.constraint.attachedTo
      for (const create of onTable('createTable')) {
        node.after.add(create.id)
        for (const other of steps(parent, ['create'])) create.after.add(other.id)
      }
    } else if (c.kind === 'createIndex' && c.afterAttach) {
      for (const attach of onTable('attachPartition')) node.after.add(attach.id)
    } else if (c.kind === 'createIndex' || c.kind === 'addConstraint') {
      for (const attach of onTable('attachPartition')) attach.after.add(node.id)
    } else if (c.kind === 'attachIndex') {
      for (const attach of onTable('attachPartition')) node.after.add(attach.id)
    } else {
      for (const detach of onTable('detachPartition')) node.after.add(detach.id)
    }
  }

  // A parent's partition bounds never overlap, not even for a moment: what
  // leaves a parent (detached, or dropped) goes before what joins it (attached,
  // or created as its partition), so bounds can move between partitions.
  const leaving = new Map<Key, PlanNode[]>()
  for (const node of nodes) {
    const c = node.change
    const parent = c.kind === 'detachPartition' ? c.parent : c.kind === 'dropTable' ? c.table.partitionOf?.parent : undefined
    if (parent !== undefined) append(leaving, parent, node)
  }
  for (const node of nodes) {
    const c = node.change
    const parent = c.kind === 'attachPartition' ? c.parent : c.kind === 'createTable' ? c.table.partitionOf?.parent : undefined
    for (const other of parent === undefined ? [] : leaving.get(parent) ?? []) node.after.add(other.id)
  }
}
