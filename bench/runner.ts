// `npm run bench:runner`: pgstrata applying N generated migrations, timed as a
// whole process beside psql (the floor) and node-pg-migrate on the same server
// in the same run, then the fixed cost of a run with nothing pending.
// What it measures and how to read it: bench/README.md.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { qualified } from '../src/sql/quote.ts'
import type { FreshDatabase } from '../test/helpers/database.ts'
import {
  benchServer, buildPgstrata, checkpoint, ensurePeerTools, inFreshDatabase, log, packageVersion, PGSTRATA, psqlVersion, REPO, requireSuccess, serverSettings, wholeNumbers,
} from './harness.ts'
import { timeProcess, rotate, type Command } from './measure.ts'
import { benchMigrations, PSQL_LEDGER, PSQL_ROW_ONLY_LEDGER, writeWorkload, type Workload } from './migrations.ts'
import {
  FLOOR, HELP, NODE_FLOOR, PGSTRATA as PGSTRATA_NAME, printReport, summarize, UP_NOTHING_PENDING, type BenchResult, type Samples, type SizeSamples,
} from './report.ts'

const NODE_PG_MIGRATE = path.join(REPO, 'bench/node_modules/node-pg-migrate/bin/node-pg-migrate.js')
const NODE_PG_MIGRATE_NAME = 'node-pg-migrate'
/** psql with one ledger row per migration and no log event: the floor before it wrote what pgstrata writes. */
const ROW_ONLY = 'psql (row only)'

interface Probe {
  readonly name: string
  command(url: string, workload: Workload, cwd: string): Command
}

interface Contender extends Probe {
  /** The table in which the tool records applied migrations, counted to verify a run. */
  readonly ledger: string
}

const pgstrata = (verb: string, url: string, workload: Workload, cwd: string): Command =>
  ({ file: process.execPath, args: [PGSTRATA, verb, '--url', url, '--migrations', workload.pgstrataDir], cwd })

const PGSTRATA_UP: Contender = { name: PGSTRATA_NAME, ledger: 'pgstrata_migrations', command: (url, workload, cwd) => pgstrata('up', url, workload, cwd) }

const CONTENDERS: readonly Contender[] = [
  {
    name: FLOOR,
    ledger: PSQL_LEDGER,
    command: (url, workload) => ({ file: 'psql', args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', workload.psqlScript, '-d', url] }),
  },
  PGSTRATA_UP,
  {
    name: ROW_ONLY,
    ledger: PSQL_ROW_ONLY_LEDGER,
    command: (url, workload) => ({ file: 'psql', args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', workload.psqlRowOnlyScript, '-d', url] }),
  },
  {
    name: NODE_PG_MIGRATE_NAME,
    ledger: 'pgmigrations',
    // Since 9.0 node-pg-migrate wraps the whole run in one transaction by default;
    // --no-single-transaction gives one transaction per migration, as pgstrata and the floor do.
    command: (url, workload, cwd) => ({
      file: process.execPath, args: [NODE_PG_MIGRATE, 'up', '-m', workload.nodePgMigrateDir, '--no-single-transaction'],
      env: { ...process.env, DATABASE_URL: url }, cwd,
    }),
  },
]

const STARTUP_PROBES: readonly Probe[] = [
  { name: UP_NOTHING_PENDING, command: (url, workload, cwd) => pgstrata('up', url, workload, cwd) },
  { name: 'pgstrata status', command: (url, workload, cwd) => pgstrata('status', url, workload, cwd) },
  { name: HELP, command: (_url, _workload, cwd) => ({ file: process.execPath, args: [PGSTRATA, '--help'], cwd }) },
  { name: "psql -c 'select 1'", command: (url) => ({ file: 'psql', args: ['-X', '-q', '-c', 'select 1', '-d', url] }) },
  { name: NODE_FLOOR, command: () => ({ file: process.execPath, args: ['-e', '0'] }) },
]

/** Above this many migrations, node-pg-migrate and psql (row only) are left out unless --peer-max says otherwise: minutes a round. */
const PEER_MAX = 1000
/** Above this many migrations, a size gets --large-rounds rounds instead of --rounds. */
const LARGE = 1000

/** A broken run must not look fast: every table, index and ledger row is counted. */
async function verify(db: FreshDatabase, contender: Contender, count: number): Promise<void> {
  const [row] = await db.sql.unsafe(`select
    (select count(*) from pg_tables where schemaname = 'public' and tablename ~ '^bench_[0-9]+$')::int as tables,
    (select count(*) from pg_indexes where schemaname = 'public' and indexname ~ '^bench_[0-9]+_name_idx$')::int as indexes,
    (select count(*) from ${qualified('public', contender.ledger)})::int as ledger`)
  const expected = { tables: count, indexes: Math.floor(count / 2), ledger: count }
  if (row!.tables !== expected.tables || row!.indexes !== expected.indexes || row!.ledger !== expected.ledger) {
    throw new Error(`${contender.name} left ${JSON.stringify(row)} instead of ${JSON.stringify(expected)}`)
  }
}

interface Size {
  readonly workload: Workload
  readonly rounds: number
  readonly contenders: readonly Contender[]
}

/**
 * A round runs every size that still has rounds to go, smallest first, and in
 * each every contender on a fresh database, the contenders taking turns at
 * going first. Rounds pair each contender with the floor of the same size.
 */
async function measureRuns(sizes: readonly Size[], cwd: string, log: (line: string) => void): Promise<SizeSamples[]> {
  const all = sizes.map((size) => ({ size, samples: new Map(size.contenders.map((c) => [c.name, []])) as Samples }))
  const rounds = Math.max(...sizes.map((s) => s.rounds))
  for (let round = 0; round < rounds; round++) {
    for (const { size, samples } of all) {
      if (round >= size.rounds) continue
      const count = size.workload.migrations.length
      for (const contender of rotate(size.contenders, round)) {
        const timed = await inFreshDatabase('bench_run', async (db) => {
          await checkpoint(db)
          const result = await timeProcess(contender.command(db.url, size.workload, cwd), cwd)
          requireSuccess(contender.name, result)
          await verify(db, contender, count)
          return result
        })
        samples.get(contender.name)!.push({ round, ...timed })
        log(`round ${round + 1}/${size.rounds}  ${String(count).padStart(5)}  ${contender.name.padEnd(16)} ${timed.wallS.toFixed(3)} s  ${timed.peakMiB?.toFixed(0) ?? '?'} MiB  load ${os.loadavg()[0]!.toFixed(2)}`)
      }
    }
  }
  return all.map(({ size, samples }) => ({ count: size.workload.migrations.length, rounds: size.rounds, samples }))
}

/** The cost of a deploy with nothing to do: an already migrated database, `runs` times each. */
async function measureStartup(workload: Workload, cwd: string, runs: number, log: (line: string) => void): Promise<Samples> {
  const samples: Samples = new Map(STARTUP_PROBES.map((p) => [p.name, []]))
  await inFreshDatabase('bench_startup', async (db) => {
    requireSuccess(PGSTRATA_UP.name, await timeProcess(PGSTRATA_UP.command(db.url, workload, cwd), cwd))
    await verify(db, PGSTRATA_UP, workload.migrations.length)
    for (let run = 0; run < runs; run++) {
      for (const probe of rotate(STARTUP_PROBES, run)) {
        const timed = await timeProcess(probe.command(db.url, workload, cwd), cwd)
        requireSuccess(probe.name, timed)
        samples.get(probe.name)!.push({ round: run, ...timed })
      }
    }
    // Nothing may have been applied or reverted by the probes.
    await verify(db, PGSTRATA_UP, workload.migrations.length)
    log(`start-up: ${runs} runs of ${STARTUP_PROBES.length} probes done`)
  })
  return samples
}

function prepareTools(): void {
  ensurePeerTools('node-pg-migrate')
  buildPgstrata()
}

function toolVersions(): Record<string, string> {
  return {
    node: process.version, pgstrata: packageVersion('package.json'), psql: psqlVersion(),
    'node-pg-migrate': packageVersion('bench/node_modules/node-pg-migrate/package.json'), pg: packageVersion('bench/node_modules/pg/package.json'),
  }
}

const USAGE = 'options: --counts 500,5000 --rounds 5 --large-rounds 2 --startup-runs 15 --peer-max 1000 --json'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      counts: { type: 'string', default: '500,5000' },
      count: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      'large-rounds': { type: 'string', default: '2' },
      'startup-runs': { type: 'string', default: '15' },
      'peer-max': { type: 'string', default: String(PEER_MAX) },
      json: { type: 'boolean', default: false },
    },
  })
  const one = (flag: string, value: string) => {
    const [n] = wholeNumbers(flag, value)
    if (value.includes(',')) throw new Error(`${flag} takes one whole number, not ${JSON.stringify(value)} (${USAGE})`)
    return n!
  }
  // --count N is the older spelling of --counts N.
  const counts = wholeNumbers('--counts', values.count ?? values.counts)
  const [rounds, largeRounds, startupRuns] = [one('--rounds', values.rounds), one('--large-rounds', values['large-rounds']), one('--startup-runs', values['startup-runs'])]
  const peerMax = wholeNumbers('--peer-max', values['peer-max'], 0)[0]!
  prepareTools()
  const versions = toolVersions()
  const loadAtStart = os.loadavg()
  const work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-bench-'))
  const server = await benchServer(work)
  try {
    const sizes: Size[] = []
    for (const count of counts) {
      const dir = path.join(work, String(count))
      await mkdir(dir)
      sizes.push({
        workload: await writeWorkload(dir, benchMigrations(count)),
        rounds: count > LARGE ? largeRounds : rounds,
        contenders: CONTENDERS.filter((c) => (c.name !== NODE_PG_MIGRATE_NAME && c.name !== ROW_ONLY) || count <= peerMax),
      })
    }
    const runs = await measureRuns(sizes, work, log)
    const startupWorkload = sizes[0]!.workload
    const startup = await measureStartup(startupWorkload, work, startupRuns, log)
    const result: BenchResult = {
      counts, startupRuns, startupCount: startupWorkload.migrations.length, versions,
      server: { kind: server.kind, ...(await serverSettings(server.url)) },
      load: { start: loadAtStart, end: os.loadavg() },
      ...summarize(runs, startup),
    }
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else printReport(result)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

await main()
