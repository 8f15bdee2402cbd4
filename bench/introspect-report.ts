// The figures `bench:introspect` reports: per size, each contender's wall
// time, peak memory and ratio to the floor; the growth between sizes; and a
// verdict against the issue's targets.
import { mib, pairedSummaries, seconds, table, type ContenderSummary } from './report.ts'

export const PGSTRATA_INSPECT = 'pgstrata inspect'
export const NODE_FLOOR = 'node floor'
export const PSQL = 'psql (same queries)'
export const TARGETS = { ratioToFloor: 1.3, peakMiB: 150, peakAtTables: 2000, growthRise: 1.5 } as const

export interface Sample {
  readonly round: number
  readonly wallS: number
  readonly peakMiB: number | null
  readonly outputBytes: number
}

export type ContenderFigures = ContenderSummary & {
  /** The most the contender printed over the rounds. */
  readonly outputMiB: number
}

/** What the floor read, so a reader can tell how big "N tables" is. */
export interface CatalogCounts {
  readonly columns: number
  readonly constraints: number
  readonly indexes: number
  readonly views: number
  readonly dependencies: number
}

export interface SizeResult {
  readonly tables: number
  readonly catalog: CatalogCounts
  readonly loadS: number
  readonly contenders: readonly ContenderFigures[]
}

export interface Growth {
  readonly name: string
  /** Milliseconds of median wall time per table added, from each size to the next. */
  readonly msPerTable: readonly { readonly from: number; readonly to: number; readonly ms: number }[]
  /** The last interval's cost per table over the first's: about 1 when the work is linear; null without two intervals that grow. */
  readonly rise: number | null
}

export interface Verdict {
  readonly ratios: readonly { readonly tables: number; readonly ratio: number }[]
  readonly ratioMet: boolean
  readonly peakMiB: number | null
  readonly peakMet: boolean | null
  readonly rise: number | null
  readonly growthMet: boolean | null
}

export interface IntrospectResult {
  readonly rounds: number
  readonly versions: Record<string, string>
  readonly server: Record<string, string>
  readonly sizes: readonly SizeResult[]
  readonly growth: readonly Growth[]
  readonly verdict: Verdict
}

export function summarizeSize(samples: ReadonlyMap<string, readonly Sample[]>): ContenderFigures[] {
  return pairedSummaries(samples, NODE_FLOOR).map(({ runs, ...figures }) => ({ ...figures, outputMiB: Math.max(...runs.map((s) => s.outputBytes)) / 2 ** 20 }))
}

export function growthOf(sizes: readonly SizeResult[]): Growth[] {
  const names = sizes[0]?.contenders.map((c) => c.name) ?? []
  return names.map((name) => {
    const msPerTable = sizes.slice(1).map((size, i) => {
      const before = sizes[i]!
      const wall = (s: SizeResult) => s.contenders.find((c) => c.name === name)!.medianS
      return { from: before.tables, to: size.tables, ms: ((wall(size) - wall(before)) / (size.tables - before.tables)) * 1000 }
    })
    // Sizes too close together let noise outweigh the growth, down to a negative first interval.
    const rise = msPerTable.length >= 2 && msPerTable[0]!.ms > 0 ? msPerTable.at(-1)!.ms / msPerTable[0]!.ms : null
    return { name, msPerTable, rise }
  })
}

export function verdictOf(sizes: readonly SizeResult[], growth: readonly Growth[]): Verdict {
  const pgstrata = (size: SizeResult) => size.contenders.find((c) => c.name === PGSTRATA_INSPECT)!
  const ratios = sizes.map((size) => ({ tables: size.tables, ratio: pgstrata(size).ratioToFloor }))
  const atTarget = sizes.find((size) => size.tables === TARGETS.peakAtTables)
  const peakMiB = atTarget === undefined ? null : pgstrata(atTarget).peakMiB
  const rise = growth.find((g) => g.name === PGSTRATA_INSPECT)?.rise ?? null
  return {
    ratios, ratioMet: ratios.every((r) => r.ratio <= TARGETS.ratioToFloor),
    peakMiB, peakMet: peakMiB === null ? null : peakMiB < TARGETS.peakMiB,
    rise, growthMet: rise === null ? null : rise <= TARGETS.growthRise,
  }
}

const count = (n: number): string => n.toLocaleString('en-US')
const mark = (met: boolean | null): string => (met === null ? 'not measured' : met ? 'met' : 'MISSED')

export function printIntrospectReport(result: IntrospectResult): void {
  const { server, versions, verdict } = result
  const out = (text = '') => process.stdout.write(`${text}\n`)
  out(`pgstrata introspection benchmark: \`pgstrata inspect --json\` beside a Node floor and psql running the floor's queries; ` +
    `${result.rounds} rounds per size, contenders in turn`)
  out(`server: PostgreSQL ${server.server_version} (${server.kind}; shared_buffers ${server.shared_buffers} × 8 kB, fsync ${server.fsync})`)
  out(`tools: node ${versions.node}, pgstrata ${versions.pgstrata} (${versions.source}), ${versions.psql}`)
  for (const size of result.sizes) {
    const c = size.catalog
    out()
    out(`${count(size.tables)} tables: ${count(c.columns)} columns, ${count(c.constraints)} constraints, ${count(c.indexes)} other indexes, ` +
      `${count(c.views)} views, ${count(c.dependencies)} pg_depend rows (loaded in ${size.loadS.toFixed(1)} s)`)
    out(table(['contender', 'median wall', '(min – max)', 'peak MiB', 'output MiB', '× floor'], size.contenders.map((f) => [
      f.name, seconds(f.medianS), `(${f.minS.toFixed(3)} – ${f.maxS.toFixed(3)})`, mib(f.peakMiB), f.outputMiB.toFixed(1), `${f.ratioToFloor.toFixed(2)}×`,
    ])))
  }
  if (result.growth[0] && result.growth[0].msPerTable.length > 0) {
    out()
    const intervals = result.growth[0].msPerTable.map((g) => `${count(g.from)} → ${count(g.to)}`)
    out('growth: milliseconds of wall time per added table')
    out(table(['contender', ...intervals, 'rise'], result.growth.map((g) =>
      [g.name, ...g.msPerTable.map((m) => m.ms.toFixed(2)), g.rise === null ? 'n/a' : `${g.rise.toFixed(2)}×`])))
  }
  out()
  const ratios = verdict.ratios.map((r) => `${r.ratio.toFixed(2)}× at ${count(r.tables)}`).join(', ')
  out(`verdict: pgstrata ${ratios} the floor (target ≤ ${TARGETS.ratioToFloor}× at every size: ${mark(verdict.ratioMet)}); ` +
    `peak memory at ${count(TARGETS.peakAtTables)} tables ${verdict.peakMiB === null ? 'not measured' : `${mib(verdict.peakMiB)} MiB`} ` +
    `(target < ${TARGETS.peakMiB} MiB: ${mark(verdict.peakMet)}); ` +
    `cost per added table ${verdict.rise === null ? 'cannot be compared (it needs three sizes, far enough apart to grow)' : `rises ${verdict.rise.toFixed(2)}× from the first interval to the last`} ` +
    `(target ≤ ${TARGETS.growthRise}×, i.e. linear: ${mark(verdict.growthMet)})`)
}
