// Parsing a file just before it runs: splitting it into statements and
// deciding how it runs. The runner parses each file as it is about to send
// it, so parsing overlaps the server's work on the migrations before it.
// A plain file that runs as one transaction is split without the parser
// (quickSplit), and the server checks its syntax before any of it runs.
import { UsageError } from '../errors.ts'
import { caretSnippet } from '../sql/position.ts'
import { isParserLoaded, loadParser, splitStatements, type Statement } from '../sql/parse.ts'
import { quickSplit } from '../sql/scan.ts'
import type { MigrationFile } from './files.ts'
import type { PreparedMigration, Direction } from './apply.ts'
import type { Migration } from './files.ts'
import type { ProgressRow } from './ledger.ts'
import { COMMIT_MARKER, findCommitMarkers, statementGroups } from './segments.ts'

export interface ToPrepare {
  readonly migration: Migration
  readonly direction: Direction
  readonly progress: ProgressRow | undefined
}

/** Files larger than this are parsed: the server's syntax check would send them twice. */
const QUICK_MAX_CHARS = 64 * 1024

const quickSplits = new WeakMap<MigrationFile, Statement[] | null>()

/**
 * The statements of `item`'s file when it can run without the parser: one
 * transaction of plain statements (quickSplit), not resumed, not split by
 * `-- pgstrata:commit` or `-- pgstrata:no-transaction`; null otherwise.
 */
function quickStatements({ migration, direction, progress }: ToPrepare): Statement[] | null {
  const file = direction === 'up' ? migration.up : migration.down
  if (progress !== undefined || file.directives.noTransaction || file.text.length > QUICK_MAX_CHARS) return null
  let statements = quickSplits.get(file)
  if (statements === undefined) {
    statements = quickSplit(file.text)
    if (statements !== null && findCommitMarkers(file.text, statements).length > 0) statements = null
    quickSplits.set(file, statements)
  }
  return statements
}

/** Whether preparing `item` needs the parser loaded (see quickStatements). */
export const needsParser = (item: ToPrepare): boolean => quickStatements(item) === null

/**
 * Splits the file `item` runs into statements and decides how it runs. A
 * plain file is split without the parser (`quick` set in the result) unless
 * `parse` is set; any other file needs `loadParser()` to have resolved.
 * Throws SQL_SYNTAX or TRANSACTION_CONTROL (exit 2) with file:line:col.
 */
export function prepareMigration(item: ToPrepare, { parse = false }: { parse?: boolean } = {}): PreparedMigration {
  const { migration, direction, progress } = item
  const file = direction === 'up' ? migration.up : migration.down
  const quick = parse ? null : quickStatements(item)
  if (quick !== null) {
    return {
      migration, direction, file, statements: quick, noTransactionReason: null, commits: [],
      groups: [{ start: 0, end: quick.length, transactional: true }], progress, quick: true,
    }
  }
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
  return { migration, direction, file, statements, noTransactionReason: reason, commits, groups, progress, quick: false }
}

/** Parses every file of a plan up front (for --dry-run, which reports all it would run, and checks their syntax). */
export async function prepareMigrations(items: readonly ToPrepare[]): Promise<PreparedMigration[]> {
  if (items.length > 0) await loadParser()
  return items.map((item) => prepareMigration(item, { parse: true }))
}

/**
 * After a quickly split file failed on the server: parses it, and throws
 * SQL_SYNTAX or TRANSACTION_CONTROL if the parser finds it bad, as it would
 * have before anything was sent. Returns when the parser finds it sound.
 */
export async function parseCheck(item: ToPrepare): Promise<void> {
  await loadParser()
  prepareMigration(item, { parse: true })
}

/** Loads the parser when a file of `items` needs it; otherwise the WebAssembly module is never loaded. */
export async function loadParserFor(items: readonly ToPrepare[]): Promise<void> {
  if (!isParserLoaded() && items.some(needsParser)) await loadParser()
}
