// Running one migration file. A file whose statements can all run in a
// transaction is sent as one pipeline: BEGIN, SET LOCAL, its statements, the
// lock fence and the ledger write, each its own simple query, written to the
// socket together. Only after every reply is in does COMMIT go out, so a
// runner that dies mid-file leaves an open transaction the server rolls back.
// Other files run statement by statement with their progress recorded.
import { createHash } from 'node:crypto'
import type postgres from 'postgres'
import { PgstrataError } from '../errors.ts'
import { isConnectionError } from '../db/connect.ts'
import { literal } from '../sql/quote.ts'
import { caretSnippet, lineColumnAt } from '../sql/position.ts'
import type { Statement } from '../sql/parse.ts'
import type { Migration, MigrationFile } from './files.ts'
import { recordApplied, recordReverted, type LedgerNames, type ProgressRow } from './ledger.ts'
import { FENCE_ERROR_CODE, LockLostError, type HeldLock } from './lock.ts'
import type { WorkSession } from './session.ts'

export type Direction = 'up' | 'down'

export interface PreparedMigration {
  readonly migration: Migration
  readonly direction: Direction
  readonly file: MigrationFile
  readonly statements: readonly Statement[]
  /** Why the file runs statement by statement, or null when it runs in one transaction. */
  readonly noTransactionReason: string | null
  /** Set when an earlier run stopped part-way through this file. */
  readonly progress: ProgressRow | undefined
}

export interface ApplyContext {
  readonly session: WorkSession
  readonly names: LedgerNames
  readonly lock: HeldLock
  readonly isLockLost: () => boolean
  readonly lockTimeout: string
  readonly statementTimeout: string | null
  readonly appliedBy: string
}

export interface Applied {
  readonly version: string
  readonly id: string
  readonly direction: Direction
  readonly ms: number
  readonly mode: 'transaction' | 'statements'
  readonly statements: number
  /** For a resumed file, the first statement this run executed (1-based). */
  readonly resumedAt?: number
}

export class MigrationFailedError extends PgstrataError {}

/** Applies (up) or reverts (down) one migration and its ledger row. */
export async function applyMigration(ctx: ApplyContext, prepared: PreparedMigration): Promise<Applied> {
  if (ctx.isLockLost()) throw new LockLostError(`before ${prepared.migration.id} started; it was not run`)
  const started = performance.now()
  const result = prepared.noTransactionReason === null
    ? await runInTransaction(ctx, prepared)
    : await runStatementByStatement(ctx, prepared)
  if (prepared.statements.some((s) => s.leavesSessionState)) await ctx.session.renew()
  return { ...result, version: prepared.migration.version, id: prepared.migration.id, direction: prepared.direction, ms: performance.now() - started }
}

type Step =
  | { readonly role: 'setup' | 'fence' | 'ledger' | 'progress'; readonly sql: string }
  | { readonly role: 'statement'; readonly sql: string; readonly statement: Statement; readonly index: number }

function transactionHead(ctx: ApplyContext): Step[] {
  return [
    { role: 'setup', sql: 'begin' },
    { role: 'setup', sql: `set local lock_timeout = ${literal(ctx.lockTimeout)}` },
    ...(ctx.statementTimeout === null ? [] : [{ role: 'setup' as const, sql: `set local statement_timeout = ${literal(ctx.statementTimeout)}` }]),
  ]
}

function ledgerWrite(ctx: ApplyContext, prepared: PreparedMigration, executionMs?: number): Step {
  const { migration } = prepared
  const sql = prepared.direction === 'up'
    ? recordApplied(ctx.names, { version: migration.version, name: migration.name, upChecksum: migration.up.checksum, downChecksum: migration.down.checksum }, ctx.appliedBy, executionMs === undefined ? {} : { executionMs })
    : recordReverted(ctx.names, migration.version, ctx.appliedBy, executionMs)
  return { role: 'ledger', sql }
}

async function runInTransaction(ctx: ApplyContext, prepared: PreparedMigration): Promise<Omit<Applied, 'version' | 'id' | 'direction' | 'ms'>> {
  const steps: Step[] = [
    ...transactionHead(ctx),
    ...prepared.statements.map((statement, index) => ({ role: 'statement' as const, sql: statement.sql, statement, index })),
    { role: 'fence', sql: ctx.lock.fence },
    ledgerWrite(ctx, prepared),
  ]
  await commitPipeline(ctx, prepared, steps)
  return { mode: 'transaction', statements: prepared.statements.length }
}

/**
 * Sends `steps` (starting with BEGIN) as one pipeline, then COMMIT once all
 * succeeded; on any failure, ROLLBACK and throw an error for the first step
 * that failed. For `down`, the ledger step must have removed a row.
 */
async function commitPipeline(ctx: ApplyContext, prepared: PreparedMigration, steps: readonly Step[]): Promise<void> {
  const sql = ctx.session.sql
  const results = await ctx.session.pipeline(steps.map((step) => step.sql))
  const failed = results.findIndex((r) => r.status === 'rejected')
  if (failed !== -1) {
    const error = (results[failed] as PromiseRejectedResult).reason
    if (!isConnectionError(error)) await sql.unsafe('rollback').catch(() => {})
    throw describeFailure(ctx, prepared, steps[failed]!, error)
  }
  const ledgerIndex = steps.findIndex((s) => s.role === 'ledger')
  const ledgerRows = (results[ledgerIndex] as PromiseFulfilledResult<unknown[]> | undefined)?.value
  if (prepared.direction === 'down' && ledgerIndex !== -1 && ledgerRows?.length !== 1) {
    await sql.unsafe('rollback').catch(() => {})
    throw new PgstrataError('LEDGER_CONFLICT', `${prepared.migration.id} is no longer in the ledger; its down was rolled back`, {
      hint: 'something else changed the ledger during this run; run pgstrata status',
    })
  }
  try {
    await sql.unsafe('commit')
  } catch (error) {
    // Deferred constraints and serialization failures surface at COMMIT.
    throw describeFailure(ctx, prepared, { role: 'setup', sql: 'commit' }, error)
  }
}

async function runStatementByStatement(ctx: ApplyContext, prepared: PreparedMigration): Promise<Omit<Applied, 'version' | 'id' | 'direction' | 'ms'>> {
  const { statements, migration } = prepared
  const sql = () => ctx.session.sql
  const checksums = statements.map((s) => createHash('sha256').update(s.sql).digest('hex'))
  const done = await startProgress(ctx, prepared, checksums)
  const started = performance.now()
  const progressWhere = `where version = ${literal(migration.version)}`
  for (let index = done; index < statements.length; index++) {
    if (ctx.isLockLost()) throw new LockLostError(`during ${migration.id}, after statement ${index} of ${statements.length}; run pgstrata again to resume`)
    const statement = statements[index]!
    const step: Step = { role: 'statement', sql: statement.sql, statement, index }
    const recordDone = `update ${ctx.names.progress} set statements_done = ${index + 1}, updated_at = now(), last_error = null ${progressWhere}`
    try {
      if (statement.nonTransactional !== null) {
        const [result] = await ctx.session.pipeline([statement.sql])
        if (result?.status === 'rejected') throw describeFailure(ctx, prepared, step, result.reason)
        await sql().unsafe(recordDone)
      } else {
        await commitPipeline(ctx, prepared, [...transactionHead(ctx), step, { role: 'fence', sql: ctx.lock.fence }, { role: 'progress', sql: recordDone }])
      }
    } catch (error) {
      if (!isConnectionError((error as { cause?: unknown }).cause ?? error)) {
        const message = error instanceof Error ? error.message : String(error)
        await sql().unsafe(`update ${ctx.names.progress} set last_error = ${literal(message.replaceAll('\0', ''))}, updated_at = now() ${progressWhere}`).catch(() => {})
      }
      throw error
    }
  }
  await commitPipeline(ctx, prepared, [
    ...transactionHead(ctx),
    { role: 'fence', sql: ctx.lock.fence },
    ledgerWrite(ctx, prepared, performance.now() - started),
    { role: 'progress', sql: `delete from ${ctx.names.progress} ${progressWhere}` },
  ])
  return { mode: 'statements', statements: statements.length, ...(done > 0 ? { resumedAt: done + 1 } : {}) }
}

/**
 * Records that a statement-by-statement run begins, or checks that a resumed
 * one still matches what already ran. Returns how many statements are done.
 */
async function startProgress(ctx: ApplyContext, prepared: PreparedMigration, checksums: readonly string[]): Promise<number> {
  const { progress, migration, file, direction } = prepared
  const values = `${literal(file.checksum)}, ${checksums.length}, ${literal(JSON.stringify(checksums))}::jsonb`
  if (progress === undefined) {
    await ctx.session.sql.unsafe(`insert into ${ctx.names.progress} (version, direction, checksum, statements_total, statement_checksums, statements_done)
      values (${literal(migration.version)}, ${literal(direction)}, ${values}, 0)`)
    return 0
  }
  const done = progress.statementsDone
  const edited = progress.statementChecksums.slice(0, done).findIndex((checksum, i) => checksums[i] !== checksum)
  if (edited !== -1 || done > checksums.length) {
    throw new PgstrataError('PARTIAL_EDITED', `${file.path}: statement ${edited + 1} already ran in an earlier attempt, and it was edited since`, {
      hint: `${done} of ${progress.statementsTotal} statements ran before; keep them as they were and change only the statements after them`,
    })
  }
  await ctx.session.sql.unsafe(`update ${ctx.names.progress}
    set (checksum, statements_total, statement_checksums) = (${values}), updated_at = now()
    where version = ${literal(migration.version)}`)
  return done
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

const STEP_NAMES: Partial<Record<Step['role'], string>> = {
  ledger: 'recording it in the ledger',
  progress: 'recording its progress',
}

function describeFailure(ctx: ApplyContext, prepared: PreparedMigration, step: Step, error: unknown): PgstrataError {
  const e = (error ?? {}) as ServerError
  const { migration, file } = prepared
  if (isConnectionError(error)) {
    return new ConnectionLostError(migration, prepared.direction, error)
  }
  // When the lock goes, the runner cancels what is running (57014), and the fence fails.
  if (step.role === 'fence' || e.code === FENCE_ERROR_CODE || ctx.isLockLost()) {
    return new LockLostError(`while ${prepared.direction === 'up' ? 'applying' : 'reverting'} ${migration.id}; it was rolled back and not recorded`, error)
  }
  const context: string[] = []
  if (e.detail) context.push(`detail: ${e.detail}`)
  if (e.where) context.push(`where: ${e.where}`)
  if (e.internal_query) context.push(`in: ${e.internal_query}`)
  const outcome = prepared.noTransactionReason === null
    ? `${migration.id} was rolled back; nothing of it was recorded`
    : `this file runs outside a transaction (${prepared.noTransactionReason}); the statements before this one stay applied and are recorded, and the next run resumes here`
  const reason = `${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`
  if (step.role !== 'statement') {
    return new MigrationFailedError('MIGRATION_FAILED', `${file.path}: ${STEP_NAMES[step.role] ?? step.sql.split('\n')[0]} failed: ${reason}`, {
      context, hint: e.hint ?? outcome, cause: error,
    })
  }
  // The server's position is 1-based, in characters, within the statement sent.
  const offset = step.statement.start + (e.position ? Number(e.position) - 1 : 0)
  const at = lineColumnAt(file.text, offset)
  return new MigrationFailedError('MIGRATION_FAILED', `${file.path}:${at.line}:${at.column}: ${reason}`, {
    location: { file: file.path, ...at },
    context: [...caretSnippet(file.text, at), ...context, `statement ${step.index + 1} of ${prepared.statements.length}; ${outcome}`],
    ...(e.hint ? { hint: e.hint } : {}),
    cause: error,
  })
}

/** The connection dropped while a migration ran. Whether its COMMIT landed is checked by the runner. */
export class ConnectionLostError extends PgstrataError {
  constructor(readonly migration: Migration, readonly direction: Direction, cause: unknown) {
    super('CONNECTION_LOST', `the connection to the server was lost while ${direction === 'up' ? 'applying' : 'reverting'} ${migration.id}: ${(cause as Error)?.message ?? cause}`, {
      hint: 'the server rolls back an unfinished transaction; run pgstrata status when the server is reachable, then run again',
      cause,
    })
  }
}
