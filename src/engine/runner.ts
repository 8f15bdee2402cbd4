// The commands that touch migrations: status, history, up, down, baseline,
// accept. Each reads the files while it connects (bad files stop it before
// anything is sent), decides from the ledger, and changes anything only under
// the migration lock.
import os from 'node:os'
import type postgres from 'postgres'
import { PgstrataError, UsageError } from '../errors.ts'
import { connectionFailure, openConnection, type Target } from '../db/connect.ts'
import { doBlock, ident, literal } from '../sql/quote.ts'
import { applyAll, type Applied, type PreparedMigration } from './apply.ts'
import { ConnectionLostError, MigrationFailedError } from './failure.ts'
import { readMigrations, VERSION, type Migration } from './files.ts'
import { createLedgerSql, readLedger, readLog, recordApplied, type LedgerNames, type LedgerState, type LogRow } from './ledger.ts'
import { acquireLock, lockKeyOf, type HeldLock, type LockHolder } from './lock.ts'
import { computeStatus, planDown, planUp, type DownOptions, type UpOptions, type VersionStatus } from './plan.ts'
import { loadParserFor, prepareMigrations, type ToPrepare } from './prepare.ts'
import { WorkSession } from './session.ts'
import { StatementWatcher } from './watch.ts'
import { pgstrata } from '../invocation.ts'

export interface RunnerConfig {
  readonly target: Target
  readonly migrationsDir: string
  readonly names: LedgerNames
  /** How long to wait for another run's migration lock. */
  readonly lockWaitSeconds: number
  /** SET LOCAL lock_timeout for each migration's statements. */
  readonly lockTimeout: string
  readonly statementTimeout: string | null
  /** How many times a transactional migration whose lock_timeout fired is tried again (default 0). */
  readonly lockRetries?: number
}

export interface RunnerEvents {
  readonly onLockWait?: (holder: LockHolder | null, waitSeconds: number) => void
  readonly onApplied?: (applied: Applied) => void
  readonly onNotice?: (file: string | undefined, notice: postgres.Notice) => void
  /** Something the runner did on its own that the person running it should know, about `file`. */
  readonly onNote?: (file: string, message: string) => void
  /** A migration's lock_timeout fired; it is tried again after `waitMs`. */
  readonly onLockRetry?: (migration: Migration, attempt: number, of: number, waitMs: number) => void
  /** up/down read the ledger: where the database stands before anything runs (again once under the lock). */
  readonly onStatuses?: (statuses: readonly VersionStatus[]) => void
}

export interface StatusReport {
  readonly statuses: readonly VersionStatus[]
  readonly ledgerExists: boolean
}

/** Files and ledger side by side. Takes no lock and writes nothing. */
export async function status(config: RunnerConfig): Promise<StatusReport> {
  return withSession(config, {}, async (session, migrations) => {
    const ledger = await readLedger(session.sql, config.names)
    return { statuses: computeStatus(migrations, ledger.rows, ledger.progress), ledgerExists: ledger.exists }
  })
}

export interface History {
  readonly rows: LedgerState['rows']
  readonly events: readonly LogRow[] | undefined
}

export async function history(config: RunnerConfig, options: { events: boolean }): Promise<History> {
  return withSession(config, { files: false }, async (session) => {
    const ledger = await readLedger(session.sql, config.names)
    return { rows: ledger.rows, events: options.events ? await readLog(session.sql, config.names) : undefined }
  })
}

export interface RunPlan {
  readonly statuses: readonly VersionStatus[]
  readonly planned: readonly PreparedMigration[]
}

export interface RunOptions {
  readonly dryRun?: boolean | undefined
  /** Report what long statements do (progress()), from a second connection opened once one runs past a second. */
  readonly watch?: boolean | undefined
}

/** Applies pending migrations in version order, each in its own transaction with its ledger row. */
export async function up(config: RunnerConfig, options: UpOptions & RunOptions = {}, events: RunnerEvents = {}): Promise<RunPlan & { applied: Applied[] }> {
  return run(config, options, events, (statuses) => {
    // A map, not a find per migration: with thousands pending, the finds alone took 0.1 s.
    const progress = new Map(statuses.map((s) => [s.version, s.progress]))
    return planUp(statuses, options).map((migration) => ({ migration, direction: 'up', progress: progress.get(migration.version) }))
  })
}

/** Reverts applied migrations with their down files, the most recently applied first. */
export async function down(config: RunnerConfig, options: DownOptions & RunOptions = {}, events: RunnerEvents = {}): Promise<RunPlan & { applied: Applied[] }> {
  return run(config, options, events, (statuses) =>
    planDown(statuses, options).map((s) => ({ migration: s.migration!, direction: 'down', progress: s.progress })))
}

type Planner = (statuses: readonly VersionStatus[]) => ToPrepare[]

async function run(config: RunnerConfig, options: RunOptions, events: RunnerEvents, plan: Planner): Promise<RunPlan & { applied: Applied[] }> {
  const onNotice = (notice: postgres.Notice, file: string | undefined) => events.onNotice?.(file, notice)
  return withSession(config, { onNotice }, async (session, migrations) => {
    // Decide without the lock first: when nothing is pending (most deploys),
    // no lock is taken at all.
    const before = await readLedger(session.sql, config.names)
    const first = computeStatus(migrations, before.rows, before.progress)
    events.onStatuses?.(first)
    const items = plan(first)
    if (items.length === 0 || options.dryRun) {
      return { statuses: first, planned: await prepareMigrations(items), applied: [] }
    }
    // The WebAssembly parser, when a file needs it (prepare.ts), compiles in
    // the background while the lock is taken.
    const parser = loadParserFor(items)
    parser.catch(() => {})
    return withLock(config, session, events, async (lock, isLockLost) => {
      const ledger = await ensureLedger(session, config.names)
      const statuses = computeStatus(migrations, ledger.rows, ledger.progress)
      // Another run may have moved it while this one waited for the lock.
      events.onStatuses?.(statuses)
      const planned = plan(statuses)
      await parser
      const applied: Applied[] = []
      const context = {
        session, names: config.names, lock, isLockLost, lockTimeout: config.lockTimeout,
        statementTimeout: config.statementTimeout, appliedBy: appliedBy(session),
        note: (file: string, message: string) => events.onNote?.(file, message),
        watch: options.watch === true ? new StatementWatcher(config.target) : undefined,
      }
      let remaining: readonly ToPrepare[] = planned
      for (let attempt = 1; ; attempt++) {
        try {
          await applyAll(context, remaining, (done) => {
            applied.push(done)
            events.onApplied?.(done)
          })
          break
        } catch (error) {
          if (error instanceof ConnectionLostError) throw await explainConnectionLoss(config, error)
          // A lock_timeout rolled a migration back, or, in a file that runs in
          // parts, the part that was waiting: wait, and run it (from where its
          // recorded progress says it stopped) and what follows again, still
          // under the migration lock.
          const failed = error instanceof MigrationFailedError ? error.lockTimedOut : undefined
          const retries = config.lockRetries ?? 0
          if (failed === undefined || attempt > retries) throw error
          const waitMs = retryWait(attempt)
          events.onLockRetry?.(failed.migration, attempt, retries, waitMs)
          await new Promise((resolve) => setTimeout(resolve, waitMs))
          const from = remaining.slice(remaining.findIndex((item) => item.migration.version === failed.migration.version))
          const progress = failed.noTransactionReason === null ? from[0]!.progress
            : (await readLedger(session.sql, config.names)).progress.find((p) => p.version === failed.migration.version)
          remaining = [{ ...from[0]!, progress }, ...from.slice(1)]
        }
      }
      return { statuses, planned: applied.map((a) => a.prepared), applied }
    })
  })
}

/**
 * How long to wait before retry `attempt` after a lock_timeout: short at
 * first, since what holds the lock is most often a transaction about to end,
 * then doubling up to 5 s, with jitter so that runners started together do
 * not queue for the lock again at the same moment.
 */
export function retryWait(attempt: number): number {
  const base = Math.min(5000, 250 * 2 ** (attempt - 1))
  return base + Math.floor(Math.random() * base * 0.2)
}

/** Marks an existing database as being at `version` without running anything. */
export async function baseline(config: RunnerConfig, version: string, events: RunnerEvents = {}): Promise<Migration[]> {
  return withSession(config, {}, (session, migrations) => {
    if (!VERSION.test(version) || !migrations.some((m) => m.version === version)) {
      throw new UsageError('UNKNOWN_VERSION', `no migration has version ${version}`, { hint: `${pgstrata('status')} lists the versions` })
    }
    return withLock(config, session, events, async (lock) => {
      const ledger = await ensureLedger(session, config.names)
      if (ledger.rows.length > 0 || ledger.progress.length > 0) {
        throw new PgstrataError('LEDGER_NOT_EMPTY', `the ledger already records ${ledger.rows.length} migration(s); baseline is for a database pgstrata has never migrated`, {
          hint: `${pgstrata('status')} shows what is recorded`,
        })
      }
      const marked = migrations.filter((m) => m.version <= version)
      const by = appliedBy(session)
      await inTransaction(session, [
        doBlock(lock.fence),
        ...marked.map((m) => recordApplied(config.names, { version: m.version, name: m.name, upChecksum: m.up.checksum, downChecksum: m.down.checksum }, by, { executionMs: 0, method: 'baseline' })),
      ])
      return marked
    })
  })
}

/** Records that an applied migration's edited files are intended, with the reason. */
export async function accept(config: RunnerConfig, version: string, reason: string, events: RunnerEvents = {}): Promise<VersionStatus> {
  if (reason.trim() === '') throw new UsageError('REASON_REQUIRED', 'accept needs --reason "…": it is recorded in the ledger log')
  return withSession(config, {}, (session, migrations) => withLock(config, session, events, async (lock) => {
    const ledger = await ensureLedger(session, config.names)
    const found = computeStatus(migrations, ledger.rows, ledger.progress).find((s) => s.version === version)
    if (found?.state !== 'changed') {
      throw new UsageError('NOT_CHANGED', `${version} is ${found ? found.state : 'not a known version'}; only a changed applied migration can be accepted`, {
        hint: `${pgstrata('status')} shows which migrations are changed`,
      })
    }
    const m = found.migration!
    const detail = `${reason.trim()} | ${found.changes.join('; ')}`
    await inTransaction(session, [
      doBlock(lock.fence),
      `update ${config.names.ledger} set name = ${literal(m.name)}, up_checksum = ${literal(m.up.checksum)}, down_checksum = ${literal(m.down.checksum)} where version = ${literal(version)}`,
      `insert into ${config.names.log} (version, event, by, detail) values (${literal(version)}, 'accept', ${literal(appliedBy(session))}, ${literal(detail)})`,
    ])
    return found
  }))
}

interface SessionOptions {
  readonly onNotice?: (notice: postgres.Notice, file: string | undefined) => void
  /** Read the migrations folder (default true). */
  readonly files?: boolean
}

/**
 * Connects while the migration files are read, and hands both to `fn`. A
 * problem with the files is reported first (exit 2), whatever the connection does.
 */
async function withSession<T>(config: RunnerConfig, options: SessionOptions, fn: (session: WorkSession, migrations: Migration[]) => Promise<T>): Promise<T> {
  const session = new WorkSession(config.target, options.onNotice ?? (() => {}))
  const opening = session.open()
  opening.catch(() => {}) // awaited below, once the files are read
  try {
    const migrations = options.files === false ? [] : await readMigrations(config.migrationsDir)
    await opening
    return await fn(session, migrations)
  } finally {
    await session.close()
  }
}

async function withLock<T>(config: RunnerConfig, session: WorkSession, events: RunnerEvents,
  fn: (lock: HeldLock, isLockLost: () => boolean) => Promise<T>): Promise<T> {
  let lost = false
  let held: HeldLock | undefined
  // Losing the lock's connection loses the lock: stop what runs now, so the
  // migration rolls back at once instead of failing only at its fence.
  const conn = openConnection(config.target, {
    onClose: () => {
      lost = true
      if (held) session.cancelRunning()
    },
  })
  try {
    try {
      held = await acquireLock(conn, lockKeyOf(config.names.ledger), {
        waitSeconds: config.lockWaitSeconds,
        onWait: (holder) => events.onLockWait?.(holder, config.lockWaitSeconds),
      })
    } catch (error) {
      throw error instanceof PgstrataError ? error : connectionFailure(config.target, error)
    }
    return await fn(held, () => lost)
  } finally {
    if (held && !lost) await held.release().catch(() => {})
    // Work under the lock is the last a run does: both connections close at
    // once, since each waits for its backend to exit (~8 ms). withSession's close is then a no-op.
    await Promise.all([conn.end({ timeout: 2 }).catch(() => {}), session.close()])
  }
}

/** Creates the ledger tables when missing (inside the lock) and reads them. */
async function ensureLedger(session: WorkSession, names: LedgerNames): Promise<LedgerState> {
  const ledger = await readLedger(session.sql, names)
  if (ledger.exists) return ledger
  // CREATE SCHEMA IF NOT EXISTS checks the CREATE privilege before it looks
  // for the schema, so a role that may not create schemas must skip it.
  await inTransaction(session, [
    doBlock(`if not exists (select from pg_catalog.pg_namespace where nspname = ${literal(names.schema)}) then\n  create schema ${ident(names.schema)};\nend if;`),
    createLedgerSql(names),
  ])
  return readLedger(session.sql, names)
}

/** Runs statements as one message inside BEGIN/COMMIT; on failure, rolls back so the session stays usable. */
async function inTransaction(session: WorkSession, statements: readonly string[]): Promise<void> {
  try {
    await session.sql.unsafe(['begin', ...statements, 'commit'].join(';\n'))
  } catch (error) {
    await session.sql.unsafe('rollback').catch(() => {})
    throw error
  }
}

function appliedBy(session: WorkSession): string {
  let osUser: string
  try {
    osUser = os.userInfo().username
  } catch {
    osUser = process.env.USER ?? 'unknown'
  }
  return `${session.info.user} (${osUser}@${os.hostname()})`
}

/** After a dropped connection, asks a fresh one which of the migrations in flight committed. */
async function explainConnectionLoss(config: RunnerConfig, error: ConnectionLostError): Promise<PgstrataError> {
  const conn = openConnection(config.target)
  let timer: NodeJS.Timeout | undefined
  try {
    const versions = error.migrations.map((m) => literal(m.version)).join(', ')
    const [rows, progress] = await Promise.race([
      conn.unsafe(`select version from ${config.names.ledger} where version in (${versions});
        select version, statements_done, statements_total from ${config.names.progress} where version in (${versions}) and statements_done > 0`),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), 5000) }),
    ]) as unknown as [postgres.Row[], postgres.Row[]]
    const recorded = new Set(rows!.map((row) => row.version as string))
    const partial = new Map(progress!.map((row) => [row.version as string, row]))
    const isCommitted = (m: Migration) => recorded.has(m.version) === (error.direction === 'up')
    const committed = error.migrations.filter(isCommitted).map((m) => m.id)
    // A file that runs in parts (segments, or statement by statement) keeps the parts that committed.
    const stopped = error.migrations.filter((m) => !isCommitted(m) && partial.has(m.version)).map((m) => {
      const row = partial.get(m.version)!
      const done = error.direction === 'up' ? 'applied' : 'reverted'
      return `${m.id} stopped part-way: ${row.statements_done} of ${row.statements_total} statements are ${done} and recorded, and the next run resumes at statement ${row.statements_done + 1}`
    })
    const lost = error.migrations.filter((m) => !isCommitted(m) && !partial.has(m.version)).map((m) => m.id)
    const parts = [
      committed.length > 0 ? `the server had already committed ${committed.join(', ')}` : '',
      ...stopped,
      lost.length > 0 ? `nothing of ${lost.join(', ')} was recorded: the server rolled ${lost.length === 1 ? 'it' : 'them'} back` : '',
    ].filter(Boolean)
    return new PgstrataError('CONNECTION_LOST', error.message, { hint: `${parts.join('; ')}. Run pgstrata again to continue`, cause: error })
  } catch {
    return error
  } finally {
    clearTimeout(timer)
    await conn.end({ timeout: 1 }).catch(() => {})
  }
}
