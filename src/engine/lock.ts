// The migration lock: a session-level advisory lock held by one dedicated
// connection for the whole run. It is taken by polling pg_try_advisory_lock,
// never by a blocking pg_advisory_lock: a runner blocked on the lock while
// another runs CREATE INDEX CONCURRENTLY would make the index build wait for
// it (CIC waits for every open transaction), and a blocking call cannot say
// who holds the lock or give up on time.
import { createHash, randomBytes } from 'node:crypto'
import type postgres from 'postgres'
import { PgstrataError } from '../errors.ts'

export interface LockKey {
  /** The bigint passed to pg_try_advisory_lock. */
  readonly key: bigint
  /** How pg_locks shows it: high and low 32 bits, objsubid 1. */
  readonly classid: number
  readonly objid: number
}

/** A stable key derived from the ledger's qualified name, so two ledgers in one database do not block each other. */
export function lockKeyOf(qualifiedLedger: string): LockKey {
  const digest = createHash('sha256').update(`pgstrata:${qualifiedLedger}`).digest()
  const key = digest.readBigInt64BE(0)
  const unsigned = BigInt.asUintN(64, key)
  return { key, classid: Number(unsigned >> 32n), objid: Number(unsigned & 0xffffffffn) }
}

export interface LockHolder {
  readonly pid: number
  readonly applicationName: string | null
  readonly user: string | null
  readonly client: string | null
  /** Seconds since the holder's connection last changed state: for a pgstrata holder, since it took the lock. */
  readonly heldSeconds: number | null
  readonly state: string | null
}

export function describeHolder(holder: LockHolder): string {
  const who = [holder.applicationName || 'unknown application', holder.user && `user ${holder.user}`, holder.client && `from ${holder.client}`]
    .filter(Boolean).join(', ')
  const since = holder.heldSeconds === null ? '' : ` for ${formatSeconds(holder.heldSeconds)}`
  return `pid ${holder.pid} (${who})${since}`
}

const formatSeconds = (seconds: number): string =>
  seconds < 60 ? `${seconds.toFixed(1)}s` : `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`

export class LockTimeoutError extends PgstrataError {
  constructor(waitedSeconds: number, holder: LockHolder | null) {
    super('LOCK_TIMEOUT', `gave up after waiting ${formatSeconds(waitedSeconds)} for the migration lock` +
      (holder ? `, held by ${describeHolder(holder)}` : ''), {
      hint: 'another pgstrata run is applying migrations; let it finish, or raise --lock-wait. ' +
        'If the holder is stuck, end it with SELECT pg_terminate_backend(<pid>)',
    })
  }
}

export class LockLostError extends PgstrataError {
  constructor(what: string, cause?: unknown) {
    super('LOCK_LOST', `the migration lock was lost ${what}`, {
      hint: 'the connection that held the lock closed (server restart, pg_terminate_backend, network); run pgstrata again',
      cause,
    })
  }
}

export interface LockOptions {
  readonly waitSeconds: number
  /** Called when the run starts waiting, and again whenever the holder changes. */
  readonly onWait: (holder: LockHolder | null) => void
  /** Client-side limit for one round trip on the lock connection. */
  readonly queryTimeoutMs?: number
}

export interface HeldLock {
  /** The backend pid of the lock's connection, for the fence. */
  readonly pid: number
  /**
   * PL/pgSQL that raises unless that backend still holds the lock. Run inside
   * each migration's transaction beside its ledger row, it makes a commit
   * impossible once the lock is gone, even if this process never hears about it.
   */
  readonly fence: string
  release(): Promise<void>
}

/** Takes the lock on `conn` (a dedicated connection), waiting up to `waitSeconds`. */
export async function acquireLock(conn: postgres.Sql, lock: LockKey, options: LockOptions): Promise<HeldLock> {
  const started = performance.now()
  const timeout = options.queryTimeoutMs ?? 30_000
  let lastHolder: number | undefined
  let delay = 50
  for (;;) {
    const [row] = await withTimeout(conn.unsafe(`select pg_try_advisory_lock(${lock.key}) as locked, pg_backend_pid() as pid`),
      timeout, 'while taking the migration lock')
    if (row!.locked) return heldLock(conn, lock, Number(row!.pid), timeout)
    // Who holds it is read only when it is taken: on a new connection, the
    // first query of pg_locks and pg_stat_activity costs ~10 ms.
    const holder = await withTimeout(lockHolder(conn, lock), timeout, 'while taking the migration lock')
    const waited = (performance.now() - started) / 1000
    if (waited >= options.waitSeconds) throw new LockTimeoutError(waited, holder)
    if (holder?.pid !== lastHolder) {
      lastHolder = holder?.pid
      options.onWait(holder)
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, options.waitSeconds * 1000 - waited * 1000 + 1)))
    delay = Math.min(delay * 1.5, 1000)
  }
}

/** The session holding `lock`, other than this one; null when nobody does (it was just released). */
async function lockHolder(conn: postgres.Sql, lock: LockKey): Promise<LockHolder | null> {
  const [row] = await conn.unsafe(`
select json_build_object('pid', l.pid, 'applicationName', a.application_name, 'user', a.usename,
         'client', host(a.client_addr), 'state', a.state,
         'heldSeconds', extract(epoch from now() - a.state_change)) as holder
  from pg_locks l left join pg_stat_activity a on a.pid = l.pid
 where l.locktype = 'advisory' and l.granted and l.classid = ${lock.classid} and l.objid = ${lock.objid}
   and l.objsubid = 1 and l.database = (select oid from pg_database where datname = current_database())
   and l.pid <> pg_backend_pid()
 limit 1`)
  return (row?.holder as LockHolder | undefined) ?? null
}

/**
 * With the lock, the same connection takes a second session lock on a key
 * random to this run. Nobody else ever asks for that key, so it is free
 * exactly when this run's lock connection is gone: the fence tries to take it
 * (shared, for the transaction) and raises if it can. That costs next to
 * nothing per migration, where reading pg_locks costs ~0.2 ms.
 */
async function heldLock(conn: postgres.Sql, lock: LockKey, pid: number, timeout: number): Promise<HeldLock> {
  const runKey = randomBytes(8).readBigInt64BE(0)
  const [row] = await withTimeout(conn.unsafe(`select pg_try_advisory_lock(${runKey}) as locked`), timeout, 'while taking the migration lock')
  if (!row!.locked) throw new LockLostError(`at once: the run key ${runKey} is taken, which should never happen; run pgstrata again`)
  const fence = `if pg_catalog.pg_try_advisory_xact_lock_shared(${runKey}) then
  raise exception 'pgstrata: the migration lock is no longer held by pid ${pid}' using errcode = '${FENCE_ERROR_CODE}';
end if;`
  return {
    pid,
    fence,
    // Closing the connection releases session locks too; unlocking first
    // just makes it visible at once to runners that are polling.
    release: () => withTimeout(conn.unsafe(`select pg_advisory_unlock(${lock.key}), pg_advisory_unlock(${runKey})`), timeout, 'while releasing the lock').then(() => {}),
  }
}

/** The SQLSTATE the fence raises. */
export const FENCE_ERROR_CODE = 'PGS01'

/** Rejects with LOCK_LOST when the lock connection does not answer in time (a half-open socket can hang forever). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new LockLostError(`${what}: the lock connection did not answer within ${ms / 1000}s`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
