// Migration files on disk: `<YYYYMMDD_NNN>_<slug>.up.sql` and `.down.sql`.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../errors.ts'

export interface Directives {
  /** `-- pgstrata:irreversible <reason>` in a down file: `down` refuses with the reason. */
  readonly irreversible: string | null
  /** `-- pgstrata:no-transaction`: run statement by statement even if every statement could run in a transaction. */
  readonly noTransaction: boolean
}

export interface MigrationFile {
  /** Path as the user would type it (relative to the working directory when inside it). */
  readonly path: string
  /** Text with line endings normalized to \n and any byte-order mark removed. */
  readonly text: string
  readonly checksum: string
  readonly directives: Directives
}

export interface Migration {
  /** `YYYYMMDD_NNN`; sorts in application order. */
  readonly version: string
  readonly name: string
  /** `<version>_<name>`, the files' common stem. */
  readonly id: string
  readonly up: MigrationFile
  readonly down: MigrationFile
}

/** A `-- pgstrata:<word> <rest>` comment line, trimmed. */
export const DIRECTIVE = /^--\s*pgstrata:(\S+)\s*(.*)$/

const FILE_NAME = /^(\d{8}_\d{3})_([a-z0-9][a-z0-9_-]*)\.(up|down)\.sql$/
export const VERSION = /^\d{8}_\d{3}$/

/** sha256 of the text with line endings normalized, so a checkout on Windows does not count as an edit. */
export function checksumOf(text: string): string {
  return createHash('sha256').update(normalize(text)).digest('hex')
}

const normalize = (text: string): string => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')

/**
 * Reads and checks a migrations folder. Every problem is reported at once:
 * badly named files, half pairs, duplicate versions, unknown directives.
 * Throws UsageError MIGRATION_FILES (exit 2).
 */
export async function readMigrations(dir: string): Promise<Migration[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new UsageError('MIGRATIONS_DIR_MISSING', `the migrations folder ${display(dir)} does not exist`, {
      hint: 'run pgstrata from your project folder, or pass --migrations <dir>',
    })
  }
  const problems: string[] = []
  const halves = new Map<string, { version: string; name: string; up?: string; down?: string }>()
  const stemsByVersion = new Map<string, Set<string>>()
  for (const file of names.sort()) {
    if (file.startsWith('.') || !file.endsWith('.sql')) continue
    const match = FILE_NAME.exec(file)
    if (!match || !isRealDate(match[1]!)) {
      problems.push(`${display(path.join(dir, file))}: not named <YYYYMMDD_NNN>_<slug>.up.sql or .down.sql (slug: lower-case letters, digits, _ and -)`)
      continue
    }
    const [, version, name, direction] = match as unknown as [string, string, string, 'up' | 'down']
    const stem = `${version}_${name}`
    const pair = halves.get(stem) ?? { version, name }
    pair[direction] = path.join(dir, file)
    halves.set(stem, pair)
    stemsByVersion.set(version, (stemsByVersion.get(version) ?? new Set()).add(stem))
  }
  for (const [version, stems] of stemsByVersion) {
    if (stems.size > 1) problems.push(`version ${version} is used by ${[...stems].join(' and ')}: each version must be unique`)
  }
  for (const [stem, pair] of halves) {
    if (!pair.up) problems.push(`${display(pair.down!)}: has no ${stem}.up.sql beside it`)
    if (!pair.down) problems.push(`${display(pair.up!)}: has no ${stem}.down.sql beside it (write one, or mark it with -- pgstrata:irreversible <reason>)`)
  }
  const migrations: Migration[] = []
  const shownDir = display(dir)
  const shown = (file: string) => path.join(shownDir, path.basename(file))
  for (const [stem, pair] of halves) {
    if (!pair.up || !pair.down || (stemsByVersion.get(pair.version)?.size ?? 0) > 1) continue
    // Synchronous reads block the event loop; let a connection being made meanwhile progress.
    if (migrations.length % 100 === 99) await yieldToEventLoop()
    const [up, down] = [readMigrationFile(pair.up, shown(pair.up), problems), readMigrationFile(pair.down, shown(pair.down), problems)]
    if (up.directives.irreversible !== null) problems.push(`${up.path}: -- pgstrata:irreversible belongs in the down file`)
    migrations.push({ version: pair.version, name: pair.name, id: stem, up, down })
  }
  if (problems.length > 0) {
    throw new UsageError('MIGRATION_FILES', `the migrations folder ${display(dir)} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, {
      context: problems,
      hint: 'rename or complete the files listed; nothing was run',
    })
  }
  return migrations.sort((a, b) => (a.version < b.version ? -1 : 1))
}

// Read synchronously on purpose: for a folder of 1,000 files, one readFileSync
// each takes ~17 ms where awaiting fs.promises.readFile one by one takes ~190 ms.
function readMigrationFile(file: string, shown: string, problems: string[]): MigrationFile {
  const text = normalize(readFileSync(file, 'utf8'))
  return { path: shown, text, checksum: checksumOf(text), directives: readDirectives(text, shown, problems) }
}

// Directives sit in the comment lines at the top of a file, before any SQL.
function readDirectives(text: string, file: string, problems: string[]): Directives {
  let irreversible: string | null = null
  let noTransaction = false
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim()
    if (trimmed === '') continue
    if (!trimmed.startsWith('--')) break
    const directive = DIRECTIVE.exec(trimmed)
    if (!directive) continue
    const [, word, rest] = directive as unknown as [string, string, string]
    if (word === 'irreversible') irreversible = rest.trim() || 'no reason given'
    else if (word === 'no-transaction') noTransaction = true
    else if (word === 'allow') continue // for pgstrata lint, which checks the rule and the reason (src/lint/directives.ts)
    else if (word === 'commit') problems.push(`${file}:${index + 1}: -- pgstrata:commit comes before the first statement, so it separates nothing; put it on a line of its own between the statements to commit between`)
    else problems.push(`${file}:${index + 1}: unknown directive pgstrata:${word} (known: irreversible, no-transaction, commit, allow)`)
  }
  return { irreversible, noTransaction }
}

function isRealDate(version: string): boolean {
  const [y, m, d] = [Number(version.slice(0, 4)), Number(version.slice(4, 6)), Number(version.slice(6, 8))]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** A path relative to the working directory when it is inside it. */
export function display(file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}

/** Lets pending I/O callbacks run between chunks of synchronous work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
