// Building on a scratch database: schema/'s DDL, or the migrations folder
// replayed, then introspected. PostgreSQL's own spelling of the target is
// what the diff compares with the live database.
import { openConnection, type Target } from '../db/connect.ts'
import { withScratch, type ScratchOptions } from '../db/scratch.ts'
import { ddlOf, type DdlStatement } from '../dsl/ddl.ts'
import type { SchemaModel } from '../dsl/load.ts'
import { PgstrataError } from '../errors.ts'
import { loadParser } from '../sql/parse.ts'
import { introspectTarget, type IntrospectOptions } from '../introspect/index.ts'
import type { Model } from '../model/types.ts'
import { up, type RunnerConfig } from './runner.ts'
import { progress, progressDone } from '../progress.ts'

/** SQLSTATEs that say something a statement needs is not there yet: it is tried again after the rest. */
const NOT_YET = new Set(['42P01', '42883', '42704', '3F000', '42703'])

/** Statements per transaction: thousands of CREATE TABLEs in one run out of lock slots (max_locks_per_transaction). */
const BATCH = 200

/**
 * Runs the DDL of `model` on `target`, phase by phase. Statements of a phase
 * are sent pipelined in transactions of BATCH; a batch that fails is run
 * again with a savepoint per statement, so one that fails is undone alone.
 * Those that failed because something they need was not there yet run again
 * after the others, until no more succeed. What still fails is reported with
 * its DSL path and PostgreSQL's message.
 */
export async function buildSchema(target: Target, model: SchemaModel): Promise<void> {
  // Grants on routines read the routine's name from its statement.
  await loadParser()
  const sql = openConnection(target)
  try {
    await sql.unsafe('SET synchronous_commit = off')
    await sql.unsafe('SET check_function_bodies = off')
    let deferred: { statement: DdlStatement; error: PgError }[] = []
    const { phases } = ddlOf(model)
    const total = phases.reduce((n, phase) => n + phase.length, 0)
    let done = 0
    for (const phase of phases) {
      progress(`building schema/ on a scratch database: ${done} of ${total} statements`)
      done += phase.length
      let pending = [...deferred.map((d) => d.statement), ...phase]
      deferred = []
      for (;;) {
        const failed = await runBatch(sql, pending)
        const retry = failed.filter((f) => NOT_YET.has(f.error.code ?? ''))
        const fatal = failed.filter((f) => !NOT_YET.has(f.error.code ?? ''))
        if (fatal.length > 0) throw buildError(fatal)
        if (retry.length === 0) break
        if (retry.length === pending.length) {
          deferred = retry
          break
        }
        pending = retry.map((r) => r.statement)
      }
    }
    if (deferred.length > 0) throw buildError(deferred)
  } finally {
    await sql.end({ timeout: 5 }).catch(() => {})
  }
}

interface PgError {
  readonly code?: string
  readonly message: string
  readonly detail?: string
  readonly hint?: string
}

async function runBatch(sql: ReturnType<typeof openConnection>, statements: readonly DdlStatement[]): Promise<{ statement: DdlStatement; error: PgError }[]> {
  const failed: { statement: DdlStatement; error: PgError }[] = []
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
          failed.push({ statement, error: error as PgError })
        }
      }
    })
  }
  return failed
}

function buildError(failures: readonly { statement: DdlStatement; error: PgError }[]): PgstrataError {
  const line = ({ statement, error }: (typeof failures)[number]) =>
    `${statement.path}: PostgreSQL rejected it: ${error.message}${error.detail ? ` (${error.detail})` : ''}`
  const [first, ...rest] = failures
  return new PgstrataError('SCHEMA_REJECTED', line(first!), {
    exitCode: 2,
    context: [`the statement: ${first!.statement.sql.split('\n').join(' ').slice(0, 300)}`, ...rest.map(line)],
    hint: first!.error.hint ?? (/^role ".*" does not exist$/.test(first!.error.message)
      ? 'pgstrata creates no roles: create the role on this server and on every server the migrations run on (CREATE ROLE …), or take it out of the grant'
      : 'fix the object in schema/: PostgreSQL must accept what the DSL describes'),
  })
}

export interface TargetModelOptions extends ScratchOptions {
  readonly introspect: IntrospectOptions
}

/** schema/ built on a scratch database and introspected there. */
export function modelOfSchema(model: SchemaModel, options: TargetModelOptions): Promise<Model> {
  return withScratch(options, async (scratch) => {
    await buildSchema(scratch.target, model)
    progress('reading schema/ back from the scratch database')
    return introspectTarget(scratch.target, options.introspect).finally(progressDone)
  })
}

/** The migrations folder replayed (every up file, in order) on a scratch database, and introspected there. */
export function modelOfMigrations(config: Omit<RunnerConfig, 'target'>, options: TargetModelOptions): Promise<Model> {
  return withScratch(options, async (scratch) => {
    let applied = 0
    progress('replaying migrations/ on a scratch database')
    await up({ ...config, target: scratch.target, lockWaitSeconds: 0 }, {}, {
      onApplied: (migration) => progress(`replaying migrations/ on a scratch database: ${++applied} applied, last ${migration.id}`),
    })
    progress('reading the replayed migrations back')
    return introspectTarget(scratch.target, options.introspect).finally(progressDone)
  })
}
