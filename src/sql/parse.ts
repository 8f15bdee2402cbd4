// Every call into the SQL parser lives here, so the parser can be swapped.
// libpg-query is the PostgreSQL 18 grammar compiled to WebAssembly.
import type { RawStmt } from 'libpg-query'
import { UsageError } from '../errors.ts'
import { byteToCharMapper, caretSnippet, lineColumnAt } from './position.ts'

export interface Statement {
  /** The statement's text from its first token, without the closing `;`. */
  readonly sql: string
  /** Character offsets of the statement in the file text. */
  readonly start: number
  readonly end: number
  /** 1-based position of the first token. */
  readonly line: number
  readonly column: number
  /** The parse node's type, e.g. `CreateStmt`. */
  readonly kind: string
  /** Why PostgreSQL refuses to run this statement in a transaction block, or null. */
  readonly nonTransactional: string | null
  /** BEGIN, COMMIT, ROLLBACK, …: the runner owns transactions, so these are refused. */
  readonly transactionControl: string | null
  /** The statement changes the session beyond its transaction (SET, SET ROLE, temp tables). */
  readonly leavesSessionState: boolean
  /** For CREATE INDEX CONCURRENTLY with a name: the index it builds (schema null: the table's, by search_path). */
  readonly concurrentIndex: { readonly schema: string | null; readonly name: string } | null
}

type Parser = typeof import('libpg-query')
let parser: Parser | undefined
let loading: Promise<void> | undefined

/**
 * Loads the WebAssembly parser once; later calls return at once. It is
 * imported only here, on demand: loading it costs ~80 ms, which a run with
 * nothing pending should not pay.
 */
export function loadParser(): Promise<void> {
  loading ??= import('libpg-query').then(async (module) => {
    await module.loadModule()
    // WebAssembly functions compile on first call; the grammar's big parse
    // function takes ~40 ms. Pay that here, while the caller waits on the
    // network, rather than in front of the first real file.
    module.parseSync('select 1')
    parser = module
  })
  return loading
}

/** Whether loadParser() has resolved. */
export const isParserLoaded = (): boolean => parser !== undefined

/**
 * The parse tree of each statement of `text`, in order (libpg-query's JSON
 * nodes), for readers that need more than splitStatements keeps (the lint
 * rules). Requires `loadParser()` to have resolved; `text` must have split.
 */
export function statementTrees(text: string): unknown[] {
  if (parser === undefined) throw new Error('statementTrees called before loadParser() resolved')
  return (parser.parseSync(text).stmts ?? []).map((raw) => raw.stmt ?? {})
}

/**
 * Splits a SQL file into statements with their positions and what the runner
 * needs to know about each. Requires `loadParser()` to have resolved.
 * Throws UsageError SQL_SYNTAX with file:line:col and a caret snippet.
 */
export function splitStatements(text: string, file: string): Statement[] {
  if (text.trim() === '') return []
  if (parser === undefined) throw new Error('splitStatements called before loadParser() resolved')
  let stmts: RawStmt[]
  try {
    stmts = parser.parseSync(text).stmts ?? []
  } catch (error) {
    const offset = parser.hasSqlDetails(error) ? error.sqlDetails!.cursorPosition : 0
    const at = lineColumnAt(text, offset)
    throw new UsageError('SQL_SYNTAX', `${file}:${at.line}:${at.column}: ${(error as Error).message}`, {
      location: { file, ...at },
      context: caretSnippet(text, at),
      hint: 'fix the statement; nothing was run',
      cause: error,
    })
  }
  const toChar = byteToCharMapper(text)
  return stmts.map((raw) => {
    const startByte = raw.stmt_location ?? 0
    const start = toChar(startByte)
    // stmt_len is absent for the last statement when no `;` ends it: it runs to the end.
    const end = raw.stmt_len ? toChar(startByte + raw.stmt_len) : text.length
    const [kind, body] = (Object.entries(raw.stmt ?? {})[0] ?? ['Unknown', {}]) as [string, Body]
    return {
      sql: text.slice(start, end).trimEnd(),
      start,
      end,
      ...lineColumnAt(text, start),
      kind,
      nonTransactional: nonTransactionalReason(kind, body),
      transactionControl: transactionControl(kind, body),
      leavesSessionState: leavesSessionState(kind, body),
      concurrentIndex: concurrentIndexOf(kind, body),
    }
  })
}

type Body = Record<string, unknown>

function concurrentIndexOf(kind: string, body: Body): Statement['concurrentIndex'] {
  if (kind !== 'IndexStmt' || body.concurrent !== true || typeof body.idxname !== 'string') return null
  const schema = (body.relation as { schemaname?: string } | undefined)?.schemaname
  return { schema: schema ?? null, name: body.idxname }
}

const hasOption = (options: unknown, name: string): boolean =>
  Array.isArray(options) &&
  options.some((option: { DefElem?: { defname?: string } }) => option.DefElem?.defname === name)

// The statements PostgreSQL runs through PreventInTransactionBlock(). Where
// that depends on options we cannot see (CREATE SUBSCRIPTION's create_slot
// defaults to true), we say "no transaction": running outside one always works.
function nonTransactionalReason(kind: string, body: Body): string | null {
  switch (kind) {
    case 'IndexStmt':
      return body.concurrent ? 'CREATE INDEX CONCURRENTLY' : null
    case 'DropStmt':
      return body.concurrent ? 'DROP INDEX CONCURRENTLY' : null
    case 'ReindexStmt':
      if (hasOption(body.params, 'concurrently')) return 'REINDEX CONCURRENTLY'
      return ['REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_SYSTEM', 'REINDEX_OBJECT_DATABASE'].includes(String(body.kind))
        ? 'REINDEX SCHEMA/SYSTEM/DATABASE'
        : null
    case 'AlterTableStmt': {
      const cmds = (body.cmds ?? []) as { AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } } }[]
      const detach = cmds.some(({ AlterTableCmd: cmd }) =>
        cmd?.subtype === 'AT_DetachPartition' && cmd.def?.PartitionCmd?.concurrent === true)
      return detach ? 'DETACH PARTITION … CONCURRENTLY' : null
    }
    case 'VacuumStmt':
      return body.is_vacuumcmd ? 'VACUUM' : null
    case 'ClusterStmt':
      return body.relation === undefined ? 'CLUSTER without a table' : null
    case 'DiscardStmt':
      return body.target === 'DISCARD_ALL' ? 'DISCARD ALL' : null
    case 'AlterDatabaseStmt':
      return hasOption(body.options, 'tablespace') ? 'ALTER DATABASE … SET TABLESPACE' : null
    case 'AlterSystemStmt': return 'ALTER SYSTEM'
    case 'CreatedbStmt': return 'CREATE DATABASE'
    case 'DropdbStmt': return 'DROP DATABASE'
    case 'CreateTableSpaceStmt': return 'CREATE TABLESPACE'
    case 'DropTableSpaceStmt': return 'DROP TABLESPACE'
    case 'CreateSubscriptionStmt': return 'CREATE SUBSCRIPTION'
    case 'AlterSubscriptionStmt': return 'ALTER SUBSCRIPTION'
    case 'DropSubscriptionStmt': return 'DROP SUBSCRIPTION'
    default: return null
  }
}

// SAVEPOINT, RELEASE and ROLLBACK TO stay inside the runner's transaction, so
// they are allowed; anything that would end or start one is not.
const ALLOWED_TRANSACTION_STMTS = new Set(['TRANS_STMT_SAVEPOINT', 'TRANS_STMT_RELEASE', 'TRANS_STMT_ROLLBACK_TO'])
const TRANSACTION_WORDS: Record<string, string> = {
  TRANS_STMT_BEGIN: 'BEGIN', TRANS_STMT_START: 'START TRANSACTION', TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK', TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED', TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
}

function transactionControl(kind: string, body: Body): string | null {
  if (kind !== 'TransactionStmt' || ALLOWED_TRANSACTION_STMTS.has(String(body.kind))) return null
  return TRANSACTION_WORDS[String(body.kind)] ?? 'a transaction statement'
}

function leavesSessionState(kind: string, body: Body): boolean {
  if (kind === 'VariableSetStmt') return body.is_local !== true && body.kind !== 'VAR_SET_MULTI'
  if (kind === 'CreateStmt' || kind === 'CreateTableAsStmt') {
    const relation = (kind === 'CreateStmt' ? body.relation : (body.into as Body | undefined)?.rel) as Body | undefined
    return relation?.relpersistence === 't'
  }
  return kind === 'PrepareStmt' || kind === 'ListenStmt'
}
