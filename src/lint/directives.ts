// `-- pgstrata:<word>` lines as lint reads them: all of them, at the top of
// the file and between statements. `-- pgstrata:allow <rule> <reason>`
// silences one rule for the statement after it; the reason is required, so a
// reviewer reads why the statement is safe. Lines inside a statement (a
// string, a function body) are not directives: the parser's statement
// offsets say where statements are, as for `-- pgstrata:commit`.
import { DIRECTIVE } from '../engine/files.ts'
import { lineComments } from '../engine/segments.ts'
import { lineColumnAt } from '../sql/position.ts'
import type { Statement } from '../sql/parse.ts'
import { ALLOWABLE, isRuleId, type RuleId } from './rules.ts'

export interface AllowLine {
  readonly rule: RuleId
  readonly reason: string
  /** 1-based line of the directive. */
  readonly line: number
  /** 0-based index of the statement it applies to. */
  readonly statement: number
}

export interface LintDirectives {
  readonly allows: readonly AllowLine[]
  /** `-- pgstrata:no-transaction` at the top: the file runs statement by statement. */
  readonly noTransaction: boolean
}

const KNOWN = 'allow, commit, irreversible, no-transaction'

/** Reads every directive of `text`; a malformed or misplaced one is added to `problems` as `file:line: …`. */
export function readLintDirectives(text: string, statements: readonly Statement[], file: string, problems: string[]): LintDirectives {
  const allows: AllowLine[] = []
  let noTransaction = false
  for (let next = 0; next <= statements.length; next++) {
    const from = next === 0 ? 0 : statements[next - 1]!.end
    const to = next === statements.length ? text.length : statements[next]!.start
    for (const comment of lineComments(text, from, to)) {
      const directive = DIRECTIVE.exec(text.slice(comment.start, comment.end).trim())
      if (!directive) continue
      const [, word, rest] = directive as unknown as [string, string, string]
      const line = lineColumnAt(text, comment.start).line
      const problem = (message: string) => problems.push(`${file}:${line}: ${message}`)
      const lineStart = text.lastIndexOf('\n', comment.start - 1) + 1
      const ownLine = text.slice(lineStart, comment.start).trim() === ''
      const top = next === 0
      const last = next === statements.length
      if (word === 'allow') {
        const [rule = '', ...words] = rest.trim().split(/\s+/)
        const reason = words.join(' ')
        if (rule === '') problem(`-- pgstrata:allow needs a rule and a reason: -- pgstrata:allow <rule> <why this statement is safe> (rules: ${ALLOWABLE.join(', ')})`)
        else if (!isRuleId(rule) || !ALLOWABLE.includes(rule)) problem(`-- pgstrata:allow ${rule}: no such rule (rules: ${ALLOWABLE.join(', ')})`)
        else if (reason === '') problem(`-- pgstrata:allow ${rule} needs a reason after the rule: why this statement is safe`)
        else if (!ownLine) problem(`-- pgstrata:allow ${rule} follows a statement on the same line; put it on a line of its own above the statement it allows`)
        else if (last) problem(`-- pgstrata:allow ${rule} comes after the last statement, so it applies to none; put it on the line above the statement it allows`)
        else allows.push({ rule, reason, line, statement: next })
      } else if (word === 'no-transaction' || word === 'irreversible') {
        if (!top || !ownLine) problem(`-- pgstrata:${word} only works at the top of the file, before any SQL`)
        else if (word === 'no-transaction') noTransaction = true
      } else if (word === 'commit') {
        if (top || last) problem(`-- pgstrata:commit ${top ? 'comes before the first' : 'comes after the last'} statement, so it separates nothing`)
      } else {
        problem(`unknown directive pgstrata:${word} (known: ${KNOWN})`)
      }
    }
  }
  return { allows, noTransaction }
}
