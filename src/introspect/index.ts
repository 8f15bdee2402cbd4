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
import { buildConstraints, constraintQueries } from './constraints.ts'
import { buildExtras, extraQueries } from './extras.ts'
import { buildRelations, relationQueries } from './relations.ts'
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
  const queries: Record<string, string> = {
    ...typeQueries(scope, versionNum),
    ...relationQueries(scope),
    ...constraintQueries(scope, versionNum),
    ...routineQueries(scope),
    ...extraQueries(scope, options.privileges ?? true),
  }
  const names = Object.keys(queries)
  // One snapshot for all queries: a concurrent migration cannot show half of
  // itself. postgres.js sends a query when it is awaited or given a handler,
  // so each gets its handler here, in order: the settings go first.
  let read = 0
  let rowCount = 0
  const results = await sql.begin('isolation level repeatable read read only', (tx) =>
    [['session settings', PIN_SETTINGS], ...names.map((name) => [name, queries[name]!])].map(([name, query]) =>
      tx.unsafe(query!).then((result) => {
        rowCount += result.length
        detail(`reading the catalog: ${++read} of ${names.length + 1} queries, ${rowCount} rows`)
        return result
      }, (error: Error) => {
        throw Object.assign(error, { message: `introspecting ${name}: ${error.message}` })
      }))) as unknown as Row[][]
  const rows = Object.fromEntries(names.map((name, i) => [name, results[i + 1]!])) as Record<string, Row[]>
  detail(`building the model from ${rowCount} catalog rows`)

  const b = new ModelBuilder({ version: String(server!.version), versionNum })
  const excluded = new Set((options.excludeRelations ?? []).map((r) => JSON.stringify([r.schema, r.name])))
  // Order matters: constraints attach to domains and tables, triggers to tables.
  buildTypes(b, rows as Parameters<typeof buildTypes>[1])
  buildRelations(b, rows as Parameters<typeof buildRelations>[1], excluded)
  buildConstraints(b, rows as Parameters<typeof buildConstraints>[1])
  buildRoutines(b, rows as Parameters<typeof buildRoutines>[1])
  buildExtras(b, rows)
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
