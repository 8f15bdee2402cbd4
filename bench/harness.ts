// What every benchmark needs around its timed runs: the server, a fresh
// database per run that is dropped whatever happens, the built CLI, and the
// facts about tools and server that a report must name.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
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
  const db = await freshDatabase(prefix)
  open.add(db)
  try {
    return await body(db)
  } finally {
    open.delete(db)
    await db.drop()
  }
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
