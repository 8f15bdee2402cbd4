// `npm run test:matrix [-- 14 18] [--parallel]`: the whole test suite on each
// supported PostgreSQL major, one after another (or at once), each on an embedded server of that
// major (TEST_PG_MAJOR; the binaries come from npm, pinned per major in
// package.json), then a table: major, passed, failed, skipped, duration.
// Each major's output goes to .matrix/pg<major>.log; the failures are
// printed. Exit 1 when any major has a failure.
import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SUPPORTED_MAJORS } from '../test/helpers/database.ts'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const LOGS = path.join(REPO, '.matrix')

interface Outcome {
  readonly major: number
  readonly total: number
  readonly passed: number
  readonly skipped: number
  readonly code: number | null
  readonly seconds: number
  readonly failures: readonly string[]
}

/** uvu's last summary: "Total: 12  Passed: 11  Skipped: 0". */
function summaryOf(output: string): { total: number; passed: number; skipped: number } {
  const number = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(output)?.[1] ?? 0)
  return { total: number('Total'), passed: number('Passed'), skipped: number('Skipped') }
}

async function runMajor(major: number, extra: readonly string[]): Promise<Outcome> {
  const log = path.join(LOGS, `pg${major}.log`)
  const file = createWriteStream(log)
  const env: NodeJS.ProcessEnv = { ...process.env, TEST_PG_MAJOR: String(major), TEST_NO_DOCKER: '1' }
  delete env.TEST_DATABASE_URL
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', '\\.test\\.ts$', '--no-color', ...extra], {
    cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      file.write(chunk)
    })
  }
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  await new Promise((resolve) => file.end(resolve))
  // uvu's report of each failure: the FAIL line and what follows, up to the blank lines after it.
  const failures = [...output.matchAll(/ {3}FAIL {2}"[^"]+"[\s\S]*?(?=\n\n\n|$)/g)].map((m) => m[0].split('\n').slice(0, 30).join('\n'))
  return { major, ...summaryOf(output), code, seconds: (performance.now() - started) / 1000, failures }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const majors = args.filter((a) => /^\d+$/.test(a)).map(Number)
  // --parallel: the majors at once, each with its own server (CI: the runs wait on the servers more than they compute).
  const parallel = args.includes('--parallel')
  const extra = args.filter((a) => !/^\d+$/.test(a) && a !== '--parallel')
  const unknown = majors.filter((m) => !(SUPPORTED_MAJORS as readonly number[]).includes(m))
  if (unknown.length > 0) {
    process.stderr.write(`test:matrix: PostgreSQL ${unknown.join(', ')} is not supported; the majors are ${SUPPORTED_MAJORS.join(', ')}\n`)
    process.exit(2)
  }
  await mkdir(LOGS, { recursive: true })
  const one = async (major: number): Promise<Outcome> => {
    process.stderr.write(`test:matrix: PostgreSQL ${major}… (output in ${path.relative(process.cwd(), path.join(LOGS, `pg${major}.log`))})\n`)
    const outcome = await runMajor(major, extra)
    const failed = outcome.total - outcome.passed - outcome.skipped
    process.stderr.write(`test:matrix: PostgreSQL ${major}: ${outcome.passed} passed, ${failed} failed, ${outcome.skipped} skipped in ${outcome.seconds.toFixed(0)} s\n`)
    return outcome
  }
  const chosen = majors.length > 0 ? majors : SUPPORTED_MAJORS
  const outcomes: Outcome[] = []
  if (parallel) outcomes.push(...await Promise.all(chosen.map(one)))
  else for (const major of chosen) outcomes.push(await one(major))
  const rows = outcomes.map((o) => {
    // A run that died before its summary (exit code set, no totals) counts as one failure.
    const failed = Math.max(o.total - o.passed - o.skipped, o.code !== 0 ? 1 : 0)
    return [String(o.major), String(o.passed), String(failed), String(o.skipped), `${o.seconds.toFixed(0)} s`]
  })
  const head = ['major', 'passed', 'failed', 'skipped', 'duration']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  process.stdout.write(`\n${line(head)}\n${rows.map(line).join('\n')}\n`)
  for (const o of outcomes) for (const failure of o.failures) process.stdout.write(`\nPostgreSQL ${o.major}:\n${failure}\n`)
  if (rows.some((r) => r[2] !== '0')) process.exitCode = 1
}

await main()
