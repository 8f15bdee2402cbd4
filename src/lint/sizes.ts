// Lint findings with the sizes of their tables: each finding about an
// existing table names its estimated rows and size, and a finding whose lock
// lasts as long as the table takes to scan, rewrite or index is set aside
// when the table is small (see SCALES_WITH_TABLE and src/diff/sizes.ts).
// Pure: the sizes come from src/introspect/sizes.ts.
import { isSmall, withSize, type SmallTable, type TableSizes } from '../diff/sizes.ts'
import { keyOf, type Key } from '../model/key.ts'
import { displayIdent } from '../sql/quote.ts'
import type { Finding, FindingTable } from './finding.ts'
import type { AllowedFinding, LintReport } from './index.ts'
import { SCALES_WITH_TABLE } from './rules.ts'

export interface SizedLintReport extends LintReport {
  /** Findings set aside: their table is small, so the lock is held for moments. */
  readonly small: readonly Finding[]
}

/** The key a finding's table has among the sizes. */
export const tableKey = (table: FindingTable): Key => keyOf('table', table.schema, table.name)

/** The tables `report`'s findings are about, for the size query. */
export const tablesOfReport = (report: LintReport): Key[] =>
  [...new Set([...report.findings, ...report.allowed].flatMap((f) => (f.table === undefined ? [] : [tableKey(f.table)])))].sort()

/**
 * Names the sizes in `report`'s findings (and allowed ones) and sets aside the
 * findings of small tables. Tables missing from `sizes` are left as they are.
 */
export function sizeFindings(report: LintReport, sizes: TableSizes, threshold: SmallTable): SizedLintReport {
  const sized = <F extends Finding>(finding: F): F => {
    const size = finding.table === undefined ? undefined : sizes.get(tableKey(finding.table))
    if (finding.table === undefined || size === undefined) return finding
    // Messages name the table as the file writes it: orders, or billing.orders.
    const written = finding.message.includes(`${displayIdent(finding.table.schema)}.${displayIdent(finding.table.name)}`)
      ? `${displayIdent(finding.table.schema)}.${displayIdent(finding.table.name)}` : displayIdent(finding.table.name)
    return { ...finding, message: withSize(finding.message, written, size), size }
  }
  const findings: Finding[] = []
  const small: Finding[] = []
  for (const finding of report.findings.map(sized)) {
    const size = finding.table === undefined ? undefined : sizes.get(tableKey(finding.table))
    if (SCALES_WITH_TABLE.has(finding.rule) && isSmall(size, threshold)) small.push(finding)
    else findings.push(finding)
  }
  return { ...report, findings, allowed: report.allowed.map((f) => sized<AllowedFinding>(f)), small }
}
