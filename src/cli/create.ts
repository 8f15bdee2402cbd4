// `pgstrata create <name>` (make migrate-create name="…"): schema/ against the
// database as its migrations left it, written as an up/down pair for review.
import path from 'node:path'
import { generateMigration, type Change, type Step } from '../diff/index.ts'
import { concurrentHeader, onlinePlans } from '../diff/online.ts'
import { describeSize, noteLine, type SizedPlan } from '../diff/sizes.ts'
import { loadSchema } from '../dsl/load.ts'
import { pendingRenames } from '../dsl/renames.ts'
import { createEmptyPair, writePair } from '../engine/create.ts'
import * as runner from '../engine/runner.ts'
import { PgstrataError, UsageError } from '../errors.ts'
import { partsOf, pathOf, type Key } from '../model/key.ts'
import { displayIdent } from '../sql/quote.ts'
import { renderScript } from '../sql/render/script.ts'
import { runnerConfig, type GlobalFlags, type Output } from './context.ts'
import { sizePlans, sizesLine } from './sizes.ts'
import { introspectOptions, loadSources, refuseMissingRoles, warnOwners, type SourceFlags } from './sources.ts'
import { pgstrata } from '../invocation.ts'

export interface CreateFlags extends GlobalFlags, SourceFlags {
  readonly empty?: boolean
  /** `database` (default): the live database, which must have every migration applied; `migrations`: the folder replayed on a scratch database. */
  readonly from?: string
  readonly failOnHazards?: boolean
  /** Online-safe SQL (default: the config's `online`). */
  readonly online?: boolean
  /** false with --no-privileges. */
  readonly privileges?: boolean
}

export async function create(name: unknown, flags: CreateFlags, output: Output): Promise<void> {
  const title = String(name ?? '').trim()
  if (flags.empty) {
    const { loadSettings } = await import('./context.ts')
    const settings = await loadSettings(flags)
    const pair = await createEmptyPair(settings.migrations, title, new Date())
    output.out(`created ${pair.upPath}`)
    output.out(`created ${pair.downPath}`)
    output.result({ ok: true, version: pair.version, id: pair.id, up: pair.upPath, down: pair.downPath, changes: [] })
    return
  }
  const from = flags.from ?? 'database'
  if (from !== 'database' && from !== 'migrations') {
    throw new UsageError('BAD_USAGE', `--from ${from}: create starts from "database" (the default) or "migrations"`, {
      hint: `${pgstrata('create "add orders" --from migrations')} builds the start by replaying migrations/ on a scratch database`,
    })
  }
  // schema/ first: a mistake there is reported before anything connects.
  const schemaDir = path.resolve(flags.schemaDir ?? 'schema')
  const schema = await loadSchema(schemaDir)
  const config = await runnerConfig(flags, output)
  const { settings } = config
  const introspect = introspectOptions(settings, { privileges: flags.privileges !== false })
  const context = { flags, settings, output, server: config.target, introspect }
  if (from === 'database') {
    // The diff must start where the migrations leave the database, or the new pair would repeat a pending one.
    const { statuses } = await runner.status(config)
    const pending = statuses.filter((s) => s.state === 'pending' || s.state === 'partial')
    if (pending.length > 0) {
      throw new PgstrataError('PENDING_MIGRATIONS', `${config.target.display} has ${pending.length} migration${pending.length === 1 ? '' : 's'} not applied yet (${pending.map((p) => `${p.version}_${p.name}`).slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''}); a new migration must start where they end`, {
        hint: `apply them first (${pgstrata('up')}), or diff against the migrations folder itself: ${pgstrata('create "…" --from migrations')}`,
      })
    }
  }
  const startSource = from === 'database' ? { kind: 'database' as const, target: config.target } : { kind: 'migrations' as const, dir: config.migrationsDir }
  const [start, goal] = await loadSources(startSource, { kind: 'schema', dir: schemaDir, loaded: schema }, context, { dropLater: true })
  // The migration is planned while schema/'s scratch database is dropped; nothing is said or written before it is gone.
  const { online, sized } = await afterRelease(goal.released, async () => {
    const renames = pendingRenames(goal.schema!.renames, start.model)
    const generated = generateMigration(start.model, goal.model, { renames, usings: goal.schema!.usings })
    const online = (flags.online ?? settings.online) ? onlinePlans(generated.up, generated.down, start.model) : null
    const planned = online ?? generated
    // Sizes only from the database the migration starts from: a replay's tables are all empty.
    return { online, sized: await sizePlans(planned.up, planned.down, from === 'database' ? config.target : null, settings.smallTable) }
  })
  const [up, down] = [sized.up.plan, sized.down.plan]
  const startName = from === 'database' ? config.target.display : `${path.relative(process.cwd(), config.migrationsDir) || '.'}/ replayed`
  const schemaName = `${path.relative(process.cwd(), schemaDir) || '.'}/`
  warnOwners(output, start.model, goal.model, startName, schemaName)
  await refuseMissingRoles(config.target, [up, down])
  if (up.steps.length === 0) {
    output.out(`no changes: ${startName} already matches ${schemaName} (${goal.schema!.files.length} file${goal.schema!.files.length === 1 ? '' : 's'}); nothing written`)
    output.result({ ok: true, changes: [], written: null })
    return
  }
  const changes = up.steps.map(describeStep)
  const hazards = up.steps.flatMap((s) => s.hazards.map((h) => ({ step: describeStep(s), ...h })))
  const small = sized.up.notes.map((n) => ({ step: describeStep(n.step), kind: n.kind, message: n.message, table: n.table, rows: n.size.rows, bytes: n.size.bytes }))
  const pair = await writePair(settings.migrations, title, new Date(), (id) => ({
    up: header(id, 'up', title, `turns ${startName} into ${schemaName}`, sized.up, sized.from) + renderScript(up),
    down: header(id, 'down', title, `undoes ${id}.up.sql`, sized.down, sized.from) + renderScript(down),
  }))
  output.out(`created ${pair.upPath}`)
  output.out(`created ${pair.downPath}`)
  // Concurrent index builds cannot share a transaction: they get the next version, after the main pair.
  const indexPair = online?.indexes ? await writePair(settings.migrations, `${title} indexes`, new Date(), (id) => ({
    up: `-- ${id} (up): ${title}, indexes\n${concurrentHeader(online.indexes!.described)}\n${online.indexes!.up}`,
    down: `-- ${id} (down): ${title}, indexes\n-- Undoes ${id}.up.sql, CONCURRENTLY where it can.\n\n${online.indexes!.down}`,
  })) : null
  if (indexPair) {
    output.out(`created ${indexPair.upPath}`)
    output.out(`created ${indexPair.downPath}`)
  }
  output.out(`${changes.length} change${changes.length === 1 ? '' : 's'}${online ? ' (online: NOT VALID constraints validated later, SET NOT NULL through a validated check)' : ''}:`)
  for (const step of up.steps) {
    const loud = step.hazards.some((h) => h.kind === 'deletesData')
    const noted = [...new Set(sized.up.notes.filter((n) => n.step === step).map((n) => `${n.table}: ${describeSize(n.size)}`))]
    output.out(`  ${loud ? '!' : ' '} ${describeStep(step)}${step.hazards.length > 0 ? `  [${[...new Set(step.hazards.map((h) => h.kind))].join(', ')}]` : ''}${noted.length > 0 ? `  (small table ${noted.join('; ')})` : ''}`)
  }
  for (const line of online?.indexes?.described ?? []) output.out(`    ${line} (in ${indexPair!.id})`)
  if (hazards.length > 0 || small.length > 0) {
    output.out(sizesLine(sized.from, settings.smallTable, small.map((n) => n.table), { noun: 'hazard', noSizes: '--from migrations starts from a replay, whose tables are empty' }))
  }
  const destructive = hazards.filter((h) => h.kind === 'deletesData')
  if (destructive.length > 0) output.err(`pgstrata: warning: ${destructive.length} change${destructive.length === 1 ? '' : 's'} delete${destructive.length === 1 ? 's' : ''} data (marked !); read ${pair.upPath} before applying it`)
  if (hazards.length > 0) output.out(`review the hazard comments in ${pair.upPath}, then: ${pgstrata('up')}`)
  else output.out(`review it, then: ${pgstrata('up')}`)
  const written = {
    version: pair.version, id: pair.id, up: pair.upPath, down: pair.downPath, changes, hazards, small, sizesFrom: sized.from, transactions: up.transactions,
    ...(indexPair ? { indexes: { version: indexPair.version, id: indexPair.id, up: indexPair.upPath, down: indexPair.downPath, changes: online!.indexes!.described } } : {}),
  }
  if (flags.failOnHazards && hazards.length > 0) {
    // One JSON document still: the error's, with what was written.
    throw Object.assign(new PgstrataError('HAZARDS_FOUND', `the new migration has ${hazards.length} hazard${hazards.length === 1 ? '' : 's'} (--fail-on-hazards); it was written to ${pair.upPath}`, {
      hint: 'review the hazards; run without --fail-on-hazards to accept them', context: hazards.map((h) => `${h.kind}: ${h.message}`),
    }), { partial: written })
  }
  output.result({ ok: true, ...written })
}

/**
 * `body`, then `released` awaited, also when `body` fails; when both fail,
 * the drop's error is the one thrown, as when the drop came first.
 */
async function afterRelease<T>(released: Promise<void> | undefined, body: () => Promise<T>): Promise<T> {
  let value: T
  try {
    value = await body()
  } catch (error) {
    await released
    throw error
  }
  await released
  return value
}

/** "create table public.orders", "add column public.users.phone", "rename column public.users.name to full_name". */
export function describeStep(step: Step): string {
  const named = describeByChange(step.change)
  if (named !== null) return named
  const colon = step.id.indexOf(':')
  const kind = step.id.slice(0, colon).replace(/([A-Z])/g, ' $1').toLowerCase()
  const rest = step.id.slice(colon + 1).replace(/#\d+$/, '')
  const keyEnd = rest.lastIndexOf(']') + 1
  const key = rest.slice(0, keyEnd) as Key
  const column = rest.slice(keyEnd + 1)
  let where: string
  try {
    where = pathOf(key)
  } catch {
    where = rest
  }
  return `${kind} ${where}${column ? `.${column}` : ''}`
}

/** Steps whose id does not name the object well: renames (their id holds the whole change) and column comments. */
function describeByChange(change: Change): string | null {
  const name = (...parts: string[]) => parts.map(displayIdent).join('.')
  switch (change.kind) {
    case 'renameSchema': return `rename schema ${name(change.from)} to ${name(change.to)}`
    case 'renameTable': return `rename table ${name(change.schema, change.from)} to ${name(change.to)}`
    case 'renameColumn': return `rename column ${name(change.table.schema, change.table.name, change.from)} to ${name(change.to)}`
    case 'renameConstraint': return `rename constraint ${name(change.constraint.schema, partsOf(change.constraint.table).name, change.from)} to ${name(change.constraint.name)}`
    case 'renameIndex': return `rename index ${name(change.schema, change.from)} to ${name(change.to)}`
    case 'renameView': return `rename ${change.materialized ? 'materialized view' : 'view'} ${name(change.schema, change.from)} to ${name(change.to)}`
    case 'renameEnumValue': return `rename enum value ${name(change.type.schema, change.type.name)} '${change.from}' to '${change.to}'`
    case 'setComment': return change.target.kind === 'column' ? `set comment ${name(change.target.schema, change.target.relation, change.target.name)}` : null
    default: return null
  }
}

function header(id: string, direction: 'up' | 'down', title: string, what: string, { plan, notes }: SizedPlan, sizesFrom: string | null): string {
  const lines = [`-- ${id} (${direction}): ${title}`, `-- Generated by pgstrata: ${what}.`]
  lines.push(`-- ${plan.steps.length} change${plan.steps.length === 1 ? '' : 's'}:`, ...plan.steps.map((s) => `--   ${describeStep(s)}`))
  const hazards = plan.steps.flatMap((s) => s.hazards)
  if (hazards.length > 0) lines.push(`-- Hazards (${hazards.length}), also above each statement:`, ...hazards.map((h) => `--   ${h.kind}: ${h.message.replaceAll('\n', ' ')}`))
  if (notes.length > 0) lines.push(`-- Not hazards (${notes.length}): on small tables, the lock is held for moments:`, ...notes.map((n) => `--   ${noteLine(n)}`))
  if (sizesFrom !== null && (hazards.length > 0 || notes.length > 0)) lines.push(`-- Table sizes are estimates from ${sizesFrom} when this was written.`)
  lines.push(plan.transactions > 1
    ? '-- Runs as several transactions (see -- pgstrata:commit), each with its own part of the ledger record.'
    : '-- Runs in one transaction with its ledger row.')
  return `${lines.join('\n')}\n\n`
}
