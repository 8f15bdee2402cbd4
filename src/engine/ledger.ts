// The ledger: one row per applied migration, written in the same transaction
// as the migration itself. Beside it, an append-only log of every up, down,
// baseline and accept, and the progress of files that run outside a transaction.
import type postgres from 'postgres'
import { UsageError } from '../errors.ts'
import { identifierBytes, literal, MAX_IDENTIFIER_BYTES, qualified } from '../sql/quote.ts'

export interface LedgerNames {
  readonly schema: string
  readonly table: string
  /** Quoted, schema-qualified names, ready for SQL text. */
  readonly ledger: string
  readonly log: string
  readonly progress: string
}

export function ledgerNames(schema: string, table: string): LedgerNames {
  for (const [what, name] of [['schema', schema], ['table', `${table}_progress`]] as const) {
    if (name === '' || identifierBytes(name) > MAX_IDENTIFIER_BYTES) {
      throw new UsageError('BAD_LEDGER_NAME', `the ledger ${what} name ${JSON.stringify(name)} is empty or longer than ${MAX_IDENTIFIER_BYTES} bytes`, {
        hint: 'the ledger table name is used with the suffixes _log and _progress, which must fit in 63 bytes too',
      })
    }
  }
  return {
    schema,
    table,
    ledger: qualified(schema, table),
    log: qualified(schema, `${table}_log`),
    progress: qualified(schema, `${table}_progress`),
  }
}

export interface LedgerRow {
  readonly version: string
  readonly name: string
  readonly upChecksum: string
  readonly downChecksum: string
  readonly appliedAt: Date
  readonly executionMs: number
  readonly appliedBy: string
  /** `run`, or `baseline` for versions marked applied without running. */
  readonly method: 'run' | 'baseline'
}

export interface ProgressRow {
  readonly version: string
  readonly direction: 'up' | 'down'
  readonly checksum: string
  readonly statementsTotal: number
  readonly statementsDone: number
  readonly statementChecksums: readonly string[]
  readonly startedAt: Date
  readonly lastError: string | null
}

export interface LogRow {
  readonly id: number
  readonly version: string
  readonly event: 'up' | 'down' | 'baseline' | 'accept'
  readonly at: Date
  readonly by: string
  readonly executionMs: number | null
  readonly detail: string | null
}

export function createLedgerSql(names: LedgerNames): string {
  return `
create table if not exists ${names.ledger} (
  version text primary key check (version ~ '^[0-9]{8}_[0-9]{3}$'),
  name text not null,
  up_checksum text not null,
  down_checksum text not null,
  applied_at timestamptz not null default now(),
  execution_ms integer not null,
  applied_by text not null,
  method text not null default 'run' check (method in ('run', 'baseline'))
);
create table if not exists ${names.log} (
  id bigint generated always as identity primary key,
  version text not null,
  event text not null check (event in ('up', 'down', 'baseline', 'accept')),
  at timestamptz not null default now(),
  by text not null,
  execution_ms integer,
  detail text
);
create table if not exists ${names.progress} (
  version text primary key,
  direction text not null check (direction in ('up', 'down')),
  checksum text not null,
  statements_total integer not null,
  statements_done integer not null,
  statement_checksums jsonb not null,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_error text
);`
}

export interface LedgerState {
  /** False when the ledger tables do not exist yet: nothing was ever applied. */
  readonly exists: boolean
  readonly rows: readonly LedgerRow[]
  readonly progress: readonly ProgressRow[]
}

const UNDEFINED_TABLE = '42P01'
const UNDEFINED_SCHEMA = '3F000'

/** Reads the ledger and any partial progress in one round trip. */
export async function readLedger(sql: postgres.Sql, names: LedgerNames): Promise<LedgerState> {
  try {
    const [rows, progress] = await sql.unsafe(`
select version, name, up_checksum, down_checksum, applied_at, execution_ms, applied_by, method
  from ${names.ledger} order by applied_at, version;
select version, direction, checksum, statements_total, statements_done, statement_checksums, started_at, last_error
  from ${names.progress} order by version`) as unknown as [postgres.Row[], postgres.Row[]]
    return {
      exists: true,
      rows: rows!.map((row) => ({
        version: row.version, name: row.name, upChecksum: row.up_checksum, downChecksum: row.down_checksum,
        appliedAt: row.applied_at, executionMs: row.execution_ms, appliedBy: row.applied_by, method: row.method,
      })),
      progress: progress!.map((row) => ({
        version: row.version, direction: row.direction, checksum: row.checksum,
        statementsTotal: row.statements_total, statementsDone: row.statements_done,
        statementChecksums: row.statement_checksums, startedAt: row.started_at, lastError: row.last_error,
      })),
    }
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === UNDEFINED_TABLE || code === UNDEFINED_SCHEMA) return { exists: false, rows: [], progress: [] }
    throw error
  }
}

/** Reads the event log, oldest first. */
export async function readLog(sql: postgres.Sql, names: LedgerNames): Promise<LogRow[]> {
  try {
    const rows = await sql.unsafe(`select id, version, event, at, by, execution_ms, detail from ${names.log} order by id`)
    return rows.map((row) => ({
      id: Number(row.id), version: row.version, event: row.event, at: row.at, by: row.by,
      executionMs: row.execution_ms, detail: row.detail,
    }))
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === UNDEFINED_TABLE || code === UNDEFINED_SCHEMA) return []
    throw error
  }
}

/** Milliseconds since the current transaction began, measured by the server. */
const ELAPSED_MS = `(extract(epoch from clock_timestamp() - now()) * 1000)::integer`

export interface LedgerEntry {
  readonly version: string
  readonly name: string
  readonly upChecksum: string
  readonly downChecksum: string
}

/**
 * What the ledger records as a migration's execution time: `executionMs` as
 * given, else the time of the transaction that writes the row, plus
 * `msBefore` spent in the file's earlier transactions.
 */
export interface Timing {
  readonly executionMs?: number | undefined
  readonly msBefore?: number | undefined
}

function executionMsSql({ executionMs, msBefore }: Timing): string {
  if (executionMs !== undefined) return String(Math.round(executionMs))
  return msBefore === undefined ? ELAPSED_MS : `(${Math.round(msBefore)} + ${ELAPSED_MS})`
}

/** SQL that records `entry` as applied, with its log event; runs inside the migration's transaction. */
export function recordApplied(names: LedgerNames, entry: LedgerEntry, by: string, options: Timing & { method?: 'run' | 'baseline' } = {}): string {
  const ms = executionMsSql(options)
  const method = options.method ?? 'run'
  return `with applied as (
  insert into ${names.ledger} (version, name, up_checksum, down_checksum, execution_ms, applied_by, method)
  values (${literal(entry.version)}, ${literal(entry.name)}, ${literal(entry.upChecksum)}, ${literal(entry.downChecksum)}, ${ms}, ${literal(by)}, ${literal(method)})
  returning version, execution_ms
)
insert into ${names.log} (version, event, by, execution_ms)
select version, ${literal(method === 'run' ? 'up' : 'baseline')}, ${literal(by)}, execution_ms from applied`
}

/** The SQLSTATE raised when a down finds its version gone from the ledger. */
export const LEDGER_CONFLICT_CODE = 'PGS02'

/**
 * PL/pgSQL that removes `version` from the ledger and logs the down. It
 * raises when the row is not there, so the transaction cannot commit a down
 * that the ledger does not agree with.
 */
export function recordReverted(names: LedgerNames, version: string, by: string, timing: Timing = {}): string {
  const ms = executionMsSql(timing)
  return `delete from ${names.ledger} where version = ${literal(version)};
if not found then
  raise exception 'pgstrata: % is not in the ledger', ${literal(version)} using errcode = '${LEDGER_CONFLICT_CODE}';
end if;
insert into ${names.log} (version, event, by, execution_ms) values (${literal(version)}, 'down', ${literal(by)}, ${ms});`
}

/** The SQLSTATE raised when the migration sent before this one did not commit. */
export const PREVIOUS_FAILED_CODE = 'PGS03'

/**
 * PL/pgSQL that raises unless `version` is recorded (`applied`) or absent
 * (`reverted`). Migrations are sent to the server several at a time; each
 * begins by checking that the one before it committed, so nothing runs past
 * a failure.
 */
export function requirePrevious(names: LedgerNames, version: string, state: 'applied' | 'reverted'): string {
  return `if ${state === 'applied' ? 'not ' : ''}exists (select from ${names.ledger} where version = ${literal(version)}) then
  raise exception 'pgstrata: % did not commit', ${literal(version)} using errcode = '${PREVIOUS_FAILED_CODE}';
end if;`
}
