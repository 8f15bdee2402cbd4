// Constraints that check every existing row while holding a strong lock:
// fk-not-valid, check-not-valid, set-not-null.
import type { Constraint, RangeVar } from 'libpg-query'
import type { Check, RawFinding } from '../finding.ts'
import { alterTableCmds } from '../locks.ts'
import { columnKey, constraintKey } from '../state.ts'
import { displayIdent } from '../../sql/quote.ts'
import { namesOf, nodeOf, relationOfRangeVar, type Relation } from '../tree.ts'

const LATER = 'in a later transaction (a -- pgstrata:commit line between them, or the next migration)'
const ONLINE = 'pgstrata create --online writes it this way'

/**
 * ADD CONSTRAINT checks every row under the lock it took: SHARE ROW
 * EXCLUSIVE on both tables for a foreign key, ACCESS EXCLUSIVE for a check.
 * NOT VALID skips that check (new rows are still checked), and VALIDATE
 * CONSTRAINT later checks the old rows under SHARE UPDATE EXCLUSIVE, which
 * lets reads and writes go on — but only in a transaction of its own: in the
 * same one, the ADD's lock is still held while it validates.
 * SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated
 * CHECK (column IS NOT NULL) already proves it (PostgreSQL 12+).
 */
export const checkConstraints: Check = ({ statement, state, transaction }) => {
  const { kind, body } = statement
  if (kind !== 'AlterTableStmt') return []
  const table = relationOfRangeVar(body.relation as RangeVar)
  if (state.isNew(table)) return []
  const findings: RawFinding[] = []
  for (const cmd of alterTableCmds(body)) {
    const constraint = nodeOf<Constraint>(cmd.def, 'Constraint')
    if (cmd.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_FOREIGN' && !constraint.skip_validation) {
      findings.push(foreignKey(table, constraint))
    } else if (cmd.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_CHECK' && !constraint.skip_validation) {
      findings.push(check(table, constraint))
    } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
      const added = transaction.notValid.get(constraintKey(table, cmd.name))
      if (added !== undefined) findings.push(validatedTooSoon(table, cmd.name, added))
    } else if (cmd.subtype === 'AT_SetNotNull' && cmd.name && !state.validatedNotNull.has(columnKey(table, cmd.name))) {
      findings.push(setNotNull(table, cmd.name, undefined))
    } else if (cmd.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_NOTNULL' && !constraint.skip_validation) {
      // PostgreSQL 18: ADD CONSTRAINT … NOT NULL column, the same scan as SET NOT NULL.
      const [column] = namesOf(constraint.keys)
      if (column !== undefined && !state.validatedNotNull.has(columnKey(table, column))) findings.push(setNotNull(table, column, constraint.location))
    }
  }
  return findings
}

function foreignKey(table: Relation, constraint: Constraint): RawFinding {
  const referenced = relationOfRangeVar(constraint.pktable)
  const name = constraint.conname === undefined ? '…' : displayIdent(constraint.conname)
  return {
    rule: 'fk-not-valid',
    table,
    at: constraint.location,
    message: `ADD CONSTRAINT ${constraint.conname === undefined ? '' : `${name} `}FOREIGN KEY on ${table.display} checks every row while holding ${referenced.key === table.key ? `a SHARE ROW EXCLUSIVE lock on ${table.display} (blocks writes)` : `SHARE ROW EXCLUSIVE locks on ${table.display} and ${referenced.display} (blocks writes to both)`}`,
    advice: `add it NOT VALID (new rows are checked at once), then VALIDATE CONSTRAINT ${name} ${LATER}: validating takes only SHARE UPDATE EXCLUSIVE (${ONLINE})`,
  }
}

function check(table: Relation, constraint: Constraint): RawFinding {
  const name = constraint.conname === undefined ? '…' : displayIdent(constraint.conname)
  return {
    rule: 'check-not-valid',
    table,
    at: constraint.location,
    message: `ADD CONSTRAINT ${constraint.conname === undefined ? '' : `${name} `}CHECK on ${table.display} checks every row under an ACCESS EXCLUSIVE lock (blocks reads and writes)`,
    advice: `add it NOT VALID (new rows are checked at once), then VALIDATE CONSTRAINT ${name} ${LATER}: validating takes only SHARE UPDATE EXCLUSIVE (${ONLINE})`,
  }
}

function validatedTooSoon(table: Relation, name: string, added: 'fk' | 'check'): RawFinding {
  const lock = added === 'fk' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE'
  return {
    rule: added === 'fk' ? 'fk-not-valid' : 'check-not-valid',
    table,
    message: `VALIDATE CONSTRAINT ${displayIdent(name)} on ${table.display} runs in the transaction that added it NOT VALID, so the ${lock} lock of the ADD is held while every row is checked`,
    advice: `validate it ${LATER}`,
  }
}

function setNotNull(table: Relation, column: string, at: number | undefined): RawFinding {
  return {
    rule: 'set-not-null',
    table,
    at,
    message: `SET NOT NULL on ${table.display}.${displayIdent(column)} scans the whole table under an ACCESS EXCLUSIVE lock (blocks reads and writes)`,
    advice: `first ADD CONSTRAINT ${displayIdent(`${table.name}_${column}_not_null`)} CHECK (${displayIdent(column)} IS NOT NULL) NOT VALID and VALIDATE CONSTRAINT it ${LATER}; SET NOT NULL then skips the scan, and the check can be dropped after it (${ONLINE})`,
  }
}
