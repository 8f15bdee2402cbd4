// The connection migrations run on. It is separate from the lock's
// connection, and replaced after a migration that leaves session state
// behind (SET, SET ROLE, temporary tables), so every migration starts clean.
import type postgres from 'postgres'
import { connectionFailure, openConnection, type Target } from '../db/connect.ts'

export interface SessionInfo {
  readonly pid: number
  readonly serverVersion: string
  readonly serverVersionNum: number
  readonly user: string
}

export class WorkSession {
  #sql: postgres.Sql | undefined
  #info: SessionInfo | undefined
  /** Queries sent and not yet settled, with the tag of what they belong to. */
  readonly #running = new Map<{ cancel(): void; readonly active?: boolean }, string | undefined>()

  constructor(
    private readonly target: Target,
    private readonly onNotice: (notice: postgres.Notice, tag: string | undefined) => void,
  ) {}

  get sql(): postgres.Sql {
    if (this.#sql === undefined) throw new Error('WorkSession used before open()')
    return this.#sql
  }

  get info(): SessionInfo {
    if (this.#info === undefined) throw new Error('WorkSession used before open()')
    return this.#info
  }

  /** Connects and prepares the session. Throws CONNECTION_FAILED with a readable reason. */
  async open(): Promise<SessionInfo> {
    // A notice arrives while the statement that raised it is the driver's
    // active query, so the active query's tag says which migration it is from.
    const sql = openConnection(this.target, { onNotice: (notice) => this.onNotice(notice, this.#activeTag()) })
    // Set at once, so close() can end a connection that is still being made.
    this.#sql = sql
    try {
      // client_connection_check_interval (PostgreSQL 14+) makes a backend notice
      // that its client died while a long statement runs, instead of finishing
      // it for nobody; set_config is skipped on older servers.
      const [row] = await sql.unsafe(`
select pg_backend_pid() as pid, current_setting('server_version') as version,
       current_setting('server_version_num')::int as version_num, current_user as "user",
       case when current_setting('server_version_num')::int >= 140000
            then set_config('client_connection_check_interval', '2s', false) end as check_interval`)
      this.#info = { pid: row!.pid, serverVersion: row!.version, serverVersionNum: row!.version_num, user: row!.user }
      return this.#info
    } catch (error) {
      if (this.#sql === sql) this.#sql = undefined
      await sql.end({ timeout: 1 }).catch(() => {})
      throw connectionFailure(this.target, error)
    }
  }

  /**
   * Sends `statements` at once, without waiting between them (one pipeline),
   * and settles each; `cancelRunning` can interrupt them. `tag` names what
   * they belong to, for notices.
   */
  async pipeline(statements: readonly string[], tag?: string): Promise<PromiseSettledResult<unknown[]>[]> {
    const queries = statements.map((text) => this.sql.unsafe(text))
    for (const query of queries) this.#running.set(query, tag)
    try {
      return await Promise.allSettled(queries)
    } finally {
      for (const query of queries) this.#running.delete(query)
    }
  }

  #activeTag(): string | undefined {
    for (const [query, tag] of this.#running) if (query.active) return tag
    return undefined
  }

  /**
   * Asks the server to cancel the statement this session is running (used
   * when the lock is lost). Only the active query is cancelled: the driver
   * loses track of results when queued pipeline entries are cancelled too,
   * and the server fails the rest of the transaction by itself.
   */
  cancelRunning(): void {
    for (const query of this.#running.keys()) if (query.active) void Promise.resolve(query.cancel()).catch(() => {})
  }

  /** Replaces the connection with a fresh one. */
  async renew(): Promise<void> {
    await this.close()
    await this.open()
  }

  async close(): Promise<void> {
    const sql = this.#sql
    this.#sql = undefined
    await sql?.end({ timeout: 2 }).catch(() => {})
  }
}
