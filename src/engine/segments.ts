// Transaction segments. A `-- pgstrata:commit` line between two statements
// splits a file into segments that commit one after the other: PostgreSQL
// refuses to use an enum value added by ALTER TYPE … ADD VALUE before the
// transaction that added it commits (55P04), so a generated migration that
// adds a value and then uses it needs two transactions. Pure functions: they
// read the file text and the parser's statement offsets, nothing else.
import type { Statement } from '../sql/parse.ts'
import { lineColumnAt } from '../sql/position.ts'
import type { PreparedMigration } from './apply.ts'
import { DIRECTIVE } from './files.ts'

export interface CommitMarker {
  /** 1-based line of the `-- pgstrata:commit` line. */
  readonly line: number
  /** Index of the first statement after it: the segment it opens. */
  readonly before: number
  /** The text after `pgstrata:commit`, if any. */
  readonly reason: string | null
}

/** The statements [start, end) that run together: in one transaction, or alone outside one. */
export interface StatementGroup {
  readonly start: number
  readonly end: number
  /** False for a statement PostgreSQL refuses to run in a transaction block: it runs alone. */
  readonly transactional: boolean
}

export const COMMIT_MARKER = '-- pgstrata:commit'

/**
 * The `-- pgstrata:commit` lines of `text` that lie between two of its
 * `statements` (as splitStatements returns them), in order. A marker inside a
 * statement (a string, a dollar-quoted function body), inside a block comment,
 * after a statement on the same line, or after the last statement is not one.
 */
export function findCommitMarkers(text: string, statements: readonly Statement[]): CommitMarker[] {
  const markers: CommitMarker[] = []
  for (let next = 1; next < statements.length; next++) {
    for (const comment of lineComments(text, statements[next - 1]!.end, statements[next]!.start)) {
      const lineStart = text.lastIndexOf('\n', comment.start - 1) + 1
      if (text.slice(lineStart, comment.start).trim() !== '') continue
      const directive = DIRECTIVE.exec(text.slice(comment.start, comment.end).trim())
      if (directive?.[1] !== 'commit') continue
      markers.push({ line: lineColumnAt(text, comment.start).line, before: next, reason: directive[2]!.trim() || null })
    }
  }
  return markers
}

/**
 * The `--` comments in text[from, to), which lies between two statements (or
 * before the first, or after the last): the parser leaves nothing there but
 * `;`, white space and comments. Block comments nest in PostgreSQL, and a
 * `--` inside one is not a comment.
 */
export function lineComments(text: string, from: number, to: number): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = []
  let depth = 0
  for (let i = from; i < to;) {
    const pair = text.slice(i, i + 2)
    if (pair === '/*') {
      depth++
      i += 2
    } else if (depth > 0 && pair === '*/') {
      depth--
      i += 2
    } else if (depth === 0 && pair === '--') {
      const newline = text.indexOf('\n', i)
      const end = newline === -1 || newline > to ? to : newline
      found.push({ start: i, end })
      i = end
    } else {
      i++
    }
  }
  return found
}

/**
 * How a file's statements run when it does not go as one transaction.
 * Statement by statement (`bySegment` false): each statement alone. By
 * segment: each segment in one transaction, except that a statement
 * PostgreSQL refuses in a transaction block runs alone, splitting its segment.
 */
export function statementGroups(statements: readonly Statement[], commits: readonly CommitMarker[], bySegment: boolean): StatementGroup[] {
  if (!bySegment) return statements.map((s, i) => ({ start: i, end: i + 1, transactional: s.nonTransactional === null }))
  const boundaries = new Set(commits.map((c) => c.before))
  const groups: StatementGroup[] = []
  let start = 0
  const close = (end: number) => {
    if (end > start) groups.push({ start, end, transactional: true })
    start = end
  }
  statements.forEach((statement, i) => {
    if (boundaries.has(i)) close(i)
    if (statement.nonTransactional !== null) {
      close(i)
      groups.push({ start: i, end: i + 1, transactional: false })
      start = i + 1
    }
  })
  close(statements.length)
  return groups
}

/** How `prepared` runs, for people: `in one transaction`, `in 2 transactions (-- pgstrata:commit)`, … */
export function describeExecution(prepared: PreparedMigration): string {
  if (prepared.noTransactionReason === null) return 'in one transaction'
  if (prepared.commits.length === 0) return `statement by statement (${prepared.noTransactionReason})`
  const transactions = prepared.groups.filter((g) => g.transactional).length
  const alone = prepared.groups.filter((g) => !g.transactional).map((g) => prepared.statements[g.start]!.nonTransactional!)
  const parts = [
    ...(transactions === 0 ? [] : [`${plural(transactions, 'transaction')} (${COMMIT_MARKER})`]),
    ...(alone.length === 0 ? [] : [`${plural(alone.length, 'statement')} outside a transaction (${[...new Set(alone)].join(', ')})`]),
  ]
  return `in ${parts.join(' and ')}`
}

export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`
