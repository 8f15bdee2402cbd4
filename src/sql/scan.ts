// Splitting a plain migration file without the parser. Loading the
// WebAssembly parser and parsing every file cost `up` about 0.4 s of CPU for
// 500 small migrations, more than a third of what the CLI spent in all. Most
// files hold only a few plain kinds of statements (CREATE TABLE, CREATE
// INDEX, INSERT, ALTER TABLE, …) whose properties the runner needs (can run
// in a transaction, leaves no session state, is not transaction control) can
// be told from their first words. quickSplit splits such a file with a
// lexer that knows strings, quoted names and comments, and gives up (null)
// on anything else: the caller then parses the file as before. It does not
// check syntax; the runner has the server do that before anything of the
// file runs (see syntaxCheck in src/engine/apply.ts).
import type { Statement } from './parse.ts'
import { lineColumnAt } from './position.ts'

interface Scanned {
  readonly start: number
  readonly end: number
  /** Words outside parentheses, lower-cased, in order. */
  readonly words: string[]
  /** Every word, also inside parentheses. */
  readonly allWords: string[]
  /** The first tokens, words lower-cased, anything else as '·'. */
  readonly lead: string[]
}

const WORD_START = /[A-Za-z_]/
const WORD = /[A-Za-z0-9_]/

/**
 * The statements of `text` as splitStatements would return them, when every
 * one is of a kind listed in kindOf; null when the file needs the parser
 * (another kind, a dollar quote, an escape string, non-ASCII text, a `;`
 * inside parentheses, anything unterminated).
 */
export function quickSplit(text: string): Statement[] | null {
  const scanned = scan(text)
  if (scanned === null) return null
  const statements: Statement[] = []
  for (const s of scanned) {
    const kind = kindOf(s)
    if (kind === null) return null
    statements.push({
      sql: text.slice(s.start, s.end).trimEnd(),
      start: s.start,
      end: s.end,
      ...lineColumnAt(text, s.start),
      kind,
      nonTransactional: null,
      transactionControl: null,
      leavesSessionState: false,
      concurrentIndex: null,
    })
  }
  return statements
}

// Unquoted names may hold non-ASCII letters, which the lexer below does not know.
const NON_ASCII = /[^\x00-\x7f]/

function scan(text: string): Scanned[] | null {
  if (NON_ASCII.test(text)) return null
  const out: Scanned[] = []
  let current: { start: number; words: string[]; allWords: string[]; lead: string[] } | null = null
  let depth = 0
  const token = (at: number, word: string | null) => {
    current ??= { start: at, words: [], allWords: [], lead: [] }
    if (current.lead.length < 4) current.lead.push(word ?? '·')
    if (word !== null) {
      current.allWords.push(word)
      if (depth === 0) current.words.push(word)
    }
  }
  const n = text.length
  let i = 0
  while (i < n) {
    const c = text[i]!
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++
    } else if (c === '-' && text[i + 1] === '-') {
      const newline = text.indexOf('\n', i)
      i = newline === -1 ? n : newline
    } else if (c === '/' && text[i + 1] === '*') {
      // Block comments nest in PostgreSQL.
      let nested = 0
      for (;;) {
        if (i >= n) return null
        if (text[i] === '/' && text[i + 1] === '*') { nested++; i += 2 }
        else if (text[i] === '*' && text[i + 1] === '/') { nested--; i += 2; if (nested === 0) break }
        else i++
      }
    } else if (c === "'") {
      // A prefix (E'…' with backslash escapes, B'…', X'…', U&'…') is left to the parser.
      if (i > 0 && WORD.test(text[i - 1]!)) return null
      token(i, null)
      let j = i + 1
      for (;;) {
        if (j >= n) return null
        const d = text[j]!
        if (d === '\\') return null
        if (d === "'") {
          if (text[j + 1] === "'") { j += 2; continue }
          break
        }
        j++
      }
      i = j + 1
    } else if (c === '"') {
      token(i, null)
      let j = i + 1
      for (;;) {
        if (j >= n) return null
        if (text[j] === '"') {
          if (text[j + 1] === '"') { j += 2; continue }
          break
        }
        j++
      }
      i = j + 1
    } else if (c === '$' || c === '\\' || c === '&' || c === '`') {
      return null
    } else if (c === '(') {
      token(i, null)
      depth++
      i++
    } else if (c === ')') {
      if (depth === 0) return null
      token(i, null)
      depth--
      i++
    } else if (c === ';') {
      if (depth !== 0) return null
      if (current !== null) {
        const { start, words, allWords, lead } = current
        out.push({ start, end: i, words, allWords, lead })
      }
      current = null
      i++
    } else if (WORD_START.test(c)) {
      let j = i + 1
      while (j < n && WORD.test(text[j]!)) j++
      // A word glued to a quote is a prefix (E'…', U&"…"): the parser's business.
      if (text[j] === "'" || text[j] === '"' || text[j] === '$') return null
      token(i, text.slice(i, j).toLowerCase())
      i = j
    } else {
      token(i, null)
      i++
    }
  }
  if (depth !== 0) return null
  if (current !== null) {
    const { start, words, allWords, lead } = current as { start: number; words: string[]; allWords: string[]; lead: string[] }
    out.push({ start, end: n, words, allWords, lead })
  }
  return out
}

/**
 * The parse node's type for the statement kinds quickSplit accepts, or null.
 * Every kind listed can run in a transaction block, is not transaction
 * control and leaves no session state, unless one of the words that change
 * that appears (CONCURRENTLY, TEMP), in which case it is left to the parser.
 * INTO, other than right after INSERT, is refused too: the server's syntax
 * check (a PL/pgSQL block) would read it as a variable to fill.
 */
function kindOf(s: Scanned): string | null {
  const [w0, w1, w2, w3] = s.lead
  if (s.words.includes('concurrently')) return null
  if (s.allWords.some((w, i) => w === 'into' && !(i === 1 && w0 === 'insert'))) return null
  switch (w0) {
    case 'create':
      if (w1 === 'table' || (w1 === 'unlogged' && w2 === 'table')) return s.words.includes('as') ? null : 'CreateStmt'
      if (w1 === 'index' || (w1 === 'unique' && w2 === 'index')) return 'IndexStmt'
      if (w1 === 'sequence') return 'CreateSeqStmt'
      if (w1 === 'view' || (w1 === 'or' && w2 === 'replace' && w3 === 'view')) return 'ViewStmt'
      return null
    case 'insert':
      return w1 === 'into' ? 'InsertStmt' : null
    case 'update':
      return 'UpdateStmt'
    case 'delete':
      return w1 === 'from' ? 'DeleteStmt' : null
    case 'alter':
      // RENAME, SET SCHEMA, ALL IN TABLESPACE and DEPENDS ON are other node types.
      if (w1 !== 'table') return null
      return s.words.some((w) => w === 'rename' || w === 'schema' || w === 'all' || w === 'depends') ? null : 'AlterTableStmt'
    case 'comment':
      return w1 === 'on' ? 'CommentStmt' : null
    case 'drop':
      return w1 === 'table' || w1 === 'index' || w1 === 'view' || w1 === 'sequence' ? 'DropStmt' : null
    default:
      return null
  }
}
