// What every benchmark needs around its timed runs: the server, a fresh
// database per run that is dropped whatever happens, the built CLI, and the
// facts about tools and server that a report must name.
import { execFile, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { freshDatabase, testServer, type FreshDatabase, type TestServer } from '../test/helpers/database.ts'
import type { Timed } from './measure.ts'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const PGSTRATA = path.join(REPO, 'bin/pgstrata.js')

export const log = (line: string): void => { process.stderr.write(`${line}\n`) }

const open = new Set<FreshDatabase>()

/** Runs `body` in a new database on the benchmark server, and drops it afterwards, also on failure. */
export async function inFreshDatabase<T>(prefix: string, body: (db: FreshDatabase) => Promise<T>): Promise<T> {
  return dropAfter(await freshDatabase(prefix), body)
}

/** Runs `body` on `db` and drops it afterwards, also on failure; on Ctrl-C the handler in benchServer drops it. */
async function dropAfter<T>(db: FreshDatabase, body: (db: FreshDatabase) => Promise<T>): Promise<T> {
  open.add(db)
  try {
    return await body(db)
  } finally {
    open.delete(db)
    await db.drop()
  }
}

/**
 * Runs `body` in a new database copied from `template` (CREATE DATABASE …
 * TEMPLATE, far quicker than loading a large schema again), and drops it
 * afterwards, also on failure. Nothing may be connected to `template` while it is copied.
 */
export async function inCopyOf<T>(prefix: string, template: FreshDatabase, body: (db: FreshDatabase) => Promise<T>): Promise<T> {
  // Names stay unquoted-safe, as in freshDatabase, so no quoting helper is needed below.
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`inCopyOf: prefix ${JSON.stringify(prefix)} must match [a-z_][a-z0-9_]*`)
  const { url: adminUrl } = await testServer()
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const admin = () => postgres(adminUrl, { max: 1, onnotice: () => {} })
  const creator = admin()
  try {
    await creator.unsafe(`create database ${name} template ${template.name}`)
  } finally {
    await creator.end({ timeout: 5 })
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const sql = postgres(url.href, { onnotice: () => {} })
  let dropped: Promise<void> | undefined
  const drop = async (): Promise<void> => {
    await sql.end({ timeout: 5 })
    const dropper = admin()
    try {
      await dropper.unsafe(`drop database if exists ${name} with (force)`)
    } finally {
      await dropper.end({ timeout: 5 })
    }
  }
  return dropAfter({ name, url: url.href, sql, drop: () => (dropped ??= drop()) }, body)
}

/**
 * The server: BENCH_DATABASE_URL, else what the test helper chooses
 * (TEST_DATABASE_URL, Testcontainers, an embedded PostgreSQL). On Ctrl-C or
 * SIGTERM the open databases are dropped and `work` is removed before exiting.
 */
export async function benchServer(work: string): Promise<TestServer> {
  // The helper honours TEST_DATABASE_URL; BENCH_DATABASE_URL takes precedence over it.
  if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: dropping the benchmark databases`)
      void Promise.allSettled([...open].map((db) => db.drop()))
        .then(() => rm(work, { recursive: true, force: true }))
        .finally(() => process.exit(130))
    })
  }
  return testServer()
}

export function requireSuccess(name: string, timed: Timed): void {
  if (timed.code !== 0) throw new Error(`${name} exited with ${timed.code}:\n${timed.output.slice(-2000)}`)
}

// A checkpoint before each timed run keeps one run's dirty pages from being
// flushed during the next; it needs a superuser or pg_checkpoint, so it is best effort.
export const checkpoint = (db: FreshDatabase): Promise<unknown> => db.sql.unsafe('checkpoint').catch(() => {})

/** Installs the peer tools (`npm ci --prefix bench`) when `packageName` is missing from bench/node_modules. npm's output goes to stderr. */
export function ensurePeerTools(packageName: string): void {
  if (!existsSync(path.join(REPO, 'bench/node_modules', packageName, 'package.json'))) {
    execFileSync('npm', ['ci', '--prefix', 'bench'], { cwd: REPO, stdio: ['ignore', 2, 2] })
  }
}

/** Runs a SQL file (`{ file }`) or one command (`{ command }`) with psql, stopping at the first error; rejects with psql's message. */
export function psql(url: string, input: { readonly file: string } | { readonly command: string }): Promise<void> {
  const [flag, value] = 'file' in input ? ['-f', input.file] : ['-c', input.command]
  return new Promise((resolve, reject) => {
    execFile('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', flag, value, '-d', url], { maxBuffer: 64 * 2 ** 20 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`psql ${flag} ${value} failed: ${stderr.trim() || error.message}`))
      else resolve()
    })
  })
}

/** The commit, and whether src/ differs from it, since the timed CLI is built from the work tree. Read-only. */
export function sourceState(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: REPO, encoding: 'utf8' }).trim() !== ''
    return `${commit}${dirty ? ' with uncommitted changes in src/' : ''}`
  } catch {
    return 'not a git checkout'
  }
}

/** Builds dist/ from the current src/, so the timed CLI is what is checked out. Output goes to stderr, keeping --json's stdout clean. */
export function buildPgstrata(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: ['ignore', 2, 2] })
}

export function packageVersion(packageJson: string): string {
  return (JSON.parse(readFileSync(path.join(REPO, packageJson), 'utf8')) as { version: string }).version
}

export function psqlVersion(): string {
  try {
    return execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error('psql is needed for the floor and was not found (Debian: apt-get install postgresql-client)')
  }
}

export async function serverSettings(url: string): Promise<Record<string, string>> {
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const rows = await admin`select name, setting from pg_settings
      where name in ('server_version', 'server_version_num', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers')
      order by name`
    return Object.fromEntries(rows.map((r) => [r.name as string, r.setting as string]))
  } finally {
    await admin.end({ timeout: 5 })
  }
}

/** A flag's whole number (at least `min`), or a comma list of them (`--sizes 500,2000`: deduplicated, ascending). */
export function wholeNumbers(flag: string, text: string, min = 1): number[] {
  const values = text.split(',').map((v) => v.trim())
  if (values.some((v) => !/^\d+$/.test(v) || Number(v) < min)) throw new Error(`${flag} takes whole numbers of at least ${min}, not ${JSON.stringify(text)}`)
  return [...new Set(values.map(Number))].sort((a, b) => a - b)
}
