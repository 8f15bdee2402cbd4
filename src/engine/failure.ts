// How a migration's failure is told: what failed (a statement, with its
// file:line:col and a caret, or a step of the runner's own), what the server
// said, what became of the migration, and what to do. Also the two errors the
// runner acts on: a lock_timeout it may retry, and a lost connection.
import { isConnectionError } from '../db/connect.ts'
import { PgstrataError } from '../errors.ts'
import { caretSnippet, lineColumnAt } from '../sql/position.ts'
import type { ApplyContext, Direction, PreparedMigration, Step } from './apply.ts'
import type { Migration } from './files.ts'
import { LEDGER_CONFLICT_CODE, PREVIOUS_FAILED_CODE } from './ledger.ts'
import { FENCE_ERROR_CODE, LockLostError } from './lock.ts'
import { pgstrata } from '../invocation.ts'

export class MigrationFailedError extends PgstrataError {
  /** Set when the failure was the migration's lock_timeout firing (55P03): the migration, which may be tried again. */
  lockTimedOut: PreparedMigration | undefined
}

interface ServerError {
  readonly code?: string
  readonly message?: string
  readonly detail?: string
  readonly hint?: string
  readonly position?: string
  readonly where?: string
  readonly internal_query?: string
}

const STEP_NAMES: Record<Exclude<Step['role'], 'statement'>, string> = {
  setup: 'starting its transaction',
  record: 'recording it in the ledger',
  progress: 'recording its progress',
  commit: 'commit',
}

/** What to do when a lock_timeout fired on the last try. */
function lockTimeoutHint(lockTimeout: string): string {
  return `another session held a lock this statement needs for longer than lock_timeout (${lockTimeout}) on every try. ` +
    'Run it again once that session is done (long transactions: select pid, xact_start, query from pg_stat_activity where xact_start < now() - interval \'1 minute\'), ' +
    `or let it wait longer with --lock-timeout 1s (config lockTimeout), knowing that writes to the table queue behind a waiting migration for that long`
}

export function describeFailure(ctx: ApplyContext, prepared: PreparedMigration, step: Step, error: unknown, outcome?: string): PgstrataError {
  const e = (error ?? {}) as ServerError
  const { migration, file } = prepared
  const verb = prepared.direction === 'up' ? 'applying' : 'reverting'
  if (isConnectionError(error)) return new ConnectionLostError([migration], prepared.direction, error)
  // When the lock goes, the runner cancels what is running (57014), and the fence fails.
  if (e.code === FENCE_ERROR_CODE || ctx.isLockLost()) {
    return new LockLostError(`while ${verb} ${migration.id}; it was rolled back and not recorded`, error)
  }
  if (e.code === PREVIOUS_FAILED_CODE) {
    return new PgstrataError('PREVIOUS_FAILED', `${migration.id} was not run: the migration before it did not commit`, { cause: error })
  }
  if (e.code === LEDGER_CONFLICT_CODE) {
    return new PgstrataError('LEDGER_CONFLICT', `${migration.id} is no longer in the ledger; its down was rolled back`, {
      hint: `something else changed the ledger during this run; run ${pgstrata('status')}`, cause: error,
    })
  }
  const context: string[] = []
  if (e.detail) context.push(`detail: ${e.detail}`)
  if (e.where) context.push(`where: ${e.where}`)
  if (e.internal_query) context.push(`in: ${e.internal_query}`)
  outcome ??= prepared.noTransactionReason === null
    ? `${migration.id} was rolled back; nothing of it was recorded`
    : `this file runs outside a transaction (${prepared.noTransactionReason}); the statements before this one stay applied and are recorded, and the next run resumes here`
  const reason = `${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`
  const hint = e.code === '53200' && /shared memory/.test(e.message ?? '') ? LOCK_TABLE_FULL
    : e.code === '55P03' ? lockTimeoutHint(ctx.lockTimeout) : e.hint
  if (step.role !== 'statement') {
    return new MigrationFailedError('MIGRATION_FAILED', `${file.path}: ${STEP_NAMES[step.role]} failed: ${reason}`, {
      context, hint: hint ?? outcome, cause: error,
    })
  }
  // The server's position is 1-based, in characters, within the statement sent.
  const offset = step.statement.start + (e.position ? Number(e.position) - 1 : 0)
  const at = lineColumnAt(file.text, offset)
  const failure = new MigrationFailedError('MIGRATION_FAILED', `${file.path}:${at.line}:${at.column}: ${reason}`, {
    location: { file: file.path, ...at },
    context: [...caretSnippet(file.text, at), ...context, `statement ${step.index + 1} of ${prepared.statements.length}; ${outcome}`],
    ...(hint ? { hint } : {}),
    cause: error,
  })
  if (e.code === '55P03') failure.lockTimedOut = prepared
  return failure
}

/**
 * "out of shared memory": one transaction took more locks than the server's
 * lock table holds (about max_locks_per_transaction × max_connections; every
 * table, index and sequence created or changed takes one until COMMIT).
 */
const LOCK_TABLE_FULL = 'the migration touches more tables, indexes and sequences in one transaction than the server can lock at once ' +
  '(max_locks_per_transaction, default 64, times max_connections): split it into parts of a few hundred tables with `-- pgstrata:commit` lines, ' +
  'or raise max_locks_per_transaction in postgresql.conf (needs a restart)'

/**
 * The connection dropped while migrations were on their way. Which of them
 * committed is for the runner to ask a fresh connection.
 */
export class ConnectionLostError extends PgstrataError {
  constructor(readonly migrations: readonly Migration[], readonly direction: Direction, cause: unknown) {
    super('CONNECTION_LOST', `the connection to the server was lost while ${direction === 'up' ? 'applying' : 'reverting'} ${migrations[0]!.id}: ${(cause as Error)?.message ?? cause}`, {
      hint: `the server rolls back an unfinished transaction; run ${pgstrata('status')} when the server is reachable, then run again`,
      cause,
    })
  }

  /** The same loss, also naming the migrations that were sent after the first. */
  alsoInFlight(rest: readonly Migration[]): ConnectionLostError {
    return rest.length === 0 ? this : new ConnectionLostError([...this.migrations, ...rest], this.direction, this.cause)
  }
}
