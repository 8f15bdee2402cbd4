// What depends on how the file's statements are grouped into transactions:
// lock-timeout, enum-value-same-transaction. Also keeps the transaction's
// state (enum values added, NOT VALID constraints, lock_timeout) up to date.
import type { Constraint, RangeVar, TypeName } from 'libpg-query'
import type { Check, RawFinding } from '../finding.ts'
import { alterTableCmds, blocksApplication, locksTaken, strongest, type TakenLock } from '../locks.ts'
import { constraintKey, type LintState, type TransactionState } from '../state.ts'
import { namesOf, nodeOf, relationOfNames, relationOfRangeVar, walk, type ParsedStatement } from '../tree.ts'

/** The lock_timeout a file's connection has outside the runner's transactions, as the file leaves it. */
export interface SessionState {
  /** Why lock_timeout is off outside a transaction, or null when the file set one. */
  lockTimeoutOff: string | null
}

const STATEMENT_NAMES: Record<string, string> = {
  AlterTableStmt: 'ALTER TABLE', IndexStmt: 'CREATE INDEX', DropStmt: 'DROP', RenameStmt: 'RENAME', TruncateStmt: 'TRUNCATE',
  LockStmt: 'LOCK TABLE', CreateTrigStmt: 'CREATE TRIGGER', CreateStmt: 'CREATE TABLE', CreatePolicyStmt: 'CREATE POLICY',
  AlterPolicyStmt: 'ALTER POLICY', RuleStmt: 'CREATE RULE', RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  VacuumStmt: 'VACUUM FULL', ClusterStmt: 'CLUSTER', ReindexStmt: 'REINDEX',
}

/**
 * A statement waiting for a lock makes every later conflicting request wait
 * behind it, so an ALTER TABLE stuck behind one long query stops the
 * application's queries on that table. lock_timeout makes it give up instead.
 */
export const checkLockTimeout: Check = ({ statement, state, transaction }) => {
  if (transaction.lockTimeoutOff === null) return []
  const waits = locksTaken(statement).filter((lock) => blocksApplication(lock.mode) && isExisting(lock, state))
  const mode = strongest(waits.map((lock) => lock.mode))
  if (mode === null) return []
  const on = waits.filter((lock) => lock.mode === mode).map((lock) => lock.relation === null ? 'every table' : lock.relation.display)
  const what = STATEMENT_NAMES[statement.kind] ?? 'this statement'
  return [{
    rule: 'lock-timeout',
    lock: mode,
    message: `${what} waits for ${mode.startsWith('SHARE') ? 'a' : 'an'} ${mode} lock on ${[...new Set(on)].join(', ')} with no lock_timeout (${transaction.lockTimeoutOff}): while it waits, ${mode === 'ACCESS EXCLUSIVE' ? 'every query on it, reads included,' : 'every write to it'} queues behind it`,
    advice: transaction.transactional
      ? "set one: SET LOCAL lock_timeout = '5s' before it, or lockTimeout in pgstrata.config.json (--lock-timeout); a migration that times out rolls back and can simply be run again"
      : "set one on a line before it: SET lock_timeout = '5s' (pgstrata gives the next migration a fresh connection); a statement that times out can simply be run again",
  }]
}

function isExisting(lock: TakenLock, state: LintState): boolean {
  if (lock.relation === null) return true
  return lock.index ? !state.createdIndexes.has(lock.relation.key) : !state.isNew(lock.relation)
}

/**
 * ALTER TYPE … ADD VALUE may run in a transaction (PostgreSQL 12+), but the
 * value cannot be used until that transaction commits (55P04, "unsafe use of
 * new value"), even when the type was created in the same transaction.
 */
export const checkEnumValues: Check = ({ statement, transaction }) => {
  if (transaction.addedEnumValues.size === 0 || statement.kind === 'AlterEnumStmt') return []
  const findings: RawFinding[] = []
  const seen = new Set<number>()
  const report = (value: string, type: string, line: number, at: number | undefined, sure: boolean) => findings.push({
    rule: 'enum-value-same-transaction',
    at,
    message: sure
      ? `'${value}' is used as a ${type} in the transaction that adds it (ADD VALUE on line ${line}): PostgreSQL refuses with "unsafe use of new value" (55P04)`
      : `'${value}' was added to ${type} in this transaction (ADD VALUE on line ${line}); used as a ${type} here, PostgreSQL refuses with "unsafe use of new value" (55P04)`,
    advice: 'put a line -- pgstrata:commit between the ADD VALUE and this statement, so the value is committed before it is used',
  })
  for (const [kind, fields] of walk(statement.tree)) {
    if (kind !== 'TypeCast') continue
    const constant = nodeOf<{ sval?: { sval?: string }; location?: number }>(fields.arg, 'A_Const')
    if (constant?.sval?.sval === undefined) continue
    seen.add(constant.location ?? -1)
    const type = relationOfNames(namesOf((fields.typeName as TypeName | undefined)?.names))
    const line = transaction.addedEnumValues.get(type.key)?.values.get(constant.sval.sval)
    if (line !== undefined) report(constant.sval.sval, type.display, line, fields.location as number | undefined, true)
  }
  // A bare literal takes the enum type from its column or parameter, which the
  // parse tree does not know: a string equal to a value just added is taken for one.
  for (const [kind, fields] of walk(statement.tree)) {
    const text = kind === 'A_Const' ? (fields.sval as { sval?: string } | undefined)?.sval : undefined
    if (text === undefined || seen.has((fields.location as number | undefined) ?? -1)) continue
    for (const { type, values } of transaction.addedEnumValues.values()) {
      const line = values.get(text)
      if (line !== undefined) {
        report(text, type, line, fields.location as number | undefined, false)
        break
      }
    }
  }
  return findings
}

/** Updates the transaction's (and the file's session's) state after `statement`. */
export function recordTransaction(statement: ParsedStatement, transaction: TransactionState, session: SessionState): void {
  const { kind, body } = statement
  if (kind === 'AlterEnumStmt' && typeof body.newVal === 'string' && body.oldVal === undefined) {
    const type = relationOfNames(namesOf(body.typeName))
    const added = transaction.addedEnumValues.get(type.key) ?? { type: type.display, values: new Map<string, number>() }
    added.values.set(body.newVal, statement.line)
    transaction.addedEnumValues.set(type.key, added)
  } else if (kind === 'AlterTableStmt') {
    const table = relationOfRangeVar(body.relation as RangeVar)
    for (const cmd of alterTableCmds(body)) {
      const constraint = nodeOf<Constraint>(cmd.def, 'Constraint')
      if (cmd.subtype !== 'AT_AddConstraint' || !constraint?.skip_validation || !constraint.conname) continue
      if (constraint.contype === 'CONSTR_FOREIGN') transaction.notValid.set(constraintKey(table, constraint.conname), 'fk')
      if (constraint.contype === 'CONSTR_CHECK') transaction.notValid.set(constraintKey(table, constraint.conname), 'check')
    }
  } else if (kind === 'VariableSetStmt' && body.name === 'lock_timeout') {
    const off = lockTimeoutSetting(body)
    const why = off ? `set to 0 on line ${statement.line}` : null
    transaction.lockTimeoutOff = why
    if (!body.is_local) session.lockTimeoutOff = why
  }
}

/** True when a SET/RESET of lock_timeout leaves it off. RESET and DEFAULT go back to the server's setting, taken to be PostgreSQL's default, 0. */
function lockTimeoutSetting(body: Record<string, unknown>): boolean {
  if (body.kind !== 'VAR_SET_VALUE') return true
  const value = nodeOf<{ ival?: { ival?: number }; sval?: { sval?: string }; fval?: { fval?: string } }>((body.args as unknown[] | undefined)?.[0], 'A_Const')
  if (value === undefined) return true
  return isZeroDuration(String(value.sval?.sval ?? value.fval?.fval ?? value.ival?.ival ?? 0))
}

/** `0`, `0s`, `0.0ms`: a PostgreSQL duration of zero, which turns a timeout off. */
export const isZeroDuration = (text: string): boolean => /^\s*0*(\.0*)?\s*(us|ms|s|min|h|d)?\s*$/.test(text) && /\d/.test(text)
