// Running migration files. A file whose statements can all run in a
// transaction travels as one pipeline of simple queries: BEGIN with SET LOCAL
// (and a check that the migration sent before it committed), its statements,
// the lock fence with the ledger write, and COMMIT. Several migrations are in
// flight at once, so the server never waits for this process between them;
// each one's opening check keeps anything from running past a failure.
// A runner that dies mid-file cannot leave half a migration: its lock's
// connection dies with it, so the fence fails and the server rolls the
// transaction back (or it had committed whole, ledger row and all).
// Other files run in parts, with their progress recorded: statement by
// statement, or segment by segment when `-- pgstrata:commit` lines split them.
import { createHash } from 'node:crypto'
import { PgstrataError } from '../errors.ts'
import { isConnectionError } from '../db/connect.ts'
import { doBlock, ident, literal } from '../sql/quote.ts'
import type { Statement } from '../sql/parse.ts'
import type { Migration, MigrationFile } from './files.ts'
import {
  recordApplied, recordReverted, requirePrevious,
  type LedgerNames, type ProgressRow, type Timing,
} from './ledger.ts'
import { LockLostError, type HeldLock } from './lock.ts'
import { loadParserFor, parseCheck, prepareMigration, type ToPrepare } from './prepare.ts'
import { COMMIT_MARKER, plural, type CommitMarker, type StatementGroup } from './segments.ts'
import { ConnectionLostError, describeFailure, MigrationFailedError } from './failure.ts'
import type { WorkSession } from './session.ts'
import type { StatementWatcher } from './watch.ts'

export type Direction = 'up' | 'down'

export interface PreparedMigration {
  readonly migration: Migration
  readonly direction: Direction
  readonly file: MigrationFile
  readonly statements: readonly Statement[]
  /**
   * Why the file does not run as one transaction, or null when it does: it
   * runs statement by statement, or, for `-- pgstrata:commit`, segment by segment.
   */
  readonly noTransactionReason: string | null
  /** The `-- pgstrata:commit` lines that split the file; empty when it is not split. */
  readonly commits: readonly CommitMarker[]
  /** How the statements run, in order: each group in a transaction of its own, or alone outside one. */
  readonly groups: readonly StatementGroup[]
  /** Set when an earlier run stopped part-way through this file. */
  readonly progress: ProgressRow | undefined
  /**
   * Split without the parser (src/sql/scan.ts): its syntax is unchecked, so
   * the server checks it first thing in the transaction, and a failure is
   * checked with the parser before it is reported.
   */
  readonly quick: boolean
}

export interface ApplyContext {
  readonly session: WorkSession
  readonly names: LedgerNames
  readonly lock: HeldLock
  readonly isLockLost: () => boolean
  readonly lockTimeout: string
  readonly statementTimeout: string | null
  readonly appliedBy: string
  /** A line for the person running pgstrata, about `file`. */
  readonly note?: (file: string, message: string) => void
  /** Reports what a long statement does, when someone watches (a terminal); closed when applyAll returns. */
  readonly watch?: StatementWatcher | undefined
}

export interface Applied {
  readonly prepared: PreparedMigration
  readonly version: string
  readonly id: string
  readonly direction: Direction
  /** For pipelined migrations, the time from when the previous one finished (or this one was sent) to when this one did. */
  readonly ms: number
  /** One transaction, segment by segment (`-- pgstrata:commit`), or statement by statement. */
  readonly mode: 'transaction' | 'segments' | 'statements'
  readonly statements: number
  /** For a resumed file, the first statement this run executed (1-based). */
  readonly resumedAt?: number
}

/** How many transactional migrations may be on their way to the server at once. */
const IN_FLIGHT = 4

/**
 * Applies (up) or reverts (down) `planned` in order, each with its ledger
 * row, calling `onApplied` as each one finishes. Each file is parsed just
 * before it is sent. Stops at the first failure (a bad file, a failing
 * statement) and throws it; nothing after it runs.
 */
export async function applyAll(ctx: ApplyContext, planned: readonly ToPrepare[], onApplied: (applied: Applied) => void): Promise<void> {
  try {
    await applyInOrder(ctx, planned, onApplied)
  } finally {
    await ctx.watch?.close()
  }
}

async function applyInOrder(ctx: ApplyContext, planned: readonly ToPrepare[], onApplied: (applied: Applied) => void): Promise<void> {
  await loadParserFor(planned)
  const inFlight: InFlight[] = []
  let lastDone = performance.now()
  // The oldest in-flight migration is always the next to finish: the server runs them in order.
  const settleOldest = async () => {
    const oldest = inFlight.shift()!
    try {
      await finish(ctx, oldest)
    } catch (error) {
      // The rest fail their opening check and roll back; wait for them, so the session is idle.
      const rest = inFlight.splice(0)
      await Promise.all(rest.map((sent) => sent.results))
      throw error instanceof ConnectionLostError ? error.alsoInFlight(rest.map((sent) => sent.prepared.migration)) : error
    }
    const now = performance.now()
    onApplied(appliedOf(oldest.prepared, now - Math.max(oldest.sentAt, lastDone), { mode: 'transaction', statements: oldest.prepared.statements.length }))
    lastDone = now
  }
  const drain = async () => {
    while (inFlight.length > 0) await settleOldest()
  }
  let previous: PreparedMigration | null = null
  for (const item of planned) {
    let prepared: PreparedMigration
    try {
      if (ctx.isLockLost()) throw new LockLostError(`before ${item.migration.id} started; it was not run`)
      prepared = prepareMigration(item)
    } catch (error) {
      // What was sent before it is sound: let it finish (a failure there is reported first).
      await drain()
      throw error
    }
    if (prepared.noTransactionReason !== null) {
      await drain()
      const started = performance.now()
      const result = await runInParts(ctx, prepared)
      onApplied(appliedOf(prepared, performance.now() - started, result))
      lastDone = performance.now()
      previous = null
    } else {
      inFlight.push(send(ctx, prepared, previous))
      previous = prepared
    }
    if (prepared.statements.some((s) => s.leavesSessionState)) {
      // SET, SET ROLE or a temporary table would leak into the next migration:
      // it gets a fresh connection instead.
      await drain()
      await ctx.session.renew()
      previous = null
    } else if (inFlight.length >= IN_FLIGHT) {
      await settleOldest()
    }
  }
  await drain()
}

function appliedOf(prepared: PreparedMigration, ms: number, result: Pick<Applied, 'mode' | 'statements' | 'resumedAt'>): Applied {
  return { ...result, version: prepared.migration.version, id: prepared.migration.id, direction: prepared.direction, ms, prepared }
}

export type Step =
  | { readonly role: 'setup' | 'record' | 'progress' | 'commit'; readonly sql: string }
  | { readonly role: 'statement'; readonly sql: string; readonly statement: Statement; readonly index: number }

interface InFlight {
  readonly prepared: PreparedMigration
  readonly steps: readonly Step[]
  readonly results: Promise<PromiseSettledResult<unknown[]>[]>
  readonly sentAt: number
}

/** BEGIN and the SET LOCALs as one message; `check` (PL/pgSQL) runs first thing in the transaction. */
function beginStep(ctx: ApplyContext, check?: string): Step {
  const parts = [
    'begin',
    `set local lock_timeout = ${literal(ctx.lockTimeout)}`,
    ...(ctx.statementTimeout === null ? [] : [`set local statement_timeout = ${literal(ctx.statementTimeout)}`]),
    ...(check === undefined ? [] : [doBlock(check)]),
  ]
  return { role: 'setup', sql: parts.join(';\n') }
}

/**
 * PL/pgSQL that has the server check the syntax of a quickly split file's
 * statements without running them: compiling a block parses every SQL
 * statement in it, also in a branch that never runs (with the default
 * check_function_bodies = on). The server parses a statement before running
 * it, so a file of one statement needs no check; with more, a syntax error
 * in a later one would otherwise be found only after the earlier ones ran.
 */
function syntaxCheck(prepared: PreparedMigration): string | undefined {
  if (!prepared.quick || prepared.statements.length < 2) return undefined
  return `if false then\n${prepared.statements.map((s) => `${s.sql}\n;`).join('\n')}\nend if;`
}

/** The fence and the ledger write, in one block just before COMMIT. */
function recordStep(ctx: ApplyContext, prepared: PreparedMigration, timing: Timing = {}): Step {
  const { migration } = prepared
  const ledger = prepared.direction === 'up'
    ? `${recordApplied(ctx.names, { version: migration.version, name: migration.name, upChecksum: migration.up.checksum, downChecksum: migration.down.checksum }, ctx.appliedBy, timing)};`
    : recordReverted(ctx.names, migration.version, ctx.appliedBy, timing)
  return { role: 'record', sql: doBlock(`${ctx.lock.fence}\n${ledger}`) }
}

const COMMIT: Step = { role: 'commit', sql: 'commit' }

/** Sends a whole transactional migration, COMMIT included. It commits only if `after` (sent before it) did. */
function send(ctx: ApplyContext, prepared: PreparedMigration, after: PreparedMigration | null): InFlight {
  const checks = [
    after === null ? undefined : requirePrevious(ctx.names, after.migration.version, after.direction === 'up' ? 'applied' : 'reverted'),
    syntaxCheck(prepared),
  ].filter((check) => check !== undefined)
  const steps: Step[] = [
    beginStep(ctx, checks.length === 0 ? undefined : checks.join('\n')),
    ...statementSteps(prepared, 0, prepared.statements.length),
    recordStep(ctx, prepared),
    COMMIT,
  ]
  return { prepared, steps, results: ctx.session.pipeline(steps.map((s) => s.sql), prepared.file.path), sentAt: performance.now() }
}

function statementSteps(prepared: PreparedMigration, start: number, end: number): Step[] {
  return prepared.statements.slice(start, end).map((statement, i) => ({ role: 'statement', sql: statement.sql, statement, index: start + i }))
}

/**
 * Waits for a sent migration and throws an error for its first failed step.
 * After a failure the server skips the rest of the transaction, and its
 * COMMIT ends it as a rollback. `outcome` says what a failure leaves behind.
 */
async function finish(ctx: ApplyContext, sent: InFlight, outcome?: string): Promise<void> {
  const results = await watched(ctx, sent.prepared, sent.results)
  const failed = results.findIndex((r) => r.status === 'rejected')
  if (failed === -1) return
  const error = describeFailure(ctx, sent.prepared, sent.steps[failed]!, (results[failed] as PromiseRejectedResult).reason, outcome)
  // A quickly split file went unparsed: a file the parser refuses is reported
  // as it was before anything was sent (SQL_SYNTAX, TRANSACTION_CONTROL).
  if (sent.prepared.quick && error instanceof MigrationFailedError) await parseCheck(sent.prepared)
  throw error
}

/** `work`, with what it runs on the server reported while it is pending, when someone watches. */
function watched<T>(ctx: ApplyContext, prepared: PreparedMigration, work: Promise<T>): Promise<T> {
  return ctx.watch?.during(ctx.session.info.pid, { migration: prepared.migration.id, statements: prepared.statements }, work) ?? work
}

async function runInOneTransaction(ctx: ApplyContext, prepared: PreparedMigration, steps: readonly Step[], outcome?: string): Promise<void> {
  await finish(ctx, { prepared, steps, results: ctx.session.pipeline(steps.map((s) => s.sql), prepared.file.path), sentAt: performance.now() }, outcome)
}

type PartsResult = Pick<Applied, 'mode' | 'statements' | 'resumedAt'>

/**
 * Runs a file that does not go as one transaction, group by group
 * (`prepared.groups`): a group of statements commits in one transaction with
 * its progress (the fence guarding it); a statement that cannot run in a
 * transaction runs alone, its progress recorded right after. A failed run
 * leaves the groups before it applied and recorded, and the next run resumes
 * after them. In a segmented file the last segment's transaction also writes
 * the ledger row; otherwise a last transaction of its own does.
 */
async function runInParts(ctx: ApplyContext, prepared: PreparedMigration): Promise<PartsResult> {
  const { statements, migration, groups } = prepared
  const checksums = statements.map((s) => createHash('sha256').update(s.sql).digest('hex'))
  const done = await startProgress(ctx, prepared, checksums)
  const started = performance.now()
  const progressWhere = `where version = ${literal(migration.version)}`
  const deleteProgress: Step = { role: 'progress', sql: `delete from ${ctx.names.progress} ${progressWhere}` }
  const result: PartsResult = {
    mode: prepared.commits.length > 0 ? 'segments' : 'statements',
    statements: statements.length,
    ...(done > 0 ? { resumedAt: done + 1 } : {}),
  }
  const last = groups.at(-1)
  const recordsWithLast = prepared.commits.length > 0 && last?.transactional === true
  for (const group of groups) {
    if (group.end <= done) continue
    // A resumed file whose earlier run stopped inside this group (its segments were edited since) goes on from there.
    const first = Math.max(group.start, done)
    if (ctx.isLockLost()) throw new LockLostError(`during ${migration.id}, after statement ${first} of ${statements.length}; run pgstrata again to resume`)
    const steps = statementSteps(prepared, first, group.end)
    const recordDone = `update ${ctx.names.progress} set statements_done = ${group.end}, updated_at = now(), last_error = null ${progressWhere}`
    const outcome = prepared.commits.length === 0 ? undefined : partOutcome(prepared, group, first)
    try {
      if (!group.transactional) {
        await dropInvalidIndex(ctx, prepared, statements[first]!)
        const [sent] = await watched(ctx, prepared, ctx.session.pipeline([steps[0]!.sql], prepared.file.path))
        if (sent?.status === 'rejected') throw describeFailure(ctx, prepared, steps[0]!, sent.reason, outcome)
        await ctx.session.sql.unsafe(recordDone)
      } else if (recordsWithLast && group === last) {
        await runInOneTransaction(ctx, prepared, [
          beginStep(ctx), ...steps, recordStep(ctx, prepared, { msBefore: performance.now() - started }), deleteProgress, COMMIT,
        ], outcome)
        return result
      } else {
        await runInOneTransaction(ctx, prepared, [beginStep(ctx), ...steps, { role: 'progress', sql: doBlock(`${ctx.lock.fence}\n${recordDone};`) }, COMMIT], outcome)
      }
    } catch (error) {
      if (!isConnectionError((error as { cause?: unknown }).cause ?? error)) {
        const message = error instanceof Error ? error.message : String(error)
        await ctx.session.sql.unsafe(`update ${ctx.names.progress} set last_error = ${literal(message.replaceAll('\0', ''))}, updated_at = now() ${progressWhere}`).catch(() => {})
      }
      throw error
    }
  }
  await runInOneTransaction(ctx, prepared, [
    beginStep(ctx),
    recordStep(ctx, prepared, { executionMs: performance.now() - started }),
    deleteProgress,
    COMMIT,
  ])
  return result
}

/**
 * A CREATE INDEX CONCURRENTLY that failed (or was cancelled) leaves its index
 * behind, INVALID: unused for queries, still slowing writes, and in the way of
 * the next try ("already exists"). Before building an index by that name, an
 * invalid one is dropped (concurrently); a valid one is left for the
 * statement to report.
 */
async function dropInvalidIndex(ctx: ApplyContext, prepared: PreparedMigration, statement: Statement): Promise<void> {
  const index = statement.concurrentIndex
  if (index === null) return
  const [found] = await ctx.session.sql.unsafe(`select n.nspname as schema from pg_catalog.pg_index i
      join pg_catalog.pg_class c on c.oid = i.indexrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where c.relname = ${literal(index.name)} and not i.indisvalid
       and ${index.schema === null ? 'pg_catalog.pg_table_is_visible(c.oid)' : `n.nspname = ${literal(index.schema)}`}`)
  if (found === undefined) return
  const name = `${ident(String(found.schema))}.${ident(index.name)}`
  ctx.note?.(prepared.file.path, `index ${name} was left INVALID by an earlier CREATE INDEX CONCURRENTLY that did not finish; dropping it to build it again`)
  await ctx.session.sql.unsafe(`DROP INDEX CONCURRENTLY ${name}`)
}

/** What a failure in `group` (run from statement `first`) of a segmented file leaves behind. */
function partOutcome(prepared: PreparedMigration, group: StatementGroup, first: number): string {
  const before = first === 0 ? 'no statement before it had run'
    : `the ${plural(first, 'statement')} before it stay applied and are recorded`
  if (!group.transactional) {
    return `this statement runs outside a transaction (${prepared.statements[first]!.nonTransactional}); ${before}, and the next run resumes here`
  }
  const transactions = prepared.groups.filter((g) => g.transactional).length
  const range = group.end - first === 1 ? `statement ${first + 1}` : `statements ${first + 1}–${group.end}`
  return `this file runs in ${plural(transactions, 'transaction')} (${COMMIT_MARKER}): the one with ${range} was rolled back; ${before}, and the next run resumes at statement ${first + 1}`
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
