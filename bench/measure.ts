// Timing a whole process, and the few statistics the benchmark reports.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'

export interface Command {
  readonly file: string
  readonly args: readonly string[]
  readonly env?: NodeJS.ProcessEnv
  readonly cwd?: string
  /** Where stdout goes, as with `> file`; by default it is read through a pipe. */
  readonly stdoutFile?: string
}

export interface Timed {
  /** Seconds from spawn to exit, measured here (finer than time's 10 ms). */
  readonly wallS: number
  /** Peak resident set of the process in MiB, or null when /usr/bin/time is missing. */
  readonly peakMiB: number | null
  readonly code: number | null
  /** stdout and stderr as they came, for error messages. */
  readonly output: string
  /** stdout alone, for a contender whose result is checked; empty when it went to `stdoutFile`. */
  readonly stdout: string
}

const GNU_TIME = '/usr/bin/time'
const hasGnuTime = existsSync(GNU_TIME)
let runs = 0

/**
 * Runs `command` to completion and measures it whole: start-up, work and exit.
 * Peak memory comes from GNU time's %M (the child's ru_maxrss, which Node
 * cannot read for a child itself); without /usr/bin/time it is null. GNU time
 * writes its report into `scratchDir`.
 */
export async function timeProcess(command: Command, scratchDir: string): Promise<Timed> {
  const report = path.join(scratchDir, `run-${++runs}.time`)
  const [file, args] = hasGnuTime
    ? [GNU_TIME, ['-f', '%M', '-o', report, command.file, ...command.args]]
    : [command.file, command.args]
  const fd = command.stdoutFile === undefined ? null : openSync(command.stdoutFile, 'w')
  const started = performance.now()
  const child = spawn(file, args, { cwd: command.cwd, env: command.env ?? process.env, stdio: ['ignore', fd ?? 'pipe', 'pipe'] })
  if (fd !== null) closeSync(fd) // the child holds its own copy
  const chunks: Buffer[] = []
  const stdout: Buffer[] = []
  child.stdout?.on('data', (chunk: Buffer) => { chunks.push(chunk); stdout.push(chunk) })
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk))
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('close', resolve))
  const wallS = (performance.now() - started) / 1000
  let peakMiB: number | null = null
  if (hasGnuTime) {
    // time writes "Command exited with non-zero status N" before the format line.
    const lines = (await readFile(report, 'utf8')).trim().split('\n')
    peakMiB = Number(lines.at(-1)) / 1024
    await rm(report, { force: true })
  }
  return { wallS, peakMiB, code, output: Buffer.concat(chunks).toString('utf8'), stdout: Buffer.concat(stdout).toString('utf8') }
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  return sorted[low]! + (sorted[Math.ceil(at)]! - sorted[low]!) * (at - low)
}

export const median = (values: readonly number[]): number => quantile(values, 0.5)

/** The nth of `items` first, so contenders take turns at each position across rounds. */
export const rotate = <T>(items: readonly T[], n: number): T[] =>
  items.map((_, i) => items[(i + n) % items.length]!)
