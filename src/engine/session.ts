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

  constructor(
    private readonly target: Target,
    private readonly onNotice: (notice: postgres.Notice) => void,
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
    const sql = openConnection(this.target, { onNotice: this.onNotice })
    try {
      // client_connection_check_interval (PostgreSQL 14+) makes a backend notice
      // that its client died while a long statement runs, instead of finishing
      // it for nobody; set_config is skipped on older servers.
      const [row] = await sql.unsafe(`
select pg_backend_pid() as pid, current_setting('server_version') as version,
       current_setting('server_version_num')::int as version_num, current_user as "user",
       case when current_setting('server_version_num')::int >= 140000
            then set_config('client_connection_check_interval', '2s', false) end as check_interval`)
      this.#sql = sql
      this.#info = { pid: row!.pid, serverVersion: row!.version, serverVersionNum: row!.version_num, user: row!.user }
      return this.#info
    } catch (error) {
      await sql.end({ timeout: 1 }).catch(() => {})
      throw connectionFailure(this.target, error)
    }
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
