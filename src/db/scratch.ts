// Scratch databases: where schema/ is built (and migrations replayed) to be
// introspected, so that PostgreSQL spells the target schema. From, in order:
// --shadow-url / SHADOW_DATABASE_URL (a database pgstrata may wipe), a
// temporary database on the target's server, or one on the embedded
// development server. A temporary database is always dropped, also on
// failure or Ctrl-C.
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { PgstrataError } from '../errors.ts'
import { ident, literal } from '../sql/quote.ts'
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
  if (shadow) return shadowDatabase({ url: shadow, source: '--url', display: displayOf(shadow) }, shadow)
  let server = options.server
  if (server === undefined) {
    const { dataLocation, ensureDevServer } = await import('./dev-server.ts')
    const dev = await ensureDevServer(options.projectDir)
    options.announce(`pgstrata: building on the local development database server ${displayOf(dev.url)} (PostgreSQL ${dev.version}, data in ${dataLocation(dev, options.projectDir)})`)
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
    return `postgres://${encodeURIComponent(String(o.user))}${password}@${o.host[0]}:${o.port[0]}/postgres`
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

/**
 * Empties the shadow database: every schema and every extension but plpgsql.
 * The public schema is made again as it was, with its owner, privileges and
 * comment: a bare CREATE SCHEMA public would lose what PostgreSQL gives every
 * new database's public schema (owner pg_database_owner and the comment
 * 'standard public schema' from PostgreSQL 15), and the diff would see those
 * as changes to make.
 */
async function emptyDatabase(target: Target): Promise<void> {
  const sql = openConnection(target)
  try {
    const schemas = await sql.unsafe(`select nspname from pg_catalog.pg_namespace
      where nspname !~ '^pg_' and nspname <> 'information_schema'`)
    const extensions = await sql.unsafe(`select extname from pg_catalog.pg_extension where extname <> 'plpgsql'`)
    const restore = await publicSchemaSql(sql)
    for (const { extname } of extensions) await sql.unsafe(`DROP EXTENSION IF EXISTS ${ident(String(extname))} CASCADE`)
    for (const { nspname } of schemas) await sql.unsafe(`DROP SCHEMA IF EXISTS ${ident(String(nspname))} CASCADE`)
    for (const statement of restore) await sql.unsafe(statement)
  } catch (error) {
    throw new PgstrataError('SCRATCH_FAILED', `could not empty the shadow database ${target.display}: ${(error as Error).message}`, {
      hint: 'the shadow database must be one pgstrata may wipe, owned by this user', cause: error,
    })
  } finally {
    await sql.end({ timeout: 5 }).catch(() => {})
  }
}

/** The statements that make the public schema again as it is now (a plain one when there is none). */
async function publicSchemaSql(sql: postgres.Sql): Promise<string[]> {
  const [schema] = await sql.unsafe(`select pg_catalog.pg_get_userbyid(nspowner) as owner, nspacl is null as "defaultAcl",
      pg_catalog.obj_description(oid, 'pg_namespace') as comment
    from pg_catalog.pg_namespace where nspname = 'public'`)
  if (schema === undefined) return ['CREATE SCHEMA public']
  const owner = ident(String(schema.owner))
  const statements = [`CREATE SCHEMA public AUTHORIZATION ${owner}`]
  if (!schema.defaultAcl) {
    // Start from no privileges at all (not the owner's implicit ones), then grant exactly what there was.
    statements.push('REVOKE ALL ON SCHEMA public FROM PUBLIC', `REVOKE ALL ON SCHEMA public FROM ${owner}`)
    const grants = await sql.unsafe(`select case when x.grantee = 0 then null else pg_catalog.pg_get_userbyid(x.grantee) end as grantee,
        x.privilege_type as privilege, x.is_grantable as grantable
      from pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) x where n.nspname = 'public'`)
    for (const g of grants) {
      statements.push(`GRANT ${String(g.privilege)} ON SCHEMA public TO ${g.grantee === null ? 'PUBLIC' : ident(String(g.grantee))}${g.grantable ? ' WITH GRANT OPTION' : ''}`)
    }
  }
  if (schema.comment !== null) statements.push(`COMMENT ON SCHEMA public IS ${literal(String(schema.comment))}`)
  return statements
}

/**
 * A shadow database serves one scratch build at a time. Within one process
 * two builds would otherwise share it (`create --from migrations` replays
 * the migrations while schema/ is built) and each would empty it under the
 * other; the second waits for the first to release it.
 */
const shadowTurns = new Map<string, Promise<void>>()

async function shadowDatabase(target: Target, url: string): Promise<Scratch> {
  const previous = shadowTurns.get(url) ?? Promise.resolve()
  let endTurn!: () => void
  const turn = new Promise<void>((resolve) => { endTurn = resolve })
  shadowTurns.set(url, previous.then(() => turn))
  await previous
  try {
    await emptyDatabase(target)
  } catch (error) {
    endTurn()
    throw error
  }
  let released: Promise<void> | undefined
  return { target, description: `the shadow database ${target.display}`, release: () => (released ??= emptyDatabase(target).finally(endTurn)) }
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
