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

/** The issue's targets for `pgstrata diff`, whole process; wall time by size, memory at 2,000 tables. */
export const TARGETS = { wallS: new Map([[500, 0.5], [2000, 1.5]]), peakMiB: 150, peakAtTables: 2000, speedUp: 5 } as const
/** What the issue's author measured for migra, for comparison with this machine's figures. */
export const ISSUE_MIGRA = 'migra as measured in the issue: 2.75 s at 500 tables; 13.8 s and 446 MiB at 2,000'

export interface Sample {
  readonly round: number
  readonly wallS: number
  readonly peakMiB: number | null
}

export type ContenderFigures = ContenderSummary & {
  readonly runs: number
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
  readonly stages: readonly StageFigures[]
  readonly stageRuns: number
}

export interface Verdict {
  readonly sizes: readonly {
    readonly tables: number
    readonly wallS: number
    readonly wallTargetS: number | null
    readonly wallMet: boolean | null
    readonly peakMiB: number | null
    readonly peakMet: boolean | null
    readonly speedUp: number | null
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
  return pairedSummaries(samples, NODE_FLOOR).map(({ runs, ...figures }) => {
    const paired = runs.filter((s) => migra.has(s.round))
    return { ...figures, runs: runs.length, speedUp: paired.length === 0 ? null : median(paired.map((s) => migra.get(s.round)! / s.wallS)) }
  })
}

export function summarizeStages(samples: readonly StageSample[]): StageFigures[] {
  const figures = stageFigures
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
      const wallTargetS = TARGETS.wallS.get(workload.tables) ?? null
      const atPeakSize = workload.tables === TARGETS.peakAtTables
      return {
        tables: workload.tables, wallS: pgstrata.medianS, wallTargetS, wallMet: wallTargetS === null ? null : pgstrata.medianS <= wallTargetS,
        peakMiB: pgstrata.peakMiB, peakMet: !atPeakSize || pgstrata.peakMiB === null ? null : pgstrata.peakMiB <= TARGETS.peakMiB,
        speedUp: pgstrata.speedUp, speedUpMet: pgstrata.speedUp === null ? null : pgstrata.speedUp >= TARGETS.speedUp,
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
    out(table(['contender', 'runs', 'median wall', '(min – max)', 'peak MiB', '× floor', 'migra ÷ it'], size.contenders.map((f) => [
      f.name, String(f.runs), seconds(f.medianS), `(${f.minS.toFixed(3)} – ${f.maxS.toFixed(3)})`, mib(f.peakMiB), times(f.ratioToFloor), times(f.speedUp),
    ])))
    out(`in-process stages of pgstrata (dist/; one process per round, ${size.stageRuns} runs of generateMigration + renderScript, up and down):`)
    out(table(['stage', 'median', '(min – max)'], size.stages.map((s) => [s.name, seconds(s.medianS), `(${s.minS.toFixed(3)} – ${s.maxS.toFixed(3)})`])))
  }
  out()
  for (const r of verdict.roundTrips) {
    out(`round trip at ${count(r.tables)} tables: pgstrata's up SQL (${count(r.statements)} statements) applied to a copy of A, then diffed against B: ` +
      (r.leftSteps === 0 ? 'no differences left' : `${r.leftSteps} steps left:\n${r.leftSql.trimEnd().split('\n').map((l) => `  ${l}`).join('\n')}`))
  }
  const parts = verdict.sizes.map((s) => {
    const wall = `${seconds(s.wallS)} at ${count(s.tables)} tables (target ${s.wallTargetS === null ? 'none' : `≤ ${s.wallTargetS} s: ${mark(s.wallMet)}`})`
    const peak = s.peakMet === null ? '' : `, ${mib(s.peakMiB)} MiB (target ≤ ${TARGETS.peakMiB} MiB: ${mark(s.peakMet)})`
    const speedUp = s.speedUp === null ? '' : `, ${times(s.speedUp)} ahead of migra (target ≥ ${TARGETS.speedUp}×: ${mark(s.speedUpMet)})`
    return wall + peak + speedUp
  })
  const roundTrip = verdict.roundTripMet === null ? 'round trip not checked' : `round trip ${verdict.roundTripMet ? 'complete' : 'INCOMPLETE (see above)'}`
  out(`verdict: pgstrata diff ${parts.join('; ')}; ${roundTrip}`)
  out(ISSUE_MIGRA)
}
