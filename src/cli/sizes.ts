// Table sizes for create's hazards and lint's findings: read from the
// database the command targets, and the one line that says where they are
// from. Sizes describe that database only: a replay or a fresh database has
// empty tables, which must not make every hazard look harmless.
import type { Target } from '../db/connect.ts'
import { formatBytes, formatRows, sizePlan, tablesOfPlans, type SizedPlan, type SmallTable, type TableSizes } from '../diff/sizes.ts'
import type { Plan } from '../diff/index.ts'
import { tableSizesOf } from '../introspect/sizes.ts'
import { plural } from './format.ts'

export interface PlanSizes {
  readonly up: SizedPlan
  readonly down: SizedPlan
  /** The database the sizes are from (user@host/db), or null when none were read. */
  readonly from: string | null
}

/**
 * The plans with sizes from `target` (null: none are read, and the plans keep
 * every hazard as it is).
 */
export async function sizePlans(up: Plan, down: Plan, target: Target | null, small: SmallTable): Promise<PlanSizes> {
  const sizes: TableSizes = target === null ? new Map() : await tableSizesOf(target, tablesOfPlans([up, down]))
  return { up: sizePlan(up, sizes, small), down: sizePlan(down, sizes, small), from: target === null ? null : target.display }
}

/**
 * `table sizes: estimates from app@db/app (…); 1 hazard on a small table is
 * only a note (public.tags)`, or why there are none (`noSizes`). `noted`: the
 * table of each hazard or finding set aside.
 */
export function sizesLine(from: string | null, small: SmallTable, noted: readonly string[], what: { readonly noun: 'hazard' | 'finding'; readonly noSizes?: string }): string {
  if (from === null) return `table sizes: none (${what.noSizes ?? 'no database'}), so every ${what.noun} counts`
  const tables = [...new Set(noted)]
  const counted = small === false
    ? 'smallTable is false in the config, so no table counts as small'
    : noted.length === 0
      ? `no table it touches is small (analysed, under ${formatRows(small.rows)} and ${formatBytes(small.bytes)})`
      : `${plural(noted.length, what.noun)} on ${tables.length === 1 ? 'a small table' : 'small tables'} ${noted.length === 1 ? 'is' : 'are'} only ${noted.length === 1 ? 'a note' : 'notes'} (${tables.join(', ')})`
  return `table sizes: estimates from ${from} (pg_class.reltuples, pg_total_relation_size); ${counted}`
}
