// `pgstrata check` (make migrate-check): the CI gate. The migrations folder
// (half pairs, duplicate versions, bad names), schema/ against the migrations
// (replayed on a scratch database), and with a database: the files against
// its ledger, and drift (its schema against its applied migrations replayed).
// One line per finding, a line per check, exit 1 on any finding.
import path from 'node:path'
import { plan, type Plan, type Renames } from '../diff/index.ts'
import { loadSchema, type SchemaModel } from '../dsl/load.ts'
import { pendingRenames } from '../dsl/renames.ts'
import { checkFolder, isFileFault, ledgerFindings, modelOfApplied, whyNoReplay, type Finding } from '../engine/check.ts'
import type { VersionStatus } from '../engine/plan.ts'
import * as runner from '../engine/runner.ts'
import { modelOfMigrations, modelOfSchema, type TargetModelOptions } from '../engine/scratch.ts'
import type { Difference } from '../engine/verify.ts'
import { PgstrataError } from '../errors.ts'
import { introspectTarget } from '../introspect/index.ts'
import type { Model } from '../model/types.ts'
import { renderScript } from '../sql/render/script.ts'
import { describeStep } from './create.ts'
import { loadSettings, runnerConfig, type GlobalFlags, type Output } from './context.ts'
import { plural } from './format.ts'
import { introspectOptions, type SourceFlags } from './sources.ts'
import { pgstrata } from '../invocation.ts'
import { checkFleet } from './check-fleet.ts'
import { fleetOf, refuseFleetFlags, type FleetFlags } from './fleet.ts'

export type CheckFlags = GlobalFlags & SourceFlags & FleetFlags

type CheckName = 'files' | 'ledger' | 'schema' | 'drift'

export interface CheckResult {
  readonly status: 'ok' | 'failed' | 'skipped'
  readonly summary: string
  readonly findings: readonly Finding[]
}

/**
 * How `actual` differs from `expected`, as the plan that turns one into the
 * other, or null when the plan is empty (the models are equal). A difference
 * the diff engine cannot plan is still a difference, described in words.
 */
export function modelDifference(actual: Model, expected: Model, renames?: Renames): Difference | null {
  let result: Plan
  try {
    result = plan(actual, expected, renames ? { renames } : {})
  } catch (error) {
    if (!(error instanceof PgstrataError)) throw error
    return { changes: [`the difference cannot be written as SQL: ${error.message}`], sql: '' }
  }
  return result.steps.length === 0 ? null : { changes: result.steps.map(describeStep), sql: renderScript(result) }
}

export async function check(flags: CheckFlags, output: Output): Promise<void> {
  const settings = await loadSettings(flags)
  // schema/ first: a mistake there is reported (exit 2) before anything connects.
  const schemaDir = path.resolve(flags.schemaDir ?? 'schema')
  const schema = await loadSchema(schemaDir).catch((error: unknown) => {
    if (flags.schemaDir === undefined && error instanceof PgstrataError && error.code === 'SCHEMA_NOT_FOUND') return null
    throw error
  })
  const migrationsDir = path.resolve(settings.migrations)
  const folder = await checkFolder(migrationsDir)
  const fleet = await fleetOf(flags, output)
  if (fleet === null) refuseFleetFlags(flags, 'check')
  // Without a database (--url or DATABASE_URL), only the files and schema/ are checked.
  const config = fleet === null && (flags.url ?? process.env.DATABASE_URL) ? await runnerConfig(flags, output) : null
  const introspect = introspectOptions(settings)
  const context: CheckContext = {
    output, config, schema, introspect,
    // A fleet's replays run on its first target's server (or --shadow-url).
    scratch: { shadowUrl: flags.shadowUrl, server: config?.target ?? fleet?.[0]!.target, projectDir: process.cwd(), announce: output.err, introspect },
    replayConfig: { migrationsDir, names: introspect.ledger, lockWaitSeconds: 0, lockTimeout: settings.lockTimeout, statementTimeout: settings.statementTimeout },
    migrationsName: `${path.relative(process.cwd(), migrationsDir) || '.'}/`,
    schemaName: `${path.relative(process.cwd(), schemaDir) || '.'}/`,
  }
  const files: CheckResult = folder.migrations !== null
    ? { status: 'ok', summary: `${context.migrationsName}: ${plural(folder.migrations.length, 'migration')}, every file in a pair`, findings: [] }
    : { status: 'failed', summary: `${context.migrationsName}: ${plural(folder.findings.length, 'problem')}`, findings: folder.findings }
  const skipped: CheckResult = { status: 'skipped', summary: `needs ${context.migrationsName} without problems`, findings: [] }
  if (fleet !== null) return checkFleet(fleet, flags, context, files, folder.migrations === null ? skipped : null)
  const results: Record<CheckName, CheckResult> = folder.migrations === null
    ? { files, ledger: skipped, schema: skipped, drift: skipped }
    : { files, ...await checkAgainstMigrations(context) }
  finish(output, results, config?.target.display ?? null)
}

export interface CheckContext {
  readonly output: Output
  readonly config: Awaited<ReturnType<typeof runnerConfig>> | null
  readonly schema: SchemaModel | null
  readonly introspect: ReturnType<typeof introspectOptions>
  readonly scratch: TargetModelOptions
  readonly replayConfig: Parameters<typeof modelOfMigrations>[0]
  readonly migrationsName: string
  readonly schemaName: string
}

/** The ledger, schema/ and drift: what needs a readable migrations folder. The two replays run at once. */
async function checkAgainstMigrations(ctx: CheckContext): Promise<Record<'ledger' | 'schema' | 'drift', CheckResult>> {
  const { config } = ctx
  const noDatabase: CheckResult = { status: 'skipped', summary: 'no database (--url or DATABASE_URL)', findings: [] }
  const statuses = config ? (await runner.status(config)).statuses : null
  // The replay of every migration serves the schema check, and drift too when everything is applied.
  let replay: Promise<Replay> | undefined
  const replayAll = () => (replay ??= replayed(modelOfMigrations(ctx.replayConfig, ctx.scratch), `${ctx.migrationsName} replayed`))
  const [schemaResult, driftResult] = await settleBoth(
    schemaAgainst(ctx, replayAll),
    statuses === null
      ? Promise.resolve(noDatabase)
      : driftCheck(statuses, config!.target.display, ctx.output, {
        live: () => introspectTarget(config!.target, ctx.introspect),
        expected: () => statuses.every((s) => s.state === 'applied' || s.state === 'changed')
          ? replayAll()
          : replayed(modelOfApplied(ctx.replayConfig, statuses, ctx.scratch), 'the applied migrations replayed'),
      }),
  )
  return { ledger: statuses === null ? noDatabase : ledgerResult(statuses, config!.target.display), schema: schemaResult, drift: driftResult }
}

/** schema/ against the migrations replayed, or skipped without a schema/ folder. */
export function schemaAgainst(ctx: CheckContext, replayAll: () => Promise<Replay>): Promise<CheckResult> {
  return ctx.schema === null
    ? Promise.resolve<CheckResult>({ status: 'skipped', summary: `no ${ctx.schemaName} folder`, findings: [] })
    : schemaCheck(ctx.schema, replayAll(), modelOfSchema(ctx.schema, ctx.scratch), ctx)
}

/** Prints the findings and a line per check; throws CHECK_FAILED (exit 1, with the document) on any finding. */
function finish(output: Output, results: Record<CheckName, CheckResult>, database: string | null): void {
  print(output, results)
  // A replay that fails serves two checks, but is one finding.
  const findings = [...new Set(Object.values(results).flatMap((r) => r.findings))]
  const entries = Object.entries(results) as [CheckName, CheckResult][]
  const document = {
    database,
    checks: Object.fromEntries(entries.map(([name, r]) => [name, { status: r.status, summary: r.summary }])),
    findings: findings.map((f) => ({ ...f, check: entries.find(([, r]) => r.findings.includes(f))![0] })),
  }
  if (findings.length > 0) {
    const codes = [...new Set(findings.map((f) => f.code))]
    throw Object.assign(new PgstrataError('CHECK_FAILED', `${plural(findings.length, 'finding')}: ${codes.join(', ')}`, {
      hint: `each finding above says what is wrong and where; fix them and run ${pgstrata('check')} again`,
    }), { partial: document })
  }
  output.out('check passed')
  output.result({ ok: true, ...document })
}

/** Both promises settled before either error is thrown, so no scratch database is left behind by the other. */
async function settleBoth<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [x, y] = await Promise.allSettled([a, b])
  if (x.status === 'rejected') throw x.reason
  if (y.status === 'rejected') throw y.reason
  return [x.value, y.value]
}

/** A replay's model, or the finding that says which file did not run. */
export type Replay = { readonly model: Model } | { readonly finding: Finding }

export async function replayed(model: Promise<Model>, what: string): Promise<Replay> {
  try {
    return { model: await model }
  } catch (error) {
    if (!isFileFault(error)) throw error
    return { finding: { code: 'REPLAY_FAILED', subject: what, message: `failed on a scratch database: ${error.message}`, context: error.context } }
  }
}

export function ledgerResult(statuses: readonly VersionStatus[], database: string): CheckResult {
  const findings = ledgerFindings(statuses)
  const applied = statuses.filter((s) => s.row !== undefined).length
  const pending = statuses.filter((s) => s.state === 'pending').length
  const counts = `${database}: ${applied} applied, ${pending} pending`
  return findings.length === 0 ? { status: 'ok', summary: counts, findings } : { status: 'failed', summary: `${counts}; ${plural(findings.length, 'finding')}`, findings }
}

async function schemaCheck(schema: SchemaModel, replay: Promise<Replay>, built: Promise<Model>, names: { schemaName: string; migrationsName: string }): Promise<CheckResult> {
  const [start, goal] = await settleBoth(replay, built)
  if ('finding' in start) return { status: 'failed', summary: `${names.migrationsName} does not replay`, findings: [start.finding] }
  const difference = modelDifference(start.model, goal, pendingRenames(schema.renames, start.model))
  const what = `${names.schemaName} (${plural(schema.files.length, 'file')}) against ${names.migrationsName} replayed`
  if (difference === null) return { status: 'ok', summary: `${what}: the same`, findings: [] }
  return {
    status: 'failed', summary: `${what}: ${plural(difference.changes.length, 'change')}`,
    findings: [{
      code: 'SCHEMA_WITHOUT_MIGRATION', subject: names.schemaName,
      message: `differs from what the migrations make (${plural(difference.changes.length, 'change')}): if ${names.schemaName} is right, a migration is missing: run ${pgstrata('create "…"')}; if the migrations are right, change ${names.schemaName} to match them`,
      context: difference.changes, sql: difference.sql,
    }],
  }
}

export async function driftCheck(statuses: readonly VersionStatus[], database: string, output: Output, models: { live: () => Promise<Model>; expected: () => Promise<Replay> }): Promise<CheckResult> {
  const why = whyNoReplay(statuses)
  if (why !== null) return { status: 'skipped', summary: `${why}, so the applied migrations cannot be replayed`, findings: [] }
  const [live, expected] = await settleBoth(models.live(), models.expected())
  if ('finding' in expected) return { status: 'failed', summary: 'the applied migrations do not replay', findings: [expected.finding] }
  // Catalog functions spell some things differently across majors: a difference may be only that.
  const major = (model: Model) => Math.floor(model.server.versionNum / 10000)
  if (major(live) !== major(expected.model)) {
    output.err(`pgstrata: warning: ${database} runs PostgreSQL ${major(live)} and the scratch database PostgreSQL ${major(expected.model)}; some drift may be only spelling (use a shadow database of the same major: --shadow-url)`)
  }
  const count = statuses.filter((s) => s.row !== undefined).length
  const applied = `${plural(count, 'applied migration')} ${count === 1 ? 'makes' : 'make'}`
  const difference = modelDifference(live, expected.model)
  if (difference === null) return { status: 'ok', summary: `${database}: matches what its ${applied}`, findings: [] }
  return {
    status: 'failed', summary: `${database}: ${plural(difference.changes.length, 'change')} from what its ${applied}`,
    findings: [{
      code: 'DRIFT', subject: database,
      message: `its schema is not what its ${applied} (${plural(difference.changes.length, 'change')}); something changed it outside the migrations${statuses.some((s) => s.state === 'changed') ? ', or an applied file was edited (CHANGED_CHECKSUM)' : ''}`,
      context: difference.changes, sql: difference.sql,
    }],
  }
}

/** One finding: `CODE  subject: message`, its context and its SQL indented under it. */
export function findingLines(finding: Finding): string[] {
  const lines = [`${finding.code}  ${finding.subject}: ${finding.message}`, ...(finding.context ?? []).map((line) => `    ${line}`)]
  if (finding.sql) lines.push('  the SQL that would reconcile it:', ...finding.sql.trimEnd().split('\n').map((line) => (line === '' ? '' : `    ${line}`)))
  return lines
}

function print(output: Output, results: Record<CheckName, CheckResult>): void {
  const findings = [...new Set(Object.values(results).flatMap((r) => r.findings))]
  for (const finding of findings) output.out(findingLines(finding).join('\n'))
  if (findings.length > 0) output.out('')
  for (const [name, r] of Object.entries(results)) output.out(`${name.padEnd(6)}  ${r.status.padEnd(7)}  ${r.summary}`)
}
