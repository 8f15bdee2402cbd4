// `npm run bench`: every benchmark with its defaults, one after another, each
// report as its own script prints it, then the issue's targets from all of them
// in one table, every figure beside its floor measured in the same run.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createWriteStream } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { printCreateReport, TARGETS as CREATE_TARGETS, type CreateResult } from './create-report.ts'
import { printDiffReport, type DiffResult } from './diff-report.ts'
import { printIntrospectReport, TARGETS as INTROSPECT_TARGETS, type IntrospectResult } from './introspect-report.ts'
import { HELP, PGSTRATA, printReport, table, UP_NOTHING_PENDING, type BenchResult } from './report.ts'

/** One of the issue's targets as a run met it or not, as the table prints it. */
interface Row {
  readonly bench: string
  readonly figure: string
  readonly value: string
  readonly ratio: string
  readonly target: string
  readonly met: boolean | null
}

const x = (ratio: number): string => `${ratio.toFixed(2)}×`
const s = (seconds: number): string => `${seconds.toFixed(3)} s`
const count = (n: number): string => n.toLocaleString('en-US')

function runnerRows(result: BenchResult): Row[] {
  const startup = new Map(result.startup.map((probe) => [probe.name, probe]))
  return result.targets.map((target) => {
    if (target.unit === 'x') {
      const size = result.sizes.find((each) => `up ${each.count}` === target.name)
      const pgstrata = size?.contenders.find((c) => c.name === PGSTRATA)
      return {
        bench: 'runner', figure: `up of ${count(size?.count ?? 0)} migrations`, value: pgstrata ? s(pgstrata.medianS) : '',
        ratio: `${x(target.value)} psql`, target: `≤ ${target.limit}× psql`, met: target.met,
      }
    }
    const probe = startup.get(target.name === '--help' ? HELP : UP_NOTHING_PENDING)
    return {
      bench: 'runner', figure: target.name === '--help' ? 'pgstrata --help' : 'up, nothing pending', value: s(target.value),
      ratio: probe ? `${x(probe.ratioToNode)} node -e 0` : '', target: `≤ ${target.limit} s`, met: target.met,
    }
  })
}

function introspectRows(result: IntrospectResult): Row[] {
  return result.verdict.ratios.map((r) => ({
    bench: 'introspect', figure: `inspect, ${count(r.tables)} tables`, value: '',
    ratio: `${x(r.ratio)} floor`, target: `≤ ${INTROSPECT_TARGETS.ratioToFloor}× floor`, met: r.ratio <= INTROSPECT_TARGETS.ratioToFloor,
  }))
}

function diffRows(result: DiffResult): Row[] {
  return result.verdict.sizes.flatMap((size) => [
    {
      bench: 'diff', figure: `diff, ${count(size.tables)} tables`, value: s(size.wallS),
      ratio: `${x(size.ratioToFloor)} floor`, target: size.ratioTarget === null ? '' : `≤ ${size.ratioTarget}× floor`, met: size.ratioMet,
    },
    ...(size.peakTargetMiB === null ? [] : [{
      bench: 'diff', figure: `diff peak, ${count(size.tables)} tables`, value: size.peakMiB === null ? 'n/a' : `${Math.round(size.peakMiB)} MiB`,
      ratio: size.peakRatioToFloor === null ? '' : `${x(size.peakRatioToFloor)} floor`, target: `≤ ${size.peakTargetMiB} MiB`, met: size.peakMet,
    }]),
    {
      bench: 'diff', figure: `migra ÷ diff, ${count(size.tables)} tables`, value: '',
      ratio: size.speedUp === null ? 'n/a' : x(size.speedUp), target: `≥ ${size.speedUpTarget}×`, met: size.speedUpMet,
    },
  ])
}

function createRows(result: CreateResult): Row[] {
  return result.verdict.sizes.map((size) => ({
    bench: 'create', figure: `create, ${count(size.tables)} tables`, value: '',
    ratio: `${x(size.ratio)} floor`, target: `≤ ${CREATE_TARGETS.ratioToFloor}× floor`, met: size.met,
  }))
}

/** A benchmark's --json output printed as its own report, and its targets as rows. */
const report = <R>(print: (result: R) => void, rows: (result: R) => Row[]) => (json: unknown): Row[] => {
  print(json as R)
  return rows(json as R)
}

const BENCHES: readonly { readonly name: string; readonly report: (json: unknown) => Row[] }[] = [
  { name: 'runner', report: report(printReport, runnerRows) },
  { name: 'introspect', report: report(printIntrospectReport, introspectRows) },
  { name: 'diff', report: report(printDiffReport, diffRows) },
  { name: 'create', report: report(printCreateReport, createRows) },
]

/** Runs `bench/<name>.ts --json`, its progress on our stderr, and returns what it printed on stdout, parsed. */
async function runBench(name: string, work: string): Promise<unknown> {
  const file = path.join(work, `${name}.json`)
  const out = createWriteStream(file)
  await new Promise<void>((resolve) => out.on('open', () => resolve()))
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, '--json'], { stdio: ['ignore', out, 'inherit'] })
    child.on('error', reject)
    child.on('exit', (exitCode, signal) => resolve(signal ? 128 : exitCode))
  })
  out.close()
  if (code !== 0) throw new Error(`bench:${name} exited with ${code}; its output is above`)
  return JSON.parse(await readFile(file, 'utf8'))
}

async function main(): Promise<number> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-bench-'))
  const rows: Row[] = []
  const failed: string[] = []
  try {
    for (const bench of BENCHES) {
      process.stderr.write(`\n== npm run bench:${bench.name}\n`)
      try {
        const json = await runBench(bench.name, work)
        process.stdout.write(`\n## bench:${bench.name}\n\n`)
        rows.push(...bench.report(json))
      } catch (error) {
        failed.push(bench.name)
        process.stderr.write(`pgstrata bench: ${(error as Error).message}\n`)
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
  const mark = (met: boolean | null): string => (met === null ? 'n/a' : met ? 'met' : 'MISSED')
  process.stdout.write(`\n## The issue's targets, each against its floor in the same run (load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end)\n\n`)
  process.stdout.write(`${table(['bench', 'figure', 'pgstrata', 'ratio', 'target', ''], rows.map((r) => [r.bench, r.figure, r.value, r.ratio, r.target, mark(r.met)]))}\n`)
  const missed = rows.filter((r) => r.met === false).length
  process.stdout.write(`\n${rows.length - missed} of ${rows.length} targets met${failed.length ? `; failed to run: ${failed.join(', ')}` : ''}\n`)
  return failed.length ? 1 : 0
}

process.exitCode = await main()
