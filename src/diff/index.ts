// The diff engine: two models in, the changes between them, ordered into a
// plan with SQL and hazards. Pure: no database, no clock. Down is the same
// engine run backwards.
import { partsOf } from '../model/key.ts'
import type { Model } from '../model/types.ts'
import { invertUsings, type ColumnUsing } from './casts.ts'
import type { Change } from './change.ts'
import { UnsupportedChangeError, type DiffContext } from './context.ts'
import { diffConstraints, diffIndexes } from './constraints.ts'
import { diffGrants } from './grants.ts'
import { findRemadeAttachables, findStandalonePartitions, reattachToRemadeParents, setAsideFromAttach } from './attached.ts'
import { addDependents } from './dependents.ts'
import { planChanges, type Plan } from './plan.ts'
import { applyRenames, invertRenames, type Renames } from './renames.ts'
import { diffRoutines, diffPolicies, diffTriggers } from './routines.ts'
import { diffSchemas } from './schemas.ts'
import { diffSequences } from './sequences.ts'
import { diffTables, findRecreatedTables, restoreReplicaIdentity } from './tables.ts'
import { diffTypes } from './types.ts'
import { diffViews } from './views.ts'
import { PgstrataError } from '../errors.ts'

export type { Change, Hazard, HazardKind } from './change.ts'
export type { Plan, Step } from './plan.ts'
export { ownerDifferences } from './grants.ts'
export type { Renames } from './renames.ts'

export interface DiffOptions {
  readonly renames?: Renames
  /** USINGs for column type changes, from the schema (names as in `to`). */
  readonly usings?: readonly ColumnUsing[]
  /** server_version_num of the server the migration runs on (default: the `from` model's). */
  readonly versionNum?: number
}

/**
 * The changes that turn `from` into `to`, in no particular order (planChanges
 * orders them). Throws UNSUPPORTED_CHANGE for a transition PostgreSQL cannot
 * express safely, saying what to do instead.
 */
export function diff(from: Model, to: Model, options: DiffOptions = {}): { changes: Change[]; from: Model } {
  const renamed = options.renames ? applyRenames(from, options.renames, to) : { model: from, changes: [] }
  const ctx: DiffContext = {
    from: renamed.model, to, versionNum: options.versionNum ?? from.server.versionNum,
    changes: [...renamed.changes], recreatedTables: new Set(), standalonePartitions: new Set(), remadeAttachables: new Set(), usings: options.usings ?? [],
  }
  try {
    refuseWhatTheServerLacks(ctx)
    findRecreatedTables(ctx)
    findStandalonePartitions(ctx)
    findRemadeAttachables(ctx)
    diffSchemas(ctx)
    diffTypes(ctx)
    diffTables(ctx)
    diffSequences(ctx)
    diffConstraints(ctx)
    diffViews(ctx)
    diffIndexes(ctx)
    reattachToRemadeParents(ctx)
    setAsideFromAttach(ctx)
    restoreReplicaIdentity(ctx)
    diffRoutines(ctx)
    diffTriggers(ctx)
    diffPolicies(ctx)
    addDependents(ctx)
    diffGrants(ctx)
  } catch (error) {
    if (error instanceof UnsupportedChangeError) {
      throw new PgstrataError('UNSUPPORTED_CHANGE', `cannot migrate: ${error.message}`, { hint: error.hint, cause: error })
    }
    throw error
  }
  return { changes: ctx.changes, from: renamed.model }
}

/** The ordered plan from `from` to `to`. */
export function plan(from: Model, to: Model, options: DiffOptions = {}): Plan {
  const result = diff(from, to, options)
  return planChanges(result.changes, result.from, to, options.versionNum ?? from.server.versionNum)
}

/** Up and down from the same engine: down is the plan from the target back to the start. */
export function generateMigration(from: Model, to: Model, options: DiffOptions = {}): { up: Plan; down: Plan } {
  const versionNum = options.versionNum ?? from.server.versionNum
  const up = plan(from, to, { ...options, versionNum })
  const down = plan(to, from, { ...(options.renames ? { renames: invertRenames(options.renames) } : {}), usings: invertUsings(options.usings ?? [], options.renames), versionNum })
  return { up, down }
}

/**
 * Objects of the target that the server the migration runs on cannot hold:
 * NULLS NOT DISTINCT and security_invoker views exist from PostgreSQL 15,
 * virtual generated columns from 18. Refused with the way out, rather than
 * SQL that fails on the server.
 */
function refuseWhatTheServerLacks(ctx: DiffContext): void {
  const major = Math.floor(ctx.versionNum / 10000)
  if (major < 15) {
    const lacking = (what: string) => new UnsupportedChangeError(`${what}, which PostgreSQL ${major} does not have (it came with 15)`,
      'leave it out of the target, or migrate a PostgreSQL 15+ server')
    for (const c of ctx.to.constraints.values()) {
      if (c.nullsNotDistinct) throw lacking(`constraint ${c.name} on ${partsOf(c.table).schema}.${partsOf(c.table).name} is UNIQUE NULLS NOT DISTINCT`)
    }
    for (const i of ctx.to.indexes.values()) if (i.nullsNotDistinct) throw lacking(`index ${i.schema}.${i.name} is NULLS NOT DISTINCT`)
    for (const v of ctx.to.views.values()) if (v.securityInvoker) throw lacking(`view ${v.schema}.${v.name} has security_invoker`)
  }
  if (ctx.versionNum >= 180000) return
  for (const table of ctx.to.tables.values()) {
    const virtual = table.columns.find((c) => c.generated !== null && !c.generated.stored && !c.inherited)
    if (virtual) {
      throw new UnsupportedChangeError(
        `${table.schema}.${table.name}.${virtual.name} is a virtual generated column, which PostgreSQL ${major} does not have (virtual columns came with 18)`,
        'make the column STORED (GENERATED ALWAYS AS (…) STORED), or migrate a PostgreSQL 18 server',
      )
    }
  }
}

