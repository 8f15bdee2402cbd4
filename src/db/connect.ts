// Where pgstrata connects, and how: `--url`, else DATABASE_URL, else the libpq
// PG* variables, else the local development database under .pgstrata/.
import { existsSync } from 'node:fs'
import postgres from 'postgres'
import { PgstrataError, UsageError } from '../errors.ts'

export type TargetSource = '--url' | 'DATABASE_URL' | 'PG* variables' | 'development database' | 'targets file' | 'config targets' | '--databases-like'

export interface Target {
  /** Absent for PG* variables: the driver reads them itself. */
  readonly url: string | undefined
  readonly source: TargetSource
  /** user@host:port/database — never the password. */
  readonly display: string
  /** Where a fleet's target was listed: `targets.txt:3`. */
  readonly origin?: string
}

export interface TargetOptions {
  readonly url?: string | undefined
  readonly env?: NodeJS.ProcessEnv
  readonly projectDir: string
  /** Receives the one line that announces the development database. */
  readonly announce: (line: string) => void
}

const LIBPQ_VARIABLES = ['PGHOST', 'PGHOSTADDR', 'PGPORT', 'PGDATABASE', 'PGUSER', 'PGUSERNAME']

/** Decides which server to talk to. Starts the development database only when nothing else is configured. */
export async function resolveTarget(options: TargetOptions): Promise<Target> {
  const env = options.env ?? process.env
  if (options.url) return urlTarget(options.url, '--url')
  if (env.DATABASE_URL) return urlTarget(env.DATABASE_URL, 'DATABASE_URL')
  if (LIBPQ_VARIABLES.some((name) => env[name])) {
    const { host, port, database, user } = postgres({ max: 0 }).options
    return { url: undefined, source: 'PG* variables', display: `${user}@${host.join(',')}:${port.join(',')}/${database}` }
  }
  const { dataLocation, ensureDevServer } = await import('./dev-server.ts')
  const server = await ensureDevServer(options.projectDir)
  options.announce(
    `pgstrata: no DATABASE_URL or --url; using the local development database ${server.url} ` +
      `(PostgreSQL ${server.version}, data in ${dataLocation(server, options.projectDir)}, ${server.started ? 'started now' : 'already running'})`,
  )
  return { url: server.url, source: 'development database', display: displayOf(server.url) }
}

function urlTarget(url: string, source: TargetSource): Target {
  return { url, source, display: displayOf(url) }
}

/** A fleet's target: a URL from `origin` (`targets.txt:3`), whose errors say where it came from. */
export function targetOfUrl(url: string, source: TargetSource, origin: string): Target {
  try {
    return { ...urlTarget(url, source), origin }
  } catch (error) {
    if (!(error instanceof PgstrataError)) throw error
    throw new UsageError(error.code, `${origin}: ${error.message}`, { hint: error.hint })
  }
}

/** The URL with any password replaced, also for strings that do not parse as URLs. */
export function maskPassword(text: string): string {
  // Up to the last @ of the line: a password that never parsed may hold spaces or a raw @.
  return text.replace(/(postgres(?:ql)?:\/\/[^:@/\s]*):[^\n]*@/gi, '$1:***@')
}

function displayOf(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UsageError('BAD_DATABASE_URL', `the database URL is not a valid URL: ${maskPassword(url)}`, {
      hint: 'write it as postgres://user:password@host:5432/database (percent-encode special characters in the password)',
    })
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new UsageError('BAD_DATABASE_URL', `the database URL must start with postgres:// (got ${parsed.protocol}//…)`)
  }
  const user = decodeURIComponent(parsed.username) || '(default user)'
  const database = decodeURIComponent(parsed.pathname.slice(1)) || '(default database)'
  return `${user}@${decodeURIComponent(parsed.host) || 'localhost'}/${database}`
}

export interface ClientOptions {
  readonly onNotice?: (notice: postgres.Notice) => void
  readonly onClose?: () => void
}

/**
 * One dedicated connection (a pool of one): queries issued without awaiting
 * are pipelined, and BEGIN/COMMIT may be sent as plain statements.
 */
export function openConnection(target: Target, options: ClientOptions = {}): postgres.Sql {
  const settings: postgres.Options<{}> = {
    max: 1,
    // A migration run can outlast the driver's default 30–60 minute connection
    // lifetime; closing the lock's connection would drop the lock.
    max_lifetime: null,
    idle_timeout: 0,
    connect_timeout: 15,
    fetch_types: false,
    prepare: false,
    onnotice: options.onNotice ?? (() => {}),
    ...(options.onClose ? { onclose: options.onClose } : {}),
    connection: { application_name: 'pgstrata' },
  }
  return target.url === undefined ? postgres(settings) : postgres(target.url, settings)
}

const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT',
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004',
])

/** True for errors that mean the connection itself is gone or unusable. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && CONNECTION_CODES.has(code)
}

/** Turns a failure to connect into a message that names the server and what to check. */
export function connectionFailure(target: Target, error: unknown): PgstrataError {
  const raw = error as { code?: string; message?: string }
  const code = raw.code ?? 'UNKNOWN'
  const reason = maskPassword(raw.message ?? String(error))
  const hints: Record<string, string> = {
    ECONNREFUSED: `is the server running and listening on that host and port?${existsSync('docker-compose.yml') ? ' (`docker compose up -d db` starts the one in docker-compose.yml)' : ''}`,
    ENOTFOUND: 'check the host name in the URL',
    '28P01': 'check the user name and password',
    '28000': 'the server refused this user from this host: check pg_hba.conf',
    '3D000': 'create the database first, or fix its name in the URL',
  }
  return new PgstrataError('CONNECTION_FAILED', `could not connect to ${target.display} (from ${target.origin ?? target.source}): ${reason}`, {
    hint: hints[code] ?? 'check the URL and that the server accepts connections',
    cause: error,
  })
}
