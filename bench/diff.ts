// `npm run bench:diff`: `pgstrata diff --from A --to B` between two synthetic
// schemas, B being A with about a tenth of it changed, timed as a whole
// process beside @pgkit/migra on the same pair in the same run, beside what
// reading both catalogs costs (pgstrata's reader alone, a Node floor, psql),
// and with the diff's in-process stages timed on their own.
// What it measures and how to read it: bench/README.md.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { FreshDatabase } from '../test/helpers/database.ts'
import {
  MIGRA, NODE_FLOOR, PGSTRATA_DIFF, PGSTRATA_READ, printDiffReport, PSQL, summarizeContenders, summarizeStages, verdictOf,
  type DiffResult, type RoundTrip, type Sample, type SizeResult, type StageSample,
} from './diff-report.ts'
import { floorQueries, psqlScript } from './floor-queries.ts'
import {
  benchServer, buildPgstrata, checkpoint, ensurePeerTools, inCopyOf, inFreshDatabase, log, packageVersion, PGSTRATA, psql, psqlVersion, REPO,
  requireSuccess, serverSettings, sourceState, wholeNumbers,
} from './harness.ts'
import { rotate, timeProcess, type Command } from './measure.ts'
import { syntheticChanges } from './synthetic-changes.ts'
import { syntheticSchema, type SyntheticSchema } from './synthetic-schema.ts'

const MIGRA_BIN = path.join(REPO, 'bench/node_modules/@pgkit/migra/dist/command.js')
const STAGES = path.join(REPO, 'bench/diff-stages.mjs')
const FLOOR_CLIENT = path.join(REPO, 'bench/floor-client.mjs')
/** Sizes up to this many tables get the round trip: up applied to a copy of A, then diffed against B. */
const ROUND_TRIP_MAX_TABLES = 500

/** One size, loaded: A, B (A with the edits), and what a correct diff and a complete read must show. */
interface Pair {
  readonly tables: number
  readonly from: FreshDatabase
  readonly to: FreshDatabase
  /** A third copy of A for the round trip, at sizes up to ROUND_TRIP_MAX_TABLES. */
  readonly copy: FreshDatabase | null
  readonly work: string
  readonly expected: SyntheticSchema['expected']
  readonly edits: number
  readonly byKind: Readonly<Record<string, number>>
  readonly loadS: number
  readonly queriesJson: string
  /** psql's script: the floor's queries on A, then `\connect` to B and the same queries. */
  readonly psqlFile: string
  /** Set by the warm-up: pgstrata's SQL and step count (every later run must print the same), the floor's rows per query per database. */
  upSql?: Buffer
  steps?: number
  floorCounts?: string
  floorRows?: number
  migra?: { statements: number; bytes: number }
}

interface Contender {
  readonly name: string
  command(pair: Pair): Command
  /** Throws unless the output is what a correct run prints, so a broken run cannot look fast. `stderr` is the process's stderr. */
  check(stdout: Buffer, stderr: string, pair: Pair): void
}

/** Statements in a script: lines ending in a semicolon (a view's query ends on its last line). */
const statements = (sql: Buffer | string): number => (sql.toString('utf8').match(/;$/gm) ?? []).length

/** The step count `pgstrata diff` reports on stderr: "pgstrata: 130 changes from … to …". */
function stepsOf(stderr: string): number {
  if (/no differences between/.test(stderr)) return 0
  const match = /: (\d+) changes? from /.exec(stderr)
  if (!match) throw new Error(`pgstrata diff did not say how many changes it found:\n${stderr.slice(-2000)}`)
  return Number(match[1])
}

const CONTENDERS: readonly Contender[] = [
  {
    name: PGSTRATA_DIFF,
    command: (pair) => ({ file: process.execPath, args: [PGSTRATA, 'diff', '--from', pair.from.url, '--to', pair.to.url], cwd: pair.work }),
    check: (stdout, stderr, pair) => {
      const steps = stepsOf(stderr)
      if (steps < pair.edits) throw new Error(`${PGSTRATA_DIFF} found ${steps} changes, fewer than the ${pair.edits} edits between A and B`)
      // The diff is pure: every run over the same pair prints the same bytes.
      if (pair.upSql !== undefined && !stdout.equals(pair.upSql)) throw new Error(`${PGSTRATA_DIFF} printed other SQL than in its first run`)
      pair.upSql = stdout
      pair.steps = steps
    },
  },
  {
    name: MIGRA,
    // --unsafe: the edits drop columns, indexes and constraints, for which migra otherwise refuses to print anything.
    command: (pair) => ({ file: process.execPath, args: [MIGRA_BIN, pair.from.url, pair.to.url, '--unsafe'], cwd: pair.work }),
    check: (stdout, _stderr, pair) => {
      const found = statements(stdout)
      if (found < pair.edits) throw new Error(`${MIGRA} printed ${found} statements, fewer than the ${pair.edits} edits between A and B`)
      pair.migra = { statements: found, bytes: stdout.length }
    },
  },
  {
    name: PGSTRATA_READ,
    command: (pair) => ({ file: process.execPath, args: [STAGES, 'read', pair.from.url, pair.to.url], cwd: pair.work }),
    check: (stdout, _stderr, { tables, expected }) => {
      const read = JSON.parse(stdout.toString('utf8')) as Record<'from' | 'to', Record<string, number>>
      const wanted = { tables, views: expected.views, enums: expected.enums }
      for (const side of ['from', 'to'] as const) {
        if (Object.entries(wanted).some(([kind, n]) => read[side]![kind] !== n)) {
          throw new Error(`${PGSTRATA_READ} read ${JSON.stringify(read[side])} from ${side === 'from' ? 'A' : 'B'} instead of ${JSON.stringify(wanted)}`)
        }
      }
      if (read.from.indexes !== expected.indexes) throw new Error(`${PGSTRATA_READ} read ${read.from.indexes} indexes from A, not ${expected.indexes}`)
    },
  },
  {
    name: NODE_FLOOR,
    command: (pair) => ({ file: process.execPath, args: [FLOOR_CLIENT, '--count', pair.from.url, pair.to.url, pair.queriesJson], cwd: pair.work }),
    check: (stdout, _stderr, pair) => {
      if (stdout.toString('utf8') !== pair.floorCounts) throw new Error(`${NODE_FLOOR} read ${stdout.toString('utf8').trim()}, not ${pair.floorCounts?.trim()} as before`)
    },
  },
  {
    name: PSQL,
    // -A -t -0: bare rows, each ending in a NUL byte, which no catalog text holds.
    command: (pair) => ({ file: 'psql', args: ['-X', '-q', '-A', '-t', '-0', '-v', 'ON_ERROR_STOP=1', '-f', pair.psqlFile, '-d', pair.from.url], cwd: pair.work }),
    check: (stdout, _stderr, pair) => {
      let rows = 0
      for (let at = stdout.indexOf(0); at !== -1; at = stdout.indexOf(0, at + 1)) rows++
      if (rows !== pair.floorRows) throw new Error(`${PSQL} printed ${rows} rows instead of the floor's ${pair.floorRows}`)
    },
  },
]

const named = (name: string): Contender => CONTENDERS.find((c) => c.name === name)!

// stdout goes to a file, as with `pgstrata diff … > up.sql`: the harness reading a pipe would be timed too.
async function run(contender: Contender, pair: Pair): Promise<{ wallS: number; peakMiB: number | null; stdout: Buffer }> {
  const output = path.join(pair.work, `${pair.tables}-${contender.name.replace(/[^a-z]+/gi, '-')}.out`)
  const timed = await timeProcess({ ...contender.command(pair), stdoutFile: output }, pair.work)
  requireSuccess(contender.name, timed)
  const stdout = await readFile(output)
  contender.check(stdout, timed.output, pair)
  return { wallS: timed.wallS, peakMiB: timed.peakMiB, stdout }
}

/** The floor once in full, untimed: both catalogs must hold the whole schema; later runs print only the counts, which must not change. */
async function checkFloor(pair: Pair): Promise<void> {
  const output = path.join(pair.work, `${pair.tables}-floor-full.json`)
  const timed = await timeProcess({ file: process.execPath, args: [FLOOR_CLIENT, pair.from.url, pair.to.url, pair.queriesJson], stdoutFile: output }, pair.work)
  requireSuccess(NODE_FLOOR, timed)
  const catalogs = (await readFile(output, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, { kind?: string }[]>)
  await rm(output)
  for (const rows of catalogs) {
    const tables = rows.relations!.filter((r) => r.kind === 'r').length
    const views = rows.relations!.filter((r) => r.kind === 'v').length
    if (tables !== pair.tables || views !== pair.expected.views) throw new Error(`${NODE_FLOOR} read ${tables} tables and ${views} views, not ${pair.tables} and ${pair.expected.views}`)
  }
  pair.floorCounts = catalogs.map((rows) => `${JSON.stringify(Object.fromEntries(Object.entries(rows).map(([name, list]) => [name, list.length])))}\n`).join('')
  pair.floorRows = catalogs.reduce((sum, rows) => sum + Object.values(rows).reduce((n, list) => n + list.length, 0), 0)
}

/**
 * Applies pgstrata's up SQL to the copy of A with psql, as a migration file
 * runs, then diffs the copy against B. SQL that fails is a diff-engine bug
 * and stops the benchmark; what is left to change is reported.
 */
async function roundTrip(pair: Pair): Promise<RoundTrip> {
  const upFile = path.join(pair.work, `${pair.tables}-up.sql`)
  await writeFile(upFile, pair.upSql!)
  await psql(pair.copy!.url, { file: upFile }).catch((error: Error) => {
    throw new Error(`pgstrata's up SQL from A to B (${upFile}) fails on a copy of A: ${error.message}`)
  })
  const output = path.join(pair.work, `${pair.tables}-left.sql`)
  const timed = await timeProcess({ file: process.execPath, args: [PGSTRATA, 'diff', '--from', pair.copy!.url, '--to', pair.to.url], stdoutFile: output }, pair.work)
  requireSuccess(`${PGSTRATA_DIFF} (round trip)`, timed)
  const leftSql = await readFile(output, 'utf8')
  return { tables: pair.tables, statements: statements(pair.upSql!), leftSteps: stepsOf(timed.output), leftSql }
}

interface Queries { readonly queriesJson: string; readonly floor: Record<string, string> }
type Databases = Pick<Pair, 'from' | 'to' | 'copy'>

/**
 * Loads A with psql, then copies it to B (and to the round trip's copy),
 * which is quicker than loading the schema again, and applies the edits to B.
 * All are dropped after `body`, also on failure.
 */
async function withDatabases<T>(tables: number, work: string, sql: { schema: string; changes: string },
                                body: (dbs: Databases, loadS: number) => Promise<T>): Promise<T> {
  const schemaFile = path.join(work, `${tables}-schema.sql`)
  const changesFile = path.join(work, `${tables}-changes.sql`)
  await writeFile(schemaFile, sql.schema)
  await writeFile(changesFile, sql.changes)
  const started = performance.now()
  return inFreshDatabase(`bench_diff_${tables}_a`, async (from) => {
    await psql(from.url, { file: schemaFile })
    // Fresh statistics on the catalogs too, so the catalog queries get the plans a live database gets; the copies inherit them.
    await psql(from.url, { command: 'vacuum analyze' })
    return inCopyOf(`bench_diff_${tables}_b`, from, async (to) => {
      const withCopy = <R>(next: (copy: FreshDatabase | null) => Promise<R>) =>
        tables <= ROUND_TRIP_MAX_TABLES ? inCopyOf(`bench_diff_${tables}_copy`, from, next) : next(null)
      return withCopy(async (copy) => {
        await psql(to.url, { file: changesFile })
        await psql(to.url, { command: 'vacuum analyze' })
        await checkpoint(from)
        return body({ from, to, copy }, (performance.now() - started) / 1000)
      })
    })
  })
}

/** Runs every contender but migra once, untimed: a warm-up that also records what later runs must print. Then the round trip. */
async function prepare(pair: Pair): Promise<RoundTrip | null> {
  await checkFloor(pair)
  for (const name of [PGSTRATA_DIFF, PGSTRATA_READ, NODE_FLOOR, PSQL]) await run(named(name), pair)
  log(`${pair.tables} tables: loaded in ${pair.loadS.toFixed(1)} s; ${pair.edits} edits, pgstrata finds ${pair.steps} changes; the floor reads ${pair.floorRows} rows`)
  return pair.copy ? roundTrip(pair) : null
}

/** Every size loaded and prepared before `body` runs, and all their databases dropped after it. */
async function withSizes<T>(sizes: readonly number[], work: string, queries: Queries,
                            body: (prepared: { pair: Pair; roundTrip: RoundTrip | null }[]) => Promise<T>): Promise<T> {
  const [tables, ...rest] = sizes
  if (tables === undefined) return body([])
  const schema = syntheticSchema(tables)
  const changes = syntheticChanges(schema)
  log(`${tables} tables: loading A, copying it to B${tables <= ROUND_TRIP_MAX_TABLES ? ' and to a copy for the round trip' : ''}, editing B`)
  return withDatabases(tables, work, { schema: schema.sql, changes: changes.sql }, async (dbs, loadS) => {
    const psqlFile = path.join(work, `${tables}-floor-both.sql`)
    // \connect takes a URL; in single quotes a quote is doubled.
    await writeFile(psqlFile, `${psqlScript(queries.floor)}\\connect '${dbs.to.url.replaceAll("'", "''")}'\n${psqlScript(queries.floor)}`)
    const pair: Pair = {
      tables, ...dbs, work, expected: schema.expected, edits: changes.edits, byKind: changes.byKind, loadS, queriesJson: queries.queriesJson, psqlFile,
    }
    const roundTrip = await prepare(pair)
    return withSizes(rest, work, queries, (others) => body([{ pair, roundTrip }, ...others]))
  })
}

/**
 * Every round runs every contender on every size, migra only in the first
 * `migraRounds` rounds (it takes many times as long as the rest together),
 * then the in-process stages once per size.
 */
async function measure(pairs: readonly Pair[], rounds: number, migraRounds: number, stageRuns: number): Promise<SizeResult[]> {
  const samples = new Map(pairs.map((pair) => [pair, new Map<string, Sample[]>(CONTENDERS.map((c) => [c.name, []]))]))
  const stages = new Map(pairs.map((pair) => [pair, [] as StageSample[]]))
  for (let round = 0; round < rounds; round++) {
    const contenders = CONTENDERS.filter((c) => c.name !== MIGRA || round < migraRounds)
    for (const pair of pairs) {
      for (const contender of rotate(contenders, round)) {
        const timed = await run(contender, pair)
        samples.get(pair)!.get(contender.name)!.push({ round, wallS: timed.wallS, peakMiB: timed.peakMiB })
        log(`round ${round + 1}/${rounds}  ${String(pair.tables).padStart(5)} tables  ${contender.name.padEnd(26)} ` +
          `${timed.wallS.toFixed(3)} s  ${timed.peakMiB?.toFixed(0) ?? '?'} MiB`)
      }
      const timed = await timeProcess({ file: process.execPath, args: [STAGES, 'stages', pair.from.url, pair.to.url, String(stageRuns)], cwd: pair.work }, pair.work)
      requireSuccess('diff-stages.mjs', timed)
      const stage = JSON.parse(timed.stdout) as StageSample & { steps: { up: number } }
      if (stage.steps.up !== pair.steps) throw new Error(`in process, the plan from A to B has ${stage.steps.up} steps, the CLI's ${pair.steps}`)
      stages.get(pair)!.push(stage)
    }
  }
  return pairs.map((pair) => {
    const perContender = new Map([...samples.get(pair)!].filter(([, list]) => list.length > 0))
    const contenders = summarizeContenders(perContender)
    return {
      workload: {
        tables: pair.tables, edits: pair.edits, byKind: pair.byKind, loadS: pair.loadS, floorRows: pair.floorRows!,
        pgstrata: { steps: pair.steps!, statements: statements(pair.upSql!), bytes: pair.upSql!.length }, migra: pair.migra ?? null,
      },
      contenders,
      stages: summarizeStages(stages.get(pair)!, contenders.find((c) => c.name === NODE_FLOOR)!.medianS),
      stageRuns,
    }
  })
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '500,2000' },
      rounds: { type: 'string', default: '3' },
      'migra-rounds': { type: 'string', default: '1' },
      'stage-runs': { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
  })
  const one = (flag: string, text: string, min = 1) => wholeNumbers(flag, text, min)[0]!
  const sizes = wholeNumbers('--sizes', values.sizes)
  const rounds = one('--rounds', values.rounds)
  const migraRounds = Math.min(one('--migra-rounds', values['migra-rounds'], 0), rounds)
  const stageRuns = one('--stage-runs', values['stage-runs'])

  ensurePeerTools('@pgkit/migra')
  buildPgstrata()
  const versions = {
    node: process.version, pgstrata: packageVersion('package.json'), source: sourceState(), psql: psqlVersion(),
    migra: packageVersion('bench/node_modules/@pgkit/migra/package.json'),
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-bench-diff-'))
  try {
    const server = await benchServer(work)
    const settings = await serverSettings(server.url)
    const floor = floorQueries(Number(settings.server_version_num))
    const queries = { queriesJson: path.join(work, 'floor-queries.json'), floor }
    await writeFile(queries.queriesJson, JSON.stringify(floor))
    const { results, roundTrips } = await withSizes(sizes, work, queries, async (prepared) => ({
      results: await measure(prepared.map((p) => p.pair), rounds, migraRounds, stageRuns),
      roundTrips: prepared.flatMap((p) => (p.roundTrip ? [p.roundTrip] : [])),
    }))
    const result: DiffResult = {
      rounds, migraRounds, versions, server: { kind: server.kind, ...settings }, sizes: results, verdict: verdictOf(results, roundTrips),
    }
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else printDiffReport(result)
    if (result.verdict.roundTripMet === false) {
      log('bench:diff: applying pgstrata\'s up SQL to A left differences to B, so the diff is incomplete (see the round trip in the report)')
      process.exitCode = 1
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

await main()
