// `pgstrata lint [files…]`: dangerous DDL in migration files. Given files
// are linted as given, in that order, with no database (unless --url or
// DATABASE_URL names one for table sizes); with none, the up files of the
// migrations the database has not applied yet, with the sizes of its tables.
import { readFileSync, statSync } from 'node:fs'
import { resolveTarget, type Target } from '../db/connect.ts'
import { describeSize, type TableSizes } from '../diff/sizes.ts'
import * as runner from '../engine/runner.ts'
import { tableSizesOf } from '../introspect/sizes.ts'
import type { Key } from '../model/key.ts'
import { displayIdent } from '../sql/quote.ts'
import { sizeFindings, tablesOfReport, type SizedLintReport } from '../lint/sizes.ts'
import { PgstrataError, UsageError } from '../errors.ts'
import { lintFiles, type Finding, type LintFile } from '../lint/index.ts'
import type { Settings } from './config.ts'
import { loadSettings, runnerConfig, type GlobalFlags, type Output } from './context.ts'
import { plural } from './format.ts'
import { sizesLine } from './sizes.ts'
import { pgstrata } from '../invocation.ts'

/** States whose up file has not run (whole) yet. */
const NOT_APPLIED = new Set(['pending', 'partial', 'out-of-order'])

export async function lint(files: readonly string[], flags: GlobalFlags, output: Output): Promise<void> {
  let targets: LintFile[]
  let settings: Settings
  /** Where table sizes are read: the database linted for, or one named for it. */
  let database: Target | null = null
  if (files.length > 0) {
    settings = await loadSettings(flags)
    targets = files.map(readLintFile)
    // Never the PG* variables or the development database: files alone need no server.
    if (flags.url || process.env.DATABASE_URL) database = await resolveTarget({ url: flags.url, projectDir: process.cwd(), announce: output.err })
  } else {
    const config = await runnerConfig(flags, output)
    settings = config.settings
    database = config.target
    const { statuses } = await runner.status(config)
    targets = statuses.filter((s) => s.migration !== undefined && NOT_APPLIED.has(s.state))
      .map((s) => ({ path: s.migration!.up.path, text: s.migration!.up.text }))
    if (targets.length === 0) {
      output.out(`nothing to lint: ${config.target.display} has no pending migrations`)
      output.result({ ok: true, files: [], statements: 0, findings: [], allowed: [], small: [], sizesFrom: null })
      return
    }
  }
  const linted = await lintFiles(targets, { lockTimeout: settings.lockTimeout })
  const tables = tablesOfReport(linted)
  const sizes = database === null || tables.length === 0 ? null : await readSizes(database, tables, files.length > 0, output)
  const report = sizeFindings(linted, sizes ?? new Map(), settings.smallTable)
  for (const finding of report.findings) output.out(findingLine(finding))
  if (sizes !== null) output.out(sizesLine(database!.display, settings.smallTable, report.small.map((f) => tableName(f)), { noun: 'finding' }))
  const document = {
    files: report.files, statements: report.statements, findings: report.findings, allowed: report.allowed, small: report.small,
    sizesFrom: sizes === null ? null : database!.display,
  }
  if (report.findings.length > 0) {
    // One JSON document still: the error's, with the findings.
    throw Object.assign(new PgstrataError('LINT_FINDINGS', summary(report), {
      hint: 'change the statements as each finding says, or, when one is safe, put a line -- pgstrata:allow <rule> <reason> right above it',
    }), { partial: document })
  }
  output.out(summary(report))
  output.result({ ok: true, ...document })
}

/** `migrations/x.up.sql:3:1: error index-not-concurrent: <what happens>; <what to do instead>` */
export const findingLine = (f: Finding): string => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}; ${f.advice}`

/**
 * The sizes of `tables` in `database`. For files given by name a database that
 * does not answer is only a warning: lint worked without one before.
 */
async function readSizes(database: Target, tables: readonly Key[], optional: boolean, output: Output): Promise<TableSizes | null> {
  try {
    return await tableSizesOf(database, tables)
  } catch (error) {
    if (!optional || !(error instanceof PgstrataError)) throw error
    output.err(`pgstrata: warning: table sizes not read, so no table counts as small: ${error.message.split('\n')[0]}`)
    return null
  }
}

/** `public.orders`: a finding's table, qualified. */
const tableName = (f: Finding): string => `${displayIdent(f.table!.schema)}.${displayIdent(f.table!.name)}`

function summary(report: SizedLintReport): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length
  const warnings = report.findings.length - errors
  const scope = `${plural(report.files.length, 'file')} (${plural(report.statements, 'statement')})`
  const smallTables = [...new Map(report.small.map((f) => [tableName(f), `${tableName(f)}: ${describeSize(f.size!)}`])).values()]
  const allowed = (report.allowed.length === 0 ? '' : `; ${report.allowed.length} allowed by -- pgstrata:allow`) +
    (report.small.length === 0 ? '' : `; ${report.small.length} on ${smallTables.length === 1 ? 'a small table' : 'small tables'}, where the lock is held for moments (${smallTables.join(', ')})`)
  if (report.findings.length === 0) return `no findings in ${scope}${allowed}`
  const files = new Set(report.findings.map((f) => f.file)).size
  const counts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ')
  return `${plural(report.findings.length, 'finding')} (${counts}) in ${files === report.files.length ? '' : `${files} of `}${scope}${allowed}`
}

function readLintFile(file: string): LintFile {
  let text: string
  try {
    if (statSync(file).isDirectory()) {
      throw new UsageError('BAD_USAGE', `${file} is a folder; lint takes files`, {
        hint: `name them (${pgstrata(`lint ${file.replace(/\/$/, '')}/*.up.sql`)}), or give none to lint the migrations not applied yet`,
      })
    }
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if (error instanceof PgstrataError) throw error
    throw new UsageError('FILE_UNREADABLE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
  // As the runner reads migration files: no byte-order mark, \n line endings.
  return { path: file, text: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n') }
}
