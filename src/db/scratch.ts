// Scratch databases: where schema/ is built (and migrations replayed) to be
// introspected, so that PostgreSQL spells the target schema. From, in order:
// --shadow-url / SHADOW_DATABASE_URL (a database pgstrata may wipe), a
// temporary database on the target's server, or one on the embedded
// development server. A temporary database is always dropped, also on
// failure or Ctrl-C.
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { PgstrataError } from '../errors.ts'
import { ident } from '../sql/quote.ts'
import { connectionFailure, openConnection, type Target } from './connect.ts'

export interface Scratch {
  readonly target: Target
  /** What it is, for messages: "a temporary database on …", "the shadow database …". */
  readonly description: string
  /** Drops a temporary database, or empties the shadow database. Idempotent. */
  release(): Promise<void>
}

export interface ScratchOptions {
  /** --shadow-url, else SHADOW_DATABASE_URL. */
  readonly shadowUrl?: string | undefined
  /** The server to create a temporary database on: the command's target, if it has one. */
  readonly server?: Target | undefined
  readonly projectDir: string
  readonly announce: (line: string) => void
}

const open = new Set<Scratch>()
let handlersInstalled = false

/** On Ctrl-C or SIGTERM, temporary databases are dropped before exiting. */
function installHandlers(): void {
  if (handlersInstalled) return
  handlersInstalled = true
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.allSettled([...open].map((s) => s.release())).then(() => process.exit(signal === 'SIGINT' ? 130 : 143))
    })
  }
}

export async function scratchDatabase(options: ScratchOptions): Promise<Scratch> {
  const shadow = options.shadowUrl ?? process.env.SHADOW_DATABASE_URL
  if (shadow) return shadowDatabase({ url: shadow, source: '--url', display: displayOf(shadow) })
  let server = options.server
  if (server === undefined) {
    const { ensureDevServer } = await import('./dev-server.ts')
    const dev = await ensureDevServer(options.projectDir)
    options.announce(`pgstrata: building on the local development database server ${displayOf(dev.url)} (PostgreSQL ${dev.version})`)
    server = { url: dev.url, source: 'development database', display: displayOf(dev.url) }
  }
  return temporaryDatabase(server)
}

const displayOf = (url: string) => {
  try {
    const u = new URL(url)
    return `${decodeURIComponent(u.username) || '(default user)'}@${u.host}/${decodeURIComponent(u.pathname.slice(1))}`
  } catch {
    return '(unreadable URL)'
  }
}

/** The server's URL, pointed at another database. PG* variables are read as the driver reads them. */
function urlOn(server: Target, database: string): string {
  const base = server.url ?? (() => {
    const o = postgres({ max: 0 }).options
    const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : ''
    return `postgres://${encodeURIComponent(o.user)}${password}@${o.host[0]}:${o.port[0]}/postgres`
  })()
  const url = new URL(base)
  url.pathname = `/${encodeURIComponent(database)}`
  return url.href
}

async function temporaryDatabase(server: Target): Promise<Scratch> {
  const name = `pgstrata_shadow_${randomBytes(5).toString('hex')}`
  const admin = openConnection(server)
  try {
    await admin.unsafe(`CREATE DATABASE ${ident(name)}`)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === '42501') {
      throw new PgstrataError('SCRATCH_DENIED', `${server.display} does not let this user create a scratch database to build schema/ on`, {
        hint: 'grant CREATEDB (ALTER ROLE … CREATEDB), or name a database pgstrata may empty with --shadow-url / SHADOW_DATABASE_URL', cause: error,
      })
    }
    throw code === undefined || /^(08|57P|28|3D)/.test(code) || /ECONN|ENOTFOUND|TIMEOUT/.test(code) ? connectionFailure(server, error) : error
  } finally {
    await admin.end({ timeout: 5 }).catch(() => {})
  }
  const url = urlOn(server, name)
  let released: Promise<void> | undefined
  const scratch: Scratch = {
    target: { url, source: server.source, display: displayOf(url) },
    description: `a temporary database ${name} on ${server.display}`,
    release: () => (released ??= (async () => {
      open.delete(scratch)
      const dropper = openConnection(server)
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
      } finally {
        await dropper.end({ timeout: 5 }).catch(() => {})
      }
    })()),
  }
  open.add(scratch)
  installHandlers()
  return scratch
}

/** Empties the shadow database: every schema but the system's (public is made again) and every extension but plpgsql. */
async function emptyDatabase(target: Target): Promise<void> {
  const sql = openConnection(target)
  try {
    const schemas = await sql.unsafe(`select nspname from pg_catalog.pg_namespace
      where nspname !~ '^pg_' and nspname <> 'information_schema'`)
    const extensions = await sql.unsafe(`select extname from pg_catalog.pg_extension where extname <> 'plpgsql'`)
    for (const { extname } of extensions) await sql.unsafe(`DROP EXTENSION IF EXISTS ${ident(String(extname))} CASCADE`)
    for (const { nspname } of schemas) await sql.unsafe(`DROP SCHEMA IF EXISTS ${ident(String(nspname))} CASCADE`)
    await sql.unsafe('CREATE SCHEMA public')
  } catch (error) {
    throw new PgstrataError('SCRATCH_FAILED', `could not empty the shadow database ${target.display}: ${(error as Error).message}`, {
      hint: 'the shadow database must be one pgstrata may wipe, owned by this user', cause: error,
    })
  } finally {
    await sql.end({ timeout: 5 }).catch(() => {})
  }
}

async function shadowDatabase(target: Target): Promise<Scratch> {
  await emptyDatabase(target)
  let released: Promise<void> | undefined
  return { target, description: `the shadow database ${target.display}`, release: () => (released ??= emptyDatabase(target)) }
}

/** Runs `body` on a scratch database and releases it afterwards, whatever happens. */
export async function withScratch<T>(options: ScratchOptions, body: (scratch: Scratch) => Promise<T>): Promise<T> {
  const scratch = await scratchDatabase(options)
  try {
    return await body(scratch)
  } finally {
    await scratch.release()
  }
}
