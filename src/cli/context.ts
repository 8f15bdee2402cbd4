// What every command needs: settings, the target database, and the two
// output streams (stdout for results, stderr for progress and messages).
import path from 'node:path'
import type { Target } from '../db/connect.ts'
import { ledgerNames } from '../engine/ledger.ts'
import type { RunnerConfig } from '../engine/runner.ts'
import { DEFAULTS, durationFlag, integerFlag, readConfigFile, type Settings } from './config.ts'

export interface GlobalFlags {
  readonly url?: string
  readonly migrations?: string
  readonly config?: string
  readonly json?: boolean
  readonly ledgerSchema?: string
  readonly ledgerTable?: string
  readonly lockWait?: unknown
  readonly lockTimeout?: unknown
  readonly statementTimeout?: unknown
  readonly lockRetries?: unknown
}

export interface Output {
  readonly json: boolean
  /** True when stderr is a terminal that status lines are drawn on. */
  readonly terminal: boolean
  /** A result line on stdout (suppressed with --json). */
  out(line: string): void
  /** A status or error line on stderr, written at once. */
  err(line: string): void
  /** A progress line on stderr; lines are gathered for up to 100 ms and written together. */
  progress(line: string): void
  /** The single JSON document of a --json run. */
  result(value: unknown): void
  /**
   * A large --json document, written field by field and element by element
   * with backpressure, never whole in memory: the same bytes as result().
   */
  resultStream(value: Readonly<Record<string, unknown>>): Promise<void>
  /** A transient status line on a terminal's stderr (replaced by the next, cleared before other output); nothing when stderr is not a terminal. */
  status(line: string): void
  /** Writes any gathered progress lines. */
  flush(): void
}

export function makeOutput(json: boolean): Output {
  // Writes to a pipe are synchronous: 500 one-line writes cost ~130 ms, which a
  // run of 500 small migrations notices. Progress lines are batched instead.
  let pending = ''
  let timer: NodeJS.Timeout | undefined
  // The status line: drawn at most every 100 ms (the latest line, by a timer when
  // it comes sooner), and erased, with any line still to draw, before other output.
  const terminal = process.stderr.isTTY === true && process.env.TERM !== 'dumb'
  let latest = ''
  let drawn = false
  let drawnAt = -Infinity
  let drawTimer: NodeJS.Timeout | undefined
  const draw = () => {
    drawTimer = undefined
    drawnAt = performance.now()
    const width = Math.max(20, (process.stderr.columns || 80) - 1)
    process.stderr.write(`\r\x1b[K${latest.length > width ? `${latest.slice(0, width - 1)}…` : latest}`)
    drawn = true
  }
  const erase = () => {
    clearTimeout(drawTimer)
    drawTimer = undefined
    if (drawn) process.stderr.write('\r\x1b[K')
    drawn = false
  }
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    erase()
    if (pending !== '') process.stderr.write(pending)
    pending = ''
  }
  return {
    json,
    terminal,
    out: (line) => {
      flush()
      if (!json) process.stdout.write(`${line}\n`)
    },
    err: (line) => {
      flush()
      process.stderr.write(`${line}\n`)
    },
    progress: (line) => {
      pending += `${line}\n`
      timer ??= setTimeout(flush, 100)
    },
    status: (line) => {
      if (!terminal) return
      latest = line
      const wait = 100 - (performance.now() - drawnAt)
      if (wait <= 0) draw()
      else drawTimer ??= setTimeout(draw, wait).unref()
    },
    result: (value) => { if (json) { erase(); process.stdout.write(`${JSON.stringify(value, null, 2)}\n`) } },
    resultStream: async (value) => { if (json) { erase(); await streamJson(value) } },
    flush,
  }
}

/** Writes `value` as JSON.stringify(value, null, 2) would, in pieces of about 64 kB. */
async function streamJson(value: Readonly<Record<string, unknown>>): Promise<void> {
  let pending = ''
  const write = async (text: string) => {
    pending += text
    if (pending.length < 65_536) return
    const chunk = pending
    pending = ''
    if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve))
  }
  const indented = (item: unknown, depth: number) => JSON.stringify(item, null, 2).replaceAll('\n', `\n${' '.repeat(depth)}`)
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  await write('{')
  for (const [index, [key, item]] of entries.entries()) {
    await write(`${index === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `)
    if (Array.isArray(item) && item.length > 0) {
      await write('[')
      for (const [i, element] of item.entries()) await write(`${i === 0 ? '' : ','}\n    ${indented(element, 4)}`)
      await write('\n  ]')
    } else {
      await write(indented(item, 2))
    }
  }
  await write(`${entries.length === 0 ? '' : '\n'}}\n`)
  process.stdout.write(pending)
}

export async function loadSettings(flags: GlobalFlags): Promise<Settings> {
  const projectDir = process.cwd()
  const file = await readConfigFile(projectDir, flags.config)
  const pick = <K extends keyof Settings>(key: K, flag: unknown, convert: (v: unknown) => Settings[K]): Settings[K] =>
    flag !== undefined ? convert(flag) : file[key] !== undefined ? file[key]! : DEFAULTS[key]
  return {
    migrations: pick('migrations', flags.migrations, String),
    ledgerSchema: pick('ledgerSchema', flags.ledgerSchema, String),
    ledgerTable: pick('ledgerTable', flags.ledgerTable, String),
    lockWait: pick('lockWait', flags.lockWait, (v) => integerFlag('--lock-wait', v, 0)),
    lockTimeout: pick('lockTimeout', flags.lockTimeout, (v) => durationFlag('--lock-timeout', v)),
    statementTimeout: pick('statementTimeout', flags.statementTimeout, (v) => durationFlag('--statement-timeout', v)),
    lockRetries: pick('lockRetries', flags.lockRetries, (v) => integerFlag('--lock-retries', v, 0)),
    online: file.online ?? DEFAULTS.online,
    smallTable: file.smallTable ?? DEFAULTS.smallTable,
    targets: file.targets ?? DEFAULTS.targets,
  }
}

export async function runnerConfig(flags: GlobalFlags, output: Output): Promise<RunnerConfig & { settings: Settings }> {
  const settings = await loadSettings(flags)
  // Imported here, not at the top: makeOutput is needed by --help, the driver is not.
  const { resolveTarget } = await import('../db/connect.ts')
  const target: Target = await resolveTarget({ url: flags.url, projectDir: process.cwd(), announce: output.err })
  return configFor(settings, target)
}

/** The runner's settings for one database: one of a fleet's, or the one runnerConfig resolved. */
export function configFor(settings: Settings, target: Target): RunnerConfig & { settings: Settings } {
  const names = ledgerNames(settings.ledgerSchema, settings.ledgerTable)
  return {
    settings,
    target,
    migrationsDir: path.resolve(settings.migrations),
    names,
    lockWaitSeconds: settings.lockWait,
    lockTimeout: settings.lockTimeout,
    statementTimeout: settings.statementTimeout,
    lockRetries: settings.lockRetries,
  }
}
