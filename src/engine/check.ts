// What `pgstrata check` reads: the migrations folder's problems as findings
// (rather than a stop), the ledger's disagreements with the files, and the
// schema the applied migrations alone produce, replayed on a scratch database.
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { withScratch } from '../db/scratch.ts'
import { PgstrataError } from '../errors.ts'
import { introspectTarget } from '../introspect/index.ts'
import type { Model } from '../model/types.ts'
import { readMigrations, type Migration } from './files.ts'
import type { VersionStatus } from './plan.ts'
import { up, type RunnerConfig } from './runner.ts'
import type { TargetModelOptions } from './scratch.ts'

/** One thing a CI gate fails on. */
export interface Finding {
  /** Stable, for scripts and tests: CHANGED_CHECKSUM, HALF_PAIR, DRIFT, REVERSIBILITY, … */
  readonly code: string
  /** What it is about: a migration id, a file, schema/, a database. */
  readonly subject: string
  readonly message: string
  /** Extra lines: the changes, the server's error with its snippet. */
  readonly context?: readonly string[]
  /** The SQL that would reconcile a difference, when there is one. */
  readonly sql?: string
}

/** Errors that say a migration file does not run (its SQL fails, or does not parse): findings of a replay, not a stop. */
export function isFileFault(error: unknown): error is PgstrataError {
  return error instanceof PgstrataError && ['MIGRATION_FAILED', 'SQL_SYNTAX', 'TRANSACTION_CONTROL'].includes(error.code)
}

/**
 * readMigrations reports its problems as lines of one UsageError; each line
 * names its kind in fixed wording (src/engine/files.ts). A line this does not
 * recognise still counts, as MIGRATION_FILE.
 */
const FILE_PROBLEMS: readonly [RegExp, string][] = [
  [/: has no \S+ beside it/, 'HALF_PAIR'],
  [/^version \S+ is used by /, 'DUPLICATE_VERSION'],
  [/: not named </, 'BAD_FILE_NAME'],
  [/pgstrata:|directive/, 'BAD_DIRECTIVE'],
]

/** The subject of a problem line: `version …`, else its file, before the first ': '. */
const subjectOf = (line: string): string => /^version \S+/.exec(line)?.[0] ?? (line.slice(0, Math.max(0, line.indexOf(': '))) || line)

export interface FolderCheck {
  /** The migrations, when the folder has no problem; null otherwise. */
  readonly migrations: Migration[] | null
  readonly findings: Finding[]
}

/**
 * Reads the migrations folder. Half pairs, duplicate versions, bad names and
 * bad directives become findings; a missing folder still throws (exit 2).
 */
export async function checkFolder(dir: string): Promise<FolderCheck> {
  try {
    return { migrations: await readMigrations(dir), findings: [] }
  } catch (error) {
    if (!(error instanceof PgstrataError) || error.code !== 'MIGRATION_FILES') throw error
    return {
      migrations: null,
      findings: error.context.map((line) => {
        const subject = subjectOf(line)
        return {
          code: FILE_PROBLEMS.find(([pattern]) => pattern.test(line))?.[1] ?? 'MIGRATION_FILE',
          subject,
          message: line.slice(subject.length).replace(/^:? /, '') || line,
        }
      }),
    }
  }
}

/** The ledger against the files. Pending migrations are not findings; everything else that is not `applied` is. */
export function ledgerFindings(statuses: readonly VersionStatus[]): Finding[] {
  const newest = statuses.reduce((max, s) => (s.row && s.version > max ? s.version : max), '')
  const id = (s: VersionStatus) => `${s.version}_${s.name}`
  return statuses.flatMap((s): Finding[] => {
    switch (s.state) {
      case 'changed': {
        const edited = s.changes.some((c) => c.includes(': ledger sha256 '))
        return [{
          code: edited ? 'CHANGED_CHECKSUM' : 'RENAMED_FILE', subject: id(s),
          message: edited ? 'applied, then edited: the files differ from what was run' : 'applied under another name',
          context: s.changes,
        }]
      }
      case 'missing':
        return [{ code: 'MISSING_FILE', subject: id(s), message: 'recorded as applied, but its files are gone: restore them from version control' }]
      case 'out-of-order':
        return [{ code: 'OUT_OF_ORDER', subject: id(s), message: `not applied, and older than the newest applied version ${newest}: up refuses it without --allow-out-of-order` }]
      case 'partial': {
        const p = s.progress!
        return [{ code: 'PARTIAL', subject: id(s), message: `stopped part-way through its ${p.direction} file (${p.statementsDone}/${p.statementsTotal} statements)${p.lastError ? `: ${p.lastError.split('\n')[0]}` : ''}` }]
      }
      default:
        return []
    }
  })
}

/**
 * Why the applied migrations cannot be replayed to compare with the live
 * database, or null when they can: the files of an applied one are gone, or
 * one stopped part-way.
 */
export function whyNoReplay(statuses: readonly VersionStatus[]): string | null {
  const missing = statuses.filter((s) => s.state === 'missing')
  if (missing.length > 0) return `the files of ${missing.length} applied migration${missing.length === 1 ? ' are' : 's are'} missing`
  const partial = statuses.filter((s) => s.state === 'partial')
  if (partial.length > 0) return `${partial[0]!.version}_${partial[0]!.name} stopped part-way`
  return null
}

/**
 * The schema the applied migrations make, replayed in version order on a
 * scratch database. When a file is not applied but sorts before one that is
 * (out of order), only the applied ones are copied to a temporary folder and
 * replayed from there, so the replay leaves it out as the database did.
 */
export async function modelOfApplied(config: Omit<RunnerConfig, 'target'>, statuses: readonly VersionStatus[], options: TargetModelOptions): Promise<Model> {
  const applied = statuses.filter((s) => s.row !== undefined && s.migration !== undefined)
  const newest = applied.at(-1)?.version
  const skipped = statuses.some((s) => s.row === undefined && s.migration !== undefined && newest !== undefined && s.version < newest)
  const folder = skipped ? await mkdtemp(path.join(os.tmpdir(), 'pgstrata-applied-')) : config.migrationsDir
  try {
    if (skipped) {
      for (const s of applied) {
        for (const file of [s.migration!.up.path, s.migration!.down.path]) await copyFile(path.resolve(file), path.join(folder, path.basename(file)))
      }
    }
    return await withScratch(options, async (scratch) => {
      if (newest !== undefined) await up({ ...config, migrationsDir: folder, target: scratch.target, lockWaitSeconds: 0 }, { to: newest })
      return introspectTarget(scratch.target, options.introspect)
    })
  } finally {
    if (skipped) await rm(folder, { recursive: true, force: true })
  }
}
