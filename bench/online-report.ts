// The figures `bench:online` reports: per run of `pgstrata up` (online, plain,
// or one lock_timeout of the sweep), what the writers saw on the client, the
// longest lock wait the sampler saw, the retries and the migration's wall
// time; then both modes side by side with ratios, or the sweep as one table.
import { quantile } from './measure.ts'
import { table } from './report.ts'

/** One writer transaction: when it started (ms since the epoch), how long it took (ms), which statement. */
export interface WriterLog {
  readonly started: readonly number[]
  readonly latency: readonly number[]
  readonly ops: readonly number[]
  readonly errors: Readonly<Record<string, number>>
}

/** A writer backend's wait for a lock, as the sampler saw it. */
export interface Episode {
  readonly pid: number
  readonly waitedMs: number
  readonly locktype: string
  readonly mode: string
  readonly relation: string | null
  readonly firstSeen: number
  readonly blockers: readonly { readonly pid: number; readonly app: string; readonly queries: readonly string[] }[]
}

export interface SamplerLog {
  readonly samples: number
  readonly intervalMs: { readonly mean: number; readonly max: number }
  readonly episodes: readonly Episode[]
}

/** What the writers saw in a stretch of time. */
export interface WriterFigures {
  readonly transactions: number
  readonly perSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly over100Ms: number
  readonly failed: number
}

export interface LockFigures {
  readonly samples: number
  readonly meanIntervalMs: number
  readonly maxIntervalMs: number
  /** Writer waits seen, and how many lasted over 100 ms. */
  readonly waits: number
  readonly over100Ms: number
  readonly longest: Episode | null
  /** The longest wait in which a session other than a writer (the migration, the slow report) blocked; writers also wait for each other (a row, extending the table). */
  readonly longestBehindOthers: Episode | null
}

/** One statement of a generated up file, or a commit between its parts. */
export interface WrittenFile {
  readonly name: string
  readonly statements: readonly string[]
}

export interface RunResult {
  readonly name: string
  readonly createFlags: readonly string[]
  readonly upFlags: readonly string[]
  readonly files: readonly WrittenFile[]
  readonly up: { readonly wallS: number; readonly code: number | null; readonly retries: number; readonly error: string | null }
  /** Transactions that overlapped `pgstrata up`. */
  readonly during: WriterFigures
  /** Every transaction of the run: the settling time before and after `up` too. */
  readonly whole: WriterFigures
  readonly errors: Readonly<Record<string, number>>
  readonly locks: LockFigures
  /** What the database lacks afterwards; empty when the change is all there. */
  readonly problems: readonly string[]
}

export interface Workload {
  readonly rows: number
  readonly accounts: number
  readonly loadS: number
  readonly writers: number
  readonly ratePerWriter: number
  readonly settleS: number
}

export interface OnlineResult {
  readonly kind: 'modes' | 'lock-sweep'
  readonly workload: Workload
  readonly server: Readonly<Record<string, string>>
  readonly cpus: number
  readonly versions: Readonly<Record<string, string>>
  readonly runs: readonly RunResult[]
}

export const TARGET_MS = 100

/** The writers' figures over the transactions for which `keep` holds. */
export function writerFigures(log: WriterLog, keep: (started: number, end: number) => boolean): WriterFigures {
  const latencies: number[] = []
  let first = Infinity
  let last = -Infinity
  for (let i = 0; i < log.started.length; i++) {
    const started = log.started[i]!
    const end = started + log.latency[i]!
    if (!keep(started, end)) continue
    latencies.push(log.latency[i]!)
    first = Math.min(first, started)
    last = Math.max(last, end)
  }
  const failed = Object.values(log.errors).reduce((sum, n) => sum + n, 0)
  if (latencies.length === 0) return { transactions: 0, perSecond: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, over100Ms: 0, failed }
  return {
    transactions: latencies.length,
    perSecond: latencies.length / Math.max(0.001, (last - first) / 1000),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: Math.max(...latencies),
    over100Ms: latencies.filter((l) => l > TARGET_MS).length,
    failed,
  }
}

export const WRITER_APP = 'pgstrata-bench-writer'

const longestOf = (episodes: readonly Episode[]): Episode | null =>
  episodes.reduce<Episode | null>((best, e) => (best === null || e.waitedMs > best.waitedMs ? e : best), null)

export function lockFigures(log: SamplerLog): LockFigures {
  return {
    samples: log.samples, meanIntervalMs: log.intervalMs.mean, maxIntervalMs: log.intervalMs.max,
    waits: log.episodes.length, over100Ms: log.episodes.filter((e) => e.waitedMs > TARGET_MS).length, longest: longestOf(log.episodes),
    longestBehindOthers: longestOf(log.episodes.filter((e) => e.blockers.some((b) => b.app !== WRITER_APP))),
  }
}

const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`)
const count = (n: number): string => n.toLocaleString('en-US')
const ratio = (plain: number, online: number): string => (online > 0 ? `${(plain / online).toFixed(1)}×` : plain > 0 ? '∞' : '–')
const oneLine = (text: string, width = 110): string => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat
}

/** "RowExclusiveLock on items, behind pid 123 (pgstrata): ALTER TABLE …". */
export function describeWait(e: Episode | null): string {
  if (e === null) return 'none seen'
  const what = `${e.mode} (${e.locktype}${e.relation ? ` ${e.relation}` : ''})`
  const by = e.blockers.map((b) => `pid ${b.pid} (${b.app || 'no application_name'}), seen running: ${b.queries.map((q) => oneLine(q, 70)).join(' | ')}`)
  return `${ms(e.waitedMs)} waiting for ${what}${by.length > 0 ? `, blocked by ${by.join('; ')}` : ''}`
}

function header(result: OnlineResult): string[] {
  const { workload: w, server: s } = result
  return [
    `table items: ${count(w.rows)} rows (+ accounts: ${count(w.accounts)} rows), loaded in ${w.loadS.toFixed(1)} s (copied per run with CREATE DATABASE … TEMPLATE)`,
    `writers: ${w.writers} connections, ${w.ratePerWriter} transactions a second each (50 % SELECT by id, 30 % UPDATE by id, 20 % INSERT), ${w.settleS} s before and after pgstrata up`,
    `server: PostgreSQL ${s.server_version} (${s.kind}; fsync ${s.fsync}, synchronous_commit ${s.synchronous_commit}, shared_buffers ${s.shared_buffers_pretty ?? s.shared_buffers}); ${result.cpus} CPUs`,
    `pgstrata ${result.versions.pgstrata} (${result.versions.source}), node ${result.versions.node}`,
  ]
}

function files(run: RunResult): string[] {
  const lines = [`${run.name}: pgstrata create ${run.createFlags.join(' ')} wrote`]
  for (const file of run.files) {
    lines.push(`  ${file.name}`)
    for (const statement of file.statements) lines.push(`    ${oneLine(statement)}`)
  }
  return lines
}

/** Online and plain side by side, with plain / online for the figures where it means something. */
export function printModes(result: OnlineResult): void {
  const out = (text = '') => process.stdout.write(`${text}\n`)
  const [online, plain] = result.runs as [RunResult, RunResult]
  out(`pgstrata online-migration benchmark: the same schema change, pgstrata create --online, then without`)
  for (const line of header(result)) out(line)
  out()
  for (const run of result.runs) {
    for (const line of files(run)) out(line)
    out()
  }
  const row = (label: string, value: (r: RunResult) => number, show: (n: number) => string, withRatio = true) =>
    [label, show(value(online)), show(value(plain)), withRatio ? ratio(value(plain), value(online)) : '']
  out(table(['while pgstrata up runs', 'online', 'plain', 'plain / online'], [
    row('migration wall time', (r) => r.up.wallS * 1000, ms),
    ['pgstrata up exit code', String(online.up.code), String(plain.up.code), ''],
    row('lock_timeout retries', (r) => r.up.retries, count, false),
    row('writer transactions', (r) => r.during.transactions, count, false),
    row('  a second', (r) => r.during.perSecond, (n) => n.toFixed(0), false),
    row('writer wait p50', (r) => r.during.p50Ms, ms),
    row('writer wait p99', (r) => r.during.p99Ms, ms),
    row('writer wait max', (r) => r.during.maxMs, ms),
    row(`writer transactions > ${TARGET_MS} ms`, (r) => r.during.over100Ms, count),
    row('failed writer transactions', (r) => r.during.failed, count, false),
    row('longest lock wait (pg_locks)', (r) => r.locks.longest?.waitedMs ?? 0, ms),
    row('  behind a non-writer', (r) => r.locks.longestBehindOthers?.waitedMs ?? 0, ms),
    row(`writer lock waits > ${TARGET_MS} ms`, (r) => r.locks.over100Ms, count),
    row('lock samples', (r) => r.locks.samples, count, false),
  ]))
  out()
  for (const run of result.runs) {
    out(`${run.name}: longest lock wait: ${describeWait(run.locks.longest)}`)
    if (run.locks.longestBehindOthers !== run.locks.longest) out(`${run.name}: longest behind a non-writer: ${describeWait(run.locks.longestBehindOthers)}`)
    out(`${run.name}: lock sampler: ${count(run.locks.samples)} samples, every ${run.locks.meanIntervalMs.toFixed(1)} ms on average (longest gap ${ms(run.locks.maxIntervalMs)})`)
    out(`${run.name}: whole run (settling included): ${count(run.whole.transactions)} writer transactions, p99 ${ms(run.whole.p99Ms)}, max ${ms(run.whole.maxMs)}`)
    for (const [message, n] of Object.entries(run.errors)) out(`${run.name}: writer error ×${n}: ${message}`)
    if (run.up.error) out(`${run.name}: pgstrata up failed: ${run.up.error}`)
    if (run.problems.length > 0) out(`${run.name}: the database afterwards: ${run.problems.join('; ')}`)
  }
  out()
  const blocked = Math.max(online.during.maxMs, online.locks.longest?.waitedMs ?? 0)
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED')
  const onlineOk = blocked <= TARGET_MS && online.during.failed === 0 && online.up.code === 0 && online.problems.length === 0
  const plainBlocks = (plain.locks.longest?.waitedMs ?? 0) >= 1000
  out(`verdict: online: longest writer wait ${ms(online.during.maxMs)} on the client, ${ms(online.locks.longest?.waitedMs ?? 0)} in pg_locks, ` +
    `${online.during.failed} failed (target ≤ ${TARGET_MS} ms and 0 failed: ${met(onlineOk)}); ` +
    `plain: writers blocked up to ${ms(plain.locks.longest?.waitedMs ?? 0)} (shown blocking for seconds: ${plainBlocks ? 'yes' : 'NO'})`)
}

/** One row per lock_timeout. */
export function printSweep(result: OnlineResult): void {
  const out = (text = '') => process.stdout.write(`${text}\n`)
  out(`pgstrata lock_timeout sweep: pgstrata up of the online migration while a slow report holds ACCESS SHARE on items (2 s of every 3 s; up starts 0.5 s into a hold)`)
  for (const line of header(result)) out(line)
  out()
  if (result.runs[0]) for (const line of files(result.runs[0])) out(line)
  out()
  out(table(['lock_timeout', 'retries', 'up', 'wall time', 'max writer wait', 'p99', `tx > ${TARGET_MS} ms`, `lock waits > ${TARGET_MS} ms`, 'longest lock wait', 'failed tx'],
    result.runs.map((r) => [
      r.name, `${r.up.retries} of ${r.upFlags[r.upFlags.indexOf('--lock-retries') + 1]}`,
      r.up.code === 0 && r.problems.length === 0 ? 'ok' : `FAILED (${r.up.code})`, ms(r.up.wallS * 1000),
      ms(r.during.maxMs), ms(r.during.p99Ms), count(r.during.over100Ms), count(r.locks.over100Ms), ms(r.locks.longest?.waitedMs ?? 0), count(r.during.failed),
    ])))
  out()
  for (const run of result.runs) {
    out(`${run.name}: longest lock wait: ${describeWait(run.locks.longest)}`)
    if (run.up.error) out(`${run.name}: pgstrata up failed: ${run.up.error}`)
    for (const [message, n] of Object.entries(run.errors)) out(`${run.name}: writer error ×${n}: ${message}`)
  }
}
