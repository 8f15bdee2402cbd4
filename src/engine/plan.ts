// What the files and the ledger say together, and what up/down would do.
// Pure functions: no database, no clock.
import { PgstrataError, UsageError } from '../errors.ts'
import type { Migration } from './files.ts'
import type { LedgerRow, ProgressRow } from './ledger.ts'
import { pgstrata } from '../invocation.ts'

export type State = 'applied' | 'pending' | 'changed' | 'missing' | 'out-of-order' | 'partial'

export interface VersionStatus {
  readonly version: string
  /** The file's name when there is a file, else the ledger's. */
  readonly name: string
  readonly state: State
  readonly migration: Migration | undefined
  readonly row: LedgerRow | undefined
  readonly progress: ProgressRow | undefined
  /** For `changed`: what differs from the ledger. */
  readonly changes: readonly string[]
}

/** One entry per version found in the files, the ledger or the progress table, in version order. */
export function computeStatus(migrations: readonly Migration[], rows: readonly LedgerRow[], progress: readonly ProgressRow[]): VersionStatus[] {
  const files = new Map(migrations.map((m) => [m.version, m]))
  const applied = new Map(rows.map((r) => [r.version, r]))
  const partial = new Map(progress.map((p) => [p.version, p]))
  const newestApplied = rows.reduce((max, r) => (r.version > max ? r.version : max), '')
  const versions = [...new Set([...files.keys(), ...applied.keys(), ...partial.keys()])].sort()
  return versions.map((version) => {
    const migration = files.get(version)
    const row = applied.get(version)
    const progressRow = partial.get(version)
    const changes = migration && row ? differences(migration, row) : []
    const state: State =
      migration === undefined ? 'missing'
      : progressRow !== undefined ? 'partial'
      : row !== undefined ? (changes.length > 0 ? 'changed' : 'applied')
      : version < newestApplied ? 'out-of-order'
      : 'pending'
    return { version, name: migration?.name ?? row?.name ?? '', state, migration, row, progress: progressRow, changes }
  })
}

function differences(migration: Migration, row: LedgerRow): string[] {
  const changes: string[] = []
  if (migration.up.checksum !== row.upChecksum) changes.push(`${migration.up.path}: ledger sha256 ${short(row.upChecksum)}, file ${short(migration.up.checksum)}`)
  if (migration.down.checksum !== row.downChecksum) changes.push(`${migration.down.path}: ledger sha256 ${short(row.downChecksum)}, file ${short(migration.down.checksum)}`)
  if (migration.name !== row.name) changes.push(`renamed from ${row.version}_${row.name}`)
  return changes
}

const short = (checksum: string): string => checksum.slice(0, 12)

export class ChecksumMismatchError extends PgstrataError {
  constructor(changed: readonly VersionStatus[]) {
    super('CHECKSUM_MISMATCH', `${changed.length === 1 ? 'an applied migration was' : `${changed.length} applied migrations were`} edited after being applied`, {
      context: changed.flatMap((s) => s.changes),
      hint: 'restore the files from version control and put the change in a new migration; ' +
        `if the edit is intended (a comment, a fix that leaves the schema the same), record it with ${pgstrata(`accept ${changed[0]!.version} --reason "…"`)}`,
    })
  }
}

export interface UpOptions {
  readonly to?: string | undefined
  readonly step?: number | undefined
  readonly allowOutOfOrder?: boolean | undefined
}

/** The migrations `up` applies, in order. Throws on edited history, and on out-of-order files unless allowed. */
export function planUp(status: readonly VersionStatus[], options: UpOptions = {}): Migration[] {
  refuseChanged(status)
  const reverting = status.filter((s) => s.state === 'partial' && s.progress?.direction === 'down')
  if (reverting.length > 0) {
    throw new PgstrataError('PARTIAL_DOWN', `${reverting[0]!.version}_${reverting[0]!.name} is half reverted (its down file stopped part-way)`, {
      hint: `finish reverting it with ${pgstrata('down')}, then run ${pgstrata('up')}`,
    })
  }
  const late = status.filter((s) => s.state === 'out-of-order')
  if (late.length > 0 && !options.allowOutOfOrder) {
    throw new PgstrataError('OUT_OF_ORDER', `${late.length} pending migration${late.length === 1 ? ' is' : 's are'} older than the newest applied one`, {
      context: late.map((s) => `${s.migration!.up.path}`),
      hint: 'this happens when branches merge; check that they do not conflict with what was applied after them, ' +
        'then run again with --allow-out-of-order (or renumber them to sort last)',
    })
  }
  if (options.to !== undefined) requireKnown(status, options.to)
  const pending = status
    .filter((s) => s.state === 'pending' || s.state === 'out-of-order' || (s.state === 'partial' && s.progress?.direction === 'up'))
    .filter((s) => options.to === undefined || s.version <= options.to)
    .map((s) => s.migration!)
  return options.step === undefined ? pending : pending.slice(0, options.step)
}

export interface DownOptions {
  /** A version to go back to (it stays applied), or `base` to revert everything. */
  readonly to?: string | undefined
  readonly step?: number | undefined
}

/** The migrations `down` reverts, newest application first. */
export function planDown(status: readonly VersionStatus[], options: DownOptions = {}): VersionStatus[] {
  if (options.to !== undefined && options.step !== undefined) {
    throw new UsageError('BAD_USAGE', 'use either --to or --step, not both')
  }
  refuseChanged(status)
  // A file stopped part-way through its down is finished before anything else.
  const reverting = status.filter((s) => s.state === 'partial' && s.progress?.direction === 'down')
  const halfApplied = status.find((s) => s.state === 'partial' && s.progress?.direction === 'up')
  if (halfApplied) {
    throw new PgstrataError('PARTIAL_UP', `${halfApplied.version}_${halfApplied.name} is half applied (its up file stopped part-way)`, {
      hint: `finish it with ${pgstrata('up')} first; its down file expects the whole up to have run`,
    })
  }
  const applied = status
    .filter((s) => s.row !== undefined && !reverting.includes(s))
    .sort((a, b) => b.row!.appliedAt.getTime() - a.row!.appliedAt.getTime() || (a.version < b.version ? 1 : -1))
  let chosen: VersionStatus[]
  if (options.to === undefined) chosen = applied.slice(0, Math.max(0, (options.step ?? 1) - reverting.length))
  else if (options.to === 'base') chosen = applied
  else {
    const target = requireKnown(status, options.to)
    if (target.row === undefined) {
      throw new UsageError('NOT_APPLIED', `--to ${options.to}: that version is not applied, so down cannot stop there`, {
        hint: `${pgstrata('status')} lists the applied versions; use --to base to revert everything`,
      })
    }
    chosen = applied.filter((s) => s.version > options.to!)
  }
  const all = [...reverting, ...chosen]
  for (const s of all) {
    if (s.migration === undefined) {
      throw new PgstrataError('MISSING_FILES', `cannot revert ${s.version}_${s.name}: its files are gone`, {
        hint: 'restore the migration files from version control',
      })
    }
    const reason = s.migration.down.directives.irreversible
    if (reason !== null) {
      throw new PgstrataError('IRREVERSIBLE', `${s.migration.id} is irreversible: ${reason}`, {
        location: { file: s.migration.down.path, line: 1, column: 1 },
        hint: 'nothing was reverted; restore from a backup, or write a new migration that undoes it',
      })
    }
  }
  return all
}

function refuseChanged(status: readonly VersionStatus[]): void {
  const changed = status.filter((s) => s.state === 'changed')
  if (changed.length > 0) throw new ChecksumMismatchError(changed)
}

function requireKnown(status: readonly VersionStatus[], version: string): VersionStatus {
  const found = status.find((s) => s.version === version)
  if (!found) {
    throw new UsageError('UNKNOWN_VERSION', `no migration has version ${version}`, {
      hint: `versions look like 20230921_001; ${pgstrata('status')} lists them`,
    })
  }
  return found
}
