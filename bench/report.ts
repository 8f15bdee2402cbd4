// Turning timed runs into the figures the issue asks for, and printing them.
import { median, quantile, type Timed } from './measure.ts'

export type Sample = Timed & { readonly round: number }
/** Samples per contender, in the order the contenders are listed. */
export type Samples = Map<string, Sample[]>

export const FLOOR = 'psql (floor)'
export const TARGETS = { ratioToFloor: 1.1, startupS: 0.25 } as const

export interface ContenderSummary {
  readonly name: string
  readonly medianS: number
  readonly minS: number
  readonly maxS: number
  readonly peakMiB: number | null
  /** The median of this contender's per-round wall time divided by the floor's in the same round. */
  readonly ratioToFloor: number
  readonly wallS: readonly number[]
}

/** A stage timed in process, over its runs. */
export interface StageFigures {
  readonly name: string
  readonly medianS: number
  readonly minS: number
  readonly maxS: number
}

export const stageFigures = (name: string, values: readonly number[]): StageFigures =>
  ({ name, medianS: median(values), minS: Math.min(...values), maxS: Math.max(...values) })

export interface StartupSummary {
  readonly name: string
  readonly medianS: number
  readonly p90S: number
  readonly peakMiB: number | null
  readonly wallS: readonly number[]
}

export interface Summary {
  readonly contenders: readonly ContenderSummary[]
  readonly startup: readonly StartupSummary[]
  readonly verdict: { readonly ratioToFloor: number; readonly startupS: number; readonly ratioMet: boolean; readonly startupMet: boolean }
}

export interface BenchResult extends Summary {
  readonly count: number
  readonly rounds: number
  readonly startupRuns: number
  readonly versions: Record<string, string>
  readonly server: Record<string, string>
}

const peak = (samples: readonly RoundSample[]): number | null =>
  samples.some((s) => s.peakMiB === null) ? null : Math.max(...samples.map((s) => s.peakMiB!))

/** One timed run of a contender in a round; what every benchmark's samples have. */
export interface RoundSample {
  readonly round: number
  readonly wallS: number
  readonly peakMiB: number | null
}

/**
 * Each contender's median, range and peak over its runs, and the median of
 * its per-round ratio to `floor`. Rounds pair the contenders: on a shared,
 * noisy machine a slow minute slows every contender of that round, and the
 * per-round ratio cancels it out.
 */
export function pairedSummaries<S extends RoundSample>(samples: ReadonlyMap<string, readonly S[]>, floor: string): (ContenderSummary & { readonly runs: readonly S[] })[] {
  const floorByRound = new Map(samples.get(floor)!.map((s) => [s.round, s.wallS]))
  return [...samples].map(([name, runs]) => {
    const wallS = runs.map((s) => s.wallS)
    return {
      name, medianS: median(wallS), minS: Math.min(...wallS), maxS: Math.max(...wallS), peakMiB: peak(runs),
      ratioToFloor: median(runs.map((s) => s.wallS / floorByRound.get(s.round)!)), wallS, runs,
    }
  })
}

export function summarize(runs: Samples, startup: Samples): Summary {
  const contenders = pairedSummaries(runs, FLOOR).map(({ runs: _, ...figures }) => figures)
  const startupSummary = [...startup].map(([name, samples]) => {
    const wallS = samples.map((s) => s.wallS)
    return { name, medianS: median(wallS), p90S: quantile(wallS, 0.9), peakMiB: peak(samples), wallS }
  })
  const ratioToFloor = contenders.find((c) => c.name === 'pgstrata')!.ratioToFloor
  const startupS = startupSummary.find((s) => s.name.startsWith('pgstrata up'))!.medianS
  return {
    contenders, startup: startupSummary,
    verdict: { ratioToFloor, startupS, ratioMet: ratioToFloor <= TARGETS.ratioToFloor, startupMet: startupS < TARGETS.startupS },
  }
}

export const seconds = (s: number): string => `${s.toFixed(3)} s`
export const mib = (m: number | null): string => (m === null ? 'n/a' : m.toFixed(0))

/** Rows under a header, the first column left-aligned, the figures right-aligned. */
export function table(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  // The first column is text and reads left-aligned; the figures line up on the right.
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ')
  return [line(header), ...rows.map(line)].join('\n')
}

export function printReport(result: BenchResult): void {
  const { server, versions, verdict } = result
  const out = (text = '') => process.stdout.write(`${text}\n`)
  out(`pgstrata runner benchmark: ${result.count} migrations, one transaction each; ${result.rounds} rounds, a fresh database per run`)
  out(`server: PostgreSQL ${server.server_version} (${server.kind}; fsync ${server.fsync}, synchronous_commit ${server.synchronous_commit})`)
  out(`tools: node ${versions.node}, pgstrata ${versions.pgstrata}, node-pg-migrate ${versions['node-pg-migrate']} (pg ${versions.pg}), ${versions.psql}`)
  out()
  out(table(['contender', 'median wall', '(min – max)', 'peak MiB', '× floor'], result.contenders.map((c) =>
    [c.name, seconds(c.medianS), `(${c.minS.toFixed(3)} – ${c.maxS.toFixed(3)})`, mib(c.peakMiB), `${c.ratioToFloor.toFixed(2)}×`])))
  out()
  out(`start-up with nothing pending (${result.count} applied, ${result.startupRuns} runs each):`)
  out(table(['command', 'median', 'p90', 'peak MiB'], result.startup.map((s) => [s.name, seconds(s.medianS), seconds(s.p90S), mib(s.peakMiB)])))
  out()
  const mark = (met: boolean) => (met ? 'met' : 'MISSED')
  out(`verdict: pgstrata ${verdict.ratioToFloor.toFixed(2)}× the psql floor (target ≤ ${TARGETS.ratioToFloor}×: ${mark(verdict.ratioMet)}); ` +
    `start-up ${seconds(verdict.startupS)} median (target < ${TARGETS.startupS} s: ${mark(verdict.startupMet)})`)
}
