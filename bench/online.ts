// `npm run bench:online`: what a migration does to the writers of a busy
// table. A table of N rows (10 M by default) and a table it will reference
// are loaded once; then, on a copy of that database per run, one schema change
// (a nullable foreign key column with an index, a CHECK, NOT NULL on an
// existing column, a UNIQUE constraint, an index on an existing column, an
// index dropped) is written by `pgstrata create --online`, and again without
// --online, and `pgstrata up` applies it while writer connections run single-
// row transactions (online-writers.mjs, timed on the client) and a sampler
// reads pg_locks every 10 ms (online-sampler.mjs), each in its own process.
// --lock-sweep instead runs the online change on a small table once per
// lock_timeout while a slow report holds a conflicting lock, for tuning the
// defaults. What it measures and how to read it: bench/README.md.
import { fork } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import type { FreshDatabase } from '../test/helpers/database.ts'
import {
  benchServer, buildPgstrata, inCopyOf, inFreshDatabase, log, packageVersion, PGSTRATA, psql, REPO, requireSuccess, serverSettings, sourceState, wholeNumbers,
} from './harness.ts'
import { timeProcess } from './measure.ts'
import {
  lockFigures, printModes, printSweep, writerFigures, type OnlineResult, type RunResult, type SamplerLog, type Workload, type WriterLog, type WrittenFile,
} from './online-report.ts'

const WRITERS = path.join(REPO, 'bench/online-writers.mjs')
const SAMPLER = path.join(REPO, 'bench/online-sampler.mjs')
const SAMPLE_MS = 10
/** The lock_timeout values the sweep tries, and how long the slow report holds its lock, out of every how long. */
const SWEEP_TIMEOUTS = '5s,1s,200ms,100ms,50ms'
const REPORT_HOLD_S = 2
const REPORT_EVERY_S = 3

/** The CLI's environment without SHADOW_DATABASE_URL: scratch databases go on the bench server, as in bench:create. */
const CLI_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'SHADOW_DATABASE_URL'))

const BEFORE = `// bench:online, before the change.
import { bigint, index, integer, sql, table, text, timestamptz } from 'pgstrata'

export const accounts = table('accounts', {
  id: bigint().identity().primaryKey(),
  name: text().notNull(),
})

export const items = table('items', {
  id: bigint().identity().primaryKey(),
  sku: text().notNull(),
  qty: integer().notNull(),
  status: text(),
  note: text(),
  createdAt: timestamptz('created_at').notNull().default(sql\`now()\`),
}, (t) => [index('items_note_idx').on(t.note)])
`

/** The change: a nullable FK column with an index, a CHECK, status NOT NULL, sku UNIQUE, an index on created_at, items_note_idx dropped. */
const AFTER = `// bench:online, after the change.
import { bigint, index, integer, sql, table, text, timestamptz } from 'pgstrata'

export const accounts = table('accounts', {
  id: bigint().identity().primaryKey(),
  name: text().notNull(),
})

export const items = table('items', {
  id: bigint().identity().primaryKey(),
  sku: text().notNull().unique(),
  qty: integer().notNull().check(sql\`qty >= 0\`, 'items_qty_nonnegative'),
  status: text().notNull(),
  note: text(),
  createdAt: timestamptz('created_at').notNull().default(sql\`now()\`),
  accountId: bigint('account_id').references(() => accounts.id),
}, (t) => [index('items_account_id_idx').on(t.accountId), index('items_created_at_idx').on(t.createdAt)])
`

/**
 * The load, in one psql script: every row valid under the change (unique
 * skus, qty ≥ 0, no NULL status). items_note_idx is dropped and built again
 * after the rows go in, from its own definition, as pg_restore does.
 */
const loadScript = (rows: number, accounts: number): string => `set synchronous_commit = off;
set maintenance_work_mem = '512MB';
insert into accounts (id, name) select g, 'account ' || g from generate_series(1, ${accounts}) g;
select setval(pg_get_serial_sequence('accounts', 'id'), ${accounts});
select pg_get_indexdef('items_note_idx'::regclass) as note_index \\gset
drop index items_note_idx;
insert into items (id, sku, qty, status, note, created_at)
  select g, 'sku-' || g, g % 1000, (array['new', 'paid', 'shipped', 'returned'])[1 + g % 4], 'note ' || (g % 5000),
         timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second'
    from generate_series(1, ${rows}) g;
select setval(pg_get_serial_sequence('items', 'id'), ${rows});
:note_index;
`

interface Options {
  readonly rows: number
  readonly accounts: number
  readonly writers: number
  readonly rate: number
  readonly settleS: number
  readonly work: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const now = () => performance.timeOrigin + performance.now()

/** A project: package.json, a tsconfig.json sending `pgstrata` to this checkout's src/ (relative: tsx did not take an absolute path), schema/ and migrations/. */
async function writeProject(dir: string, schema: string): Promise<void> {
  await mkdir(path.join(dir, 'schema'), { recursive: true })
  await mkdir(path.join(dir, 'migrations'), { recursive: true })
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
  const paths = { pgstrata: [path.relative(dir, path.join(REPO, 'src/index.ts'))] }
  await writeFile(path.join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { paths } }, null, 2)}\n`)
  await writeFile(path.join(dir, 'schema', 'bench.ts'), schema)
}

async function pgstrata(project: string, work: string, args: readonly string[]) {
  const timed = await timeProcess({ file: process.execPath, args: [PGSTRATA, ...args], cwd: project, env: CLI_ENV }, work)
  requireSuccess(`pgstrata ${args[0]}`, timed)
  return timed
}

/**
 * The database every run copies: the "before" schema through `pgstrata create`
 * and `up` in a project of its own, then the rows, VACUUM ANALYZE (so that
 * autovacuum has nothing to start during a run) and a checkpoint. Nothing of
 * this process connects to it, so it can be a template.
 */
async function withLoaded<T>(options: Options, body: (template: FreshDatabase, project: string, loadS: number) => Promise<T>): Promise<T> {
  return inFreshDatabase(`bench_online_${options.rows}`, async (db) => {
    const project = path.join(options.work, 'before')
    await writeProject(project, BEFORE)
    await pgstrata(project, options.work, ['create', 'before', '--url', db.url])
    await pgstrata(project, options.work, ['up', '--url', db.url])
    const script = path.join(options.work, 'load.sql')
    await writeFile(script, loadScript(options.rows, options.accounts))
    log(`loading ${options.rows.toLocaleString('en-US')} rows …`)
    const started = now()
    await psql(db.url, { file: script })
    await psql(db.url, { command: 'vacuum analyze' })
    await psql(db.url, { command: 'checkpoint' })
    const loadS = (now() - started) / 1000
    log(`loaded in ${loadS.toFixed(1)} s (rows, vacuum analyze, checkpoint)`)
    return body(db, project, loadS)
  })
}

/** A forked helper (writers or sampler): resolves once it says "ready"; `stop` asks for its figures. Killed if it is still running when the run ends. */
async function startChild<T>(file: string, args: readonly string[]): Promise<{ stop: () => Promise<T>; kill: () => void }> {
  const child = fork(file, args, { execArgv: [], stdio: ['ignore', 2, 2, 'ipc'] })
  let result: ((value: T) => void) | undefined
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${path.basename(file)} exited with ${code} before it reported`))))
  exited.catch(() => {})
  await Promise.race([new Promise<void>((resolve) => child.once('message', () => resolve())), exited])
  const figures = new Promise<T>((resolve) => { result = resolve })
  child.on('message', (message) => result?.(message as T))
  return {
    stop: () => {
      child.send('stop')
      return Promise.race([figures, exited])
    },
    kill: () => { if (child.exitCode === null && child.signalCode === null) child.kill() },
  }
}

/**
 * A slow report: a transaction reading items (ACCESS SHARE) that sleeps, every
 * few seconds, until stopped. `holding()` resolves once the next one has its lock,
 * so that `up` can start while it is held: every lock_timeout meets the lock on its first try.
 */
function slowReport(url: string): { holding: () => Promise<void>; stop: () => Promise<void> } {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'pgstrata-bench-report' } })
  let stopping = false
  let waiters: (() => void)[] = []
  const running = (async () => {
    while (!stopping) {
      await sql.begin(async (tx) => {
        await tx`select count(*) from items`
        for (const resolve of waiters) resolve()
        waiters = []
        await tx`select pg_sleep(${REPORT_HOLD_S})`
      })
      await sleep((REPORT_EVERY_S - REPORT_HOLD_S) * 1000)
    }
  })()
  return {
    holding: () => new Promise<void>((resolve) => { waiters.push(resolve) }),
    stop: async () => { stopping = true; await running; await sql.end({ timeout: 5 }) },
  }
}

/** The statements of an up file, briefly: comments left out, a part boundary shown as "-- commit". */
function statementsOf(text: string): string[] {
  const list: string[] = []
  let current = ''
  for (const line of text.split('\n')) {
    if (/^-- pgstrata:commit/.test(line)) list.push('-- pgstrata:commit')
    if (line.startsWith('--') || line.trim() === '') continue
    current += `${current ? ' ' : ''}${line.trim()}`
    if (line.trimEnd().endsWith(';')) { list.push(current); current = '' }
  }
  return list
}

/** What the change must have left, read from the catalog; empty when it is all there. */
async function problemsIn(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql`select
      (select array_agg(conname::text order by conname) from pg_constraint
        where conrelid = 'items'::regclass and convalidated and conname in ('items_sku_key', 'items_qty_nonnegative', 'items_account_id_fkey')) as constraints,
      (select attnotnull from pg_attribute where attrelid = 'items'::regclass and attname = 'status') as status_not_null,
      (select array_agg(c.relname::text order by c.relname) from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = 'items'::regclass and i.indisvalid and c.relname in ('items_account_id_idx', 'items_created_at_idx')) as indexes,
      to_regclass('items_note_idx') is null as note_index_dropped,
      (select count(*)::int from pg_constraint where conname like '%pgstrata') as leftover_checks`
    const problems: string[] = []
    const constraints = (row!.constraints as string[] | null) ?? []
    const indexes = (row!.indexes as string[] | null) ?? []
    if (constraints.length !== 3) problems.push(`validated constraints ${JSON.stringify(constraints)}, not the 3 of the change`)
    if (!row!.status_not_null) problems.push('status is not NOT NULL')
    if (indexes.length !== 2) problems.push(`valid new indexes ${JSON.stringify(indexes)}, not 2`)
    if (!row!.note_index_dropped) problems.push('items_note_idx is still there')
    if (row!.leftover_checks !== 0) problems.push(`${row!.leftover_checks} temporary NOT NULL check(s) left`)
    return problems
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/**
 * One run on a copy of the loaded database: the change written by `pgstrata
 * create` with `createFlags`, then, after the writers and the sampler have run
 * for the settling time, `pgstrata up` with `upFlags`, timed, and the settling
 * time again. With `report`, a slow report holds a conflicting lock throughout.
 */
async function run(options: Options, template: FreshDatabase, before: string, name: string,
                   createFlags: readonly string[], upFlags: readonly string[], report = false): Promise<RunResult> {
  return inCopyOf('bench_online_run', template, async (copy) => {
    const project = path.join(options.work, name.replace(/[^a-z0-9]+/gi, '_'))
    await rm(project, { recursive: true, force: true })
    await cp(before, project, { recursive: true })
    await writeFile(path.join(project, 'schema', 'bench.ts'), AFTER)
    const existing = new Set(await readdir(path.join(project, 'migrations')))
    await pgstrata(project, options.work, ['create', 'change', ...createFlags, '--url', copy.url])
    const written = (await readdir(path.join(project, 'migrations'))).filter((f) => !existing.has(f) && f.endsWith('.up.sql')).sort()
    const files: WrittenFile[] = await Promise.all(written.map(async (f) =>
      ({ name: f, statements: statementsOf(await readFile(path.join(project, 'migrations', f), 'utf8')) })))

    const children: { kill: () => void }[] = []
    let reporter: ReturnType<typeof slowReport> | null = null
    try {
      const sampler = await startChild<SamplerLog>(SAMPLER, [copy.url, String(SAMPLE_MS)])
      children.push(sampler)
      const writers = await startChild<WriterLog>(WRITERS, [copy.url, String(options.writers), String(options.rate), String(options.rows), name.replace(/\W+/g, '')])
      children.push(writers)
      if (report) reporter = slowReport(copy.url)
      await sleep(options.settleS * 1000)
      // A quarter of the way into a hold of the report's lock.
      if (reporter) await reporter.holding().then(() => sleep(REPORT_HOLD_S * 250))
      log(`${name}: pgstrata up ${upFlags.join(' ')}`)
      const upStart = now()
      const up = await timeProcess({ file: process.execPath, args: [PGSTRATA, 'up', ...upFlags, '--url', copy.url], cwd: project, env: CLI_ENV }, options.work)
      const upEnd = now()
      await sleep(options.settleS * 1000)
      await reporter?.stop()
      reporter = null
      const [writerLog, samplerLog] = await Promise.all([writers.stop(), sampler.stop()])
      const retries = (up.output.match(/could not get its locks within lock_timeout/g) ?? []).length
      const error = up.code === 0 ? null : (up.output.trim().split('\n').find((l) => l.startsWith('pgstrata: error')) ?? up.output.trim().split('\n').at(-1) ?? '')
      const result: RunResult = {
        name, createFlags, upFlags, files,
        up: { wallS: up.wallS, code: up.code, retries, error },
        during: writerFigures(writerLog, (started, end) => started < upEnd && end > upStart),
        whole: writerFigures(writerLog, () => true),
        errors: writerLog.errors,
        locks: lockFigures(samplerLog),
        problems: up.code === 0 ? await problemsIn(copy.url) : ['pgstrata up failed'],
      }
      log(`${name}: up ${up.code === 0 ? 'ok' : `exit ${up.code}`} in ${up.wallS.toFixed(2)} s, ${retries} retries; writers max ${result.during.maxMs.toFixed(1)} ms, ` +
        `${result.during.failed} failed; longest lock wait ${(result.locks.longest?.waitedMs ?? 0).toFixed(1)} ms`)
      return result
    } finally {
      await reporter?.stop().catch(() => {})
      for (const child of children) child.kill()
    }
  })
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      accounts: { type: 'string', default: '1000' },
      writers: { type: 'string', default: '8' },
      rate: { type: 'string', default: '100' },
      settle: { type: 'string', default: '3' },
      url: { type: 'string' },
      'lock-sweep': { type: 'boolean', default: false },
      'lock-timeouts': { type: 'string', default: SWEEP_TIMEOUTS },
      'lock-retries': { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  })
  const sweep = values['lock-sweep']
  const [rows] = wholeNumbers('--rows', values.rows ?? (sweep ? '200000' : '10000000'), 1000) as [number]
  const [accounts] = wholeNumbers('--accounts', values.accounts) as [number]
  const [writers] = wholeNumbers('--writers', values.writers) as [number]
  const [rate] = wholeNumbers('--rate', values.rate) as [number]
  const [settleS] = wholeNumbers('--settle', values.settle, 0) as [number]
  const [lockRetries] = wholeNumbers('--lock-retries', values['lock-retries'], 0) as [number]
  const timeouts = values['lock-timeouts'].split(',').map((t) => t.trim()).filter((t) => t !== '')
  if (values.url) process.env.BENCH_DATABASE_URL = values.url

  buildPgstrata()
  const versions = { node: process.version, pgstrata: packageVersion('package.json'), source: sourceState() }
  const work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-bench-online-'))
  try {
    const server = await benchServer(work)
    const settings = await serverSettings(server.url)
    const admin = postgres(server.url, { max: 1, onnotice: () => {} })
    const [pretty] = await admin`select current_setting('shared_buffers') as shared_buffers`.finally(() => admin.end({ timeout: 5 }))
    const options: Options = { rows, accounts, writers, rate, settleS, work }
    const result = await withLoaded(options, async (template, before, loadS): Promise<OnlineResult> => {
      const runs: RunResult[] = []
      if (sweep) {
        for (const timeout of timeouts) {
          runs.push(await run(options, template, before, timeout, ['--online'], ['--lock-timeout', timeout, '--lock-retries', String(lockRetries)], true))
        }
      } else {
        runs.push(await run(options, template, before, 'online', ['--online'], []))
        runs.push(await run(options, template, before, 'plain', ['--no-online'], []))
      }
      const workload: Workload = { rows, accounts, loadS, writers, ratePerWriter: rate, settleS }
      return {
        kind: sweep ? 'lock-sweep' : 'modes', workload, cpus: os.availableParallelism(), versions, runs,
        server: { kind: server.kind, ...settings, shared_buffers_pretty: String(pretty!.shared_buffers) },
      }
    })
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else if (sweep) printSweep(result)
    else printModes(result)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

await main()
