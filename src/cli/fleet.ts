// up, down and status on a fleet: --targets FILE, --databases-like PATTERN on
// a server, or the config's `targets`. Each target is run as `--url` would
// run it (its own lock and ledger); a live line on a terminal, a line per
// finished target when piped, then a table, or one --json document.
import type { Applied } from '../engine/apply.ts'
import { forEachTarget, type FleetOutcome } from '../engine/fleet.ts'
import { compareFleet } from '../engine/fleet-status.ts'
import type { DownOptions, UpOptions, VersionStatus } from '../engine/plan.ts'
import * as runner from '../engine/runner.ts'
import type { RunOptions } from '../engine/runner.ts'
import { configTargets, databasesLike, readTargetsFile, type FleetTarget } from '../engine/targets.ts'
import { PgstrataError, UsageError } from '../errors.ts'
import { integerFlag, CONFIG_FILE } from './config.ts'
import { configFor, loadSettings, type GlobalFlags, type Output } from './context.ts'
import { asPgstrataError } from './failure.ts'
import { formatMs, plural, table } from './format.ts'
import { resolveTarget } from '../db/connect.ts'
import { events } from './commands.ts'

export interface FleetFlags extends GlobalFlags {
  readonly targets?: unknown
  readonly databasesLike?: unknown
  readonly concurrency?: unknown
  readonly failFast?: boolean
}

export { FLEET_OPTIONS } from './config.ts'

/** The fleet the flags or the config name, or null for a run on one database. */
export async function fleetOf(flags: FleetFlags, output: Output): Promise<FleetTarget[] | null> {
  const given = [flags.targets !== undefined && '--targets', flags.databasesLike !== undefined && '--databases-like'].filter(Boolean)
  if (given.length > 1) throw new UsageError('BAD_USAGE', 'use either --targets or --databases-like, not both')
  if (flags.targets !== undefined) {
    if (flags.url !== undefined) throw new UsageError('BAD_USAGE', '--targets and --url name different databases: use one of them')
    return readTargetsFile(String(flags.targets))
  }
  if (flags.databasesLike !== undefined) {
    const server = await resolveTarget({ url: flags.url, projectDir: process.cwd(), announce: output.err })
    return databasesLike(server, String(flags.databasesLike))
  }
  if (flags.url !== undefined) return null
  const settings = await loadSettings(flags)
  if (settings.targets === null) return null
  const file = flags.config ?? CONFIG_FILE
  const fleet = configTargets(settings.targets, file)
  output.err(`pgstrata: ${plural(fleet.length, 'target')} from ${file} (--url runs on one database instead)`)
  return fleet
}

export function concurrencyOf(flags: FleetFlags): number {
  return flags.concurrency === undefined ? 4 : integerFlag('--concurrency', flags.concurrency, 1)
}

/** Refuses the fleet flags on a command that runs on one database. */
export function refuseFleetFlags(flags: FleetFlags, command: string): void {
  if (flags.concurrency !== undefined || flags.failFast) {
    throw new UsageError('BAD_USAGE', `--concurrency and --fail-fast are for a fleet: ${command} runs on one database here`, {
      hint: 'give --targets FILE or --databases-like PATTERN, or leave them out',
    })
  }
}

interface Live {
  start(target: FleetTarget): void
  finish(line: string | null, failed: boolean): void
  /** The counts: `20 targets: 17 succeeded, 2 failed, 1 skipped`. */
  counts(): string
}

/** The live line on a terminal (done / running / failed / pending); piped, the finished targets' lines. */
export function live(output: Output, verb: string, total: number): Live {
  let running = 0
  let done = 0
  let failed = 0
  const draw = () => output.status(`pgstrata ${verb}: ${done} of ${total} done${failed ? ` (${failed} failed)` : ''}, ${running} running, ${total - done - running} pending`)
  return {
    start: () => { running++; draw() },
    finish: (line, didFail) => {
      running--
      done++
      if (didFail) failed++
      // On a terminal the table at the end lists them all; a failure is shown at once.
      if (line !== null && (!output.terminal || didFail)) output.progress(line)
      draw()
    },
    counts: () => `${plural(total, 'target')}: ${done - failed} succeeded, ${failed} failed${total - done ? `, ${total - done} skipped` : ''}`,
  }
}

const newest = (versions: Iterable<string>): string | null => [...versions].sort().at(-1) ?? null

interface Moved {
  /** False when its ledger was never read (it could not connect, say): before and after are unknown. */
  readonly reached: boolean
  readonly before: string | null
  readonly after: string | null
  readonly applied: readonly Applied[]
  readonly planned: number
}

/** One line of an error: its code and first line, without the password. */
export function oneLine(error: unknown): { code: string; message: string; hint: string | undefined; line: string } {
  const known = asPgstrataError(error)
  const message = known.message.split('\n')[0]!
  return { code: known.code, message, hint: known.hint, line: `${known.code}: ${message}` }
}

/** up or down on every target of the fleet. */
export async function fleetMove(direction: 'up' | 'down', fleet: readonly FleetTarget[], options: UpOptions & DownOptions & RunOptions, flags: FleetFlags, output: Output): Promise<void> {
  const settings = await loadSettings(flags)
  const concurrency = concurrencyOf(flags)
  const view = live(output, direction, fleet.length)
  const verb = direction === 'up' ? 'applied' : 'reverted'
  // What each target got to, also when it failed part-way.
  const progress = new Map<FleetTarget, { before: Set<string> | null; applied: Applied[] }>()
  const movedOf = (target: FleetTarget, planned = 0): Moved => {
    const { before, applied } = progress.get(target) ?? { before: null, applied: [] }
    if (before === null) return { reached: false, before: null, after: null, applied, planned }
    const after = new Set(before)
    for (const a of applied) direction === 'up' ? after.add(a.version) : after.delete(a.version)
    return { reached: true, before: newest(before), after: newest(after), applied, planned }
  }
  const started = performance.now()
  const outcomes = await forEachTarget(fleet, { concurrency, failFast: flags.failFast }, async (target): Promise<Moved> => {
    const state = { before: null as Set<string> | null, applied: [] as Applied[] }
    progress.set(target, state)
    const config = configFor(settings, target.target)
    const on: runner.RunnerEvents = {
      ...events(output, target.name),
      onStatuses: (statuses: readonly VersionStatus[]) => { state.before = new Set(statuses.filter((s) => s.row !== undefined).map((s) => s.version)) },
      onApplied: (a) => { state.applied.push(a) },
    }
    const result = direction === 'up' ? await runner.up(config, options, on) : await runner.down(config, options, on)
    return movedOf(target, result.planned.length)
  }, {
    onStart: (target) => view.start(target),
    onFinish: (o) => view.finish(finishedLine(o, o.value ?? movedOf(o.target), verb, Boolean(options.dryRun)), o.result === 'failed'),
  })
  const ms = performance.now() - started
  const rows = outcomes.map((o) => ({ outcome: o, moved: o.value ?? movedOf(o.target) }))
  output.out('')
  output.out(table(['target', 'before → after', options.dryRun ? 'would run' : verb, 'duration', 'result', 'error'], rows.map(({ outcome: o, moved: m }) => [
    o.target.name, versionSpan(m), String(options.dryRun ? m.planned : m.applied.length), o.result === 'skipped' ? '' : formatMs(o.ms), o.result,
    o.error === undefined ? '' : oneLine(o.error).line,
  ])))
  output.out('')
  output.out(`${direction}${options.dryRun ? ' (dry run)' : ''}: ${view.counts()} in ${formatMs(ms)}`)
  const document = {
    command: direction, dryRun: Boolean(options.dryRun), concurrency, ms: Math.round(ms), counts: countsOf(outcomes),
    targets: rows.map(({ outcome: o, moved: m }) => ({
      target: o.target.name, database: o.target.target.display, result: o.result, ...(m.reached ? { before: m.before, after: m.after } : {}),
      [verb]: m.applied.length, migrations: m.applied.map((a) => a.id), ...(options.dryRun ? { planned: m.planned } : {}),
      ms: Math.round(o.ms), ...(o.error === undefined ? {} : { error: errorJson(o.error) }),
    })),
  }
  finishFleet(output, outcomes, document, `the same command again: the targets that succeeded have nothing ${direction === 'up' ? 'pending' : 'to revert'}, the failed ones are tried again`)
}

const versionSpan = (m: Moved) => m.reached ? `${m.before ?? 'base'} → ${m.after ?? 'base'}` : '?'

function finishedLine(o: FleetOutcome<unknown>, m: Moved, verb: string, dryRun: boolean): string {
  const result = o.result === 'succeeded' ? 'ok' : o.result
  const count = dryRun ? `${m.planned} to run` : `${m.applied.length} ${verb}`
  const error = o.error === undefined ? '' : `  ${oneLine(o.error).line}`
  return `  ${result.padEnd(6)}  ${o.target.name}  ${versionSpan(m)}  ${count}  ${formatMs(o.ms)}${error}`
}

export function errorJson(error: unknown) {
  const e = oneLine(error)
  return { code: e.code, message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) }
}

export function countsOf(outcomes: readonly FleetOutcome<unknown>[]) {
  const n = (result: string) => outcomes.filter((o) => o.result === result).length
  return { total: outcomes.length, succeeded: n('succeeded'), failed: n('failed'), skipped: n('skipped') }
}

/** Exit 0 only when every target succeeded: else FLEET_FAILED (exit 1) with the document. */
function finishFleet(output: Output, outcomes: readonly FleetOutcome<unknown>[], document: Record<string, unknown>, again: string): void {
  const counts = countsOf(outcomes)
  if (counts.failed + counts.skipped === 0) {
    output.result({ ok: true, ...document })
    return
  }
  const skipped = counts.skipped ? `, ${counts.skipped} skipped after the first failure (--fail-fast)` : ''
  throw Object.assign(new PgstrataError('FLEET_FAILED', `${counts.failed} of ${plural(counts.total, 'target')} failed${skipped}`, {
    hint: `the table above names each failed target and its error; fix them and run ${again}`,
  }), { partial: document })
}

/** status on every target: their versions side by side, and what sets them apart. */
export async function fleetStatus(fleet: readonly FleetTarget[], flags: FleetFlags, output: Output): Promise<void> {
  const settings = await loadSettings(flags)
  const concurrency = concurrencyOf(flags)
  const view = live(output, 'status', fleet.length)
  const outcomes = await forEachTarget(fleet, { concurrency, failFast: flags.failFast }, async (target): Promise<readonly VersionStatus[]> =>
    (await runner.status(configFor(settings, target.target))).statuses, {
    onStart: (target) => view.start(target),
    onFinish: (o) => view.finish(o.result === 'failed' ? `  failed  ${o.target.name}  ${oneLine(o.error).line}` : null, o.result === 'failed'),
  })
  const compared = compareFleet(outcomes.map((o) => o.value ?? null))
  const files = outcomes.find((o) => o.value)?.value?.filter((s) => s.migration !== undefined).length ?? 0
  output.out(`${plural(fleet.length, 'target')}, ${plural(files, 'migration')} in ${settings.migrations}/`)
  output.out('')
  output.out(table(['target', 'version', 'applied', 'pending', 'state'], outcomes.map((o, i) => {
    const t = compared.targets[i]!
    if (o.result !== 'succeeded') return [o.target.name, '', '', '', o.result === 'failed' ? `unreachable: ${oneLine(o.error).line}` : 'skipped']
    return [o.target.name, t.version ?? 'base', String(t.applied.length), String(t.pending.length), t.flags.length === 0 ? 'up to date' : t.flags.map((f) => f.text).join('; ')]
  })))
  if (compared.disagreements.length > 0) {
    const names = (indexes: readonly number[]) => indexes.length <= 4 ? indexes.map((i) => fleet[i]!.name).join(', ')
      : `${indexes.slice(0, 3).map((i) => fleet[i]!.name).join(', ')} and ${indexes.length - 3} more`
    output.out('')
    output.out('versions the targets disagree on:')
    output.out(table(['version', 'name', 'applied on', 'lacking on'], compared.disagreements.map((d) => [
      d.version, d.name, `${d.appliedOn.length} of ${d.appliedOn.length + d.lacking.length}`, names(d.lacking),
    ])))
  }
  const flagged = (kind: string) => compared.targets.filter((t) => t.flags.some((f) => f.kind === kind)).length
  const kinds = ['behind', 'ahead', 'diverged', 'changed', 'partial'].map((k) => [k, flagged(k)] as const).filter(([, n]) => n > 0)
  const clean = outcomes.filter((o, i) => o.result === 'succeeded' && compared.targets[i]!.flags.length === 0).length
  output.out('')
  output.out([`${clean} up to date`, ...kinds.map(([k, n]) => `${n} ${k}`), ...(countsOf(outcomes).failed ? [`${countsOf(outcomes).failed} unreachable`] : [])].join(', '))
  const document = {
    command: 'status', concurrency, counts: countsOf(outcomes),
    targets: outcomes.map((o, i) => {
      const t = compared.targets[i]!
      return {
        target: o.target.name, database: o.target.target.display, result: o.result,
        ...(o.result === 'succeeded' ? { version: t.version, applied: t.applied, pending: t.pending, flags: t.flags } : {}),
        ...(o.error === undefined ? {} : { error: errorJson(o.error) }),
      }
    }),
    disagreements: compared.disagreements.map((d) => ({
      version: d.version, name: d.name, appliedOn: d.appliedOn.map((i) => fleet[i]!.name), lacking: d.lacking.map((i) => fleet[i]!.name),
    })),
  }
  finishFleet(output, outcomes, document, 'the same command again once they answer')
}
