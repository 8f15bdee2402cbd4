// Privileges: GRANT and REVOKE per object, grantee and column, after every
// other change is known, because an object the plan drops and creates again
// (a view rebuilt for a column type, an enum remade for a dropped value) comes
// back with its kind's default privileges and needs its grants again.
import { partsOf, type Key } from '../model/key.ts'
import type { Grant, Model } from '../model/types.ts'
import type { Change } from './change.ts'
import type { DiffContext } from './context.ts'

/** GRANT and REVOKE, when both models carry privileges (neither was read with --no-privileges). */
export function diffGrants(ctx: DiffContext): void {
  const before = ctx.from.grants
  const after = ctx.to.grants
  if (before === null || after === null) return
  const { remade, columnsRemade } = remadeObjects(ctx.changes)
  for (const key of [...new Set([...before.keys(), ...after.keys(), ...remade])].sort()) {
    if (!holdsGrants(ctx.to, key)) continue
    const fresh = !holdsGrants(ctx.from, key) || remade.has(key)
    // A column that goes takes its privileges along; one dropped and added again starts with none.
    const columns = new Set(ctx.to.tables.get(key)?.columns.map((c) => c.name) ?? [])
    const start = fresh ? defaultGrants(key)
      : (before.get(key) ?? []).filter((g) => g.column === null || (columns.has(g.column) && !columnsRemade.has(columnId(key, g.column))))
    grantChanges(ctx.changes, key, start, after.get(key) ?? [])
  }
}

/** The changes from the grants `from` to `to` on one object: REVOKE what goes, GRANT what comes, grouped per grantee. */
function grantChanges(changes: Change[], target: Key, from: readonly Grant[], to: readonly Grant[]): void {
  const id = (g: Grant) => JSON.stringify([g.column, g.grantee, g.privilege])
  const old = new Map(from.map((g) => [id(g), g]))
  const now = new Map(to.map((g) => [id(g), g]))
  const revoke = new Map<string, { grant: Grant; privileges: string[]; grantOptionOnly: boolean }>()
  const grant = new Map<string, { grant: Grant; privileges: string[] }>()
  const add = <V extends { privileges: string[] }>(into: Map<string, V>, group: string, make: () => V, privilege: string) => {
    const entry = into.get(group) ?? into.set(group, make()).get(group)!
    entry.privileges.push(privilege)
  }
  for (const [k, g] of old) {
    const next = now.get(k)
    if (next === undefined) add(revoke, JSON.stringify([g.column, g.grantee, false]), () => ({ grant: g, privileges: [], grantOptionOnly: false }), g.privilege)
    else if (g.grantable && !next.grantable) add(revoke, JSON.stringify([g.column, g.grantee, true]), () => ({ grant: g, privileges: [], grantOptionOnly: true }), g.privilege)
  }
  for (const [k, g] of now) {
    const was = old.get(k)
    if (was === undefined || (g.grantable && !was.grantable)) add(grant, JSON.stringify([g.column, g.grantee, g.grantable]), () => ({ grant: g, privileges: [] }), g.privilege)
  }
  for (const { grant: g, privileges, grantOptionOnly } of revoke.values()) {
    changes.push({ kind: 'revoke', target, grantee: g.grantee, column: g.column, privileges, grantOptionOnly })
  }
  for (const { grant: g, privileges } of grant.values()) {
    changes.push({ kind: 'grant', target, grantee: g.grantee, column: g.column, privileges, grantable: g.grantable })
  }
}

/** Objects GRANT applies to, present in `model`. */
function holdsGrants(model: Model, key: Key): boolean {
  return model.schemas.has(key) || model.tables.has(key) || model.views.has(key) || model.materializedViews.has(key) ||
    model.sequences.has(key) || model.routines.has(key) || model.enums.has(key) || model.domains.has(key) ||
    model.composites.has(key) || model.ranges.has(key)
}

/** What a new object of `key`'s kind grants to others than its owner: EXECUTE on routines and USAGE on types to PUBLIC. */
function defaultGrants(key: Key): Grant[] {
  switch (partsOf(key).kind) {
    case 'function': return [{ grantee: 'public', privilege: 'EXECUTE', grantable: false, column: null }]
    case 'enum': case 'domain': case 'composite': case 'range': return [{ grantee: 'public', privilege: 'USAGE', grantable: false, column: null }]
    default: return []
  }
}

const columnId = (table: Key, column: string) => JSON.stringify([table, column])

/**
 * Objects the changes drop and create again (or remake under the same name),
 * and columns dropped and added again: they start over from the default
 * privileges.
 */
function remadeObjects(changes: readonly Change[]): { remade: Set<Key>; columnsRemade: Set<string> } {
  const dropped = new Set<Key>()
  const created = new Set<Key>()
  const remade = new Set<Key>()
  const droppedColumns = new Set<string>()
  const addedColumns = new Set<string>()
  const columnsRemade = new Set<string>()
  for (const c of changes) {
    switch (c.kind) {
      case 'dropSchema': dropped.add(c.schema.key); break
      case 'createSchema': created.add(c.schema.key); break
      case 'dropTable': dropped.add(c.table.key); break
      case 'createTable': created.add(c.table.key); break
      case 'dropView': case 'dropMaterializedView': dropped.add(c.view.key); break
      case 'createView': case 'createMaterializedView': created.add(c.view.key); break
      case 'dropSequence': dropped.add(c.sequence.key); break
      case 'createSequence': created.add(c.sequence.key); break
      case 'dropRoutine': dropped.add(c.routine.key); break
      case 'createRoutine': created.add(c.routine.key); break
      case 'dropEnum': case 'dropComposite': case 'dropRange': dropped.add(c.type.key); break
      case 'createEnum': case 'createComposite': case 'createRange': created.add(c.type.key); break
      case 'dropDomain': dropped.add(c.domain.key); break
      case 'createDomain': created.add(c.domain.key); break
      case 'recreateEnum': remade.add(c.to.key); for (const d of c.domains) remade.add(d.to.key); break
      case 'recreateDomain': remade.add(c.to.key); break
      case 'alterComposite': if (c.columns !== undefined) remade.add(c.to.key); break
      case 'dropColumn': droppedColumns.add(columnId(c.table.key, c.column.name)); break
      case 'addColumn': addedColumns.add(columnId(c.table.key, c.column.name)); break
      default: break
    }
  }
  for (const key of created) if (dropped.has(key)) remade.add(key)
  for (const column of addedColumns) if (droppedColumns.has(column)) columnsRemade.add(column)
  return { remade, columnsRemade }
}

/**
 * Objects on both sides whose owners differ. pgstrata does not change owners
 * (a migration's objects belong to whoever runs it); these are reported.
 */
export function ownerDifferences(from: Model, to: Model): { key: Key; from: string; to: string }[] {
  if (from.owners === null || to.owners === null) return []
  const differ: { key: Key; from: string; to: string }[] = []
  for (const [key, owner] of from.owners) {
    const other = to.owners.get(key)
    if (other !== undefined && other !== owner) differ.push({ key, from: owner, to: other })
  }
  return differ
}
