// `npm run bench:introspect`: `pgstrata inspect --json` on synthetic schemas
// of several sizes, timed as a whole process beside the floor (a Node process
// fetching the same catalog information in seven whole-catalog queries) and
// psql running those queries, in the same run on the same database.
// What it measures and how to read it: bench/README.md.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { FreshDatabase } from '../test/helpers/database.ts'
import { floorQueries, psqlScript } from './floor-queries.ts'
import {
  benchServer, buildPgstrata, checkpoint, inFreshDatabase, log, packageVersion, PGSTRATA, psqlVersion, REPO, requireSuccess, serverSettings, sourceState, wholeNumbers,
} from './harness.ts'
import {
  growthOf, NODE_FLOOR, PGSTRATA_INSPECT, printIntrospectReport, PSQL, summarizeSize, verdictOf,
  type CatalogCounts, type IntrospectResult, type Sample, type SizeResult,
} from './introspect-report.ts'
import { rotate, timeProcess, type Command } from './measure.ts'
import { syntheticSchema, type SyntheticSchema } from './synthetic-schema.ts'

/** One size, loaded: its database, what it holds, and the floor's queries written out for the two floor processes. */
interface Setup {
  readonly tables: number
  readonly url: string
  readonly work: string
  readonly queriesJson: string
  readonly psqlFile: string
  readonly expected: SyntheticSchema['expected']
  readonly loadS: number
  catalog?: CatalogCounts
  /** Rows the floor read in the warm-up run; psql must print as many. */
  floorRows: number
}

interface Contender {
  readonly name: string
  /** Where the contender's stdout goes, under the scratch folder. */
  readonly output: string
  command(setup: Setup): Command
  /** Throws unless the output holds the whole schema, so a broken run cannot look fast. */
  check(stdout: Buffer, setup: Setup): void
}

type Rows = Record<string, { kind?: string }[]>

function requireCounts(name: string, found: Record<string, number>, expected: Record<string, number>): void {
  if (Object.keys(found).some((key) => found[key] !== expected[key])) {
    throw new Error(`${name} read ${JSON.stringify(found)} instead of ${JSON.stringify(expected)}`)
  }
}

const CONTENDERS: readonly Contender[] = [
  {
    name: PGSTRATA_INSPECT,
    output: 'pgstrata.json',
    command: (setup) => ({ file: process.execPath, args: [PGSTRATA, 'inspect', '--json', '--url', setup.url], cwd: setup.work }),
    check: (stdout, { expected }) => {
      const model = JSON.parse(stdout.toString('utf8')) as Record<string, unknown[]>
      const found = { tables: model.tables!.length, views: model.views!.length, indexes: model.indexes!.length, enums: model.enums!.length }
      requireCounts(PGSTRATA_INSPECT, found, expected)
    },
  },
  {
    name: NODE_FLOOR,
    output: 'floor.json',
    command: (setup) => ({ file: process.execPath, args: [path.join(REPO, 'bench/floor-client.mjs'), setup.url, setup.queriesJson], cwd: setup.work }),
    check: (stdout, setup) => {
      const rows = JSON.parse(stdout.toString('utf8')) as Rows
      const kinds = (name: string, kind: string) => rows[name]!.filter((r) => r.kind === kind).length
      const found = { tables: kinds('relations', 'r'), views: kinds('relations', 'v'), indexes: rows.indexes!.length, enums: kinds('objects', 'e') }
      requireCounts(NODE_FLOOR, found, setup.expected)
      const total = Object.values(rows).reduce((sum, list) => sum + list.length, 0)
      if (setup.floorRows !== 0 && total !== setup.floorRows) throw new Error(`${NODE_FLOOR} read ${total} rows, not ${setup.floorRows} as before`)
      setup.floorRows = total
    },
  },
  {
    name: PSQL,
    output: 'psql.out',
    // -A -t -0: bare rows, each ending in a NUL byte, which no catalog text holds.
    command: (setup) => ({ file: 'psql', args: ['-X', '-q', '-A', '-t', '-0', '-v', 'ON_ERROR_STOP=1', '-f', setup.psqlFile, '-d', setup.url], cwd: setup.work }),
    check: (stdout, setup) => {
      let rows = 0
      for (let at = stdout.indexOf(0); at !== -1; at = stdout.indexOf(0, at + 1)) rows++
      if (rows !== setup.floorRows) throw new Error(`${PSQL} printed ${rows} rows instead of the floor's ${setup.floorRows}`)
    },
  },
]

function catalogCounts(stdout: Buffer): CatalogCounts {
  const rows = JSON.parse(stdout.toString('utf8')) as Rows
  return {
    columns: rows.columns!.length, constraints: rows.constraints!.length, indexes: rows.indexes!.length,
    views: rows.relations!.filter((r) => r.kind === 'v').length, dependencies: rows.dependencies!.length,
  }
}

async function loadSchema(db: FreshDatabase, work: string, schema: SyntheticSchema): Promise<number> {
  const file = path.join(work, 'schema.sql')
  await writeFile(file, schema.sql)
  const started = performance.now()
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, '-d', db.url], { stdio: ['ignore', 'ignore', 2] })
  // Fresh statistics on the catalogs too, so the catalog queries get the plans a live database gets.
  execFileSync('psql', ['-X', '-q', '-c', 'vacuum analyze', '-d', db.url], { stdio: ['ignore', 'ignore', 2] })
  await checkpoint(db)
  return (performance.now() - started) / 1000
}

// stdout goes to a file, as with `pgstrata inspect --json > model.json`: the harness
// reading a pipe would be timed too, and its pace would set the writer's.
async function run(contender: Contender, setup: Setup): Promise<{ wallS: number; peakMiB: number | null; stdout: Buffer }> {
  const output = path.join(setup.work, contender.output)
  const timed = await timeProcess({ ...contender.command(setup), stdoutFile: output }, setup.work)
  requireSuccess(contender.name, timed)
  const stdout = await readFile(output)
  contender.check(stdout, setup)
  return { wallS: timed.wallS, peakMiB: timed.peakMiB, stdout }
}

interface Queries { readonly queriesJson: string; readonly psqlFile: string }

/** Loads one size into `db`, then runs each contender once, untimed, which also counts the floor's rows for psql's check. */
async function prepare(db: FreshDatabase, tables: number, work: string, queries: Queries): Promise<Setup> {
  log(`${tables} tables: loading`)
  const schema = syntheticSchema(tables)
  const loadS = await loadSchema(db, work, schema)
  const setup: Setup = { tables, url: db.url, work, ...queries, expected: schema.expected, loadS, floorRows: 0 }
  for (const contender of [CONTENDERS[1]!, CONTENDERS[0]!, CONTENDERS[2]!]) {
    const { stdout } = await run(contender, setup)
    if (contender.name === NODE_FLOOR) setup.catalog = catalogCounts(stdout)
  }
  log(`${tables} tables: loaded in ${loadS.toFixed(1)} s; the floor reads ${setup.floorRows} rows`)
  return setup
}

/** Every size in its own fresh database, all loaded before `body` runs and all dropped after it. */
async function withSizes<T>(sizes: readonly number[], work: string, queries: Queries, body: (setups: Setup[]) => Promise<T>): Promise<T> {
  const [first, ...rest] = sizes
  if (first === undefined) return body([])
  return inFreshDatabase(`bench_introspect_${first}`, async (db) => {
    const setup = await prepare(db, first, work, queries)
    return withSizes(rest, work, queries, (setups) => body([setup, ...setups]))
  })
}

/**
 * Every round runs every contender on every size. Interleaving the sizes, not
 * measuring one after the other, keeps a slow minute on a shared machine from
 * landing on one size only, which would bend the growth figures.
 */
async function measure(setups: readonly Setup[], rounds: number): Promise<SizeResult[]> {
  const samples = new Map(setups.map((setup) => [setup, new Map<string, Sample[]>(CONTENDERS.map((c) => [c.name, []]))]))
  for (let round = 0; round < rounds; round++) {
    for (const setup of setups) {
      for (const contender of rotate(CONTENDERS, round)) {
        const timed = await run(contender, setup)
        samples.get(setup)!.get(contender.name)!.push({ round, wallS: timed.wallS, peakMiB: timed.peakMiB, outputBytes: timed.stdout.length })
        log(`round ${round + 1}/${rounds}  ${String(setup.tables).padStart(5)} tables  ${contender.name.padEnd(20)} ` +
          `${timed.wallS.toFixed(3)} s  ${timed.peakMiB?.toFixed(0) ?? '?'} MiB`)
      }
    }
  }
  return setups.map((setup) => ({ tables: setup.tables, catalog: setup.catalog!, loadS: setup.loadS, contenders: summarizeSize(samples.get(setup)!) }))
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,500,2000' },
      rounds: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
  })
  const sizes = wholeNumbers('--sizes', values.sizes)
  const [rounds] = wholeNumbers('--rounds', values.rounds) as [number]

  buildPgstrata()
  const versions = { node: process.version, pgstrata: packageVersion('package.json'), source: sourceState(), psql: psqlVersion() }
  const work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-bench-introspect-'))
  try {
    const server = await benchServer(work)
    const settings = await serverSettings(server.url)
    const floor = floorQueries(Number(settings.server_version_num))
    const queries = { queriesJson: path.join(work, 'floor-queries.json'), psqlFile: path.join(work, 'floor-queries.sql') }
    await writeFile(queries.queriesJson, JSON.stringify(floor))
    await writeFile(queries.psqlFile, psqlScript(floor))
    const results = await withSizes(sizes, work, queries, (setups) => measure(setups, rounds))
    const growth = growthOf(results)
    const result: IntrospectResult = {
      rounds, versions, server: { kind: server.kind, ...settings }, sizes: results, growth, verdict: verdictOf(results, growth),
    }
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else printIntrospectReport(result)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

await main()
