// `pgstrata verify`: every migration, on one scratch database, run up, down
// and up again. After down the schema must be what it was before up
// (reversibility); after the second up, what the first up made (a clean
// replay). The models are compared by a function the caller passes in, so
// the engine stays apart from the diff engine.
import { withScratch } from '../db/scratch.ts'
import { UsageError } from '../errors.ts'
import { openConnection } from '../db/connect.ts'
import { introspect as introspectWith } from '../introspect/index.ts'
import type { Model } from '../model/types.ts'
import { loadParser } from '../sql/parse.ts'
import { isFileFault, type Finding } from './check.ts'
import { readMigrations, type Migration } from './files.ts'
import { down, up, type RunnerConfig } from './runner.ts'
import type { TargetModelOptions } from './scratch.ts'
import { pgstrata } from '../invocation.ts'
import { progress, progressDone } from '../progress.ts'

/** How two models differ: one line per change, and the SQL that turns the actual one into the expected one. */
export interface Difference {
  readonly changes: readonly string[]
  readonly sql: string
}

export interface VerifyOptions {
  /** Verify from this version on; the migrations before it are only applied. */
  readonly since?: string | undefined
  readonly scratch: TargetModelOptions
  /** null when `actual` equals `expected`. */
  readonly compare: (actual: Model, expected: Model) => Difference | null
}

export interface MigrationResult {
  readonly migration: Migration
  readonly result: 'ok' | 'skipped' | 'failed'
  /** The cycle with its introspections. */
  readonly ms: number
  /** Why it was skipped. */
  readonly note?: string
  readonly findings: readonly Finding[]
}

export interface VerifyEvents {
  /** The migrations before --since, applied once: how many, how long. */
  readonly onPrepared?: (count: number, ms: number) => void
  readonly onResult?: (result: MigrationResult) => void
}

export interface VerifyReport {
  /** Applied without the cycle, before --since. */
  readonly prepared: number
  readonly results: readonly MigrationResult[]
  /** After a run failed, the scratch database's state is unknown: these were not verified. */
  readonly notVerified: readonly Migration[]
  readonly ms: number
}

/** Thrown inside the replay when a run fails for a reason the migration file gives. */
class RunFailed extends Error {
  constructor(readonly finding: Finding) {
    super(finding.message)
  }
}

/**
 * Replays the migrations folder on one scratch database, checking each
 * migration from `since` on with an up → down → up cycle. Irreversible down
 * files (`-- pgstrata:irreversible`) are applied once and skipped. A run
 * that fails (up, down, or up again) is a finding and ends the replay.
 * Throws MIGRATION_FILES (exit 2) for a bad folder, UNKNOWN_VERSION for a
 * `since` no migration reaches.
 */
export async function verifyMigrations(config: Omit<RunnerConfig, 'target'>, options: VerifyOptions, events: VerifyEvents = {}): Promise<VerifyReport> {
  const migrations = await readMigrations(config.migrationsDir)
  const start = options.since === undefined ? 0 : migrations.findIndex((m) => m.version >= options.since!)
  if (start === -1) {
    throw new UsageError('UNKNOWN_VERSION', `--since ${options.since}: no migration has this version or a later one`, { hint: `${pgstrata('status')} lists the versions` })
  }
  const began = performance.now()
  // The SQL parser (WebAssembly) compiles while the scratch database is made; the runner would wait for it later.
  loadParser().catch(() => {})
  return withScratch(options.scratch, async (scratch) => {
    // One connection for every introspection: connecting anew each time costs as much as reading a small schema.
    const sql = openConnection(scratch.target)
    try {
      const introspect = () => introspectWith(sql, options.scratch.introspect)
      const runner: RunnerConfig = { ...config, target: scratch.target, lockWaitSeconds: 0 }
      const { results, stoppedAt } = await cycleEach(migrations, start, { runner, introspect, compare: options.compare }, events)
      progressDone()
      return { prepared: start, results, notVerified: migrations.slice(stoppedAt), ms: performance.now() - began }
    } finally {
      await sql.end({ timeout: 5 }).catch(() => {})
    }
  })
}

interface Replay {
  readonly runner: RunnerConfig
  readonly introspect: () => Promise<Model>
  readonly compare: VerifyOptions['compare']
}

/** Applies the migrations before `start` once, then cycles each from `start` on, until one fails to run. */
async function cycleEach(migrations: readonly Migration[], start: number, replay: Replay, events: VerifyEvents): Promise<{ results: MigrationResult[]; stoppedAt: number }> {
  const results: MigrationResult[] = []
  const report = (result: MigrationResult) => {
    results.push(result)
    events.onResult?.(result)
  }
  if (start > 0) {
    const t = performance.now()
    let applied = 0
    progress(`verify: applying the ${start} migrations before ${migrations[start]!.id} once`)
    try {
      await up(replay.runner, { to: migrations[start - 1]!.version }, { onApplied: () => { applied++ } })
    } catch (error) {
      // The one that failed is the one after those that were applied.
      const finding = faultOf(migrations[applied]!, 'UP_FAILED', 'up failed', error)
      if (finding === null) throw error
      report({ migration: migrations[applied]!, result: 'failed', ms: performance.now() - t, findings: [finding] })
      return { results, stoppedAt: start }
    }
    events.onPrepared?.(start, performance.now() - t)
  }
  progress(`verify: reading the schema before ${migrations[start]?.id ?? 'the first migration'}`)
  let before = await replay.introspect()
  for (let index = start; index < migrations.length; index++) {
    const migration = migrations[index]!
    const t = performance.now()
    const findings: Finding[] = []
    try {
      const cycle = await cycleOf(migration, before, { ...replay, findings, position: `${index + 1} of ${migrations.length}` })
      before = cycle.model
      const result = cycle.skipped !== null ? 'skipped' : findings.length > 0 ? 'failed' : 'ok'
      report({ migration, result, ms: performance.now() - t, findings, ...(cycle.skipped !== null ? { note: cycle.skipped } : {}) })
    } catch (error) {
      if (!(error instanceof RunFailed)) throw error
      report({ migration, result: 'failed', ms: performance.now() - t, findings: [...findings, error.finding] })
      return { results, stoppedAt: index + 1 }
    }
  }
  return { results, stoppedAt: migrations.length }
}

interface CycleContext extends Replay {
  /** Findings so far for this migration; a RunFailed thrown later adds its own. */
  readonly findings: Finding[]
  /** "3 of 500", for the progress line. */
  readonly position: string
}

/** up, down, up for one migration; the model it leaves behind, and why the cycle was skipped (or null). */
async function cycleOf(migration: Migration, before: Model, ctx: CycleContext): Promise<{ model: Model; skipped: string | null }> {
  const step = (what: string) => progress(`verify ${ctx.position}: ${migration.id} ${what}`)
  step('up')
  await run(migration, 'UP_FAILED', 'up failed', () => up(ctx.runner, { step: 1 }))
  const after = await ctx.introspect()
  const reason = migration.down.directives.irreversible
  if (reason !== null) return { model: after, skipped: `irreversible (${reason}): applied once, down and the second up not run` }

  step('down')
  await run(migration, 'DOWN_FAILED', 'down failed', () => down(ctx.runner, { step: 1 }))
  const reverted = await ctx.introspect()
  const undone = ctx.compare(reverted, before)
  if (undone) {
    ctx.findings.push(differenceFinding(migration, 'REVERSIBILITY', `after down, the schema is not what it was before up (${migration.down.path})`, undone))
  }

  step('up again')
  await run(migration, 'REPLAY_FAILED', undone ? 'up failed when run again after down (down left the schema changed)' : 'up failed when run again after down', () => up(ctx.runner, { step: 1 }))
  const replayed = await ctx.introspect()
  const redone = ctx.compare(replayed, after)
  if (redone) {
    ctx.findings.push(differenceFinding(migration, 'REPLAY', `after down and up again, the schema is not what the first up made (${migration.up.path})`, redone))
  }
  return { model: replayed, skipped: null }
}

function differenceFinding(migration: Migration, code: string, message: string, difference: Difference): Finding {
  const count = difference.changes.length
  return {
    code, subject: migration.id,
    message: `${message} (${count} change${count === 1 ? '' : 's'})`,
    context: difference.changes, sql: difference.sql,
  }
}

/** Runs up or down; a failure the file causes becomes a RunFailed carrying its finding. */
async function run(migration: Migration, code: string, what: string, body: () => Promise<unknown>): Promise<void> {
  try {
    await body()
  } catch (error) {
    const finding = faultOf(migration, code, what, error)
    throw finding === null ? error : new RunFailed(finding)
  }
}

/** The finding for a run that failed because of the file (its SQL failed, or does not parse); null for any other error. */
function faultOf(migration: Migration, code: string, what: string, error: unknown): Finding | null {
  if (!isFileFault(error)) return null
  return {
    code, subject: migration.id, message: `${what}: ${error.message}`,
    context: [...error.context, ...(error.hint ? [`hint: ${error.hint}`] : [])],
  }
}
