// What a long migration statement is doing, for a person at a terminal.
// While a statement runs, a second connection looks at the work session's
// backend every half second: pg_stat_progress_create_index for CREATE INDEX
// and REINDEX (phase, blocks, tuples, the transactions it waits out), and
// pg_stat_activity for a statement that waits for a lock (pg_blocking_pids).
// Nothing else a migration does has a progress view: VALIDATE CONSTRAINT (a
// CHECK or a FOREIGN KEY) shows in no pg_stat_progress_* view, so it and the
// rest are reported with how long they have run.
// Watching costs nothing unless asked for (the CLI asks when stderr is a
// terminal), and a fast migration never opens the connection: it is made once
// a statement has run for a second. It is a courtesy: the migration never
// waits for it, and any error of its own stops it quietly for the rest of the run.
import type postgres from 'postgres'
import { openConnection, type Target } from '../db/connect.ts'
import { progress, progressDone } from '../progress.ts'
import { statementTrees, type Statement } from '../sql/parse.ts'
import { plural } from './segments.ts'

/** A statement that runs for less than this is never looked at. */
const START_AFTER_MS = 1000
const POLL_MS = 500

/** What may be running on the server while a watched promise is pending. */
export interface Watched {
  /** The migration's id, the start of every line. */
  readonly migration: string
  /** Its statements; the one running is found by its text in pg_stat_activity. */
  readonly statements: readonly Statement[]
}

// One row, one round trip. pg_blocking_pids takes the lock manager's locks
// briefly, so it is called only for a backend that waits for a lock.
const QUERY = `
select a.state, a.query, extract(epoch from clock_timestamp() - a.query_start)::float8 as seconds,
       case when a.wait_event_type = 'Lock' then array_to_string(pg_catalog.pg_blocking_pids(a.pid), ', ') end as blockers,
       p.command, p.phase, nullif(p.index_relid, 0)::regclass::text as index,
       p.blocks_done::float8 as blocks_done, p.blocks_total::float8 as blocks_total,
       p.tuples_done::float8 as tuples_done, p.tuples_total::float8 as tuples_total,
       p.lockers_done::float8 as lockers_done, p.lockers_total::float8 as lockers_total,
       p.partitions_done::float8 as partitions_done, p.partitions_total::float8 as partitions_total
  from pg_catalog.pg_stat_activity a
  left join pg_catalog.pg_stat_progress_create_index p on p.pid = a.pid
 where a.pid = $1`

/** A row of QUERY. */
export interface ActivityRow {
  readonly state: string | null
  readonly query: string | null
  readonly seconds: number | null
  /** Comma-separated pids, when the backend waits for a lock; '' when the holder is gone already. */
  readonly blockers: string | null
  readonly command: string | null
  readonly phase: string | null
  readonly index: string | null
  readonly blocks_done: number | null
  readonly blocks_total: number | null
  readonly tuples_done: number | null
  readonly tuples_total: number | null
  readonly lockers_done: number | null
  readonly lockers_total: number | null
  readonly partitions_done: number | null
  readonly partitions_total: number | null
}

/**
 * Reports, through progress(), what the work session runs while a promise
 * is pending. One per run; close() ends its connection (a later watch opens
 * it again).
 */
export class StatementWatcher {
  #sql: postgres.Sql | undefined
  #failed = false
  /** The watch in progress: a poll that returns after its watch ended reports nothing. */
  #current: object | undefined

  constructor(private readonly target: Target) {}

  /** Returns `work`, reporting on backend `pid` from a second after now until it settles. */
  during<T>(pid: number, watched: Watched, work: Promise<T>): Promise<T> {
    if (this.#failed) return work
    const watch = {}
    this.#current = watch
    let timer: NodeJS.Timeout | undefined
    const poll = async () => {
      await this.#report(pid, watched, watch)
      if (this.#current === watch) timer = setTimeout(poll, POLL_MS).unref()
    }
    timer = setTimeout(poll, START_AFTER_MS).unref()
    return work.finally(() => {
      clearTimeout(timer)
      if (this.#current !== watch) return
      this.#current = undefined
      progressDone()
    })
  }

  async #report(pid: number, watched: Watched, watch: object): Promise<void> {
    let sql: postgres.Sql | undefined
    try {
      sql = this.#sql ??= openConnection(this.target)
      const [row] = await sql.unsafe<ActivityRow[]>(QUERY, [pid])
      if (this.#current !== watch || row === undefined) return
      const line = describeActivity(watched, row)
      if (line !== null) progress(line)
    } catch {
      // close() ended the connection under this poll: the run ended, nothing failed.
      if (sql !== undefined && this.#sql !== sql) return
      // Refused, not permitted, too old a server: the migration goes on unwatched.
      this.#failed = true
      this.#current = undefined
      await this.close()
    }
  }

  /** Ends the connection, at once: a poll still on its way is dropped. */
  async close(): Promise<void> {
    const sql = this.#sql
    this.#sql = undefined
    this.#current = undefined
    await sql?.end({ timeout: 0 }).catch(() => {})
  }
}

/**
 * The status line for what `row` says the backend does, or null when it runs
 * nothing of `watched` worth a line (BEGIN, the ledger write, idle). Names are
 * shown as the statement spells them; the line is for reading, never for SQL.
 */
export function describeActivity(watched: Watched, row: ActivityRow): string | null {
  if (row.state !== 'active') return null
  const index = runningStatement(watched.statements, row.query ?? '')
  const statement = index === -1 ? undefined : watched.statements[index]!
  const waiting = row.blockers === null ? null : lockWait(row.blockers, row.seconds)
  if (statement === undefined) return waiting === null ? null : `${watched.migration}: ${waiting}`
  const what = row.phase === null ? nameOf(statement, index, watched.statements.length) : indexBuildName(statement, row)
  const state = row.phase === null ? [waiting ?? elapsed(row.seconds)] : [...indexBuildState(row), ...(waiting === null ? [] : [waiting])]
  return `${watched.migration}: ${what}: ${state.join(', ')}`
}

/**
 * Which of `statements` pg_stat_activity's `query` is: the same text, or, for
 * a long statement, its start (the server keeps track_activity_query_size bytes).
 */
function runningStatement(statements: readonly Statement[], query: string): number {
  const exact = statements.findIndex((s) => s.sql === query)
  if (exact !== -1 || query.length < 100) return exact
  return statements.findIndex((s) => s.sql.startsWith(query))
}

function lockWait(blockers: string, seconds: number | null): string {
  const pids = blockers.split(', ').filter(Boolean)
  const holder = pids.length === 0 ? '' : ` held by ${pids.length === 1 ? 'pid' : 'pids'} ${pids.join(', ')}`
  return `waiting for a lock${holder} (${elapsed(seconds)})`
}

/** `CREATE INDEX CONCURRENTLY orders_customer_idx`: the view's command, the statement's name for the index. */
function indexBuildName(statement: Statement, row: ActivityRow): string {
  const tree = treeOf(statement)?.IndexStmt
  // An index built in a transaction is not visible to this connection yet: regclass prints its oid.
  const name = tree?.idxname ?? (row.index !== null && !/^\d+$/.test(row.index) ? row.index : null)
  return name === null ? String(row.command) : `${row.command} ${name}`
}

/**
 * The phase, then what is counted in it: partitions, then the transactions
 * waited for, the blocks or the tuples (the phases are listed in
 * https://www.postgresql.org/docs/current/progress-reporting.html#CREATE-INDEX-PROGRESS-REPORTING).
 */
function indexBuildState(row: ActivityRow): string[] {
  const parts = [String(row.phase)]
  if (row.partitions_total) parts.push(`${count(row.partitions_done)} of ${plural(row.partitions_total, 'partition')} done`)
  const phase = String(row.phase)
  // A sort counts nothing: the blocks of the scan before it stay at 100%, the tuples at 0.
  if (phase.includes('sorting')) return parts
  if (row.lockers_total && phase.startsWith('waiting')) parts.push(`${count(row.lockers_done)} of ${plural(row.lockers_total, 'transaction')}`)
  else if (row.blocks_total) parts.push(share(row.blocks_done, row.blocks_total, 'blocks'))
  else if (row.tuples_total) parts.push(share(row.tuples_done, row.tuples_total, 'tuples'))
  return parts
}

function share(done: number | null, total: number, unit: string): string {
  return `${count(done)} of ${count(total)} ${unit} (${Math.floor((100 * (done ?? 0)) / total)}%)`
}

const count = (n: number | null): string => (n ?? 0).toLocaleString('en-US')

function elapsed(seconds: number | null): string {
  const s = Math.max(0, Math.floor(seconds ?? 0))
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`
}

/** `validating users_email_check on public.users`, else the statement's place and start. */
function nameOf(statement: Statement, index: number, total: number): string {
  const tree = treeOf(statement)
  const commands = tree?.AlterTableStmt?.cmds?.map((cmd) => cmd.AlterTableCmd) ?? []
  if (commands.length > 0 && commands.every((cmd) => cmd?.subtype === 'AT_ValidateConstraint')) {
    const relation = tree!.AlterTableStmt!.relation
    return `validating ${commands.map((cmd) => cmd!.name).join(', ')} on ${relationName(relation)}`
  }
  if (tree?.IndexStmt) return `${tree.IndexStmt.concurrent ? 'CREATE INDEX CONCURRENTLY' : 'CREATE INDEX'} ${tree.IndexStmt.idxname ?? `on ${relationName(tree.IndexStmt.relation)}`}`
  const text = statement.sql.replace(/\s+/g, ' ')
  const start = text.length > 60 ? `${text.slice(0, 59)}…` : text
  return total === 1 ? start : `statement ${index + 1} of ${total} (${start})`
}

function relationName(relation: RangeVar | undefined): string {
  return relation?.schemaname ? `${relation.schemaname}.${relation.relname}` : String(relation?.relname)
}

interface RangeVar { readonly schemaname?: string; readonly relname?: string }
interface Tree {
  readonly IndexStmt?: { readonly idxname?: string; readonly concurrent?: boolean; readonly relation?: RangeVar }
  readonly AlterTableStmt?: { readonly relation?: RangeVar; readonly cmds?: readonly { readonly AlterTableCmd?: { readonly subtype?: string; readonly name?: string } }[] }
}

const trees = new WeakMap<Statement, Tree | undefined>()

/** The statement's parse tree (the parser is loaded before anything is applied), parsed once. */
function treeOf(statement: Statement): Tree | undefined {
  if (!trees.has(statement)) {
    let tree: Tree | undefined
    try {
      tree = statementTrees(statement.sql)[0] as Tree | undefined
    } catch {
      tree = undefined
    }
    trees.set(statement, tree)
  }
  return trees.get(statement)
}
