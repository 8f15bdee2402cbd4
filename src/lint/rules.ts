// The lint rules: stable ids, how bad each is, and the lock it is about.
// The ids are public (in `-- pgstrata:allow <rule> <reason>` lines, in --json
// output and in CI scripts), so they never change meaning; a retired rule's id
// is not reused.
import type { LockMode } from './locks.ts'

export type Severity = 'error' | 'warning'

export interface Rule {
  readonly severity: Severity
  /** The lock the statement takes, when the rule is about one. */
  readonly lock: LockMode | null
  /** One line for the README table and `--help`-like listings. */
  readonly summary: string
}

export const RULES = {
  'index-not-concurrent': { severity: 'error', lock: 'SHARE', summary: 'CREATE INDEX without CONCURRENTLY on an existing table' },
  'add-unique-constraint': { severity: 'error', lock: 'ACCESS EXCLUSIVE', summary: 'ADD UNIQUE / PRIMARY KEY / EXCLUDE that builds its index under the lock' },
  'fk-not-valid': { severity: 'error', lock: 'SHARE ROW EXCLUSIVE', summary: 'ADD FOREIGN KEY without NOT VALID, or validated in the same transaction' },
  'check-not-valid': { severity: 'error', lock: 'ACCESS EXCLUSIVE', summary: 'ADD CHECK without NOT VALID, or validated in the same transaction' },
  'set-not-null': { severity: 'error', lock: 'ACCESS EXCLUSIVE', summary: 'SET NOT NULL without a validated CHECK (column IS NOT NULL)' },
  'column-type-rewrite': { severity: 'error', lock: 'ACCESS EXCLUSIVE', summary: 'ALTER COLUMN … TYPE that rewrites the table' },
  'volatile-default': { severity: 'error', lock: 'ACCESS EXCLUSIVE', summary: 'ADD COLUMN whose value is computed per row (volatile default, serial, identity, stored generated)' },
  'rename': { severity: 'warning', lock: 'ACCESS EXCLUSIVE', summary: 'renaming a table, view or column that running code uses' },
  'drop': { severity: 'warning', lock: 'ACCESS EXCLUSIVE', summary: 'dropping a table, view or column that running code uses' },
  'lock-timeout': { severity: 'warning', lock: null, summary: 'a statement that waits for a lock blocking reads or writes with no lock_timeout' },
  'enum-value-same-transaction': { severity: 'error', lock: null, summary: 'an enum value used in the transaction that adds it (fails with 55P04)' },
  'unused-allow': { severity: 'warning', lock: null, summary: 'a -- pgstrata:allow line that silences nothing' },
} as const satisfies Record<string, Rule>

export type RuleId = keyof typeof RULES

/** The rules a `-- pgstrata:allow` line may name: all but unused-allow, which reports allow lines themselves. */
export const ALLOWABLE: readonly RuleId[] = (Object.keys(RULES) as RuleId[]).filter((id) => id !== 'unused-allow')

export const isRuleId = (word: string): word is RuleId => Object.hasOwn(RULES, word)

/**
 * The rules about a lock held while every row is scanned, rewritten or
 * indexed: on a small table it is held for moments (src/lint/sizes.ts). The
 * others break running code, lose data or wait for a lock, at any size.
 */
export const SCALES_WITH_TABLE: ReadonlySet<RuleId> = new Set<RuleId>([
  'index-not-concurrent', 'add-unique-constraint', 'fk-not-valid', 'check-not-valid', 'set-not-null', 'column-type-rewrite', 'volatile-default',
])
