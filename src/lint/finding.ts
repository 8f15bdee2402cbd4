// What a check sees and what it reports.
import type { LockMode } from './locks.ts'
import type { RuleId, Severity } from './rules.ts'
import type { LintState, TransactionState } from './state.ts'
import type { ParsedStatement, Relation } from './tree.ts'

export interface Finding {
  readonly rule: RuleId
  readonly severity: Severity
  readonly file: string
  /** 1-based, of the node the finding is about (the statement's first token when the node has no position). */
  readonly line: number
  readonly column: number
  /** 1-based index of the statement in its file. */
  readonly statement: number
  /** The lock the statement takes that the finding is about, or null. */
  readonly lock: LockMode | null
  /** What happens, in one sentence. */
  readonly message: string
  /** What to do instead. */
  readonly advice: string
  /** The existing table the finding is about, when it is about one (unqualified names are taken to be in public). */
  readonly table?: FindingTable
  /** The table's estimated size, when a database was read (src/lint/sizes.ts). */
  readonly size?: { readonly rows: number | null; readonly bytes: number }
}

export interface FindingTable {
  readonly schema: string
  readonly name: string
}

/** A finding as a check reports it; the position and the rule's defaults are filled in afterwards. */
export interface RawFinding {
  readonly rule: RuleId
  /** UTF-8 byte offset into the file (a parse node's location), or undefined for the statement's start. */
  readonly at?: number | undefined
  readonly message: string
  readonly advice: string
  /** When not the rule's own. */
  readonly lock?: LockMode | null
  readonly severity?: Severity
  /** The existing table it is about, whose size may matter. */
  readonly table?: Relation
}

export interface LintSettings {
  /** The runner's `SET LOCAL lock_timeout` (`lockTimeout`, `--lock-timeout`); "0" turns it off. */
  readonly lockTimeout: string
}

export interface CheckContext {
  readonly statement: ParsedStatement
  readonly state: LintState
  readonly transaction: TransactionState
  readonly settings: LintSettings
}

/** One concern's checks: everything it finds in one statement. */
export type Check = (context: CheckContext) => RawFinding[]
