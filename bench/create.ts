// `npm run bench:create`: `pgstrata create` on a project whose schema/ holds a
// synthetic schema of N tables in the DSL, against a database holding a
// variant of it with about a tenth different, timed as a whole process beside
// the floor measured in the same run: psql applying schema/'s DDL to an empty
// database, then one catalog read of it. pgstrata's stages are timed in
// process too. What it measures and how to read it: bench/README.md.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ddlOf } from '../src/dsl/ddl.ts'
import { loadSchema, type SchemaModel } from '../src/dsl/load.ts'
import type { FreshDatabase } from '../test/helpers/database.ts'
import {
  FLOOR, FLOOR_DDL, FLOOR_DROP, FLOOR_READ, PGSTRATA_CREATE, printCreateReport, summarizeContenders, summarizeStages, verdictOf,
  type CreateResult, type RoundTrip, type Sample, type SizeResult, type StageSample,
} from './create-report.ts'
import { floorQueries } from './floor-queries.ts'
import {
  benchServer, buildPgstrata, checkpoint, inCopyOf, inFreshDatabase, log, packageVersion, PGSTRATA, psql, psqlVersion, REPO, requireSuccess,
  serverSettings, sourceState, wholeNumbers,
} from './harness.ts'
import { rotate, timeProcess, type Timed } from './measure.ts'
import { syntheticDsl, type SyntheticDsl } from './synthetic-dsl.ts'

const FLOOR_CLIENT = path.join(REPO, 'bench/floor-client.mjs')
const STAGES = path.join(REPO, 'bench/create-stages.mjs')
/**
 * Statements per transaction when psql loads DDL: thousands of CREATE TABLEs
 * in one transaction run out of lock slots (max_locks_per_transaction, "out
 * of shared memory"); one per statement commits thousands of times.
 */
const STATEMENTS_PER_TRANSACTION = 100

/**
 * The CLI's environment without SHADOW_DATABASE_URL, so that schema/ is built
 * on a temporary database on the target's server, as the issue measures it.
 */
const CLI_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'SHADOW_DATABASE_URL'))

/** One size, loaded: the project, the database holding the variant, the floor's script, and what correct runs must show. */
interface Setup {
  readonly tables: number
  readonly work: string
  /** The project `pgstrata create` runs in: schema/ and an empty migrations/. */
  readonly project: string
  readonly database: FreshDatabase
  readonly dsl: SyntheticDsl
  /** schema/'s DDL as one psql script, for the floor. */
  readonly ddlFile: string
  readonly statements: number
  readonly queriesJson: string
  readonly loadS: number
  /** Set by the warm-up: what create wrote (without the first line, which names the version: today's date), and the floor's row counts. */
  written?: { up: string; down: string; steps: number; upStatements: number; downStatements: number }
  floorCounts?: string
  floorRows?: number
}

/** Statements in a migration file: lines ending in a semicolon that are not comments (a view's query ends on its last line). */
const statements = (sql: string): number => (sql.match(/^(?!--).*;$/gm) ?? []).length

/** Writes a project: package.json, a tsconfig.json through which `import … from 'pgstrata'` reaches this checkout's src/, schema/, and migrations/ when asked. */
async function writeProject(dir: string, files: ReadonlyMap<string, string>, withMigrations: boolean): Promise<void> {
  await mkdir(path.join(dir, 'schema'), { recursive: true })
  if (withMigrations) await mkdir(path.join(dir, 'migrations'))
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
  // tsx resolves the path relative to the tsconfig.json; it did not take an absolute one.
  const paths = { pgstrata: [path.relative(dir, path.join(REPO, 'src/index.ts'))] }
  await writeFile(path.join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { paths } }, null, 2)}\n`)
  for (const [name, text] of files) await writeFile(path.join(dir, 'schema', name), text)
}

/** A schema's DDL (ddlOf, as the scratch build runs it) as one psql script, after the settings the scratch build sets. */
function ddlScript(model: SchemaModel): { sql: string; statements: number } {
  const list = ddlOf(model).phases.flat()
  const lines = ['set synchronous_commit = off;', 'set check_function_bodies = off;']
  for (let at = 0; at < list.length; at += STATEMENTS_PER_TRANSACTION) {
    lines.push('begin;', ...list.slice(at, at + STATEMENTS_PER_TRANSACTION).map((s) => `${s.sql};`), 'commit;')
  }
  return { sql: `${lines.join('\n')}\n`, statements: list.length }
}

const createArgs = (name: string, db: FreshDatabase) => [PGSTRATA, 'create', name, '--url', db.url]

/**
 * `pgstrata create bench` in the project, whole process. It must write one
 * pair with at least as many changes and up statements as there are edits,
 * the same bytes in every run (but for the first line); the pair is removed
 * unless `keep` (the round trip applies it).
 */
async function runCreate(setup: Setup, keep = false): Promise<Timed> {
  const timed = await timeProcess({ file: process.execPath, args: createArgs('bench', setup.database), cwd: setup.project, env: CLI_ENV }, setup.work)
  requireSuccess(PGSTRATA_CREATE, timed)
  const dir = path.join(setup.project, 'migrations')
  const files = (await readdir(dir)).sort()
  if (files.length !== 2 || !files[0]!.endsWith('.down.sql') || !files[1]!.endsWith('.up.sql')) {
    throw new Error(`${PGSTRATA_CREATE} left ${JSON.stringify(files)} in migrations/ instead of one pair:\n${timed.output.slice(-2000)}`)
  }
  const [down, up] = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))
  if (!keep) await Promise.all(files.map((f) => rm(path.join(dir, f))))
  const steps = Number(/^-- (\d+) changes?:$/m.exec(up!)?.[1] ?? 0)
  const upStatements = statements(up!)
  const { edits } = setup.dsl
  if (steps < edits || upStatements < edits) throw new Error(`${PGSTRATA_CREATE} wrote ${steps} changes in ${upStatements} statements, fewer than the ${edits} edits`)
  const body = (text: string) => text.slice(text.indexOf('\n') + 1)
  if (setup.written !== undefined && (body(up!) !== setup.written.up || body(down!) !== setup.written.down)) {
    throw new Error(`${PGSTRATA_CREATE} wrote other SQL than in its first run (${files.join(', ')})`)
  }
  setup.written ??= { up: body(up!), down: body(down!), steps, upStatements, downStatements: statements(down!) }
  return timed
}

/**
 * The floor: psql applies schema/'s DDL to a new empty database, then the
 * floor client reads its catalog once; the database is made untimed, and its
 * drop is timed apart (`dropS`), outside the floor.
 */
async function runFloor(setup: Setup, full = false): Promise<{ ddl: Timed; read: Timed; dropS: number }> {
  return inFreshDatabase(`bench_create_${setup.tables}_floor`, async (db) => {
    await checkpoint(db)
    const ddl = await timeProcess({ file: 'psql', args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', setup.ddlFile, '-d', db.url] }, setup.work)
    requireSuccess(FLOOR_DDL.trim(), ddl)
    const read = await timeProcess({ file: process.execPath, args: [FLOOR_CLIENT, ...(full ? [] : ['--count']), db.url, setup.queriesJson] }, setup.work)
    requireSuccess(FLOOR_READ.trim(), read)
    if (full) checkCatalog(setup, JSON.parse(read.stdout) as Record<string, { kind?: string }[]>)
    else if (read.stdout !== setup.floorCounts) throw new Error(`${FLOOR_READ.trim()} read ${read.stdout.trim()}, not ${setup.floorCounts?.trim()} as before`)
    const dropping = performance.now()
    await db.drop()
    return { ddl, read, dropS: (performance.now() - dropping) / 1000 }
  })
}

/** The floor's first read, in full: the database psql built must hold the whole schema; later reads print only counts, which must not change. */
function checkCatalog(setup: Setup, rows: Record<string, { kind?: string }[]>): void {
  const { expected } = setup.dsl
  const found = { tables: rows.relations!.filter((r) => r.kind === 'r').length, views: rows.relations!.filter((r) => r.kind === 'v').length, indexes: rows.indexes!.length }
  const wanted = { tables: expected.tables, views: expected.views, indexes: expected.indexes }
  if (JSON.stringify(found) !== JSON.stringify(wanted)) throw new Error(`the floor read ${JSON.stringify(found)}, not ${JSON.stringify(wanted)}`)
  setup.floorCounts = `${JSON.stringify(Object.fromEntries(Object.entries(rows).map(([name, list]) => [name, list.length])))}\n`
  setup.floorRows = Object.values(rows).reduce((sum, list) => sum + list.length, 0)
}

/** pgstrata's stages in one process (create-stages.mjs); what it built and read must be the whole schema, and its plan the CLI's. */
async function runStages(setup: Setup): Promise<StageSample> {
  const timed = await timeProcess({ file: process.execPath, args: [STAGES, setup.database.url], cwd: setup.project, env: CLI_ENV }, setup.work)
  requireSuccess('create-stages.mjs', timed)
  const run = JSON.parse(timed.stdout) as { seconds: StageSample; steps: number; goal: Record<string, number>; live: Record<string, number> }
  const { tables, views, indexes, enums } = setup.dsl.expected
  if (JSON.stringify(run.goal) !== JSON.stringify({ tables, views, indexes, enums }) || run.live.tables !== tables) {
    throw new Error(`in process, pgstrata built ${JSON.stringify(run.goal)} and read ${JSON.stringify(run.live)} from the database; the schema has ${JSON.stringify(setup.dsl.expected)}`)
  }
  if (run.steps !== setup.written!.steps) throw new Error(`in process, the plan has ${run.steps} steps, the CLI's ${setup.written!.steps}`)
  return run.seconds
}

/**
 * The pair of the warm-up applied to a copy of the database with `pgstrata
 * up`, then `pgstrata create` again on the copy: it must find nothing left.
 * The pair is removed afterwards.
 */
async function roundTrip(setup: Setup): Promise<RoundTrip> {
  const dir = path.join(setup.project, 'migrations')
  try {
    return await inCopyOf(`bench_create_${setup.tables}_copy`, setup.database, async (copy) => {
      const up = await timeProcess({ file: process.execPath, args: [PGSTRATA, 'up', '--url', copy.url], cwd: setup.project, env: CLI_ENV }, setup.work)
      requireSuccess('pgstrata up (round trip)', up)
      const again = await timeProcess({ file: process.execPath, args: createArgs('round trip', copy), cwd: setup.project, env: CLI_ENV }, setup.work)
      requireSuccess(`${PGSTRATA_CREATE} (round trip)`, again)
      return { tables: setup.tables, left: /^no changes: /m.test(again.stdout) ? null : again.stdout }
    })
  } finally {
    for (const file of await readdir(dir)) await rm(path.join(dir, file))
  }
}

/** Both contenders once, untimed: a warm-up that records what later runs must write and read. Then the round trip. */
async function prepare(setup: Setup): Promise<RoundTrip> {
  await runCreate(setup, true)
  // Before anything of this process connects to the database: a copy needs the template to itself.
  const trip = await roundTrip(setup)
  await runFloor(setup, true)
  log(`${setup.tables} tables: loaded in ${setup.loadS.toFixed(1)} s; ${setup.dsl.edits} edits, pgstrata create writes ${setup.written!.steps} changes; ` +
    `the floor reads ${setup.floorRows} rows; round trip ${trip.left === null ? 'complete' : 'INCOMPLETE'}`)
  return trip
}

/** Every size written, loaded and prepared before `body` runs; the databases are dropped after it. */
async function withSizes<T>(sizes: readonly number[], work: string, queriesJson: string,
                            body: (prepared: { setup: Setup; roundTrip: RoundTrip }[]) => Promise<T>): Promise<T> {
  const [tables, ...rest] = sizes
  if (tables === undefined) return body([])
  const dsl = syntheticDsl(tables)
  const dir = path.join(work, String(tables))
  const project = path.join(dir, 'project')
  const variant = path.join(dir, 'variant')
  await writeProject(project, dsl.target, true)
  await writeProject(variant, dsl.variant, false)
  const target = ddlScript(await loadSchema(path.join(project, 'schema')))
  const variantFile = path.join(dir, 'variant.sql')
  const ddlFile = path.join(dir, 'schema.sql')
  await writeFile(variantFile, ddlScript(await loadSchema(path.join(variant, 'schema'))).sql)
  await writeFile(ddlFile, target.sql)
  log(`${tables} tables: loading the variant (${dsl.edits} edits from schema/) into a database`)
  const started = performance.now()
  return inFreshDatabase(`bench_create_${tables}`, async (database) => {
    await psql(database.url, { file: variantFile })
    // Fresh statistics on the catalogs, as a live database has; the scratch database and the floor's are new and have none.
    await psql(database.url, { command: 'vacuum analyze' })
    const setup: Setup = {
      tables, work: dir, project, database, dsl, ddlFile, statements: target.statements, queriesJson, loadS: (performance.now() - started) / 1000,
    }
    const trip = await prepare(setup)
    return withSizes(rest, work, queriesJson, (others) => body([{ setup, roundTrip: trip }, ...others]))
  })
}

const CONTENDERS = [PGSTRATA_CREATE, FLOOR] as const

/** Every round runs both contenders on every size, taking turns at going first, then pgstrata's stages once per size. */
async function measure(setups: readonly Setup[], rounds: number): Promise<SizeResult[]> {
  const samples = new Map(setups.map((s) => [s, new Map<string, Sample[]>([PGSTRATA_CREATE, FLOOR, FLOOR_DDL, FLOOR_READ, FLOOR_DROP].map((name) => [name, []]))]))
  const stages = new Map(setups.map((s) => [s, [] as StageSample[]]))
  for (let round = 0; round < rounds; round++) {
    for (const setup of setups) {
      const add = (name: string, wallS: number, peakMiB: number | null) => {
        samples.get(setup)!.get(name)!.push({ round, wallS, peakMiB })
        log(`round ${round + 1}/${rounds}  ${String(setup.tables).padStart(5)} tables  ${name.trim().padEnd(36)} ${wallS.toFixed(3)} s  ${peakMiB?.toFixed(0) ?? '?'} MiB`)
      }
      for (const contender of rotate(CONTENDERS, round)) {
        if (contender === PGSTRATA_CREATE) {
          // One run's dirty pages (the last floor database's) are not flushed during the next.
          await checkpoint(setup.database)
          const timed = await runCreate(setup)
          add(PGSTRATA_CREATE, timed.wallS, timed.peakMiB)
        } else {
          const { ddl, read, dropS } = await runFloor(setup)
          add(FLOOR_DDL, ddl.wallS, ddl.peakMiB)
          add(FLOOR_READ, read.wallS, read.peakMiB)
          add(FLOOR, ddl.wallS + read.wallS, ddl.peakMiB === null || read.peakMiB === null ? null : Math.max(ddl.peakMiB, read.peakMiB))
          add(FLOOR_DROP, dropS, null)
        }
      }
      await checkpoint(setup.database)
      stages.get(setup)!.push(await runStages(setup))
    }
  }
  return setups.map((setup) => {
    const w = setup.written!
    const bytes = [...setup.dsl.target.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0)
    return {
      workload: {
        tables: setup.tables, edits: setup.dsl.edits, byKind: setup.dsl.byKind, files: setup.dsl.target.size, bytes, statements: setup.statements,
        loadS: setup.loadS, pgstrata: { steps: w.steps, up: w.upStatements, down: w.downStatements }, floorRows: setup.floorRows!,
      },
      contenders: summarizeContenders(samples.get(setup)!),
      stages: summarizeStages(stages.get(setup)!, samples.get(setup)!.get(FLOOR)!.map((s) => s.wallS)),
    }
  })
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '500' },
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  })
  const sizes = wholeNumbers('--sizes', values.sizes)
  const [rounds] = wholeNumbers('--rounds', values.rounds) as [number]

  buildPgstrata()
  const versions = { node: process.version, pgstrata: packageVersion('package.json'), source: sourceState(), psql: psqlVersion() }
  const work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-bench-create-'))
  try {
    const server = await benchServer(work)
    const settings = await serverSettings(server.url)
    const queriesJson = path.join(work, 'floor-queries.json')
    await writeFile(queriesJson, JSON.stringify(floorQueries(Number(settings.server_version_num))))
    const { results, roundTrips } = await withSizes(sizes, work, queriesJson, async (prepared) => ({
      results: await measure(prepared.map((p) => p.setup), rounds),
      roundTrips: prepared.map((p) => p.roundTrip),
    }))
    const result: CreateResult = { rounds, versions, server: { kind: server.kind, ...settings }, sizes: results, verdict: verdictOf(results, roundTrips) }
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else printCreateReport(result)
    if (!result.verdict.roundTripMet) {
      log('bench:create: applying the up file that pgstrata create wrote left changes for the next create, so the migration is incomplete (see the round trip in the report)')
      process.exitCode = 1
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

await main()
