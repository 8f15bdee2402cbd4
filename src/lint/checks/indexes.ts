// Building an index on a table that has rows: index-not-concurrent, add-unique-constraint.
import type { ColumnDef, Constraint, RangeVar } from 'libpg-query'
import type { Check, RawFinding } from '../finding.ts'
import { alterTableCmds } from '../locks.ts'
import { nodeOf, relationOfRangeVar, type Relation } from '../tree.ts'

/**
 * CREATE INDEX takes SHARE on its table for the whole build: reads go on,
 * writes wait. CONCURRENTLY takes SHARE UPDATE EXCLUSIVE instead, and
 * pgstrata runs it outside a transaction by itself (src/sql/parse.ts).
 */
export const checkIndexes: Check = ({ statement, state }) => {
  const { kind, body } = statement
  if (kind === 'IndexStmt') {
    const table = relationOfRangeVar(body.relation as RangeVar)
    if (body.concurrent || state.isNew(table)) return []
    const unique = body.unique ? 'UNIQUE ' : ''
    return [{
      rule: 'index-not-concurrent',
      table,
      message: `CREATE ${unique}INDEX on ${table.display} takes a SHARE lock (blocks writes) while it builds`,
      advice: `use CREATE ${unique}INDEX CONCURRENTLY IF NOT EXISTS; pgstrata runs it outside a transaction by itself (best in a migration of its own, as create --online writes it), and IF NOT EXISTS makes a rerun after a crash safe`,
    }]
  }
  if (kind !== 'AlterTableStmt') return []
  const table = relationOfRangeVar(body.relation as RangeVar)
  if (state.isNew(table)) return []
  const findings: RawFinding[] = []
  for (const cmd of alterTableCmds(body)) {
    if (cmd.subtype === 'AT_AddConstraint') {
      const constraint = nodeOf<Constraint>(cmd.def, 'Constraint')
      if (constraint !== undefined && builtIndex(constraint)) findings.push(uniqueFinding(table, constraint, null))
    } else if (cmd.subtype === 'AT_AddColumn') {
      const column = nodeOf<ColumnDef>(cmd.def, 'ColumnDef')
      for (const c of column?.constraints ?? []) {
        const constraint = nodeOf<Constraint>(c, 'Constraint')
        if (constraint !== undefined && builtIndex(constraint)) findings.push(uniqueFinding(table, constraint, column?.colname ?? ''))
      }
    }
  }
  return findings
}

const CONSTRAINT_WORDS: Record<string, string> = { CONSTR_UNIQUE: 'UNIQUE', CONSTR_PRIMARY: 'PRIMARY KEY', CONSTR_EXCLUSION: 'EXCLUDE' }

/** A constraint that builds a new index (… USING INDEX adopts one that exists). */
const builtIndex = (constraint: Constraint): boolean =>
  CONSTRAINT_WORDS[constraint.contype ?? ''] !== undefined && constraint.indexname === undefined

function uniqueFinding(table: Relation, constraint: Constraint, column: string | null): RawFinding {
  const word = CONSTRAINT_WORDS[constraint.contype!]!
  const what = column === null ? `ADD CONSTRAINT ${constraint.conname ? `${constraint.conname} ` : ''}${word}` : `ADD COLUMN ${column} … ${word}`
  const advice = constraint.contype === 'CONSTR_EXCLUSION'
    ? 'an exclusion constraint cannot adopt an index built beforehand: add it while the table is small, or accept the lock with -- pgstrata:allow add-unique-constraint <reason>'
    : `build the index first with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … ${word} USING INDEX${constraint.contype === 'CONSTR_PRIMARY' ? ' (its columns must be NOT NULL already: see set-not-null)' : ''}, which only takes the lock for a moment`
  return {
    rule: 'add-unique-constraint',
    table,
    at: constraint.location,
    message: `${what} on ${table.display} builds its index under an ACCESS EXCLUSIVE lock (blocks reads and writes)`,
    advice: column === null ? advice : `add the column first, then ${advice}`,
  }
}
