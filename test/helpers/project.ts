// A throwaway project folder with a migrations/ directory, and a way to run
// the pgstrata CLI in it as a user would: a separate process, real exit codes.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunnerConfig } from '../../src/engine/runner.ts'
import { ledgerNames } from '../../src/engine/ledger.ts'
import { freshDatabase, type FreshDatabase } from './database.ts'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const CLI = path.join(REPO, 'src/cli/main.ts')
// Resolved here: the child runs in a temp folder where a bare 'tsx' would not resolve.
const TSX = import.meta.resolve('tsx')

export interface Project {
  readonly dir: string
  readonly migrations: string
  /** Writes `<version>_<name>.up.sql` and `.down.sql`. */
  write(version: string, name: string, up: string, down?: string): Promise<void>
  writeFile(relative: string, text: string): Promise<void>
  remove(): Promise<void>
}

export async function tempProject(): Promise<Project> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-project-'))
  const migrations = path.join(dir, 'migrations')
  await mkdir(migrations)
  const put = (relative: string, text: string) => writeFile(path.join(dir, relative), text)
  return {
    dir,
    migrations,
    write: async (version, name, up, down = '-- nothing to undo\nselect 1;\n') => {
      await put(`migrations/${version}_${name}.up.sql`, up)
      await put(`migrations/${version}_${name}.down.sql`, down)
    },
    writeFile: put,
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface CliOptions {
  readonly cwd: string
  readonly url?: string
  readonly env?: NodeJS.ProcessEnv
  readonly timeoutMs?: number
}

/** Starts `pgstrata <args>` from the TypeScript sources; the caller awaits `done`. */
export function startCli(args: readonly string[], options: CliOptions): { child: ChildProcess; done: Promise<CliResult> } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
  delete env.DATABASE_URL
  if (options.url !== undefined) env.DATABASE_URL = options.url
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk) => { stdout += chunk })
  child.stderr!.on('data', (chunk) => { stderr += chunk })
  // A hung run must fail its test, not hang the suite: uvu has no timeouts.
  const timer = setTimeout(() => {
    stderr += `\n[test helper: pgstrata ${args.join(' ')} did not finish in ${(options.timeoutMs ?? 90_000) / 1000} s; killed]`
    child.kill('SIGKILL')
  }, options.timeoutMs ?? 90_000)
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
  return { child, done }
}

export function cli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).done
}

/** A runner configuration for calling the engine in-process. */
export function runnerConfigFor(url: string, migrationsDir: string, overrides: Partial<RunnerConfig> = {}): RunnerConfig {
  return {
    target: { url, source: '--url', display: 'test database' },
    migrationsDir,
    names: ledgerNames('public', 'pgstrata_migrations'),
    lockWaitSeconds: 10,
    lockTimeout: '5s',
    statementTimeout: null,
    ...overrides,
  }
}

/** A fresh database and a temp project for one test; both are removed afterwards, even on failure. */
export async function withProject<T>(fn: (db: FreshDatabase, project: Project) => Promise<T>): Promise<T> {
  const [db, project] = await Promise.all([freshDatabase(), tempProject()])
  try {
    return await fn(db, project)
  } finally {
    await Promise.all([db.drop(), project.remove()])
  }
}
