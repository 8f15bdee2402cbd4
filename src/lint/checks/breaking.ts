// Changes that break the application version still running while the
// migration is applied (it is deployed before or after the code that stops
// using the old name): rename, drop. The lock is short; the breakage is not.
import type { RangeVar } from 'libpg-query'
import { displayIdent } from '../../sql/quote.ts'
import type { Check, RawFinding } from '../finding.ts'
import { alterTableCmds } from '../locks.ts'
import { namesOf, nodeOf, relationOfNames, relationOfRangeVar } from '../tree.ts'

const RENAMED: Record<string, string> = {
  OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized view', OBJECT_FOREIGN_TABLE: 'foreign table', OBJECT_COLUMN: 'column',
}
const DROPPED: Record<string, string> = { OBJECT_TABLE: 'TABLE', OBJECT_VIEW: 'VIEW', OBJECT_MATVIEW: 'MATERIALIZED VIEW', OBJECT_FOREIGN_TABLE: 'FOREIGN TABLE' }

export const checkBreaking: Check = ({ statement, state }) => {
  const { kind, body } = statement
  if (kind === 'RenameStmt') {
    const noun = RENAMED[String(body.renameType)]
    const table = relationOfRangeVar(body.relation as RangeVar)
    if (noun === undefined || state.isNew(table)) return []
    const old = noun === 'column' ? `${table.display}.${displayIdent(String(body.subname))}` : table.display
    return [{
      rule: 'rename',
      message: `renaming ${noun} ${old} to ${displayIdent(String(body.newname))} breaks running code that still uses the old name, the moment it commits (and takes an ACCESS EXCLUSIVE lock for it)`,
      advice: noun === 'column'
        ? 'expand and contract: add the new column, keep both in step (a trigger) and fill it, move the code over, then drop the old column in a later migration'
        : `expand and contract: rename it and create a view named ${old} over the new name in the same migration, move the code over, then drop the view later`,
    }]
  }
  if (kind === 'DropStmt') {
    const what = DROPPED[String(body.removeType)]
    if (what === undefined) return []
    const dropped = ((body.objects ?? []) as unknown[])
      .map((o) => relationOfNames(namesOf(nodeOf<{ items?: unknown[] }>(o, 'List')?.items)))
      .filter((r) => !state.isNew(r))
    if (dropped.length === 0) return []
    return [{
      rule: 'drop',
      ...(dropped.length === 1 && what === 'TABLE' ? { table: dropped[0]! } : {}),
      message: `DROP ${what} ${dropped.map((r) => r.display).join(', ')} breaks running code that still uses ${dropped.length === 1 ? 'it' : 'them'}, and the data cannot be brought back by the down migration (ACCESS EXCLUSIVE lock)`,
      advice: 'first deploy code that no longer uses it, then drop it in a later migration; once that is so, say it: -- pgstrata:allow drop <reason>',
    }]
  }
  if (kind !== 'AlterTableStmt') return []
  const table = relationOfRangeVar(body.relation as RangeVar)
  if (state.isNew(table)) return []
  return alterTableCmds(body).filter((cmd) => cmd.subtype === 'AT_DropColumn' && cmd.name).map((cmd): RawFinding => ({
    rule: 'drop',
    table,
    message: `DROP COLUMN ${displayIdent(cmd.name!)} on ${table.display} breaks running code that still reads or writes it (an INSERT naming it, a SELECT of it), and its values cannot be brought back by the down migration (ACCESS EXCLUSIVE lock)`,
    advice: 'first deploy code that no longer uses the column (ORMs that list every column need it gone from the model), then drop it in a later migration; once that is so, say it: -- pgstrata:allow drop <reason>',
  }))
}
