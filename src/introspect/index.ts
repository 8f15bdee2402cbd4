// Live introspection: one catalog query per object kind across all managed
// schemas, sent together on one connection, so the number of round trips does
// not grow with the number of tables.
import type postgres from 'postgres'
import { connectionFailure, isConnectionError, openConnection, type Target } from '../db/connect.ts'
import type { Model } from '../model/types.ts'
import { PgstrataError } from '../errors.ts'
import { detail } from '../progress.ts'
import { literal } from '../sql/quote.ts'
import { ModelBuilder, type Row } from './builder.ts'
import { constraintQueries, constraintReader } from './constraints.ts'
import { buildExtrasFrom, dependencyReader, extraQueries } from './extras.ts'
import { relationQueries, relationReader } from './relations.ts'
import { buildRoutines, routineQueries } from './routines.ts'
import { managedSchemas, type IntrospectOptions } from './scope.ts'
import { buildTypes, typeQueries } from './types.ts'

export type { IntrospectOptions } from './scope.ts'

/** The oldest major the catalog queries are written for. */
export const OLDEST_SUPPORTED = 140000

// What pg_get_expr, format_type and friends print depends on the session: a
// name is qualified only when the search_path does not make it visible, and
// constants print in the session's DateStyle, TimeZone, IntervalStyle, ... A
// role's search_path or a client's PGTZ would otherwise change the spelling
// of one schema, and the DSL's scratch database would disagree with the live
// one. Fixed for the transaction (set_config's is_local), as pg_dump does.
const SESSION_SETTINGS = [
  ['search_path', ''], ['TimeZone', 'UTC'], ['DateStyle', 'ISO, MDY'], ['IntervalStyle', 'postgres'],
  ['extra_float_digits', '1'], ['bytea_output', 'hex'], ['lc_monetary', 'C'],
  ['standard_conforming_strings', 'on'], ['quote_all_identifiers', 'off'],
] as const
const PIN_SETTINGS = `select ${SESSION_SETTINGS.map(([name, value]) => `pg_catalog.set_config(${literal(name)}, ${literal(value)}, true)`).join(', ')}`

/**
 * Reads the model of the database `sql` is connected to. Pure reads: it runs
 * in one read-only transaction, so every kind sees the same snapshot.
 */
export async function introspect(sql: postgres.Sql, options: IntrospectOptions = {}): Promise<Model> {
  const [server] = await sql.unsafe(`select current_setting('server_version') as version, current_setting('server_version_num')::int as num`)
  const versionNum = Number(server!.num)
  if (versionNum < OLDEST_SUPPORTED) {
    throw new PgstrataError('UNSUPPORTED_SERVER', `pgstrata reads the catalogs of PostgreSQL 14 and newer; this server is ${String(server!.version)}`, {
      hint: 'upgrade the server, or use a PostgreSQL 14+ scratch copy',
    })
  }
  const scope = managedSchemas(options)
  const b = new ModelBuilder({ version: String(server!.version), versionNum })
  const excluded = new Set((options.excludeRelations ?? []).map((r) => JSON.stringify([r.schema, r.name])))
  // Order matters: constraints attach to domains and tables, triggers to tables.
  const relations = relationReader(b, excluded)
  const constraints = constraintReader()
  const dependencies = dependencyReader()
  const kinds: {
    readonly queries: Record<string, string>
    /** Queries whose rows are handed over one by one as they arrive, in order, and not kept. */
    readonly stream?: Readonly<Record<string, (row: Row) => void>>
    build(rows: Record<string, Row[]>): void
  }[] = [
    { queries: typeQueries(scope, versionNum), build: (rows) => buildTypes(b, rows as Parameters<typeof buildTypes>[1]) },
    { queries: relationQueries(scope), stream: relations.stream, build: (rows) => relations.build(rows as Parameters<typeof relations.build>[0]) },
    { queries: constraintQueries(scope, versionNum), stream: constraints.stream, build: (rows) => constraints.build(b, rows as Parameters<typeof constraints.build>[1]) },
    { queries: routineQueries(scope), build: (rows) => buildRoutines(b, rows as Parameters<typeof buildRoutines>[1]) },
    { queries: extraQueries(scope, options.privileges ?? true), stream: dependencies.stream, build: (rows) => buildExtrasFrom(b, dependencies.pairs, rows) },
  ]
  const total = kinds.reduce((n, kind) => n + Object.keys(kind.queries).length, 0) + 1
  // One snapshot for all queries: a concurrent migration cannot show half of
  // itself. postgres.js sends a query when it is awaited or given a handler,
  // so each gets its handler here, in order: the settings go first. The
  // queries are pipelined; each kind is built into the model as soon as its
  // rows have come (and the kinds before it are built), while the server runs
  // the later queries, and its rows are dropped then, not held to the end.
  let read = 0
  let rowCount = 0
  await sql.begin('isolation level repeatable read read only', (tx) => {
    // An error in a row handler is kept and thrown when its query is done, not inside the driver's parser.
    let streamError: { error: unknown } | null = null
    const send = (name: string, query: string, each?: (row: Row) => void) => {
      const sent = tx.unsafe(query)
      if (each !== undefined) {
        sent.forEach((row) => {
          if (streamError !== null) return
          try {
            each(row as Row)
          } catch (error) {
            streamError = { error }
          }
        })
      }
      return sent.then((result) => {
        if (streamError !== null) throw streamError.error
        rowCount += each !== undefined ? result.count ?? 0 : result.length
        detail(`reading the catalog: ${++read} of ${total} queries, ${rowCount} rows`)
        return result as unknown as Row[]
      }, (error: Error) => {
        throw Object.assign(error, { message: `introspecting ${name}: ${error.message}` })
      })
    }
    const sent: Promise<unknown>[] = [send('session settings', PIN_SETTINGS).then(() => null)]
    let built: Promise<unknown> = Promise.resolve()
    for (const kind of kinds) {
      const rows: Record<string, Row[]> = {}
      const received = Object.entries(kind.queries).map(([name, query]) => send(name, query, kind.stream?.[name]).then((result) => {
        rows[name] = result
        return null
      }))
      sent.push(...received)
      built = Promise.all([built, ...received]).then(() => {
        kind.build(rows)
        for (const name of Object.keys(rows)) delete rows[name]
      })
    }
    return [...sent, built.then(() => detail(`built the model from ${rowCount} catalog rows`))]
  })
  return b.build()
}

/** Connects to `target`, introspects, and disconnects. Throws CONNECTION_FAILED with a readable reason. */
export async function introspectTarget(target: Target, options: IntrospectOptions = {}): Promise<Model> {
  const sql = openConnection(target)
  try {
    return await introspect(sql, options)
  } catch (error) {
    throw isConnectionError(error) ? connectionFailure(target, error) : error
  } finally {
    await sql.end({ timeout: 2 }).catch(() => {})
  }
}

/** Of `names`, the roles `target`'s server does not have (PUBLIC is not a role, and is never missing). */
export async function missingRoles(target: Target, names: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(names.filter((n) => n !== 'public'))].sort()
  if (wanted.length === 0) return []
  const sql = openConnection(target)
  try {
    const rows = await sql.unsafe(`select rolname from pg_catalog.pg_roles where rolname in (${wanted.map(literal).join(', ')})`)
    const found = new Set(rows.map((r) => String(r.rolname)))
    return wanted.filter((n) => !found.has(n))
  } catch (error) {
    throw isConnectionError(error) ? connectionFailure(target, error) : error
  } finally {
    await sql.end({ timeout: 2 }).catch(() => {})
  }
}
