// `npm run bench:runner`: pgstrata applying N generated migrations, timed as a
// whole process beside psql (the floor) and node-pg-migrate on the same server
// in the same run, then the fixed cost of a run with nothing pending.
// What it measures and how to read it: bench/README.md.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { qualified } from '../src/sql/quote.ts'
import type { FreshDatabase } from '../test/helpers/database.ts'
import {
  benchServer, buildPgstrata, checkpoint, ensurePeerTools, inFreshDatabase, log, packageVersion, PGSTRATA, psqlVersion, REPO, requireSuccess, serverSettings,
} from './harness.ts'
import { timeProcess, rotate, type Command } from './measure.ts'
import { benchMigrations, PSQL_LEDGER, writeWorkload, type Workload } from './migrations.ts'
import { FLOOR, printReport, summarize, type BenchResult, type Samples } from './report.ts'

const NODE_PG_MIGRATE = path.join(REPO, 'bench/node_modules/node-pg-migrate/bin/node-pg-migrate.js')

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

const PGSTRATA_UP: Contender = { name: 'pgstrata', ledger: 'pgstrata_migrations', command: (url, workload, cwd) => pgstrata('up', url, workload, cwd) }

const CONTENDERS: readonly Contender[] = [
  {
    name: FLOOR,
    ledger: PSQL_LEDGER,
    command: (url, workload) => ({ file: 'psql', args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', workload.psqlScript, '-d', url] }),
  },
  PGSTRATA_UP,
  {
    name: 'node-pg-migrate',
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
  { name: 'pgstrata up (nothing pending)', command: (url, workload, cwd) => pgstrata('up', url, workload, cwd) },
  { name: 'pgstrata status', command: (url, workload, cwd) => pgstrata('status', url, workload, cwd) },
  { name: "psql -c 'select 1'", command: (url) => ({ file: 'psql', args: ['-X', '-q', '-c', 'select 1', '-d', url] }) },
  { name: 'node -e 0', command: () => ({ file: process.execPath, args: ['-e', '0'] }) },
]

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

async function measureRuns(workload: Workload, cwd: string, rounds: number, log: (line: string) => void): Promise<Samples> {
  const samples: Samples = new Map(CONTENDERS.map((c) => [c.name, []]))
  for (let round = 0; round < rounds; round++) {
    for (const contender of rotate(CONTENDERS, round)) {
      const timed = await inFreshDatabase('bench_run', async (db) => {
        await checkpoint(db)
        const result = await timeProcess(contender.command(db.url, workload, cwd), cwd)
        requireSuccess(contender.name, result)
        await verify(db, contender, workload.migrations.length)
        return result
      })
      samples.get(contender.name)!.push({ round, ...timed })
      log(`round ${round + 1}/${rounds}  ${contender.name.padEnd(16)} ${timed.wallS.toFixed(3)} s  ${timed.peakMiB?.toFixed(0) ?? '?'} MiB`)
    }
  }
  return samples
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      count: { type: 'string', default: '500' },
      'startup-runs': { type: 'string', default: '15' },
      json: { type: 'boolean', default: false },
    },
  })
  const [rounds, count, startupRuns] = [values.rounds, values.count, values['startup-runs']].map((v) => {
    if (!/^[1-9]\d*$/.test(v)) throw new Error(`--rounds, --count and --startup-runs take a positive whole number, not ${JSON.stringify(v)}`)
    return Number(v)
  }) as [number, number, number]
  prepareTools()
  const versions = toolVersions()
  const work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-bench-'))
  const server = await benchServer(work)
  try {
    const workload = await writeWorkload(work, benchMigrations(count))
    const runs = await measureRuns(workload, work, rounds, log)
    const startup = await measureStartup(workload, work, startupRuns, log)
    const result: BenchResult = {
      count, rounds, startupRuns, versions,
      server: { kind: server.kind, ...(await serverSettings(server.url)) },
      ...summarize(runs, startup),
    }
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else printReport(result)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

await main()
