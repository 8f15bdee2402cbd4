// Building on a scratch database: schema/'s DDL, or the migrations folder
// replayed, then introspected. PostgreSQL's own spelling of the target is
// what the diff compares with the live database.
import type { Target } from '../db/connect.ts'
import { runPhases, scratchDatabase, withScratch, type ScratchOptions } from '../db/scratch.ts'
import { ddlNeedsParser, ddlOf, schemaRejected } from '../dsl/ddl.ts'
import type { SchemaModel } from '../dsl/load.ts'
import { loadParser } from '../sql/parse.ts'
import { introspectTarget, type IntrospectOptions } from '../introspect/index.ts'
import type { Model } from '../model/types.ts'
import { up, type RunnerConfig } from './runner.ts'
import { progress, progressDone } from '../progress.ts'

/**
 * schema/'s DDL run on `target` (a scratch database), phase by phase, the
 * phases that allow it on several connections at once (runPhases). What
 * PostgreSQL refuses is reported with its DSL path (SCHEMA_REJECTED, exit 2).
 */
export async function buildSchema(target: Target, model: SchemaModel): Promise<void> {
  // Grants on routines read the routine's name from its statement.
  if (ddlNeedsParser(model)) await loadParser()
  const { phases, concurrent } = ddlOf(model)
  const failures = await runPhases(target, phases, {
    concurrent, onPhase: (done, total) => progress(`building schema/ on a scratch database: ${done} of ${total} statements`),
  })
  if (failures.length > 0) throw schemaRejected(failures)
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

/**
 * As modelOfSchema, but the scratch database is dropped while the caller goes
 * on: `released` settles when it is gone. When the build or the read fails,
 * it is dropped before the error is thrown (and its own error wins, as in
 * withScratch).
 */
export async function modelOfSchemaDroppedLater(model: SchemaModel, options: TargetModelOptions): Promise<{ model: Model; released: Promise<void> }> {
  const scratch = await scratchDatabase(options)
  let read: Model
  try {
    await buildSchema(scratch.target, model)
    progress('reading schema/ back from the scratch database')
    read = await introspectTarget(scratch.target, options.introspect).finally(progressDone)
  } catch (error) {
    await scratch.release()
    throw error
  }
  const released = scratch.release()
  released.catch(() => {})
  return { model: read, released }
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
