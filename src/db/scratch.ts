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

/** A statement to build on a scratch database (the caller's type may carry more, such as what names it in messages). */
export interface ScratchStatement {
  readonly sql: string
}

/** What PostgreSQL said about a statement that failed. */
export interface StatementError {
  readonly code?: string
  readonly message: string
  readonly detail?: string
  readonly hint?: string
}

export interface StatementFailure<S extends ScratchStatement> {
  readonly statement: S
  readonly error: StatementError
}

export interface PhaseOptions {
  /**
   * Per phase, whether its statements may also run on other connections at
   * once: true where they take no locks that conflict with each other's
   * (CREATE TABLE, CREATE INDEX, each on its own table).
   */
  readonly concurrent?: readonly boolean[]
  /** Connections a concurrent phase runs on, counting the one every other phase runs on (default CONNECTIONS). */
  readonly connections?: number
  /** Statements a concurrent phase needs before it is shared out (default CONCURRENT_MINIMUM). */
  readonly concurrentMinimum?: number
  /** Before each phase: the statements of the phases before it, and of all. */
  readonly onPhase?: (done: number, total: number) => void
}

/** SQLSTATEs that say something a statement needs is not there yet: it is tried again after the rest. */
const NOT_YET = new Set(['42P01', '42883', '42704', '3F000', '42703'])

/** Statements per transaction: thousands of CREATE TABLEs in one run out of lock slots (max_locks_per_transaction). */
const BATCH = 200

/**
 * Connections of a concurrent phase. Building on a scratch database waits
 * mostly on the disk (every index build ends in an fsync of its file, every
 * relation is a file created), not on the CPU, so a few sessions overlap
 * those waits; each takes BATCH / CONNECTIONS statements per transaction, so
 * that as many locks are held at once as by one session.
 */
const CONNECTIONS = 4
/** A small phase is not worth the connections. */
const CONCURRENT_MINIMUM = 100

/**
 * Runs `phases` on `target`, in order. Statements of a phase are sent
 * pipelined in transactions of BATCH; a batch that fails is run again with a
 * savepoint per statement, so one that fails is undone alone. Those that
 * failed because something they need was not there yet run again after the
 * others, until no more succeed; they are carried into the next phase.
 * Returns what failed for good: the first phase's other failures, or what
 * was never built. A concurrent phase is first shared out over several
 * connections; what does not commit there (a batch that failed, waited into
 * a deadlock or could not connect) runs afterwards as above, in declaration
 * order, so what is built and what is reported are as on one connection.
 */
export async function runPhases<S extends ScratchStatement>(target: Target, phases: readonly (readonly S[])[], options: PhaseOptions = {}): Promise<StatementFailure<S>[]> {
  const sql = openConnection(target)
  const others: postgres.Sql[] = []
  try {
    await setUp(sql)
    let deferred: StatementFailure<S>[] = []
    const total = phases.reduce((n, phase) => n + phase.length, 0)
    let done = 0
    for (const [index, phase] of phases.entries()) {
      options.onPhase?.(done, total)
      done += phase.length
      let pending = [...deferred.map((d) => d.statement), ...phase]
      deferred = []
      const lanes = Math.min(options.connections ?? CONNECTIONS, Math.ceil(pending.length / 2))
      if (options.concurrent?.[index] && lanes > 1 && pending.length >= (options.concurrentMinimum ?? CONCURRENT_MINIMUM)) {
        while (others.length < lanes - 1) others.push(openConnection(target))
        pending = await runConcurrently([sql, ...others.slice(0, lanes - 1)], pending)
      }
      while (pending.length > 0) {
        const failed = await runBatches(sql, pending)
        const retry = failed.filter((f) => NOT_YET.has(f.error.code ?? ''))
        const fatal = failed.filter((f) => !NOT_YET.has(f.error.code ?? ''))
        if (fatal.length > 0) return fatal
        if (retry.length === pending.length) {
          deferred = retry
          break
        }
        pending = retry.map((r) => r.statement)
      }
    }
    return deferred
  } finally {
    await Promise.all([sql, ...others].map((s) => s.end({ timeout: 5 }).catch(() => {})))
  }
}

async function setUp(sql: postgres.Sql): Promise<void> {
  await sql.unsafe('SET synchronous_commit = off')
  await sql.unsafe('SET check_function_bodies = off')
}

async function runBatches<S extends ScratchStatement>(sql: postgres.Sql, statements: readonly S[]): Promise<StatementFailure<S>[]> {
  const failed: StatementFailure<S>[] = []
  for (let start = 0; start < statements.length; start += BATCH) {
    const batch = statements.slice(start, start + BATCH)
    // Usually everything succeeds: the batch goes out pipelined, one round trip.
    const ok = await sql.begin((tx) => batch.map((statement) => tx.unsafe(statement.sql))).then(() => true, () => false)
    if (ok) continue
    // Something failed and the transaction with it: again, each statement under a savepoint, to learn which.
    await sql.begin(async (tx) => {
      for (const statement of batch) {
        try {
          await tx.savepoint((sp) => sp.unsafe(statement.sql))
        } catch (error) {
          failed.push({ statement, error: error as StatementError })
        }
      }
    })
  }
  return failed
}

/**
 * `statements` shared out in order over `connections`, a contiguous share
 * each, in transactions of BATCH / connections. Returns, in their order,
 * those whose transaction did not commit.
 */
async function runConcurrently<S extends ScratchStatement>(connections: readonly postgres.Sql[], statements: readonly S[]): Promise<S[]> {
  const share = Math.ceil(statements.length / connections.length)
  const size = Math.max(1, Math.floor(BATCH / connections.length))
  const left = await Promise.all(connections.map(async (sql, lane) => {
    const mine = statements.slice(lane * share, (lane + 1) * share)
    // The first connection is set up already; a connection that cannot be had leaves its share to it.
    if (lane > 0 && !await setUp(sql).then(() => true, () => false)) return [...mine]
    const notCommitted: S[] = []
    for (let start = 0; start < mine.length; start += size) {
      const batch = mine.slice(start, start + size)
      const ok = await sql.begin((tx) => batch.map((statement) => tx.unsafe(statement.sql))).then(() => true, () => false)
      if (!ok) notCommitted.push(...batch)
    }
    return notCommitted
  }))
  return left.flat()
}
