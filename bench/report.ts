// Turning timed runs into the figures the issue asks for, and printing them.
import { median, quantile, type Timed } from './measure.ts'

export type Sample = Timed & { readonly round: number }
/** Samples per contender, in the order the contenders are listed. */
export type Samples = Map<string, Sample[]>

export const FLOOR = 'psql (floor)'
/** The floor of the start-up probes: starting Node and exiting. */
export const NODE_FLOOR = 'node -e 0'
export const PGSTRATA = 'pgstrata'
export const UP_NOTHING_PENDING = 'pgstrata up (nothing pending)'
export const HELP = 'pgstrata --help'
/** The issue's targets: `up` within 1.1× the floor at every size; start-up times in seconds (medians). */
export const TARGETS = { ratioToFloor: 1.1, upNothingPendingS: 0.25, helpS: 0.15 } as const

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
  /** The median of this probe's per-run wall time divided by `node -e 0`'s in the same run. */
  readonly ratioToNode: number
  /** The median of (this probe's wall time − `node -e 0`'s) in the same run: what it costs beyond starting Node. */
  readonly overNodeS: number
  readonly wallS: readonly number[]
}

/** One size of the workload: its contenders, paired with the floor round by round. */
export interface SizeSummary {
  readonly count: number
  readonly rounds: number
  readonly contenders: readonly (ContenderSummary & {
    /** Median wall time per migration, in milliseconds. */
    readonly msPerMigration: number
  })[]
}

/** Between two consecutive sizes: the extra wall time per extra migration (medians), per contender. */
export interface GrowthStep {
  readonly from: number
  readonly to: number
  readonly msPerAddedMigration: Readonly<Record<string, number>>
}

/** A target of the issue and whether this run met it; `unit` says whether `value` is a ratio (×) or seconds. */
export interface Target {
  readonly name: string
  readonly value: number
  readonly unit: 'x' | 's'
  readonly limit: number
  readonly met: boolean
}

export interface Summary {
  readonly sizes: readonly SizeSummary[]
  readonly growth: readonly GrowthStep[]
  readonly startup: readonly StartupSummary[]
  readonly targets: readonly Target[]
}

export interface BenchResult extends Summary {
  readonly counts: readonly number[]
  readonly startupRuns: number
  /** The migrations applied on the database the start-up probes run against. */
  readonly startupCount: number
  readonly versions: Record<string, string>
  readonly server: Record<string, string>
  /** os.loadavg() (1, 5 and 15 minutes) when the run started and when it ended. */
  readonly load: { readonly start: readonly number[]; readonly end: readonly number[] }
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

/** Samples of one size of the workload. */
export interface SizeSamples {
  readonly count: number
  readonly rounds: number
  readonly samples: Samples
}

export function summarize(sizes: readonly SizeSamples[], startup: Samples): Summary {
  const sizeSummaries: SizeSummary[] = sizes.map(({ count, rounds, samples }) => ({
    count, rounds,
    contenders: pairedSummaries(samples, FLOOR).map(({ runs: _, ...figures }) => ({ ...figures, msPerMigration: (figures.medianS / count) * 1000 })),
  }))
  const growth: GrowthStep[] = sizeSummaries.slice(1).map((size, i) => {
    const before = sizeSummaries[i]!
    const msPerAddedMigration: Record<string, number> = {}
    for (const c of size.contenders) {
      const earlier = before.contenders.find((b) => b.name === c.name)
      if (earlier) msPerAddedMigration[c.name] = ((c.medianS - earlier.medianS) / (size.count - before.count)) * 1000
    }
    return { from: before.count, to: size.count, msPerAddedMigration }
  })
  const nodeByRun = new Map(startup.get(NODE_FLOOR)!.map((s) => [s.round, s.wallS]))
  const startupSummary = [...startup].map(([name, samples]) => {
    const wallS = samples.map((s) => s.wallS)
    return {
      name, medianS: median(wallS), p90S: quantile(wallS, 0.9), peakMiB: peak(samples),
      ratioToNode: median(samples.map((s) => s.wallS / nodeByRun.get(s.round)!)),
      overNodeS: median(samples.map((s) => s.wallS - nodeByRun.get(s.round)!)),
      wallS,
    }
  })
  const startupOf = (name: string) => startupSummary.find((s) => s.name === name)!.medianS
  const targets: Target[] = [
    ...sizeSummaries.map((size) => {
      const value = size.contenders.find((c) => c.name === PGSTRATA)!.ratioToFloor
      return { name: `up ${size.count}`, value, unit: 'x' as const, limit: TARGETS.ratioToFloor, met: value <= TARGETS.ratioToFloor }
    }),
    { name: 'up nothing pending', value: startupOf(UP_NOTHING_PENDING), unit: 's', limit: TARGETS.upNothingPendingS, met: startupOf(UP_NOTHING_PENDING) <= TARGETS.upNothingPendingS },
    { name: '--help', value: startupOf(HELP), unit: 's', limit: TARGETS.helpS, met: startupOf(HELP) <= TARGETS.helpS },
  ]
  return { sizes: sizeSummaries, growth, startup: startupSummary, targets }
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

const count = (n: number): string => n.toLocaleString('en-US')
const load = (values: readonly number[]): string => values.map((v) => v.toFixed(2)).join(' ')

export function printReport(result: BenchResult): void {
  const { server, versions } = result
  const out = (text = '') => process.stdout.write(`${text}\n`)
  out(`pgstrata runner benchmark: ${result.counts.map(count).join(' and ')} migrations, one transaction each; a fresh database per run`)
  out(`server: PostgreSQL ${server.server_version} (${server.kind}; fsync ${server.fsync}, synchronous_commit ${server.synchronous_commit})`)
  out(`tools: node ${versions.node}, pgstrata ${versions.pgstrata}, node-pg-migrate ${versions['node-pg-migrate']} (pg ${versions.pg}), ${versions.psql}`)
  out(`load average (1, 5, 15 min): ${load(result.load.start)} at the start, ${load(result.load.end)} at the end`)
  for (const size of result.sizes) {
    out()
    out(`${count(size.count)} migrations, ${size.rounds} round${size.rounds === 1 ? '' : 's'}:`)
    out(table(['contender', 'median wall', '(min – max)', 'ms/migration', 'peak MiB', '× floor'], size.contenders.map((c) =>
      [c.name, seconds(c.medianS), `(${c.minS.toFixed(3)} – ${c.maxS.toFixed(3)})`, c.msPerMigration.toFixed(2), mib(c.peakMiB), `${c.ratioToFloor.toFixed(2)}×`])))
  }
  if (result.growth.length > 0) {
    out()
    out('growth: milliseconds of wall time per added migration (medians), and pgstrata × floor at each size')
    const names = Object.keys(result.growth[0]!.msPerAddedMigration)
    out(table(['contender', ...result.growth.map((g) => `${count(g.from)} → ${count(g.to)}`), ...result.sizes.map((s) => `ms/migration at ${count(s.count)}`)],
      names.map((name) => [
        name,
        ...result.growth.map((g) => g.msPerAddedMigration[name]?.toFixed(2) ?? 'n/a'),
        ...result.sizes.map((s) => s.contenders.find((c) => c.name === name)?.msPerMigration.toFixed(2) ?? 'n/a'),
      ])))
    out(`pgstrata × floor: ${result.sizes.map((s) => `${s.contenders.find((c) => c.name === PGSTRATA)!.ratioToFloor.toFixed(2)}× at ${count(s.count)}`).join(', ')}`)
  }
  out()
  out(`start-up (${count(result.startupCount)} migrations applied, ${result.startupRuns} runs each; × and + are against ${NODE_FLOOR} in the same run):`)
  out(table(['command', 'median', 'p90', 'peak MiB', `× ${NODE_FLOOR}`, `+ over ${NODE_FLOOR}`], result.startup.map((s) =>
    [s.name, seconds(s.medianS), seconds(s.p90S), mib(s.peakMiB), `${s.ratioToNode.toFixed(2)}×`, seconds(s.overNodeS)])))
  out()
  for (const t of result.targets) {
    const value = t.unit === 'x' ? `${t.value.toFixed(2)}× the psql floor` : `${seconds(t.value)} median`
    const limit = t.unit === 'x' ? `≤ ${t.limit}×` : `≤ ${t.limit} s`
    out(`verdict: ${t.name}: ${value} (target ${limit}: ${t.met ? 'met' : 'MISSED'})`)
  }
}
