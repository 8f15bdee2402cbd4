// Online-safe migrations (`create --online`): the same plan, rewritten so that
// no step holds a lock that blocks writes for longer than a catalog change.
//   - An index on an existing table is built CONCURRENTLY, in a migration of
//     its own after the main one (it cannot run in a transaction).
//   - A foreign key or check on an existing table is added NOT VALID (brief),
//     and validated in a later transaction (SHARE UPDATE EXCLUSIVE: writes go on).
//   - SET NOT NULL on an existing column is preceded by a validated
//     CHECK (col IS NOT NULL), which lets PostgreSQL skip the scan, and the
//     check is dropped after.
// Pure: plans in, plans and SQL out.
import { keyOf, partsOf, type Key } from '../model/key.ts'
import type { Model } from '../model/types.ts'
import { ident, literal, qualified } from '../sql/quote.ts'
import { statement } from '../sql/render/common.ts'
import type { Plan, Step } from './plan.ts'

export interface OnlinePlans {
  /** The main migration: up, and the down that undoes it (without the concurrent indexes). */
  readonly up: Plan
  readonly down: Plan
  /** The concurrent index builds, as a second migration's up and down SQL; null when there are none. */
  readonly indexes: { readonly up: string; readonly down: string; readonly names: readonly string[] } | null
}

/** The longest name PostgreSQL keeps; a temporary check's name is cut to fit. */
const MAX_NAME = 63

/**
 * Rewrites `up` (from `from` to the target) and `down` for online use. A table
 * is "existing" when `from` has it and the plan does not create it again.
 */
export function onlinePlans(up: Plan, down: Plan, from: Model): OnlinePlans {
  const created = new Set(up.steps.flatMap((s) => (s.change.kind === 'createTable' ? [s.change.table.key] : [])))
  const existing = (table: Key) => from.tables.has(table) && !created.has(table)
  const base = Math.max(0, ...up.steps.map((s) => s.transaction))
  const validate = base + 1
  const finish = base + 2
  const steps: Step[] = []
  const later: Step[] = []
  const concurrent: { create: string; drop: string; name: string; key: Key }[] = []
  for (const step of up.steps) {
    const c = step.change
    // A partitioned table's index (ON ONLY, no data) and a partition's, attached
    // to it in the same migration, are built in place.
    const partitionIndex = c.kind === 'createIndex' && (c.index.attachedTo !== null || from.tables.get(c.index.table)?.partitionKey != null)
    if (c.kind === 'createIndex' && !partitionIndex && c.cloned === undefined && existing(c.index.table) && step.transaction === base) {
      const create = step.sql.map((sql) => sql.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY '))
      concurrent.push({ create: create.join('\n'), drop: statement(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified(c.index.schema, c.index.name)}`), name: c.index.name, key: c.index.key })
      continue
    }
    if (c.kind === 'addConstraint' && (c.constraint.type === 'foreignKey' || c.constraint.type === 'check') && existing(c.constraint.table) &&
        !/ NOT VALID$/.test(c.constraint.definition)) {
      steps.push({ ...step, sql: step.sql.map((sql) => sql.replace(/;$/, ' NOT VALID;')), hazards: [] })
      const table = qualified(partsOf(c.constraint.table).schema, partsOf(c.constraint.table).name)
      later.push({
        id: `validateConstraint:${c.constraint.key}`, change: { kind: 'validateConstraint', constraint: c.constraint },
        sql: [statement(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${ident(c.constraint.name)}`)], hazards: [], transaction: validate,
      })
      continue
    }
    if (c.kind === 'alterColumn' && !c.from.notNull && c.to.notNull && existing(c.table.key)) {
      const table = qualified(c.table.schema, c.table.name)
      const setNotNull = statement(`ALTER TABLE ${table} ALTER COLUMN ${ident(c.to.name)} SET NOT NULL`)
      const checkName = `${c.table.name}_${c.to.name}_not_null`.slice(0, MAX_NAME - 9) + '_pgstrata'
      const check = ident(checkName)
      const rest = step.sql.filter((sql) => sql !== setNotNull)
      steps.push({
        ...step,
        sql: [...rest, statement(`ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${ident(c.to.name)} IS NOT NULL) NOT VALID`)],
        hazards: step.hazards.filter((h) => h.kind !== 'blocksWrites'),
      })
      later.push({
        id: `validateConstraint:${keyOf('constraint', c.table.schema, checkName, { table: c.table.name })}`, change: step.change,
        sql: [statement(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${check}`)], hazards: [], transaction: validate,
      })
      later.push({
        id: `setNotNull:${c.table.key}:${c.to.name}`, change: step.change,
        sql: [setNotNull, statement(`ALTER TABLE ${table} DROP CONSTRAINT ${check}`)], hazards: [], transaction: finish,
      })
      continue
    }
    steps.push(step)
  }
  const all = [...steps, ...later]
  const onlineUp: Plan = {
    steps: all,
    transactions: new Set(all.filter((s) => s.sql.length > 0).map((s) => s.transaction)).size,
    commitReasons: {
      ...up.commitReasons,
      [validate]: 'the constraints added NOT VALID above are validated in a transaction of their own, which lets writes go on while it scans',
      [finish]: 'SET NOT NULL after its validated check skips the table scan; the check is dropped after',
    },
  }
  // The index migration is reverted first, so the main down must not drop those indexes again.
  const indexKeys = new Set(concurrent.map((i) => i.key))
  const downSteps = down.steps.filter((s) => !(s.change.kind === 'dropIndex' && indexKeys.has(s.change.index.key)))
  const onlineDown: Plan = { steps: downSteps, transactions: down.transactions }
  const indexes = concurrent.length === 0 ? null : {
    up: `${concurrent.map((i) => i.create).join('\n\n')}\n`,
    down: `${concurrent.map((i) => i.drop).join('\n\n')}\n`,
    names: concurrent.map((i) => i.name),
  }
  return { up: onlineUp, down: onlineDown, indexes }
}

/** How a migration of concurrent index builds announces itself. */
export const concurrentHeader = (names: readonly string[]): string =>
  `-- Builds ${names.map((n) => literal(n)).join(', ')} CONCURRENTLY: each statement runs outside a transaction, so writes go on;\n` +
  '-- a build that fails leaves an INVALID index, which the next run drops and builds again.\n'
