// The figures `bench:create` reports: per size, each contender's wall time,
// peak memory and ratio to the floor; pgstrata's in-process stages; and a
// verdict against the issue's target.
import { median } from './measure.ts'
import { mib, pairedSummaries, seconds, stageFigures, table, type ContenderSummary, type StageFigures } from './report.ts'

export const PGSTRATA_CREATE = 'pgstrata create'
export const FLOOR = 'floor: psql DDL + node catalog read'
/** The floor's two processes, reported apart too (their sum is the floor). */
export const FLOOR_DDL = '  psql -f DDL (empty database)'
export const FLOOR_READ = '  node floor-client (one read)'
/** Not part of the floor: dropping the database psql built, for comparison with pgstrata's drop of its scratch database. */
export const FLOOR_DROP = '  (not in the floor) its DROP DATABASE'
/** The issue's target: `pgstrata create` from a 500-table schema/ within 1.2× the floor. */
export const TARGETS = { ratioToFloor: 1.2 } as const

export interface Sample {
  readonly round: number
  readonly wallS: number
  readonly peakMiB: number | null
}

export type ContenderFigures = ContenderSummary

/** One run of `bench/create-stages.mjs`: seconds per stage, one after another. */
export type StageSample = Readonly<Record<string, number>>

/** A stage over the rounds, with the median of its seconds divided by the floor's wall time in the same round. */
export interface StageSummary extends StageFigures {
  readonly ratioToFloor: number
}


export interface Workload {
  readonly tables: number
  readonly edits: number
  readonly byKind: Readonly<Record<string, number>>
  /** schema/: files and bytes of TypeScript; the DDL it stands for, in statements. */
  readonly files: number
  readonly bytes: number
  readonly statements: number
  /** Seconds to load the variant into its database. */
  readonly loadS: number
  /** What `pgstrata create` wrote: steps (its header), statements of the up and down files. */
  readonly pgstrata: { readonly steps: number; readonly up: number; readonly down: number }
  /** Catalog rows the floor reads. */
  readonly floorRows: number
}

/** The up file applied with `pgstrata up` to a copy of the database, then `pgstrata create` again: what was left. */
export interface RoundTrip {
  readonly tables: number
  /** `pgstrata create`'s output when it found changes left; null when it found none. */
  readonly left: string | null
}

export interface SizeResult {
  readonly workload: Workload
  readonly contenders: readonly ContenderFigures[]
  readonly stages: readonly StageSummary[]
}

export interface Verdict {
  readonly sizes: readonly { readonly tables: number; readonly ratio: number; readonly peakMiB: number | null; readonly met: boolean }[]
  readonly roundTrips: readonly RoundTrip[]
  readonly roundTripMet: boolean
}

export interface CreateResult {
  readonly rounds: number
  readonly versions: Record<string, string>
  readonly server: Record<string, string>
  readonly sizes: readonly SizeResult[]
  readonly verdict: Verdict
}

export function summarizeContenders(samples: ReadonlyMap<string, readonly Sample[]>): ContenderFigures[] {
  return pairedSummaries(samples, FLOOR).map(({ runs: _, ...figures }) => figures)
}

/** What each stage of create-stages.mjs is, in the order it runs. */
const STAGES: readonly [string, string][] = [
  ['startup', 'node start-up and imports (dist/)'],
  ['load', 'load schema/ (tsx) and validate'],
  ['introspectLive', 'introspect the database'],
  ['createScratch', 'create the scratch database'],
  ['build', 'build schema/ on it'],
  ['introspectScratch', 'introspect the scratch database'],
  ['dropScratch', 'drop the scratch database'],
  ['diff', 'diff + plan + render up and down'],
]

/** `samples[i]` ran in the round whose floor took `floorS[i]` seconds. */
export function summarizeStages(samples: readonly StageSample[], floorS: readonly number[]): StageSummary[] {
  return STAGES.map(([key, name]) => ({
    ...stageFigures(name, samples.map((s) => s[key]!)),
    ratioToFloor: median(samples.map((s, round) => s[key]! / floorS[round]!)),
  }))
}

export function verdictOf(sizes: readonly SizeResult[], roundTrips: readonly RoundTrip[]): Verdict {
  return {
    sizes: sizes.map(({ workload, contenders }) => {
      const pgstrata = contenders.find((c) => c.name === PGSTRATA_CREATE)!
      return { tables: workload.tables, ratio: pgstrata.ratioToFloor, peakMiB: pgstrata.peakMiB, met: pgstrata.ratioToFloor <= TARGETS.ratioToFloor }
    }),
    roundTrips, roundTripMet: roundTrips.every((r) => r.left === null),
  }
}

const count = (n: number): string => n.toLocaleString('en-US')

export function printCreateReport(result: CreateResult): void {
  const { server, versions, verdict } = result
  const out = (text = '') => process.stdout.write(`${text}\n`)
  out(`pgstrata create benchmark: \`pgstrata create\` (schema/ against a database holding a variant with a tenth changed) beside the floor ` +
    `(psql applying schema/'s DDL to an empty database, then one catalog read); ${result.rounds} round${result.rounds === 1 ? '' : 's'}, contenders in turn`)
  out(`server: PostgreSQL ${server.server_version} (${server.kind}; shared_buffers ${server.shared_buffers} × 8 kB, fsync ${server.fsync}, synchronous_commit ${server.synchronous_commit})`)
  out(`tools: node ${versions.node}, pgstrata ${versions.pgstrata} (${versions.source}), ${versions.psql}`)
  for (const size of result.sizes) {
    const w = size.workload
    const kinds = Object.entries(w.byKind).sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, n]) => `${kind} ${n}`).join(', ')
    out()
    out(`${count(w.tables)} tables in ${w.files} files (${(w.bytes / 1024).toFixed(0)} KiB, ${count(w.statements)} statements of DDL); ` +
      `the database holds them with ${count(w.edits)} edits (${kinds}); loaded in ${w.loadS.toFixed(1)} s`)
    out(`  pgstrata writes ${count(w.pgstrata.steps)} changes (${count(w.pgstrata.up)} statements up, ${count(w.pgstrata.down)} down); the floor reads ${count(w.floorRows)} catalog rows`)
    out(table(['contender', 'median wall', '(min – max)', 'peak MiB', '× floor'], size.contenders.map((f) => [
      f.name, seconds(f.medianS), `(${f.minS.toFixed(3)} – ${f.maxS.toFixed(3)})`, mib(f.peakMiB), `${f.ratioToFloor.toFixed(2)}×`,
    ])))
    out('in-process stages of pgstrata create (dist/; one process per round, one stage after another; × floor: of the same round\'s floor):')
    out(table(['stage', 'median', '(min – max)', '× floor'], size.stages.map((s) => [
      s.name, seconds(s.medianS), `(${s.minS.toFixed(3)} – ${s.maxS.toFixed(3)})`, `${s.ratioToFloor.toFixed(2)}×`,
    ])))
  }
  out()
  for (const r of verdict.roundTrips) {
    out(`round trip at ${count(r.tables)} tables: the up file applied to a copy of the database with pgstrata up, then pgstrata create again: ` +
      (r.left === null ? 'no changes left' : `changes left:\n${r.left.trimEnd().split('\n').map((l) => `  ${l}`).join('\n')}`))
  }
  const parts = verdict.sizes.map((s) => `${s.ratio.toFixed(2)}× the floor at ${count(s.tables)} tables (target ≤ ${TARGETS.ratioToFloor}×: ${s.met ? 'met' : 'MISSED'}), peak ${mib(s.peakMiB)} MiB`)
  out(`verdict: pgstrata create ${parts.join('; ')}; round trip ${verdict.roundTripMet ? 'complete' : 'INCOMPLETE (see above)'}`)
}
