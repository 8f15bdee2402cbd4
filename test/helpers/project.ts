// A throwaway project folder with a migrations/ directory, and a way to run
// the pgstrata CLI in it as a user would: a separate process, real exit codes.
import { spawn, type ChildProcess } from 'node:child_process'
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
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
  /** Writes a file under the project, making its folders. */
  writeFile(relative: string, text: string): Promise<void>
  /** Copies a file or folder of this repository (`schema`, `migrations/…`) into the project, at the same place unless `to` says otherwise. */
  copyFromRepo(relative: string, to?: string): Promise<void>
  remove(): Promise<void>
}

export interface ProjectOptions {
  /**
   * Lets files under schema/ `import … from 'pgstrata'` and get this
   * repository's sources: a package.json for ES modules and a tsconfig.json
   * whose paths entry points at src/index.ts. tsx reads paths relative to the
   * tsconfig, and did not resolve an absolute one.
   */
  readonly dsl?: boolean
}

export async function tempProject(options: ProjectOptions = {}): Promise<Project> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-project-'))
  const migrations = path.join(dir, 'migrations')
  await mkdir(migrations)
  const put = async (relative: string, text: string) => {
    const file = path.join(dir, relative)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, text)
  }
  if (options.dsl) {
    const entry = path.relative(dir, path.join(REPO, 'src/index.ts')).split(path.sep).join('/')
    await put('package.json', `${JSON.stringify({ type: 'module' })}\n`)
    await put('tsconfig.json', `${JSON.stringify({ compilerOptions: { paths: { pgstrata: [entry] } } }, null, 2)}\n`)
  }
  return {
    dir,
    migrations,
    write: async (version, name, up, down = '-- nothing to undo\nselect 1;\n') => {
      await put(`migrations/${version}_${name}.up.sql`, up)
      await put(`migrations/${version}_${name}.down.sql`, down)
    },
    writeFile: put,
    copyFromRepo: (relative, to = relative) => cp(path.join(REPO, relative), path.join(dir, to), { recursive: true }),
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
export async function withProject<T>(fn: (db: FreshDatabase, project: Project) => Promise<T>, options: ProjectOptions = {}): Promise<T> {
  const [db, project] = await Promise.all([freshDatabase(), tempProject(options)])
  try {
    return await fn(db, project)
  } finally {
    await Promise.all([db.drop(), project.remove()])
  }
}
