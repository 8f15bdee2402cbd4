// bench:fleet's figures and how they are printed.
import { mib, pairedSummaries, seconds, table, type ContenderSummary, type Samples } from './report.ts'

/** The floor every mode is divided by: `pgstrata up --url` once per database, from a bash loop. */
export const SHELL_LOOP = 'shell loop of up --url'

export interface ModeFigures extends ContenderSummary {
  /** Databases migrated a second, at the median wall time. */
  readonly databasesPerS: number
}

export interface StatusFigures {
  readonly medianS: number
  readonly minS: number
  readonly maxS: number
  readonly wallS: readonly number[]
}

export interface FleetResult {
  readonly databases: number
  readonly migrations: number
  readonly runs: number
  readonly cpus: number
  /** os.loadavg() (1, 5 and 15 minutes) before the first run and after the last. */
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] }
  readonly versions: Readonly<Record<string, string>>
  readonly server: Readonly<Record<string, string>>
  readonly modes: readonly ModeFigures[]
  readonly status: StatusFigures | { readonly skipped: string }
  /** What was not measured, and why. */
  readonly notes: readonly string[]
}

/** Each mode's median, range and peak, and the median of its per-run ratio to the shell loop in the same run. */
export function summarizeModes(samples: Samples, databases: number): ModeFigures[] {
  return pairedSummaries(samples, SHELL_LOOP).map(({ runs: _, ...figures }) => ({ ...figures, databasesPerS: databases / figures.medianS }))
}

const load = (values: readonly number[]): string => values.map((v) => v.toFixed(2)).join(' ')

export function printFleet(result: FleetResult): void {
  const { server: s, versions: v } = result
  const out = (text = '') => process.stdout.write(`${text}\n`)
  out(`pgstrata fleet benchmark: ${result.databases} databases, ${result.migrations} migrations each (a table and an index or a row per migration); ` +
    `${result.runs} run${result.runs === 1 ? '' : 's'}, fresh copies of an empty database for every mode`)
  out(`server: PostgreSQL ${s.server_version} (${s.kind}; fsync ${s.fsync}, synchronous_commit ${s.synchronous_commit}); ` +
    `${result.cpus} CPUs, load average ${load(result.loadAverage.start)} at the start, ${load(result.loadAverage.end)} at the end`)
  out(`pgstrata ${v.pgstrata} (${v.source}), node ${v.node}`)
  out()
  out(table(['mode', 'median wall', '(min – max)', 'databases/s', 'peak MiB', '× shell loop', 'speed-up'], result.modes.map((m) => [
    m.name, seconds(m.medianS), `(${m.minS.toFixed(3)} – ${m.maxS.toFixed(3)})`, m.databasesPerS.toFixed(1), mib(m.peakMiB),
    `${m.ratioToFloor.toFixed(2)}×`, `${(1 / m.ratioToFloor).toFixed(1)}×`,
  ])))
  out()
  const status = result.status
  if ('skipped' in status) out(`status --targets: not timed (${status.skipped})`)
  else {
    out(`status --targets on the migrated fleet (default concurrency, ${status.wallS.length} runs): ${seconds(status.medianS)} median ` +
      `(${status.minS.toFixed(3)} – ${status.maxS.toFixed(3)}), ${(result.databases / status.medianS).toFixed(1)} databases/s`)
  }
  for (const note of result.notes) out(`note: ${note}`)
}
