// Ordering rules for foreign keys: the key a new foreign key is bound to, and
// tables changing persistence along the references between them.
import type { Key } from '../model/key.ts'
import type { Model } from '../model/types.ts'
import { append } from './order.ts'
import type { PlanNode } from './plan-children.ts'

/** Adds to `nodes`' `after` sets. */
export function orderReferenceSteps(nodes: readonly PlanNode[], from: Model, to: Model): void {
  // A foreign key is bound, when it is added, to a unique index of the
  // referenced columns that exists then: one added while a key or index the
  // plan drops is still there could be bound to it, and that drop would fail.
  // It waits for the referenced table's unique keys and indexes to be dropped.
  const droppedKeys = new Map<Key, PlanNode[]>()
  for (const node of nodes) {
    const c = node.change
    const table = c.kind === 'dropConstraint' && (c.constraint.type === 'unique' || c.constraint.type === 'primaryKey') ? c.constraint.table
      : c.kind === 'dropIndex' && c.index.unique ? c.index.table : null
    if (table !== null) append(droppedKeys, table, node)
  }
  for (const node of nodes) {
    const c = node.change
    if (c.kind !== 'addConstraint' || c.constraint.foreignKey === null) continue
    for (const drop of droppedKeys.get(c.constraint.foreignKey.references) ?? []) node.after.add(drop.id)
  }

  // A permanent table cannot reference an unlogged one: tables becoming
  // logged go after the tables they reference, tables becoming unlogged after
  // the tables referencing them.
  const persistence = new Map(nodes.flatMap((n) => (n.change.kind === 'alterTable' && n.change.from.persistence !== n.change.to.persistence ? [[n.change.to.key, n] as const] : [])))
  if (persistence.size > 1) {
    for (const constraint of [...from.constraints.values(), ...to.constraints.values()]) {
      const fk = constraint.foreignKey
      if (fk === null || fk.references === constraint.table) continue
      const referencing = persistence.get(constraint.table)
      const referenced = persistence.get(fk.references)
      if (referencing === undefined || referenced === undefined || referencing.change.kind !== 'alterTable' || referenced.change.kind !== 'alterTable') continue
      const logged = (n: typeof referencing) => n.change.kind === 'alterTable' && n.change.to.persistence === 'permanent'
      if (logged(referencing) && logged(referenced)) referencing.after.add(referenced.id)
      if (!logged(referencing) && !logged(referenced)) referenced.after.add(referencing.id)
    }
  }
}
