// What `diff` and `create` compare: a live database (a PostgreSQL URL),
// schema/ (built on a scratch database), or the migrations folder (replayed on
// a scratch database). Each becomes a Model read by the same introspector.
import path from 'node:path'
import { maskPassword, type Target } from '../db/connect.ts'
import type { SchemaModel } from '../dsl/load.ts'
import { ledgerNames, type LedgerNames } from '../engine/ledger.ts'
import { PgstrataError, UsageError } from '../errors.ts'
import { introspectTarget, missingRoles, type IntrospectOptions } from '../introspect/index.ts'
import { ownerDifferences } from '../diff/index.ts'
import { describeKey } from '../model/key.ts'
import type { Model } from '../model/types.ts'
import type { Plan } from '../diff/index.ts'
import type { Settings } from './config.ts'
import type { Output } from './context.ts'

export type Source =
  | { readonly kind: 'database'; readonly target: Target }
  | { readonly kind: 'schema'; readonly dir: string; readonly loaded?: SchemaModel }
  | { readonly kind: 'migrations'; readonly dir: string }

export interface SourceFlags {
  readonly schemaDir?: string
  readonly shadowUrl?: string
}

/** `--from`/`--to`: a PostgreSQL URL, `schema` (the DSL folder) or `migrations` (replayed). */
export function parseSource(flag: string, value: string | undefined, flags: SourceFlags, settings: Settings): Source {
  if (!value) {
    throw new UsageError('BAD_USAGE', `diff needs ${flag} <source>`, { hint: 'pgstrata diff --from postgres://…/app --to schema' })
  }
  if (value === 'schema') return { kind: 'schema', dir: path.resolve(flags.schemaDir ?? 'schema') }
  if (value === 'migrations') return { kind: 'migrations', dir: path.resolve(settings.migrations) }
  if (!/^postgres(ql)?:\/\//i.test(value)) {
    throw new UsageError('BAD_SOURCE', `${flag} ${maskPassword(value)}: a source is a PostgreSQL URL, schema (the schema/ folder) or migrations (the migrations folder, replayed)`, {
      hint: 'write a database as postgres://user:password@host:5432/database',
    })
  }
  let display: string
  try {
    const url = new URL(value)
    display = `${decodeURIComponent(url.username) || '(default user)'}@${url.host}/${decodeURIComponent(url.pathname.slice(1))}`
  } catch {
    throw new UsageError('BAD_DATABASE_URL', `${flag}: not a valid URL: ${maskPassword(value)}`)
  }
  return { kind: 'database', target: { url: value, source: '--url', display } }
}

export const describeSource = (source: Source): string =>
  source.kind === 'database' ? source.target.display : `${path.relative(process.cwd(), source.dir) || '.'}/${source.kind === 'schema' ? '' : ' (replayed)'}`

/** The ledger tables are pgstrata's, not the schema's: left out of every model. */
export function introspectOptions(settings: Settings, extra: IntrospectOptions = {}): IntrospectOptions & { ledger: LedgerNames } {
  const ledger = ledgerNames(settings.ledgerSchema, settings.ledgerTable)
  return {
    ...extra,
    excludeRelations: ['', '_log', '_progress'].map((suffix) => ({ schema: ledger.schema, name: `${ledger.table}${suffix}` })),
    ledger,
  }
}

export interface Loaded {
  readonly model: Model
  /** schema/'s declarations, when the source is schema/: its renamedFrom map. */
  readonly schema: SchemaModel | null
  /**
   * Loaded with `dropLater`: settles when the scratch database schema/ was
   * read from has been dropped (rejects when that failed). Never rejects
   * unhandled: the caller awaits it when it is ready to.
   */
  readonly released?: Promise<void>
}

export interface LoadOptions {
  /** schema/'s scratch database is dropped while the caller goes on with the model (Loaded.released); the default waits for it. */
  readonly dropLater?: boolean
}

export interface SourceContext {
  readonly flags: SourceFlags
  readonly settings: Settings
  readonly output: Output
  readonly server: Target | undefined
  readonly introspect: IntrospectOptions & { ledger: LedgerNames }
}

/**
 * Reads both sides at once. When one fails, the other is still awaited before
 * the error is thrown: the CLI exits on the error, and a scratch database the
 * other side was still building would never be dropped.
 */
export async function loadSources(from: Source, to: Source, context: SourceContext, options: LoadOptions = {}): Promise<[Loaded, Loaded]> {
  const [start, goal] = await Promise.allSettled([loadSource(from, context, options), loadSource(to, context, options)])
  if (start.status === 'rejected' || goal.status === 'rejected') {
    // As without dropLater: the first side's error, once the other's scratch database is gone.
    await Promise.all([start, goal].map((side) => (side.status === 'fulfilled' ? side.value.released?.catch(() => {}) : undefined)))
    throw start.status === 'rejected' ? start.reason : (goal as PromiseRejectedResult).reason
  }
  // Catalog functions spell things differently across majors (and extensions default to other versions).
  const major = (loaded: Loaded) => Math.floor(loaded.model.server.versionNum / 10000)
  if (major(start.value) !== major(goal.value)) {
    context.output.err(`pgstrata: warning: ${describeSource(from)} was read from PostgreSQL ${major(start.value)} and ${describeSource(to)} from PostgreSQL ${major(goal.value)}; ` +
      'spellings and extension versions differ between majors, so some differences may be only that (use a shadow database of the same major: --shadow-url)')
  }
  return [start.value, goal.value]
}

/**
 * Reads `source`. Scratch databases are made on `server` (the other side's
 * server, or the command's target), unless --shadow-url / SHADOW_DATABASE_URL
 * names one; with neither, on the embedded development server.
 */
export async function loadSource(source: Source, context: SourceContext, options: LoadOptions = {}): Promise<Loaded> {
  const scratch = { shadowUrl: context.flags.shadowUrl, server: context.server, projectDir: process.cwd(), announce: context.output.err, introspect: context.introspect }
  switch (source.kind) {
    case 'database':
      return { model: await introspectTarget(source.target, context.introspect), schema: null }
    case 'schema': {
      // schema/ (zod, tsx, the DDL builder) and scratch databases are loaded only
      // when a side needs them: a diff of two databases does without.
      const [{ loadSchema }, { modelOfSchema, modelOfSchemaDroppedLater }] = await Promise.all([import('../dsl/load.ts'), import('../engine/scratch.ts')])
      const schema = source.loaded ?? await loadSchema(source.dir)
      if (!options.dropLater) return { model: await modelOfSchema(schema, scratch), schema }
      const { model, released } = await modelOfSchemaDroppedLater(schema, scratch)
      return { model, schema, released }
    }
    case 'migrations': {
      const s = context.settings
      const { modelOfMigrations } = await import('../engine/scratch.ts')
      const model = await modelOfMigrations({
        migrationsDir: source.dir, names: context.introspect.ledger, lockWaitSeconds: 0, lockTimeout: s.lockTimeout, statementTimeout: s.statementTimeout,
      }, scratch)
      return { model, schema: null }
    }
  }
}

/** Owners are reported, never changed: a warning naming up to five objects whose owner differs between the sides. */
export function warnOwners(output: Output, from: Model, to: Model, fromName: string, toName: string): void {
  const differ = ownerDifferences(from, to)
  if (differ.length === 0) return
  const names = differ.slice(0, 5).map((d) => `${describeKey(d.key)} (${d.from} → ${d.to})`)
  output.err(`pgstrata: warning: ${differ.length} object${differ.length === 1 ? ' is' : 's are'} owned by another role in ${fromName} than in ${toName}: ` +
    `${names.join(', ')}${differ.length > 5 ? ', …' : ''}; pgstrata does not change owners (write ALTER … OWNER TO into the migration if you mean to)`)
}

/**
 * A plan that grants to a role `server` lacks would fail there: refused now,
 * naming the roles. pgstrata creates no roles.
 */
export async function refuseMissingRoles(server: Target | undefined, plans: readonly Plan[]): Promise<void> {
  if (server === undefined) return
  const grantees = plans.flatMap((p) => p.steps.flatMap((s) => (s.change.kind === 'grant' ? [s.change.grantee] : [])))
  const missing = await missingRoles(server, grantees)
  if (missing.length === 0) return
  throw new PgstrataError('UNKNOWN_ROLE', `the migration grants privileges to ${missing.length === 1 ? 'a role' : 'roles'} that ${server.display} does not have: ${missing.map((r) => `"${r}"`).join(', ')}`, {
    hint: 'pgstrata creates no roles: create them first (CREATE ROLE …) on every server the migrations run on, or leave the grants out (--no-privileges)',
    exitCode: 2,
  })
}
