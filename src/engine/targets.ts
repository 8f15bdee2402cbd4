// The databases of a fleet: a targets file (a URL or libpq connection string
// per line), the databases on one server whose names match a LIKE pattern, or
// the config's `targets` list. Each becomes a Target like `--url` would, with
// a short name for tables and where it came from for errors.
import { readFile } from 'node:fs/promises'
import { openConnection, targetOfUrl, type Target } from '../db/connect.ts'
import { UsageError } from '../errors.ts'

export interface FleetTarget {
  /** What tables and lines call it: the database name, or more of the URL when names repeat. */
  readonly name: string
  readonly target: Target
  /** `targets.txt:3`, `pgstrata.config.json targets[2]`, `--databases-like 'tenant_%'`. */
  readonly origin: string
}

/**
 * `$VAR` and `${VAR}` from `env`; `$$` is a dollar sign. An unset variable is
 * an error at `origin`, since a URL with a hole in it connects somewhere else.
 */
export function expandVariables(text: string, env: NodeJS.ProcessEnv, origin: string): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, dollar: string, braced?: string, bare?: string) => {
    if (dollar === '$') return '$'
    const name = braced ?? bare!
    const value = env[name]
    if (value === undefined) {
      throw new UsageError('TARGET_VARIABLE_UNSET', `${origin}: the environment variable ${name} is not set`, {
        hint: `set ${name}, or write $$ for a dollar sign that is part of the text`,
      })
    }
    return value
  })
}

const LIBPQ_KEYS = new Set(['host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'sslmode', 'application_name', 'connect_timeout'])

/** `host=db port=5432 dbname='my app'` as the postgres:// URL the driver takes. */
export function urlOfKeywords(text: string, origin: string): string {
  const values = new Map<string, string>()
  // A value that opens a quote must close it: libpq refuses `password='abc`, and so do we.
  const pattern = /\s*([A-Za-z_]+)\s*=\s*('((?:[^'\\]|\\.)*)'|((?:[^'\s]\S*)?))/gy
  let match: RegExpExecArray | null
  let end = 0
  while ((match = pattern.exec(text)) !== null && match[0] !== '') {
    const key = match[1]!
    if (!LIBPQ_KEYS.has(key)) {
      throw new UsageError('TARGET_INVALID', `${origin}: the connection string keyword ${key} is not supported`, {
        hint: `use ${[...LIBPQ_KEYS].join(', ')}, or write the target as a postgres:// URL`,
      })
    }
    values.set(key, match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[4]!)
    end = pattern.lastIndex
  }
  if (text.slice(end).trim() !== '' || values.size === 0) {
    throw new UsageError('TARGET_INVALID', `${origin}: not a postgres:// URL or a key=value connection string`, {
      hint: "write postgres://user:password@host:5432/database or host=… port=… dbname=… user=…",
    })
  }
  const encode = encodeURIComponent
  const user = values.get('user')
  const password = values.get('password')
  // A password without a user is kept (`:secret@`): the driver takes the user from PGUSER or the OS.
  const credentials = user === undefined && password === undefined ? '' : `${encode(user ?? '')}${password === undefined ? '' : `:${encode(password)}`}@`
  const host = values.get('host') ?? values.get('hostaddr') ?? ''
  const port = values.get('port')
  const query = ['sslmode', 'application_name', 'connect_timeout'].filter((k) => values.has(k)).map((k) => `${k}=${encode(values.get(k)!)}`)
  // A host that starts with / is a socket directory: percent-encoded, it is the URL's host, as libpq
  // writes it (an empty host with a user is no URL), and the port still names the socket file.
  const authority = host.startsWith('/') ? encode(host) : host.includes(':') ? `[${host}]` : host
  return `postgres://${credentials}${authority}${port === undefined ? '' : `:${port}`}/${encode(values.get('dbname') ?? '')}${query.length ? `?${query.join('&')}` : ''}`
}

/** One entry of a targets file or list: a URL, or a connection string made into one. */
function targetOf(entry: string, env: NodeJS.ProcessEnv, origin: string): { url: string; origin: string } {
  const expanded = expandVariables(entry.trim(), env, origin)
  const url = /^postgres(ql)?:\/\//i.test(expanded) ? expanded : urlOfKeywords(expanded, origin)
  return { url, origin }
}

/** The lines of a targets file: `#` starts a comment, blank lines are skipped. */
export function parseTargets(text: string, file: string, env: NodeJS.ProcessEnv = process.env): FleetTarget[] {
  const entries: { url: string; origin: string }[] = []
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    // A # starts a comment at the line's start or after white space (a password may hold one).
    const line = raw.replace(/(^|\s)#.*$/, '').trim()
    if (line !== '') entries.push(targetOf(line, env, `${file}:${index + 1}`))
  }
  if (entries.length === 0) {
    throw new UsageError('NO_TARGETS', `${file} lists no databases`, { hint: 'write one postgres:// URL per line (# starts a comment)' })
  }
  return named(entries, 'targets file')
}

export async function readTargetsFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<FleetTarget[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError('TARGETS_UNREADABLE', `cannot read the targets file ${file}: ${(error as Error).message}`, {
      hint: 'give --targets a file with one postgres:// URL per line',
    })
  }
  return parseTargets(text, file, env)
}

/** The config's `targets` list. */
export function configTargets(list: readonly string[], file: string, env: NodeJS.ProcessEnv = process.env): FleetTarget[] {
  return named(list.map((entry, i) => targetOf(entry, env, `${file} targets[${i}]`)), 'config targets')
}

/** Every database on `server` whose name is LIKE `pattern` (not templates, not ones that refuse connections), by name. */
export async function databasesLike(server: Target, pattern: string): Promise<FleetTarget[]> {
  if (server.url === undefined) {
    throw new UsageError('BAD_USAGE', '--databases-like needs the server as a URL', { hint: 'give --url postgres://user@host:5432/postgres (or DATABASE_URL)' })
  }
  const sql = openConnection(server)
  let names: string[]
  try {
    const rows = await sql<{ datname: string }[]>`
      select datname from pg_database
      where datname like ${pattern} and not datistemplate and datallowconn
      order by datname collate "C"`
    names = rows.map((r) => r.datname)
  } finally {
    await sql.end({ timeout: 5 })
  }
  if (names.length === 0) {
    throw new UsageError('NO_TARGETS', `no database on ${server.display} has a name like ${JSON.stringify(pattern)}`, {
      hint: 'LIKE patterns use % for any run of characters and _ for one character; psql -l lists the databases',
    })
  }
  const base = new URL(server.url)
  return named(names.map((name) => {
    const url = new URL(base)
    url.pathname = `/${encodeURIComponent(name)}`
    return { url: url.href, origin: `--databases-like ${JSON.stringify(pattern)}` }
  }), '--databases-like')
}

/**
 * Targets named for tables: the database name when that tells them apart,
 * else host/database (which does: the same database twice is an error, since
 * two runs would race for one lock).
 */
function named(entries: readonly { url: string; origin: string }[], source: Target['source']): FleetTarget[] {
  const targets = entries.map((e) => {
    const target = targetOfUrl(e.url, source, e.origin)
    const url = new URL(e.url)
    const database = decodeURIComponent(url.pathname.slice(1))
    // Host, port and database from the URL, whoever the user: a user name may hold an @ (me@example.com).
    const host = decodeURIComponent(url.hostname) || 'localhost'
    return { ...e, target, database: database || '(default database)', key: `${host}:${url.port || '5432'}/${database}`, hostDatabase: `${host}${url.port ? `:${url.port}` : ''}/${database}` }
  })
  const seen = new Map<string, string>()
  for (const t of targets) {
    const earlier = seen.get(t.key)
    if (earlier !== undefined) {
      throw new UsageError('DUPLICATE_TARGET', `${t.origin}: ${t.target.display} is listed twice (also at ${earlier})`, { hint: 'list each database once' })
    }
    seen.set(t.key, t.origin)
  }
  const byDatabase = new Set(targets.map((t) => t.database)).size === targets.length
  return targets.map((t) => ({ name: byDatabase ? t.database : t.hostDatabase, target: t.target, origin: t.origin }))
}
