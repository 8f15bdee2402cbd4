// `pgstrata lint`: dangerous DDL in migration files, found in the parse tree.
// Pure: files in, findings out; no database, no clock.
import { UsageError } from '../errors.ts'
import { findCommitMarkers, statementGroups, type StatementGroup } from '../engine/segments.ts'
import { byteToCharMapper, caretSnippet, lineColumnAt } from '../sql/position.ts'
import { checkBreaking } from './checks/breaking.ts'
import { checkColumns } from './checks/columns.ts'
import { checkConstraints } from './checks/constraints.ts'
import { checkIndexes } from './checks/indexes.ts'
import { checkEnumValues, checkLockTimeout, isZeroDuration, recordTransaction, type SessionState } from './checks/transactions.ts'
import { readLintDirectives, type AllowLine } from './directives.ts'
import type { Check, Finding, LintSettings, RawFinding } from './finding.ts'
import { RULES } from './rules.ts'
import { LintState, type TransactionState } from './state.ts'
import { parseFile, type ParsedStatement } from './tree.ts'

export type { Finding, LintSettings } from './finding.ts'
export type { RuleId, Severity } from './rules.ts'

export interface LintFile {
  /** As shown in findings. */
  readonly path: string
  /** Line endings normalized to \n. */
  readonly text: string
}

export interface AllowedFinding extends Finding {
  /** The `-- pgstrata:allow` line's reason. */
  readonly reason: string
}

export interface LintReport {
  readonly files: readonly string[]
  readonly statements: number
  /** In file order, then by position. */
  readonly findings: readonly Finding[]
  /** Findings silenced by `-- pgstrata:allow`, with their reasons. */
  readonly allowed: readonly AllowedFinding[]
}

const CHECKS: readonly Check[] = [checkIndexes, checkConstraints, checkColumns, checkBreaking, checkLockTimeout, checkEnumValues]

/**
 * Lints `files` in the order given: a table created by an earlier file is
 * new to the later ones. Throws UsageError SQL_SYNTAX (the first file that
 * does not parse), TRANSACTION_CONTROL, or BAD_DIRECTIVE (every malformed
 * or misplaced directive in every file): exit 2.
 */
export async function lintFiles(files: readonly LintFile[], settings: LintSettings): Promise<LintReport> {
  const parsed: { file: LintFile; statements: ParsedStatement[] }[] = []
  for (const file of files) parsed.push({ file, statements: await parseFile(file.text, file.path) })
  const problems: string[] = []
  const directives = parsed.map(({ file, statements }) => {
    refuseTransactionControl(file, statements)
    return readLintDirectives(file.text, statements, file.path, problems)
  })
  if (problems.length > 0) {
    throw new UsageError('BAD_DIRECTIVE', `${problems.length === 1 ? 'a pgstrata directive is' : `${problems.length} pgstrata directives are`} malformed or misplaced`, {
      context: problems,
      hint: `silence a rule for one statement with a line -- pgstrata:allow <rule> <reason> right above it`,
    })
  }
  const state = new LintState()
  const findings: Finding[] = []
  const allowed: AllowedFinding[] = []
  parsed.forEach(({ file, statements }, i) => {
    const raw = lintFile(file, statements, directives[i]!.noTransaction, state, settings)
    const { kept, silenced } = applyAllows(file, raw, directives[i]!.allows)
    findings.push(...kept)
    allowed.push(...silenced)
  })
  return { files: files.map((f) => f.path), statements: parsed.reduce((n, p) => n + p.statements.length, 0), findings, allowed }
}

function refuseTransactionControl(file: LintFile, statements: readonly ParsedStatement[]): void {
  const control = statements.find((s) => s.transactionControl !== null)
  if (control === undefined) return
  throw new UsageError('TRANSACTION_CONTROL', `${file.path}:${control.line}:${control.column}: ${control.transactionControl} is not allowed in a migration file`, {
    location: { file: file.path, line: control.line, column: control.column },
    context: caretSnippet(file.text, control),
    hint: 'pgstrata runs each file in its own transaction; remove BEGIN/COMMIT, and put -- pgstrata:commit between statements to commit part-way',
  })
}

/** The file's statements in transactions the way the runner will run them (src/engine/prepare.ts). */
function transactionGroups(text: string, statements: readonly ParsedStatement[], noTransaction: boolean): StatementGroup[] {
  const commits = noTransaction ? [] : findCommitMarkers(text, statements)
  const split = commits.length > 0 || noTransaction || statements.some((s) => s.nonTransactional !== null)
  return split ? statementGroups(statements, commits, commits.length > 0) : [{ start: 0, end: statements.length, transactional: true }]
}

function lintFile(file: LintFile, statements: readonly ParsedStatement[], noTransaction: boolean, state: LintState, settings: LintSettings): Finding[] {
  const findings: Finding[] = []
  const toChar = byteToCharMapper(file.text)
  const configured = isZeroDuration(settings.lockTimeout) ? `lockTimeout is ${settings.lockTimeout}` : null
  // Each migration gets a connection with the server's lock_timeout, taken to be PostgreSQL's default: 0.
  const session: SessionState = { lockTimeoutOff: 'outside a transaction pgstrata sets none' }
  for (const group of transactionGroups(file.text, statements, noTransaction)) {
    const transaction: TransactionState = {
      transactional: group.transactional,
      addedEnumValues: new Map(),
      notValid: new Map(),
      lockTimeoutOff: group.transactional ? configured : session.lockTimeoutOff,
    }
    for (const statement of statements.slice(group.start, group.end)) {
      const context = { statement, state, transaction, settings }
      for (const raw of CHECKS.flatMap((check) => check(context))) findings.push(place(file, statement, raw, toChar))
      state.record(statement)
      recordTransaction(statement, transaction, session)
    }
  }
  return findings.sort((a, b) => a.statement - b.statement || a.line - b.line || a.column - b.column)
}

function place(file: LintFile, statement: ParsedStatement, raw: RawFinding, toChar: (byte: number) => number): Finding {
  const at = raw.at === undefined || raw.at < 0 ? statement : lineColumnAt(file.text, toChar(raw.at))
  const rule = RULES[raw.rule]
  return {
    rule: raw.rule,
    severity: raw.severity ?? rule.severity,
    file: file.path,
    line: at.line,
    column: at.column,
    statement: statement.index + 1,
    lock: raw.lock === undefined ? rule.lock : raw.lock,
    message: raw.message,
    advice: raw.advice,
    ...(raw.table === undefined ? {} : { table: { schema: raw.table.schema, name: raw.table.name } }),
  }
}

/** Splits findings into those an allow line silences and the rest; an allow line that silences nothing is a finding itself. */
function applyAllows(file: LintFile, findings: readonly Finding[], allows: readonly AllowLine[]): { kept: Finding[]; silenced: AllowedFinding[] } {
  const used = new Set<AllowLine>()
  const kept: Finding[] = []
  const silenced: AllowedFinding[] = []
  for (const finding of findings) {
    const allow = allows.find((a) => a.rule === finding.rule && a.statement + 1 === finding.statement)
    if (allow === undefined) {
      kept.push(finding)
    } else {
      used.add(allow)
      silenced.push({ ...finding, reason: allow.reason })
    }
  }
  for (const allow of allows.filter((a) => !used.has(a))) {
    kept.push({
      rule: 'unused-allow', severity: RULES['unused-allow'].severity, file: file.path, line: allow.line, column: 1, statement: allow.statement + 1, lock: null,
      message: `-- pgstrata:allow ${allow.rule} silences nothing: the statement after it has no ${allow.rule} finding`,
      advice: 'remove the line, or move it above the statement it is meant for',
    })
  }
  return { kept: kept.sort((a, b) => a.line - b.line || a.column - b.column), silenced }
}
