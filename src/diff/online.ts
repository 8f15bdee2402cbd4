// Online-safe migrations (`create --online`): the same plan, rewritten so that
// no step holds a lock that blocks writes for longer than a catalog change.
//   - An index on an existing table is built CONCURRENTLY, in a migration of
//     its own after the main one (it cannot run in a transaction).
//   - A UNIQUE or PRIMARY KEY constraint on an existing table gets its index
//     the same way, then becomes a constraint with ADD CONSTRAINT … USING
//     INDEX (a catalog change), in that second migration.
//   - An index dropped from an existing table goes with DROP INDEX
//     CONCURRENTLY there, last, when nothing else in the plan needs it gone.
//   - A foreign key or check on an existing table is added NOT VALID (brief),
//     and validated in a later transaction (SHARE UPDATE EXCLUSIVE: writes go on).
//   - SET NOT NULL on an existing column is preceded by a validated
//     CHECK (col IS NOT NULL), which lets PostgreSQL skip the scan, and the
//     check is dropped after.
// Pure: plans in, plans and SQL out.
import { keyOf, partsOf, type Key } from '../model/key.ts'
import type { Constraint, Model } from '../model/types.ts'
import { ident, literal, qualified } from '../sql/quote.ts'
import { statement } from '../sql/render/common.ts'
import type { Change } from './change.ts'
import type { Plan, Step } from './plan.ts'

export interface OnlinePlans {
  /** The main migration: up, and the down that undoes it (without what the concurrent migration does). */
  readonly up: Plan
  readonly down: Plan
  /** The concurrent migration's up and down SQL, and a line per thing it does; null when there is nothing to do concurrently. */
  readonly indexes: ConcurrentMigration | null
}

export interface ConcurrentMigration {
  readonly up: string
  readonly down: string
  /** "create index users_active_idx concurrently", "add constraint users_email_key using index", "drop index users_old_idx concurrently". */
  readonly described: readonly string[]
}

/** One statement of the concurrent migration and what undoes it (null: its partner's down does). */
interface Concurrent {
  readonly up: string
  readonly down: string | null
  readonly said: string
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
  // CONCURRENTLY does not work on a partitioned table: its indexes are built in place.
  const plainTable = (table: Key) => existing(table) && from.tables.get(table)!.partitionKey == null
  // Nor are keys and drops moved for a partition or an inheritance child: what
  // the plan does to the parent (dropping a column, attaching) reaches them too.
  const standalone = (table: Key) => plainTable(table) && from.tables.get(table)!.partitionOf === null && from.tables.get(table)!.inherits.length === 0
  const base = Math.max(0, ...up.steps.map((s) => s.transaction))
  const validate = base + 1
  const finish = base + 2
  const steps: Step[] = []
  const later: Step[] = []
  // The concurrent migration: builds first, then constraints on the built indexes, then drops.
  const builds: Concurrent[] = []
  const attaches: Concurrent[] = []
  const drops: Concurrent[] = []
  const moved = new Set<string>() // down steps the concurrent migration's down takes over
  for (const step of up.steps) {
    const c = step.change
    // A partitioned table's index (ON ONLY, no data) and a partition's, attached
    // to it in the same migration, are built in place.
    const inMain = step.transaction === base
    // A foreign key or a REPLICA IDENTITY set in the same migration may need the new index at once.
    if (c.kind === 'createIndex' && c.index.attachedTo === null && c.cloned === undefined && plainTable(c.index.table) && inMain &&
        !(c.index.unique && referencedIn(up, c.index.table)) && !up.steps.some((s) => s.change.kind === 'setReplicaIdentity' && s.change.table.key === c.index.table)) {
      builds.push({ up: step.sql.map(concurrently).join('\n'), down: dropConcurrently(c.index), said: `create index ${c.index.name} concurrently` })
      moved.add(`dropIndex:${c.index.key}`)
      continue
    }
    if (c.kind === 'addConstraint' && (c.constraint.type === 'unique' || c.constraint.type === 'primaryKey') && inMain &&
        standalone(c.constraint.table) && !c.constraint.inherited && c.constraint.attachedTo === null && c.cloned === undefined &&
        !referencedIn(up, c.constraint.table)) {
      const split = usingIndex(c.constraint)
      if (split !== null) {
        builds.push({ up: split.build, down: null, said: `create unique index ${c.constraint.name} concurrently` })
        attaches.push({ up: split.attach, down: split.drop, said: `add constraint ${c.constraint.name} using index ${c.constraint.name}` })
        moved.add(`dropConstraint:${c.constraint.key}`)
        continue
      }
    }
    if (c.kind === 'dropIndex' && c.index.attachedTo === null && standalone(c.index.table) && inMain && droppableLater(up, step)) {
      const remake = down.steps.filter((s) => s.change.kind === 'createIndex' && s.change.index.key === c.index.key)
      if (remake.length === 1 && remake[0]!.sql.every((sql) => /^CREATE (UNIQUE )?INDEX /.test(sql))) {
        drops.push({ up: dropConcurrently(c.index, false), down: remake[0]!.sql.map(concurrently).join('\n'), said: `drop index ${c.index.name} concurrently` })
        moved.add(`createIndex:${c.index.key}`)
        continue
      }
    }
    // PostgreSQL refuses a NOT VALID foreign key on a partitioned table.
    if (c.kind === 'addConstraint' && (c.constraint.type === 'check' || (c.constraint.type === 'foreignKey' && plainTable(c.constraint.table))) &&
        existing(c.constraint.table) && !/ NOT VALID$/.test(c.constraint.definition)) {
      steps.push({ ...step, sql: step.sql.map((sql) => sql.replace(/;$/, ' NOT VALID;')), hazards: [] })
      const table = qualified(partsOf(c.constraint.table).schema, partsOf(c.constraint.table).name)
      later.push({
        id: `validateConstraint:${c.constraint.key}`, change: { kind: 'validateConstraint', constraint: c.constraint },
        sql: [statement(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${ident(c.constraint.name)}`)], hazards: [], transaction: validate,
      })
      continue
    }
    // Adding an identity needs the column NOT NULL in the same statement list: left as planned.
    if (c.kind === 'alterColumn' && !c.from.notNull && c.to.notNull && existing(c.table.key) && !(c.to.identity !== null && c.from.identity === null)) {
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
  // The concurrent migration is reverted first, so the main down must not undo what it undoes.
  const downSteps = down.steps.filter((s) => !moved.has(downId(s.change)))
  const onlineDown: Plan = { steps: downSteps, transactions: down.transactions }
  const concurrent = [...builds, ...attaches, ...drops]
  const indexes = concurrent.length === 0 ? null : {
    up: `${concurrent.map((i) => i.up).join('\n\n')}\n`,
    down: `${[...concurrent].reverse().flatMap((i) => (i.down === null ? [] : [i.down])).join('\n\n')}\n`,
    described: concurrent.map((i) => i.said),
  }
  return { up: onlineUp, down: onlineDown, indexes }
}

/** How a migration of concurrent index builds announces itself. */
export const concurrentHeader = (described: readonly string[]): string => [
  `-- ${described.length} change${described.length === 1 ? '' : 's'}:`, ...described.map((d) => `--   ${d}`),
  '-- CREATE and DROP INDEX CONCURRENTLY run outside a transaction, so writes go on; a build that fails',
  '-- leaves an INVALID index, which the next run drops and builds again. Each ADD CONSTRAINT … USING INDEX',
  '-- runs in a transaction of its own, with lock_timeout: adopting a built index is a catalog change.',
].join('\n') + '\n'

const concurrently = (sql: string) => sql.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ')

const dropConcurrently = (index: { schema: string; name: string }, ifExists = true) =>
  statement(`DROP INDEX CONCURRENTLY ${ifExists ? 'IF EXISTS ' : ''}${qualified(index.schema, index.name)}`)

/** The id a down step has, to match it with what the concurrent migration takes over. */
function downId(change: Change): string {
  if (change.kind === 'dropIndex' || change.kind === 'createIndex') return `${change.kind}:${change.index.key}`
  if (change.kind === 'dropConstraint') return `dropConstraint:${change.constraint.key}`
  return ''
}

/** pg_get_constraintdef of a primary key or unique constraint, in its parts. */
const KEY_DEFINITION = /^(UNIQUE|PRIMARY KEY)( NULLS NOT DISTINCT)? \((.+?)\)(?: INCLUDE \((.+?)\))?(?: WITH \((.+?)\))?(?: USING INDEX TABLESPACE (\S+))?( DEFERRABLE(?: INITIALLY DEFERRED)?)?$/

/**
 * The unique index that can back `constraint`, built CONCURRENTLY under the
 * constraint's own name, and the ADD CONSTRAINT that adopts it; null when the
 * definition is not one this understands (then the constraint is added as planned).
 */
function usingIndex(constraint: Constraint): { build: string; attach: string; drop: string } | null {
  const m = KEY_DEFINITION.exec(constraint.definition)
  if (m === null) return null
  const [, kind, nullsNotDistinct, columns, include, options, tablespace, deferrable] = m
  const { schema, name } = partsOf(constraint.table)
  const table = qualified(schema, name)
  const build = `CREATE UNIQUE INDEX CONCURRENTLY ${ident(constraint.name)} ON ${table} USING btree (${columns})` +
    `${include ? ` INCLUDE (${include})` : ''}${nullsNotDistinct ?? ''}${options ? ` WITH (${options})` : ''}${tablespace ? ` TABLESPACE ${tablespace}` : ''}`
  return {
    build: statement(build),
    attach: statement(`ALTER TABLE ${table} ADD CONSTRAINT ${ident(constraint.name)} ${kind} USING INDEX ${ident(constraint.name)}${deferrable ?? ''}`),
    drop: statement(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${ident(constraint.name)}`),
  }
}

/** True when a foreign key added in `plan` points at `table`: it needs the unique index there at once. */
function referencedIn(plan: Plan, table: Key): boolean {
  return plan.steps.some(({ change: c }) => c.kind === 'addConstraint' && c.constraint.foreignKey?.references === table)
}

/**
 * True when nothing else in `plan` needs the index of `drop` gone before it
 * runs: no object takes its name, and its table's columns are not dropped,
 * renamed or retyped, nor the table or any schema renamed.
 */
function droppableLater(plan: Plan, drop: Step): boolean {
  if (drop.change.kind !== 'dropIndex') return false
  const index = drop.change.index
  return !plan.steps.some(({ change: c }) => {
    switch (c.kind) {
      case 'createIndex': return c.index.schema === index.schema && c.index.name === index.name
      case 'addConstraint': return c.constraint.schema === index.schema && c.constraint.name === index.name
      case 'createTable': return c.table.schema === index.schema && c.table.name === index.name
      case 'createView': return c.view.schema === index.schema && c.view.name === index.name
      case 'createMaterializedView': return c.view.schema === index.schema && c.view.name === index.name
      case 'createSequence': return c.sequence.schema === index.schema && c.sequence.name === index.name
      case 'renameIndex': case 'renameTable': case 'renameView': return c.schema === index.schema && (c.to === index.name || c.from === index.name || c.kind === 'renameTable')
      case 'renameSchema': return true
      case 'dropColumn': case 'renameColumn': return c.table.key === index.table
      case 'alterColumn': return c.table.key === index.table && (c.from.type !== c.to.type || c.from.collation !== c.to.collation)
      default: return false
    }
  })
}
