// Parsing a file just before it runs: splitting it into statements and
// deciding how it runs. The runner parses each file as it is about to send
// it, so parsing overlaps the server's work on the migrations before it.
import { UsageError } from '../errors.ts'
import { caretSnippet } from '../sql/position.ts'
import { loadParser, splitStatements } from '../sql/parse.ts'
import type { PreparedMigration, Direction } from './apply.ts'
import type { Migration } from './files.ts'
import type { ProgressRow } from './ledger.ts'
import { COMMIT_MARKER, findCommitMarkers, statementGroups } from './segments.ts'

export interface ToPrepare {
  readonly migration: Migration
  readonly direction: Direction
  readonly progress: ProgressRow | undefined
}

/**
 * Parses the file `item` runs. Requires `loadParser()` to have resolved.
 * Throws SQL_SYNTAX or TRANSACTION_CONTROL (exit 2) with file:line:col.
 */
export function prepareMigration({ migration, direction, progress }: ToPrepare): PreparedMigration {
  const file = direction === 'up' ? migration.up : migration.down
  const statements = splitStatements(file.text, file.path)
  const control = statements.find((s) => s.transactionControl !== null)
  if (control) {
    throw new UsageError('TRANSACTION_CONTROL', `${file.path}:${control.line}:${control.column}: ${control.transactionControl} is not allowed in a migration file`, {
      location: { file: file.path, line: control.line, column: control.column },
      context: caretSnippet(file.text, control),
      hint: 'pgstrata runs each file in its own transaction; remove BEGIN/COMMIT. ' +
        'To commit part-way through the file, put a line -- pgstrata:commit between the statements. ' +
        'For statements that cannot run in a transaction, pgstrata notices them itself, or add -- pgstrata:no-transaction at the top',
    })
  }
  // -- pgstrata:no-transaction already commits after every statement.
  const commits = file.directives.noTransaction ? [] : findCommitMarkers(file.text, statements)
  const reason = commits.length > 0 ? COMMIT_MARKER
    : progress !== undefined ? 'resuming a file that stopped part-way'
    : file.directives.noTransaction ? '-- pgstrata:no-transaction'
    : statements.find((s) => s.nonTransactional !== null)?.nonTransactional ?? null
  const groups = reason === null ? [{ start: 0, end: statements.length, transactional: true }]
    : statementGroups(statements, commits, commits.length > 0)
  return { migration, direction, file, statements, noTransactionReason: reason, commits, groups, progress }
}

/** Parses every file of a plan up front (for --dry-run, which reports all it would run). */
export async function prepareMigrations(items: readonly ToPrepare[]): Promise<PreparedMigration[]> {
  if (items.length > 0) await loadParser()
  return items.map(prepareMigration)
}
