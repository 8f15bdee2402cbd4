import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as fs from 'node:fs/promises'
import { createServer } from 'node:net'
import * as path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import postgres from 'postgres'
import { PgstrataError } from '../errors.ts'
import { loadBinaries, postgresUser, reachableBinaries, run, type Binaries, type RunAs } from './binaries.ts'

/** The local development database: an embedded PostgreSQL under `<projectDir>/.pgstrata/dev`. */
export interface DevServer {
  readonly url: string
  readonly started: boolean
  readonly version: string
  readonly dataDir: string
  readonly port: number
}

export class DevServerError extends PgstrataError {
  declare readonly hint: string
  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(code, message, { hint, cause: options?.cause })
  }
}

const LOCK_TIMEOUT_MS = 90_000
const START_TIMEOUT_S = 60
const DATABASE = 'development'
const brokenHint = (paths: Paths): string =>
  `read ${paths.log}; to start over, delete ${paths.dev} (its data is lost), or set DATABASE_URL`

/**
 * `home` is the project's .pgstrata/dev, which holds the lock; `dev` holds the
 * cluster and its log: `home` itself, or, as root when the postgres OS user
 * cannot reach the project, a folder of the project's own elsewhere (named in
 * home/elsewhere).
 */
interface Paths { readonly home: string; readonly dev: string; readonly data: string; readonly log: string; readonly lock: string }

const homeOf = (projectDir: string): string => path.join(path.resolve(projectDir), '.pgstrata', 'dev')

function pathsIn(home: string, dev: string): Paths {
  return { home, dev, data: path.join(dev, 'data'), log: path.join(dev, 'server.log'), lock: path.join(home, 'lock') }
}

/** Where the project's cluster is: home, or where home/elsewhere says. */
async function pathsOf(projectDir: string): Promise<Paths> {
  const home = homeOf(projectDir)
  const elsewhere = await fs.readFile(path.join(home, 'elsewhere'), 'utf8').then((text) => text.trim(), () => '')
  return pathsIn(home, elsewhere || home)
}

/** The folder outside the project for its cluster: the same for the same project path, every time. */
export function relocatedDir(projectDir: string): string {
  const real = path.resolve(projectDir)
  const id = createHash('sha256').update(real).digest('hex').slice(0, 12)
  const name = path.basename(real).replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40) || 'project'
  return path.join(RELOCATED_ROOT, `${name}-${id}`)
}

/** Where the server's data is, for its announce line: relative inside the project, and why when it is not. */
export function dataLocation(server: DevServer, projectDir: string): string {
  const relative = path.relative(path.resolve(projectDir), server.dataDir)
  return relative.startsWith('..') || path.isAbsolute(relative) ? `${server.dataDir} (the postgres OS user cannot reach the project)` : relative
}

/** Persistent and reachable by the postgres OS user; only root relocates, and root may create it. */
const RELOCATED_ROOT = process.env.PGSTRATA_DEV_ROOT ?? '/var/lib/pgstrata/dev'

/**
 * Start (initialising on first use) the development server under <projectDir>/.pgstrata and make
 * sure database `development` exists. Idempotent; safe when several processes call it at once.
 * The server keeps running after this process exits, so the next command finds it ready.
 * Throws DevServerError (codes DEV_SERVER_*) with a hint.
 */
export async function ensureDevServer(projectDir: string): Promise<DevServer> {
  const home = homeOf(projectDir)
  await fs.mkdir(home, { recursive: true })
  // Keeps the cluster out of version control without touching the project's own .gitignore.
  await fs.writeFile(path.join(path.dirname(home), '.gitignore'), '*\n', { flag: 'wx' }).catch(ignoreCodes('EEXIST'))
  return withLock(path.join(home, 'lock'), async () => {
    const paths = await pathsOf(projectDir)
    const running = await runningPort(paths.data)
    const { port, started, dataDir } = running === null ? await startServer(projectDir, paths) : { port: running, started: false, dataDir: paths.data }
    const version = await ensureDatabase(port, paths)
    return { url: urlOf(port, DATABASE), started, version, dataDir, port }
  })
}

/** Stop the development server (fast shutdown: sessions are disconnected). False if it was not running. */
export async function stopDevServer(projectDir: string): Promise<boolean> {
  const paths = await pathsOf(projectDir)
  if ((await runningPort(paths.data)) === null) return false
  return withLock(paths.lock, async () => {
    if ((await runningPort(paths.data)) === null) return false
    const [found, runAs] = await Promise.all([loadBinaries(), postgresUser()])
    const bin = runAs ? await reachableBinaries(found, runAs) : found
    const result = await run(bin.pg_ctl, ['stop', '-w', '-m', 'fast', '-D', paths.data], { runAs, cwd: paths.dev })
    if (result.code !== 0) {
      throw new DevServerError('DEV_SERVER_STOP_FAILED', `pg_ctl stop failed:\n${tail(result.output)}`, brokenHint(paths))
    }
    return true
  })
}

export async function devServerStatus(projectDir: string): Promise<{ running: boolean; port: number | null; dataDir: string; initialised: boolean }> {
  const paths = await pathsOf(projectDir)
  const port = await runningPort(paths.data)
  return { running: port !== null, port, dataDir: paths.data, initialised: await isInitialised(paths.data) }
}

async function startServer(projectDir: string, where: Paths): Promise<{ port: number; started: boolean; dataDir: string }> {
  const [found, runAs] = await Promise.all([loadBinaries(), postgresUser()])
  const paths = runAs ? await reachableHome(projectDir, where, runAs) : where
  const bin = runAs ? await reachableBinaries(found, runAs) : found
  if (!(await isInitialised(paths.data))) await initialise(paths, bin, runAs)
  const port = await choosePort(path.join(paths.data, 'postgresql.conf'))
  // Settings live in postgresql.conf (written by initialise), so `pg_ctl start` needs no -o.
  const result = await run(bin.pg_ctl, ['start', '-w', '-t', String(START_TIMEOUT_S), '-D', paths.data, '-l', paths.log], { runAs, cwd: paths.dev })
  if (result.code === 0) return { port, started: true, dataDir: paths.data }
  // Another process that took over the same stale lock may have started it first (see withLock).
  const running = await runningPort(paths.data)
  if (running !== null) return { port: running, started: false, dataDir: paths.data }
  const log = await fs.readFile(paths.log, 'utf8').catch(() => '')
  throw new DevServerError('DEV_SERVER_START_FAILED',
    `the development PostgreSQL in ${paths.data} did not start:\n${tail(result.output)}\n${tail(log)}`, brokenHint(paths))
}

/**
 * initdb writes into a temporary sibling that is renamed into place only when complete, so a crash
 * or a failed initdb never leaves a half-initialised `data` for later calls to trip on.
 */
async function initialise(paths: Paths, bin: Binaries, runAs: RunAs | null): Promise<void> {
  await removeAbandonedInits(paths)
  const temp = `${paths.data}.init-${process.pid}`
  await fs.rm(temp, { recursive: true, force: true })
  const version = await run(bin.postgres, ['--version'], { runAs, cwd: paths.dev })
  const major = Number(/(\d+)/.exec(version.output)?.[1] ?? 0)
  // C collation sorts the same everywhere; from 17 the builtin provider adds Unicode-aware
  // upper()/lower() and character classes on top of it, with no dependency on OS locales.
  const locale = major >= 17 ? ['--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'] : ['--locale=C']
  const result = await run(bin.initdb, ['-D', temp, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', ...locale], { runAs, cwd: paths.dev })
  if (result.code !== 0) {
    await fs.rm(temp, { recursive: true, force: true })
    throw new DevServerError('DEV_SERVER_INIT_FAILED', `initdb failed for ${paths.data}:\n${tail(result.output)}`,
      `check free disk space and permissions on ${paths.dev}, or set DATABASE_URL to use your own server`)
  }
  // trust is safe only because the server listens on loopback alone; no unix socket, because
  // socket paths are limited to 107 bytes and a project can live anywhere.
  await fs.appendFile(path.join(temp, 'postgresql.conf'), [
    '', '# pgstrata development server: loopback TCP only, no unix socket.',
    "listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", `port = ${await freePort()}`, '',
  ].join('\n'))
  try {
    await fs.rename(temp, paths.data)
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true })
    if (!(await isInitialised(paths.data))) throw error
  }
}

async function removeAbandonedInits(paths: Paths): Promise<void> {
  const prefix = `${path.basename(paths.data)}.init-`
  for (const entry of await fs.readdir(paths.dev)) {
    if (entry.startsWith(prefix) && !isAlive(Number(entry.slice(prefix.length)))) {
      await fs.rm(path.join(paths.dev, entry), { recursive: true, force: true })
    }
  }
}

/** The configured port, or a new free one written into postgresql.conf when something else took it. */
async function choosePort(conf: string): Promise<number> {
  const text = await fs.readFile(conf, 'utf8')
  const configured = Number([...text.matchAll(/^port\s*=\s*(\d+)/gm)].at(-1)?.[1] ?? 0)
  if (configured > 0 && (await isPortFree(configured))) return configured
  const port = await freePort()
  const rewritten = text.replace(/^port\s*=\s*\d+.*$/gm, `port = ${port}`)
  await fs.writeFile(conf, rewritten === text ? `${text}\nport = ${port}\n` : rewritten)
  return port
}

async function ensureDatabase(port: number, paths: Paths): Promise<string> {
  const sql = postgres(urlOf(port, 'postgres'), { max: 1, connect_timeout: 10, onnotice: () => {} })
  try {
    const [row] = await sql<{ version: string; present: boolean }[]>`
      select current_setting('server_version') as version,
             exists (select from pg_database where datname = ${DATABASE}) as present`
    // A duplicate can only come from the stale-lock race described at withLock.
    if (!row!.present) await sql.unsafe(`create database ${DATABASE}`).catch(ignoreCodes('42P04', '23505'))
    return row!.version
  } catch (error) {
    throw new DevServerError('DEV_SERVER_UNREACHABLE', `the development PostgreSQL on port ${port} did not answer: ${String(error)}`,
      brokenHint(paths), { cause: error })
  } finally {
    await sql.end({ timeout: 5 })
  }
}

const urlOf = (port: number, database: string): string => `postgres://postgres@127.0.0.1:${port}/${database}`

async function isInitialised(data: string): Promise<boolean> {
  return fs.access(path.join(data, 'PG_VERSION')).then(() => true, () => false)
}

/** The port from postmaster.pid (line 4) when its postmaster is alive; null when not running. */
async function runningPort(data: string): Promise<number | null> {
  const text = await fs.readFile(path.join(data, 'postmaster.pid'), 'utf8').catch(() => null)
  const lines = text?.split('\n') ?? []
  const port = Number(lines[3])
  return isAlive(Number(lines[0])) && port > 0 ? port : null
}

/**
 * A lock file created atomically with the holder's pid (written aside, then hard-linked into place).
 * A lock whose holder died is taken over. Two processes that find the same dead holder can both
 * take it over in a window of microseconds; the rename in initialise and postgres's own
 * postmaster.pid interlock keep even that case to one server.
 */
async function withLock<T>(lock: string, body: () => Promise<T>): Promise<T> {
  const mine = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`
  await fs.writeFile(mine, String(process.pid))
  try {
    const deadline = Date.now() + LOCK_TIMEOUT_MS
    while (!(await tryLink(mine, lock))) {
      const holder = Number(await fs.readFile(lock, 'utf8').catch(() => ''))
      if (!isAlive(holder)) await fs.rm(lock, { force: true })
      else if (Date.now() < deadline) await sleep(50)
      else throw new DevServerError('DEV_SERVER_LOCK_TIMEOUT', `process ${holder} has held ${lock} for over ${LOCK_TIMEOUT_MS / 1000} s`,
        `wait for that pgstrata process to finish; if it is not pgstrata, delete ${lock}`)
    }
  } finally {
    await fs.rm(mine, { force: true })
  }
  try {
    return await body()
  } finally {
    await fs.rm(lock, { force: true }) // still ours: nobody takes over a lock whose holder is alive
  }
}

const tryLink = (existing: string, link: string): Promise<boolean> =>
  fs.link(existing, link).then(() => true, (error: unknown) => { ignoreCodes('EEXIST')(error); return false })

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    return errorCode(error) === 'EPERM'
  }
  // kill(pid, 0) succeeds on a zombie, and a process whose parent died stays one where PID 1
  // does not reap (some containers), so ask /proc where there is one.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z'
  } catch {
    return true
  }
}

/**
 * As root, the cluster belongs to the postgres OS user. When that user cannot
 * reach the project (a 0700 home or temp folder above it), the cluster lives in
 * a folder of the project's own under /var/lib/pgstrata/dev instead, recorded
 * in .pgstrata/dev/elsewhere so that every later command finds it.
 */
async function reachableHome(projectDir: string, paths: Paths, runAs: RunAs): Promise<Paths> {
  const reachable = async (dir: string) => {
    await fs.chown(dir, runAs.uid, runAs.gid)
    return (await run('test', ['-w', dir, '-a', '-x', dir], { runAs })).code === 0
  }
  if (await reachable(paths.dev)) return paths
  if (paths.dev !== paths.home) {
    throw new DevServerError('DEV_SERVER_NO_ACCESS',
      `the postgres OS user (uid ${runAs.uid}) cannot reach ${paths.dev}, where ${path.join(paths.home, 'elsewhere')} keeps this project's development database`,
      'make that folder and its parents searchable by others, or set DATABASE_URL to use your own server')
  }
  const dev = relocatedDir(projectDir)
  await fs.mkdir(path.dirname(dev), { recursive: true, mode: 0o755 })
  await fs.mkdir(dev, { recursive: true })
  if (!(await reachable(dev))) {
    throw new DevServerError('DEV_SERVER_NO_ACCESS',
      `PostgreSQL refuses to run as root, so pgstrata runs it as the postgres OS user (uid ${runAs.uid}), who can reach neither ${paths.home} nor ${dev}`,
      'set DATABASE_URL to use your own server, run pgstrata as a normal user, or set PGSTRATA_DEV_ROOT to a folder that user can reach')
  }
  await fs.writeFile(path.join(paths.home, 'elsewhere'), `${dev}\n`)
  return pathsIn(paths.home, dev)
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function isPortFree(port: number): Promise<boolean> {
  const server = createServer()
  const free = await new Promise<boolean>((resolve) => server.once('error', () => resolve(false)).listen(port, '127.0.0.1', () => resolve(true)))
  if (free) await new Promise((resolve) => server.close(resolve))
  return free
}

const tail = (text: string, lines = 15): string => text.trim().split('\n').slice(-lines).join('\n')
const errorCode = (error: unknown): unknown => (error as NodeJS.ErrnoException | null)?.code
const ignoreCodes = (...codes: string[]) => (error: unknown): undefined => {
  if (!codes.includes(String(errorCode(error)))) throw error
}
