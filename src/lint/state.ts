// What the linted files have done so far, statement by statement: the tables
// and indexes they created (nothing running uses those yet, so locking them is
// harmless), the columns whose type they know, the NOT NULL checks they
// validated, and, per transaction, the enum values added and the lock_timeout
// in force. The files are read in the order given: an earlier file's CREATE
// TABLE makes a later file's CREATE INDEX on it harmless.
import type { AlterTableCmd, ColumnDef, Constraint, RangeVar } from 'libpg-query'
import { alterTableCmds } from './locks.ts'
import { namesOf, nodeOf, relation, relationOfNames, relationOfRangeVar, typeSpec, type Fields, type ParsedStatement, type Relation, type TypeSpec } from './tree.ts'

/** What runs together in one transaction (or alone, outside one). */
export interface TransactionState {
  readonly transactional: boolean
  /** Enum values added by ALTER TYPE … ADD VALUE in this transaction, by type key: the type as written, value → the statement's line. */
  readonly addedEnumValues: Map<string, { readonly type: string; readonly values: Map<string, number> }>
  /** Constraints added NOT VALID in this transaction: constraint key → its kind. */
  readonly notValid: Map<string, 'fk' | 'check'>
  /** Why no lock_timeout is in force right now, or null when one is. */
  lockTimeoutOff: string | null
}

export class LintState {
  readonly createdTables = new Set<string>()
  readonly createdIndexes = new Set<string>()
  /** Column key → its type, for columns the files added or retyped. */
  readonly columnTypes = new Map<string, TypeSpec>()
  /** Constraint key → the column of a CHECK (column IS NOT NULL) added NOT VALID, until validated. */
  readonly pendingNotNullChecks = new Map<string, string>()
  /** Column keys with a validated CHECK (column IS NOT NULL). */
  readonly validatedNotNull = new Set<string>()

  isNew(rel: Relation): boolean {
    return this.createdTables.has(rel.key)
  }

  /** Records what `statement` creates, renames, types or validates. */
  record(statement: ParsedStatement): void {
    const { kind, body } = statement
    if (kind === 'CreateStmt' || kind === 'ViewStmt') this.createdTables.add(relationOfRangeVar((body.relation ?? body.view) as RangeVar).key)
    else if (kind === 'CreateTableAsStmt') this.createdTables.add(relationOfRangeVar((body.into as Fields | undefined)?.rel as RangeVar).key)
    else if (kind === 'SelectStmt' && body.intoClause !== undefined) this.createdTables.add(relationOfRangeVar((body.intoClause as Fields).rel as RangeVar).key)
    else if (kind === 'IndexStmt' && typeof body.idxname === 'string') {
      const table = body.relation as RangeVar | undefined
      this.createdIndexes.add(relation(table?.schemaname, body.idxname).key)
    } else if (kind === 'RenameStmt') this.recordRename(body)
    else if (kind === 'DropStmt' && body.removeType === 'OBJECT_TABLE') {
      for (const o of (body.objects ?? []) as unknown[]) this.createdTables.delete(relationOfNames(namesOf(nodeOf<Fields>(o, 'List')?.items)).key)
    } else if (kind === 'AlterTableStmt') this.recordAlterTable(relationOfRangeVar(body.relation as RangeVar), alterTableCmds(body))
  }

  private recordRename(body: Fields): void {
    const from = relationOfRangeVar(body.relation as RangeVar)
    const to = relation((body.relation as RangeVar | undefined)?.schemaname, String(body.newname))
    if (body.renameType === 'OBJECT_TABLE' || body.renameType === 'OBJECT_VIEW' || body.renameType === 'OBJECT_MATVIEW') {
      if (this.createdTables.delete(from.key)) this.createdTables.add(to.key)
    } else if (body.renameType === 'OBJECT_COLUMN') {
      const type = this.columnTypes.get(columnKey(from, String(body.subname)))
      if (type) this.columnTypes.set(columnKey(from, String(body.newname)), type)
    }
  }

  private recordAlterTable(table: Relation, cmds: readonly AlterTableCmd[]): void {
    for (const cmd of cmds) {
      const column = nodeOf<ColumnDef>(cmd.def, 'ColumnDef')
      const constraint = nodeOf<Constraint>(cmd.def, 'Constraint')
      if (cmd.subtype === 'AT_AddColumn' && column?.colname) this.columnTypes.set(columnKey(table, column.colname), typeSpec(column.typeName))
      else if (cmd.subtype === 'AT_AlterColumnType' && cmd.name && column) this.columnTypes.set(columnKey(table, cmd.name), typeSpec(column.typeName))
      else if (cmd.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_CHECK') {
        const checked = notNullColumn(constraint.raw_expr)
        if (checked === null) continue
        if (constraint.skip_validation) this.pendingNotNullChecks.set(constraintKey(table, constraint.conname ?? ''), checked)
        else this.validatedNotNull.add(columnKey(table, checked))
      } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
        const checked = this.pendingNotNullChecks.get(constraintKey(table, cmd.name))
        if (checked !== undefined) this.validatedNotNull.add(columnKey(table, checked))
      }
    }
  }
}

export const columnKey = (table: Relation, column: string): string => JSON.stringify([table.key, column])
export const constraintKey = (table: Relation, name: string): string => JSON.stringify([table.key, name])

/** The column of a `column IS NOT NULL` check expression, else null. */
export function notNullColumn(expression: unknown): string | null {
  const test = nodeOf<{ arg?: unknown; nulltesttype?: string }>(expression, 'NullTest')
  if (test?.nulltesttype !== 'IS_NOT_NULL') return null
  const fields = namesOf(nodeOf<{ fields?: unknown[] }>(test.arg, 'ColumnRef')?.fields)
  return fields.length === 1 ? fields[0]! : null
}
