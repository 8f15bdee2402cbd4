// One function per command: run the engine, then print for people or for machines.
import type { Applied, PreparedMigration } from '../engine/apply.ts'
import * as runner from '../engine/runner.ts'
import type { VersionStatus } from '../engine/plan.ts'
import { describeHolder } from '../engine/lock.ts'
import { describeExecution } from '../engine/segments.ts'
import { UsageError } from '../errors.ts'
import { versionFlag, integerFlag } from './config.ts'
import { runnerConfig, type GlobalFlags, type Output } from './context.ts'
import { formatMs, formatTime, plural, table } from './format.ts'
import { pgstrata } from '../invocation.ts'
import { fleetMove, fleetOf, fleetStatus, refuseFleetFlags, type FleetFlags } from './fleet.ts'

type Config = Awaited<ReturnType<typeof runnerConfig>>

/** What the runner reports, as lines; `who` names the database when a fleet runs (`pgstrata: tenant_07: …`). */
export function events(output: Output, who?: string): runner.RunnerEvents {
  const prefix = who === undefined ? 'pgstrata:' : `pgstrata: ${who}:`
  return {
    onLockWait: (holder, wait) => output.err(`${prefix} waiting for the migration lock${holder ? `, held by ${describeHolder(holder)}` : ''} (giving up after ${wait}s)`),
    onApplied: (applied) => output.progress(appliedLine(applied)),
    onNotice: (file, notice) => output.progress(`${who === undefined ? '' : `${prefix} `}${notice.severity ?? 'NOTICE'}${file ? ` ${file}` : ''}: ${notice.message}`),
    onNote: (file, message) => output.progress(`${prefix} ${file}: ${message}`),
    onLockRetry: (migration, attempt, of, waitMs) =>
      output.err(`${prefix} ${migration.id} could not get its locks within lock_timeout and was rolled back; trying again in ${(waitMs / 1000).toFixed(1)} s (retry ${attempt} of ${of})`),
  }
}

function appliedLine(applied: Applied): string {
  const verb = applied.direction === 'up' ? 'applied ' : 'reverted'
  const resumed = applied.resumedAt ? `, resumed at statement ${applied.resumedAt}` : ''
  const mode = applied.mode === 'statements' ? `, ${plural(applied.statements, 'statement')} outside a transaction${resumed}`
    : applied.mode === 'segments' ? `, ${describeExecution(applied.prepared)}${resumed}`
    : ''
  return `  ${verb} ${applied.id} (${formatMs(applied.ms)}${mode})`
}

function plannedJson(p: PreparedMigration) {
  return {
    version: p.migration.version, name: p.migration.name, direction: p.direction, file: p.file.path,
    statements: p.statements.length, transaction: p.noTransactionReason === null,
    ...(p.noTransactionReason === null ? {} : { noTransactionReason: p.noTransactionReason }),
    ...(p.progress ? { resumeAt: p.progress.statementsDone + 1 } : {}),
  }
}

function appliedJson(a: Applied) {
  return { version: a.version, id: a.id, direction: a.direction, ms: Math.round(a.ms), transaction: a.mode === 'transaction', statements: a.statements }
}

function warnMissing(output: Output, statuses: readonly VersionStatus[]): void {
  for (const s of statuses.filter((x) => x.state === 'missing')) {
    output.err(`pgstrata: warning: ${s.version}_${s.name} is recorded as applied but its files are gone (restore them from version control)`)
  }
}

function printPlan(output: Output, planned: readonly PreparedMigration[], verb: string): void {
  output.out(planned.length === 0 ? `nothing to ${verb}` : `would ${verb} ${plural(planned.length, 'migration')}:`)
  for (const p of planned) {
    const how = describeExecution(p)
    output.out(`  ${p.migration.id}  ${plural(p.statements.length, 'statement')}, ${how}${p.progress ? `, resuming at statement ${p.progress.statementsDone + 1}` : ''}`)
  }
}

export interface MoveFlags extends GlobalFlags {
  readonly to?: unknown
  readonly step?: unknown
  readonly dryRun?: boolean
  readonly allowOutOfOrder?: boolean
}

export async function up(flags: MoveFlags & FleetFlags, output: Output): Promise<void> {
  await move('up', flags, output)
}

export async function down(flags: MoveFlags & FleetFlags, output: Output): Promise<void> {
  if (flags.to !== undefined && flags.step !== undefined) throw new UsageError('BAD_USAGE', 'use either --to or --step, not both')
  await move('down', flags, output)
}

/** up and down: run, print a line per migration as it finishes, then a summary. */
async function move(direction: 'up' | 'down', flags: MoveFlags & FleetFlags, output: Output): Promise<void> {
  const moves = {
    to: flags.to === undefined ? undefined : versionFlag('--to', flags.to, direction === 'down'),
    step: flags.step === undefined ? undefined : integerFlag('--step', flags.step, 1),
    dryRun: flags.dryRun,
  }
  const fleet = await fleetOf(flags, output)
  if (fleet !== null) return fleetMove(direction, fleet, { ...moves, allowOutOfOrder: flags.allowOutOfOrder }, flags, output)
  refuseFleetFlags(flags, direction)
  const config = await runnerConfig(flags, output)
  const done: Applied[] = []
  const key = direction === 'up' ? 'applied' : 'reverted'
  // Someone sees the status line: show what long statements do.
  const options = { ...moves, watch: output.terminal }
  const on = { ...events(output), onApplied: (a: Applied) => { done.push(a); output.progress(appliedLine(a)) } }
  try {
    const result = direction === 'up'
      ? await runner.up(config, { ...options, allowOutOfOrder: flags.allowOutOfOrder }, on)
      : await runner.down(config, options, on)
    if (direction === 'up') warnMissing(output, result.statuses)
    if (flags.dryRun) printPlan(output, result.planned, direction === 'up' ? 'apply' : 'revert')
    else if (done.length === 0) output.out(direction === 'up' ? 'nothing to apply: the database is up to date' : 'nothing to revert: no migration is applied')
    else output.out(`${key} ${plural(done.length, 'migration')} in ${formatMs(done.reduce((t, a) => t + a.ms, 0))}`)
    output.result({ ok: true, dryRun: Boolean(flags.dryRun), database: config.target.display, planned: result.planned.map(plannedJson), [key]: done.map(appliedJson) })
  } catch (error) {
    throw Object.assign(error as object, { partial: { [key]: done.map(appliedJson) } })
  }
}

export async function status(flags: GlobalFlags & FleetFlags, output: Output): Promise<void> {
  const fleet = await fleetOf(flags, output)
  if (fleet !== null) return fleetStatus(fleet, flags, output)
  refuseFleetFlags(flags, 'status')
  const config = await runnerConfig(flags, output)
  const report = await runner.status(config)
  const rows = report.statuses.map((s) => [s.version, s.name, stateLabel(s), formatTime(s.row?.appliedAt)])
  output.out(`database: ${config.target.display} (${config.target.source})`)
  output.out(`ledger:   ${config.names.ledger}${report.ledgerExists ? '' : ' (not created yet: nothing applied)'}`)
  output.out('')
  output.out(rows.length === 0 ? `no migrations in ${config.settings.migrations}/` : table(['version', 'name', 'state', 'applied at'], rows))
  for (const s of report.statuses) {
    for (const change of s.changes) output.out(`  ${s.version} changed: ${change}`)
    if (s.progress?.lastError) output.out(`  ${s.version} stopped at statement ${s.progress.statementsDone + 1}: ${s.progress.lastError.split('\n')[0]}`)
  }
  const counts = countStates(report.statuses)
  output.out('')
  output.out(Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(', ') || 'nothing yet')
  output.result({
    ok: true, database: config.target.display, ledger: config.names.ledger, ledgerExists: report.ledgerExists, counts,
    migrations: report.statuses.map((s) => ({
      version: s.version, name: s.name, state: s.state, appliedAt: s.row?.appliedAt ?? null,
      ...(s.changes.length ? { changes: s.changes } : {}),
      ...(s.progress ? { progress: { direction: s.progress.direction, done: s.progress.statementsDone, total: s.progress.statementsTotal, lastError: s.progress.lastError } } : {}),
    })),
  })
}

function stateLabel(s: VersionStatus): string {
  if (s.state !== 'partial' || !s.progress) return s.state
  const verb = s.progress.direction === 'up' ? 'applied' : 'reverted'
  return `partial (${s.progress.statementsDone}/${s.progress.statementsTotal} ${verb})`
}

function countStates(statuses: readonly VersionStatus[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const s of statuses) counts[s.state] = (counts[s.state] ?? 0) + 1
  return counts
}

export async function history(flags: GlobalFlags & { events?: boolean }, output: Output): Promise<void> {
  const config = await runnerConfig(flags, output)
  const result = await runner.history(config, { events: Boolean(flags.events) })
  if (result.events) {
    output.out(result.events.length === 0 ? 'no events recorded' : table(['at', 'event', 'version', 'duration', 'by', 'detail'],
      result.events.map((e) => [formatTime(e.at), e.event, e.version, e.executionMs === null ? '' : formatMs(e.executionMs), e.by, e.detail ?? ''])))
  } else {
    output.out(result.rows.length === 0 ? 'no migrations applied' : table(['version', 'name', 'applied at', 'duration', 'by'],
      result.rows.map((r) => [r.version, r.name, formatTime(r.appliedAt), r.method === 'baseline' ? 'baseline' : formatMs(r.executionMs), r.appliedBy])))
  }
  output.result({ ok: true, database: config.target.display, applied: result.rows, ...(result.events ? { events: result.events } : {}) })
}

export async function baseline(version: unknown, flags: GlobalFlags, output: Output): Promise<void> {
  const config = await runnerConfig(flags, output)
  const marked = await runner.baseline(config, versionFlag('<version>', version), events(output))
  output.out(`marked ${plural(marked.length, 'migration')} as applied without running them (up to ${String(version)})`)
  output.result({ ok: true, database: config.target.display, baselined: marked.map((m) => ({ version: m.version, name: m.name })) })
}

export async function accept(version: unknown, flags: GlobalFlags & { reason?: unknown }, output: Output): Promise<void> {
  const config = await runnerConfig(flags, output)
  const accepted = await runner.accept(config, versionFlag('<version>', version), String(flags.reason ?? ''), events(output))
  output.out(`accepted the edited files of ${accepted.version}_${accepted.name}; the ledger now holds their checksums`)
  output.result({ ok: true, database: config.target.display, accepted: { version: accepted.version, changes: accepted.changes } })
}

export async function dev(action: unknown, output: Output): Promise<void> {
  const { devServerStatus, ensureDevServer, stopDevServer } = await import('../db/dev-server.ts')
  const projectDir = process.cwd()
  switch (action) {
    case 'start': {
      const server = await ensureDevServer(projectDir)
      output.out(`${server.started ? 'started' : 'already running'}: ${server.url} (PostgreSQL ${server.version}, data in ${server.dataDir})`)
      output.result({ ok: true, url: server.url, started: server.started, version: server.version, dataDir: server.dataDir })
      return
    }
    case 'stop': {
      const stopped = await stopDevServer(projectDir)
      output.out(stopped ? 'stopped the development database' : 'the development database was not running')
      output.result({ ok: true, stopped })
      return
    }
    case 'status': {
      const s = await devServerStatus(projectDir)
      output.out(!s.initialised ? 'no development database yet (pgstrata creates it on first use)'
        : s.running ? `running on port ${s.port} (data in ${s.dataDir})` : `stopped (data in ${s.dataDir})`)
      output.result({ ok: true, ...s })
      return
    }
    default:
      throw new UsageError('BAD_USAGE', `pgstrata dev ${String(action ?? '')}: unknown action`, { hint: `use ${pgstrata('dev start')}, dev stop or dev status` })
  }
}
