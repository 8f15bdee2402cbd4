// `npm run bench:fleet`: one migrations folder applied to a fleet of
// databases on one server. N empty databases (100 by default) get M small
// migrations (20) each, and the whole process is timed, per mode: the loop a
// user writes today (`pgstrata up --url` once per database, from bash), then
// `pgstrata up --targets FILE` at each --concurrency. Every mode starts from
// fresh copies of one empty database; every database's ledger is counted
// afterwards. What it measures and how to read it: bench/README.md.
import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { ident } from '../src/sql/quote.ts'
import type { FreshDatabase } from '../test/helpers/database.ts'
import {
  benchServer, buildPgstrata, checkpoint, inCopyOf, inFreshDatabase, log, packageVersion, PGSTRATA, requireSuccess, serverSettings, sourceState, wholeNumbers,
} from './harness.ts'
import { median, rotate, timeProcess, type Command, type Timed } from './measure.ts'
import { benchMigrations, writeWorkload, type Workload } from './migrations.ts'
import { printFleet, SHELL_LOOP, summarizeModes, type FleetResult, type StatusFigures } from './fleet-report.ts'
import type { Samples } from './report.ts'

/** Every database this benchmark makes is named so; a crashed run's are dropped on start. */
const PREFIX = 'pgstrata_fleet'

// The floor: what a user runs today, one process per database, one after another.
const SHELL_SCRIPT = `# bench:fleet's floor: pgstrata up on each database of a targets file, one after another.
# $1 targets file, $2 migrations folder, $3 node, $4 bin/pgstrata.js
set -e
for url in $(cat "$1"); do "$3" "$4" up --url "$url" --migrations "$2"; done
`

interface Mode {
  readonly name: string
  command(files: Files): Command
}

interface Files {
  readonly work: string
  readonly targets: string
  readonly shellScript: string
  readonly workload: Workload
}

const fleetCommand = (verb: string, files: Files, extra: readonly string[]): Command =>
  ({ file: process.execPath, args: [PGSTRATA, verb, '--targets', files.targets, '--migrations', files.workload.pgstrataDir, ...extra], cwd: files.work })

function modes(concurrencies: readonly number[]): Mode[] {
  return [
    { name: SHELL_LOOP, command: (f) => ({ file: 'bash', args: [f.shellScript, f.targets, f.workload.pgstrataDir, process.execPath, PGSTRATA], cwd: f.work }) },
    ...concurrencies.map((n): Mode => ({ name: `up --targets, concurrency ${n}`, command: (f) => fleetCommand('up', f, ['--concurrency', String(n)]) })),
  ]
}

/** cac's message when a build of the CLI does not know a flag (exit code 2). */
const rejectsTargets = (timed: Timed): boolean => timed.code === 2 && /Unknown option `--(targets|concurrency)`/.test(timed.output)

/** Drops every database a crashed earlier run left behind. */
async function dropLeftovers(adminUrl: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const rows = await admin`select datname from pg_database where datname like ${`${PREFIX}\\_%`} order by datname`
    for (const { datname } of rows) await admin.unsafe(`drop database if exists ${ident(datname as string)} with (force)`)
    if (rows.length > 0) log(`dropped ${rows.length} databases left by an earlier run (${PREFIX}_…)`)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

/**
 * Runs `body` on `n` copies of `template`, `pgstrata_fleet_000_…` onwards;
 * all are dropped afterwards, also on failure or Ctrl-C (inCopyOf does it).
 */
function withFleet<T>(n: number, template: FreshDatabase, body: (fleet: readonly FreshDatabase[]) => Promise<T>, made: readonly FreshDatabase[] = []): Promise<T> {
  if (made.length === n) return body(made)
  return inCopyOf(`${PREFIX}_${String(made.length).padStart(3, '0')}`, template, (db) => withFleet(n, template, body, [...made, db]))
}

/** A broken run must not look fast: every database must hold M ledger rows and M tables. */
async function verify(fleet: readonly FreshDatabase[], migrations: number, after: string): Promise<void> {
  const wrong: string[] = []
  for (const db of fleet) {
    // A client of its own, closed at once: a hundred idle pools would fill max_connections.
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    try {
      const [row] = await sql.unsafe(`select
        (select count(*) from public.pgstrata_migrations)::int as ledger,
        (select count(*) from pg_tables where schemaname = 'public' and tablename ~ '^bench_[0-9]+$')::int as tables`)
      if (row!.ledger !== migrations || row!.tables !== migrations) wrong.push(`${db.name}: ${row!.ledger} ledger rows, ${row!.tables} tables`)
    } catch (error) {
      wrong.push(`${db.name}: ${(error as Error).message}`)
    } finally {
      await sql.end({ timeout: 5 })
    }
  }
  if (wrong.length > 0) {
    throw new Error(`after ${after}, ${wrong.length} of ${fleet.length} databases do not hold ${migrations} ledger rows and tables:\n  ${wrong.slice(0, 10).join('\n  ')}`)
  }
}

interface Options {
  readonly databases: number
  readonly runs: number
  readonly statusRuns: number
  readonly modes: readonly Mode[]
}

interface Measured {
  readonly samples: Samples
  readonly notes: string[]
  status: StatusFigures | { readonly skipped: string } | null
}

/** `pgstrata status --targets`, `runs` times, on a migrated fleet; nothing may change. */
async function measureStatus(files: Files, fleet: readonly FreshDatabase[], runs: number): Promise<StatusFigures | { readonly skipped: string }> {
  const wallS: number[] = []
  for (let run = 0; run < runs; run++) {
    const timed = await timeProcess(fleetCommand('status', files, []), files.work)
    if (rejectsTargets(timed)) return { skipped: 'pgstrata status rejects --targets in this build' }
    requireSuccess('pgstrata status --targets', timed)
    wallS.push(timed.wallS)
    log(`status --targets  ${timed.wallS.toFixed(2)} s`)
  }
  await verify(fleet, files.workload.migrations.length, 'pgstrata status --targets')
  return { medianS: median(wallS), minS: Math.min(...wallS), maxS: Math.max(...wallS), wallS }
}

async function measure(options: Options, files: Files, template: FreshDatabase): Promise<Measured> {
  const measured: Measured = { samples: new Map(options.modes.map((m) => [m.name, []])), notes: [], status: null }
  let active = options.modes
  const migrations = files.workload.migrations.length
  for (let run = 0; run < options.runs; run++) {
    for (const mode of rotate(active, run)) {
      if (!active.includes(mode)) continue
      const made = performance.now()
      await withFleet(options.databases, template, async (fleet) => {
        await writeFile(files.targets, `${fleet.map((db) => db.url).join('\n')}\n`)
        log(`${mode.name}: ${fleet.length} fresh databases in ${((performance.now() - made) / 1000).toFixed(1)} s`)
        await checkpoint(fleet[0]!)
        const timed = await timeProcess(mode.command(files), files.work)
        if (mode.name !== SHELL_LOOP && rejectsTargets(timed)) {
          // Until the fleet CLI is built, the floor is all there is to time.
          measured.notes.push(`pgstrata up rejects --targets in this build (${sourceState()}): the --targets modes were not run`)
          active = active.filter((m) => m.name === SHELL_LOOP)
          for (const name of [...measured.samples.keys()]) if (name !== SHELL_LOOP) measured.samples.delete(name)
          return
        }
        requireSuccess(mode.name, timed)
        await verify(fleet, migrations, mode.name)
        measured.samples.get(mode.name)!.push({ round: run, ...timed })
        log(`run ${run + 1}/${options.runs}  ${mode.name.padEnd(32)} ${timed.wallS.toFixed(2)} s  ${(fleet.length / timed.wallS).toFixed(1)} databases/s`)
        if (measured.status === null && mode.name !== SHELL_LOOP) measured.status = await measureStatus(files, fleet, options.statusRuns)
      })
    }
  }
  return measured
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      databases: { type: 'string', default: '100' },
      migrations: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '1,4,8' },
      runs: { type: 'string', default: '1' },
      'status-runs': { type: 'string', default: '3' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const [databases] = wholeNumbers('--databases', values.databases) as [number]
  const [migrationCount] = wholeNumbers('--migrations', values.migrations) as [number]
  const [runs] = wholeNumbers('--runs', values.runs) as [number]
  const [statusRuns] = wholeNumbers('--status-runs', values['status-runs']) as [number]
  const concurrencies = wholeNumbers('--concurrency', values.concurrency)
  if (values.url) process.env.BENCH_DATABASE_URL = values.url

  buildPgstrata()
  const versions = { node: process.version, pgstrata: packageVersion('package.json'), source: sourceState() }
  const loadStart = os.loadavg()
  const work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-bench-fleet-'))
  try {
    const server = await benchServer(work)
    await dropLeftovers(server.url)
    const files: Files = {
      work, targets: path.join(work, 'targets'), shellScript: path.join(work, 'up-each.sh'),
      workload: await writeWorkload(work, benchMigrations(migrationCount)),
    }
    await writeFile(files.shellScript, SHELL_SCRIPT)
    const options: Options = { databases, runs, statusRuns, modes: modes(concurrencies) }
    // The template stays empty and unconnected: CREATE DATABASE … TEMPLATE refuses a template in use.
    const measured = await inFreshDatabase(`${PREFIX}_template`, (template) => measure(options, files, template))
    const result: FleetResult = {
      databases, migrations: migrationCount, runs, cpus: os.availableParallelism(),
      loadAverage: { start: loadStart, end: os.loadavg() }, versions,
      server: { kind: server.kind, ...(await serverSettings(server.url)) },
      modes: summarizeModes(measured.samples, databases), status: measured.status ?? { skipped: 'no --targets mode ran' }, notes: measured.notes,
    }
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else printFleet(result)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

await main()
