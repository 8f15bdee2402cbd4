// Settings come from flags, then pgstrata.config.json, then defaults.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { SMALL_TABLE, type SmallTable } from '../diff/sizes.ts'
import { UsageError } from '../errors.ts'
import { pgstrata } from '../invocation.ts'

export interface Settings {
  readonly migrations: string
  readonly ledgerSchema: string
  readonly ledgerTable: string
  /** Seconds to wait for another run's migration lock. */
  readonly lockWait: number
  /** lock_timeout for each migration's statements (a PostgreSQL duration). */
  readonly lockTimeout: string
  /** statement_timeout for each migration's statements, or null for none. */
  readonly statementTimeout: string | null
  /** How many times a transactional migration whose lock_timeout fired is tried again, after a growing pause. */
  readonly lockRetries: number
  /** create writes online-safe migrations (CONCURRENTLY, NOT VALID then VALIDATE) unless told --no-online. */
  readonly online: boolean
  /**
   * Below both bounds (estimated rows, total bytes) a table is small: its
   * rewrites and write-blocking locks are notes, not hazards. false: none is.
   */
  readonly smallTable: SmallTable
  /** The fleet up, down, status and check run on when no --url is given: URLs or connection strings, $VARIABLES expanded. */
  readonly targets: readonly string[] | null
}

export const DEFAULTS: Settings = {
  migrations: 'migrations',
  ledgerSchema: 'public',
  ledgerTable: 'pgstrata_migrations',
  lockWait: 120,
  lockTimeout: '50ms',
  statementTimeout: null,
  lockRetries: 20,
  online: false,
  smallTable: SMALL_TABLE,
  targets: null,
}

export const CONFIG_FILE = 'pgstrata.config.json'

/** The flags of up, down, status and check that pick a fleet (src/cli/fleet.ts); here so that --help loads no engine. */
export const FLEET_OPTIONS: [string, string][] = [
  ['--targets <file>', 'Run on every database in this file: a postgres:// URL or key=value connection string per line, # comments, $VARIABLES expanded (default: the config\'s "targets", unless --url is given)'],
  ['--databases-like <pattern>', 'Run on every database of the --url (or DATABASE_URL) server whose name is LIKE the pattern, e.g. \'tenant_%\''],
  ['--concurrency <n>', 'Targets worked on at once (default: 4)'],
  ['--fail-fast', 'After a target fails, start no other (they are reported as skipped)'],
]

const DURATION = /^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/

/** Reads pgstrata.config.json when present. zod is loaded only for a file that does not plainly pass: it costs ~90 ms at start-up. */
export async function readConfigFile(projectDir: string, explicit?: string): Promise<Partial<Settings>> {
  const file = explicit ?? path.join(projectDir, CONFIG_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && explicit === undefined) return {}
    throw new UsageError('CONFIG_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UsageError('CONFIG_INVALID', `${file} is not valid JSON: ${(error as Error).message}`)
  }
  // A file that plainly passes is taken as it is; zod (~90 ms to load) checks
  // only the others, for its messages.
  const plain = plainConfig(json)
  const parsed = plain !== undefined ? { success: true as const, data: plain } : (await configSchema()).safeParse(json)
  if (!parsed.success) {
    throw new UsageError('CONFIG_INVALID', `${file} has ${parsed.error.issues.length} problem(s)`, {
      context: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`),
      hint: `keys: migrations, ledgerSchema, ledgerTable, lockWait, lockTimeout, statementTimeout, lockRetries, online, smallTable, targets`,
    })
  }
  const { $schema: _, smallTable, ...rest } = parsed.data
  // A bound left out keeps its default.
  const bounds = (given: { rows?: number | undefined; bytes?: number | undefined }): SmallTable => ({ rows: given.rows ?? SMALL_TABLE.rows, bytes: given.bytes ?? SMALL_TABLE.bytes })
  const settings = { ...rest, smallTable: smallTable === undefined || smallTable === false ? smallTable : bounds(smallTable) }
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Partial<Settings>
}

/** The settings file's schema, in zod. plainConfig below must accept nothing it refuses. */
export async function configSchema() {
  const { z } = await import('zod')
  const duration = z.string().regex(DURATION, 'a PostgreSQL duration such as "5s", "500ms" or "2min"')
  return z.strictObject({
    $schema: z.string().optional(),
    migrations: z.string().min(1).optional(),
    ledgerSchema: z.string().min(1).max(63).optional(),
    ledgerTable: z.string().min(1).max(54).optional(),
    lockWait: z.number().nonnegative().optional(),
    lockTimeout: duration.optional(),
    statementTimeout: duration.nullable().optional(),
    lockRetries: z.number().int().min(0).max(1000).optional(),
    online: z.boolean().optional(),
    smallTable: z.union([
      z.literal(false),
      z.strictObject({ rows: z.number().int().nonnegative().optional(), bytes: z.number().int().nonnegative().optional() }),
    ]).optional(),
    targets: z.array(z.string().min(1)).min(1).optional(),
  })
}

/** A settings file as configSchema() parses it. */
export interface ConfigFile {
  readonly $schema?: string
  readonly migrations?: string
  readonly ledgerSchema?: string
  readonly ledgerTable?: string
  readonly lockWait?: number
  readonly lockTimeout?: string
  readonly statementTimeout?: string | null
  readonly lockRetries?: number
  readonly online?: boolean
  readonly smallTable?: false | { readonly rows?: number; readonly bytes?: number }
  readonly targets?: string[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v: unknown, min: number, max = Infinity) => typeof v === 'string' && v.length >= min && v.length <= max
const isCount = (v: unknown, max = Number.MAX_SAFE_INTEGER) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max
const CONFIG_CHECKS: Readonly<Record<string, (v: unknown) => boolean>> = {
  $schema: (v) => typeof v === 'string',
  migrations: (v) => isText(v, 1),
  ledgerSchema: (v) => isText(v, 1, 63),
  ledgerTable: (v) => isText(v, 1, 54),
  lockWait: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  lockTimeout: (v) => typeof v === 'string' && DURATION.test(v),
  statementTimeout: (v) => v === null || (typeof v === 'string' && DURATION.test(v)),
  lockRetries: (v) => isCount(v, 1000),
  online: (v) => typeof v === 'boolean',
  smallTable: (v) => v === false || (isObject(v) && Object.entries(v).every(([key, bound]) => (key === 'rows' || key === 'bytes') && isCount(bound))),
  targets: (v) => Array.isArray(v) && v.length > 0 && v.every((target) => isText(target, 1)),
}

/**
 * The file's settings when every key is known and every value plainly fits
 * configSchema(); undefined when anything is off, to be checked by zod.
 */
export function plainConfig(json: unknown): ConfigFile | undefined {
  if (!isObject(json) || Object.getPrototypeOf(json) !== Object.prototype) return undefined
  return Object.entries(json).every(([key, value]) => Object.hasOwn(CONFIG_CHECKS, key) && CONFIG_CHECKS[key]!(value)) ? json as ConfigFile : undefined
}

/** Validates a flag given as a duration. */
export function durationFlag(flag: string, value: unknown): string {
  const text = String(value).trim()
  if (!DURATION.test(text)) {
    throw new UsageError('BAD_FLAG', `${flag} ${JSON.stringify(value)} is not a duration`, { hint: `write it like 5s, 500ms or 2min (0 turns the timeout off)` })
  }
  return text
}

/** Validates a flag that must be a whole number ≥ min. */
export function integerFlag(flag: string, value: unknown, min: number): number {
  const number = typeof value === 'number' ? value : Number(String(value))
  if (!Number.isInteger(number) || number < min) {
    throw new UsageError('BAD_FLAG', `${flag} ${JSON.stringify(value)} must be a whole number of at least ${min}`)
  }
  return number
}

/** Validates a flag that names a migration version. */
export function versionFlag(flag: string, value: unknown, allowBase = false): string {
  const text = String(value)
  if (/^\d{8}_\d{3}$/.test(text) || (allowBase && text === 'base')) return text
  throw new UsageError('BAD_FLAG', `${flag} ${JSON.stringify(value)} is not a version`, {
    hint: `versions look like 20230921_001${allowBase ? ' (or base: before the first migration)' : ''}; ${pgstrata('status')} lists them`,
  })
}
