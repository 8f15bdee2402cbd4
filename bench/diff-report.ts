// The figures `bench:diff` reports: per size, each contender's wall time,
// peak memory, ratio to the floor and speed-up over migra; the diff's
// in-process stages; and a verdict against the issue's targets.
import { median } from './measure.ts'
import { mib, pairedSummaries, seconds, stageFigures, table, type ContenderSummary, type StageFigures } from './report.ts'

export const PGSTRATA_DIFF = 'pgstrata diff'
export const MIGRA = '@pgkit/migra'
export const PGSTRATA_READ = 'pgstrata, reading only'
export const NODE_FLOOR = 'node floor (both catalogs)'
export const PSQL = 'psql (same queries, both)'

/**
 * The issue's targets for `pgstrata diff`, whole process: wall time within
 * 1.3× of the two-catalog floor measured in the same run at these sizes,
 * peak memory at 2,000 tables, and the lead over migra.
 */
export const TARGETS = { ratioToFloor: 1.3, ratioAtTables: [500, 2000], peakMiB: 150, peakAtTables: 2000, speedUp: 5 } as const
/** What the issue's author measured for migra, for comparison with this machine's figures. */
export const ISSUE_MIGRA = 'migra as measured in the issue: 2.75 s at 500 tables; 13.8 s and 446 MiB at 2,000'

export interface Sample {
  readonly round: number
  readonly wallS: number
  readonly peakMiB: number | null
}

export type ContenderFigures = ContenderSummary & {
  readonly runs: number
  /** This contender's peak memory divided by the floor's (largest over the rounds each), or null without GNU time. */
  readonly peakRatioToFloor: number | null
  /** The median of migra's per-round wall time divided by this contender's, over the rounds migra ran; null when it did not. */
  readonly speedUp: number | null
}

/** One in-process run of `bench/diff-stages.mjs stages`: reading both models once, then the stage `runs` times. */
export interface StageSample {
  readonly readS: number
  readonly stageS: readonly number[]
}


export interface Workload {
  readonly tables: number
  /** Edits turning the first schema into the second, by kind. */
  readonly edits: number
  readonly byKind: Readonly<Record<string, number>>
  /** What pgstrata's diff holds: steps (stderr), statements and bytes of SQL (stdout). */
  readonly pgstrata: { readonly steps: number; readonly statements: number; readonly bytes: number }
  readonly migra: { readonly statements: number; readonly bytes: number } | null
  /** Rows each floor run reads from both catalogs. */
  readonly floorRows: number
  readonly loadS: number
}

/** The up SQL applied to a copy of the first database, then diffed against the second: what was left. */
export interface RoundTrip {
  readonly tables: number
  readonly statements: number
  /** pgstrata diff from the migrated copy to the second database: empty when the migration is complete. */
  readonly leftSteps: number
  readonly leftSql: string
}

export interface SizeResult {
  readonly workload: Workload
  readonly contenders: readonly ContenderFigures[]
  readonly stages: readonly DiffStageFigures[]
  readonly stageRuns: number
}

export interface Verdict {
  readonly sizes: readonly {
    readonly tables: number
    /** pgstrata diff's median wall time, and the floor's, over the rounds. */
    readonly wallS: number
    readonly floorS: number
    /** The median of the per-round ratios, pgstrata diff ÷ the floor: the figure the target is on. */
    readonly ratioToFloor: number
    readonly ratioTarget: number | null
    readonly ratioMet: boolean | null
    readonly peakMiB: number | null
    readonly floorPeakMiB: number | null
    readonly peakRatioToFloor: number | null
    readonly peakTargetMiB: number | null
    readonly peakMet: boolean | null
    /** migra's wall time ÷ pgstrata diff's, per round, median. */
    readonly speedUp: number | null
    readonly speedUpTarget: number
    readonly speedUpMet: boolean | null
  }[]
  readonly roundTrips: readonly RoundTrip[]
  readonly roundTripMet: boolean | null
}

export interface DiffResult {
  readonly rounds: number
  readonly migraRounds: number
  readonly versions: Record<string, string>
  readonly server: Record<string, string>
  readonly sizes: readonly SizeResult[]
  readonly verdict: Verdict
}

export function summarizeContenders(samples: ReadonlyMap<string, readonly Sample[]>): ContenderFigures[] {
  const migra = new Map((samples.get(MIGRA) ?? []).map((s) => [s.round, s.wallS]))
  const summaries = pairedSummaries(samples, NODE_FLOOR)
  const floorPeak = summaries.find((f) => f.name === NODE_FLOOR)!.peakMiB
  return summaries.map(({ runs, ...figures }) => {
    const paired = runs.filter((s) => migra.has(s.round))
    return {
      ...figures, runs: runs.length,
      peakRatioToFloor: figures.peakMiB === null || floorPeak === null ? null : figures.peakMiB / floorPeak,
      speedUp: paired.length === 0 ? null : median(paired.map((s) => migra.get(s.round)! / s.wallS)),
    }
  })
}

/** A stage's figures, and its median divided by the floor's median wall time at the same size. */
export type DiffStageFigures = StageFigures & { readonly ratioToFloor: number }

export function summarizeStages(samples: readonly StageSample[], floorS: number): DiffStageFigures[] {
  const figures = (name: string, values: readonly number[]): DiffStageFigures => {
    const stage = stageFigures(name, values)
    return { ...stage, ratioToFloor: stage.medianS / floorS }
  }
  const later = samples.flatMap((s) => s.stageS.slice(1))
  return [
    figures('read both catalogs (introspect ×2, concurrently)', samples.map((s) => s.readS)),
    figures('diff + plan + render, first run (cold, as the CLI)', samples.map((s) => s.stageS[0]!)),
    ...(later.length > 0 ? [figures('diff + plan + render, later runs (warm)', later)] : []),
  ]
}

export function verdictOf(sizes: readonly SizeResult[], roundTrips: readonly RoundTrip[]): Verdict {
  return {
    sizes: sizes.map(({ workload, contenders }) => {
      const pgstrata = contenders.find((c) => c.name === PGSTRATA_DIFF)!
      const floor = contenders.find((c) => c.name === NODE_FLOOR)!
      const ratioTarget = (TARGETS.ratioAtTables as readonly number[]).includes(workload.tables) ? TARGETS.ratioToFloor : null
      const peakTargetMiB = workload.tables === TARGETS.peakAtTables ? TARGETS.peakMiB : null
      return {
        tables: workload.tables, wallS: pgstrata.medianS, floorS: floor.medianS,
        ratioToFloor: pgstrata.ratioToFloor, ratioTarget, ratioMet: ratioTarget === null ? null : pgstrata.ratioToFloor <= ratioTarget,
        peakMiB: pgstrata.peakMiB, floorPeakMiB: floor.peakMiB, peakRatioToFloor: pgstrata.peakRatioToFloor,
        peakTargetMiB, peakMet: peakTargetMiB === null || pgstrata.peakMiB === null ? null : pgstrata.peakMiB <= peakTargetMiB,
        speedUp: pgstrata.speedUp, speedUpTarget: TARGETS.speedUp, speedUpMet: pgstrata.speedUp === null ? null : pgstrata.speedUp >= TARGETS.speedUp,
      }
    }),
    roundTrips, roundTripMet: roundTrips.length === 0 ? null : roundTrips.every((r) => r.leftSteps === 0),
  }
}

const count = (n: number): string => n.toLocaleString('en-US')
const mark = (met: boolean | null): string => (met === null ? 'no target' : met ? 'met' : 'MISSED')
const times = (ratio: number | null): string => (ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`)

export function printDiffReport(result: DiffResult): void {
  const { server, versions, verdict } = result
  const out = (text = '') => process.stdout.write(`${text}\n`)
  out(`pgstrata diff benchmark: \`pgstrata diff --from A --to B\` beside @pgkit/migra on the same pair, and what reading both catalogs costs; ` +
    `${result.rounds} round${result.rounds === 1 ? '' : 's'} per size ` +
    `(${result.migraRounds === 0 ? 'migra not run' : result.migraRounds === result.rounds ? 'migra in every one' : `migra in the first ${result.migraRounds}`}), contenders in turn`)
  out(`server: PostgreSQL ${server.server_version} (${server.kind}; shared_buffers ${server.shared_buffers} × 8 kB, fsync ${server.fsync})`)
  out(`tools: node ${versions.node}, pgstrata ${versions.pgstrata} (${versions.source}), @pgkit/migra ${versions.migra}, ${versions.psql}`)
  for (const size of result.sizes) {
    const w = size.workload
    const kinds = Object.entries(w.byKind).sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, n]) => `${kind} ${n}`).join(', ')
    out()
    out(`${count(w.tables)} tables, B = A with ${count(w.edits)} edits (${kinds}); loaded in ${w.loadS.toFixed(1)} s`)
    out(`  pgstrata plans ${count(w.pgstrata.steps)} steps (${count(w.pgstrata.statements)} statements, ${(w.pgstrata.bytes / 1024).toFixed(0)} KiB); ` +
      (w.migra === null ? 'migra not run' : `migra prints ${count(w.migra.statements)} statements (${(w.migra.bytes / 1024).toFixed(0)} KiB)`) +
      `; the floor reads ${count(w.floorRows)} catalog rows`)
    out(table(['contender', 'runs', 'median wall', '(min – max)', '× floor', 'peak MiB', 'peak × floor', 'migra ÷ it'], size.contenders.map((f) => [
      f.name, String(f.runs), seconds(f.medianS), `(${f.minS.toFixed(3)} – ${f.maxS.toFixed(3)})`, times(f.ratioToFloor), mib(f.peakMiB), times(f.peakRatioToFloor), times(f.speedUp),
    ])))
    out(`in-process stages of pgstrata (dist/; one process per round, ${size.stageRuns} runs of generateMigration + renderScript, up and down; × floor: ÷ the floor's median wall):`)
    out(table(['stage', 'median', '(min – max)', '× floor'], size.stages.map((s) => [
      s.name, seconds(s.medianS), `(${s.minS.toFixed(3)} – ${s.maxS.toFixed(3)})`, times(s.ratioToFloor),
    ])))
  }
  out()
  for (const r of verdict.roundTrips) {
    out(`round trip at ${count(r.tables)} tables: pgstrata's up SQL (${count(r.statements)} statements) applied to a copy of A, then diffed against B: ` +
      (r.leftSteps === 0 ? 'no differences left' : `${r.leftSteps} steps left:\n${r.leftSql.trimEnd().split('\n').map((l) => `  ${l}`).join('\n')}`))
  }
  // One line per target: wall time against the floor at each size, peak memory, the lead over migra.
  out('verdict:')
  for (const s of verdict.sizes) {
    out(`  wall at ${count(s.tables)} tables: ${times(s.ratioToFloor)} the floor (${seconds(s.wallS)} beside ${seconds(s.floorS)}, medians; ` +
      `target ${s.ratioTarget === null ? 'none' : `≤ ${s.ratioTarget}×: ${mark(s.ratioMet)}`})`)
  }
  for (const s of verdict.sizes.filter((v) => v.peakTargetMiB !== null)) {
    out(`  peak at ${count(s.tables)} tables: ${mib(s.peakMiB)} MiB, ${times(s.peakRatioToFloor)} the floor's ${mib(s.floorPeakMiB)} MiB (target ≤ ${s.peakTargetMiB} MiB: ${mark(s.peakMet)})`)
  }
  const leads = verdict.sizes.filter((s) => s.speedUp !== null)
  out(leads.length === 0
    ? '  lead over migra: migra not run'
    : `  lead over migra: ${leads.map((s) => `${times(s.speedUp)} at ${count(s.tables)} tables (${mark(s.speedUpMet)})`).join(', ')} (target ≥ ${TARGETS.speedUp}×)`)
  out(`  ${verdict.roundTripMet === null ? 'round trip not checked' : `round trip ${verdict.roundTripMet ? 'complete' : 'INCOMPLETE (see above)'}`}`)
  out(ISSUE_MIGRA)
}
