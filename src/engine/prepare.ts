// Parsing the files a run is about to execute, before anything is sent.
import { UsageError } from '../errors.ts'
import { caretSnippet } from '../sql/position.ts'
import { loadParser, splitStatements } from '../sql/parse.ts'
import type { PreparedMigration, Direction } from './apply.ts'
import type { Migration } from './files.ts'
import type { ProgressRow } from './ledger.ts'

export interface ToPrepare {
  readonly migration: Migration
  readonly direction: Direction
  readonly progress: ProgressRow | undefined
}

/**
 * Splits each file into statements and decides how it runs. Throws
 * SQL_SYNTAX or TRANSACTION_CONTROL (exit 2) for the first bad file, so a
 * typo in the fifth pending file stops the run before the first is applied.
 */
export async function prepareMigrations(items: readonly ToPrepare[]): Promise<PreparedMigration[]> {
  if (items.length > 0) await loadParser()
  return items.map(({ migration, direction, progress }) => {
    const file = direction === 'up' ? migration.up : migration.down
    const statements = splitStatements(file.text, file.path)
    const control = statements.find((s) => s.transactionControl !== null)
    if (control) {
      throw new UsageError('TRANSACTION_CONTROL', `${file.path}:${control.line}:${control.column}: ${control.transactionControl} is not allowed in a migration file`, {
        location: { file: file.path, line: control.line, column: control.column },
        context: caretSnippet(file.text, control),
        hint: 'pgstrata runs each file in its own transaction; remove BEGIN/COMMIT. ' +
          'For statements that cannot run in a transaction, pgstrata notices them itself, or add -- pgstrata:no-transaction at the top',
      })
    }
    const reason = progress !== undefined ? 'resuming a file that stopped part-way'
      : file.directives.noTransaction ? '-- pgstrata:no-transaction'
      : statements.find((s) => s.nonTransactional !== null)?.nonTransactional ?? null
    return { migration, direction, file, statements, noTransactionReason: reason, progress }
  })
}
