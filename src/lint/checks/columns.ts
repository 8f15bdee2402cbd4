// Column changes that rewrite the whole table under ACCESS EXCLUSIVE:
// column-type-rewrite, volatile-default.
import type { ColumnDef, Constraint, RangeVar, TypeName } from 'libpg-query'
import { displayIdent } from '../../sql/quote.ts'
import type { Check, RawFinding } from '../finding.ts'
import { alterTableCmds } from '../locks.ts'
import { columnKey } from '../state.ts'
import { namesOf, nodeOf, relationOfRangeVar, typeSpec, typeText, walk, type Relation, type TypeSpec } from '../tree.ts'

export const checkColumns: Check = ({ statement, state }) => {
  const { kind, body } = statement
  if (kind !== 'AlterTableStmt') return []
  const table = relationOfRangeVar(body.relation as RangeVar)
  if (state.isNew(table)) return []
  const findings: RawFinding[] = []
  for (const cmd of alterTableCmds(body)) {
    const column = nodeOf<ColumnDef>(cmd.def, 'ColumnDef')
    if (column === undefined) continue
    if (cmd.subtype === 'AT_AlterColumnType' && cmd.name) {
      const finding = typeChange(table, cmd.name, column, state.columnTypes.get(columnKey(table, cmd.name)))
      if (finding) findings.push(finding)
    } else if (cmd.subtype === 'AT_AddColumn') {
      const finding = computedColumn(table, column)
      if (finding) findings.push(finding)
    }
  }
  return findings
}

// ALTER COLUMN TYPE rewrites the table (and rebuilds its indexes) unless the
// old type is binary-coercible to the new one and the USING expression leaves
// the value alone (ATColumnChangeRequiresRewrite in tablecmds.c). These
// families widen without a rewrite (checked on PostgreSQL 15: the table keeps
// its relfilenode): a longer or dropped length or precision, varchar ↔ text,
// cidr → inet.
const WIDENS_BY_MODIFIER = new Set(['varchar', 'numeric', 'varbit', 'timestamp', 'timestamptz', 'time', 'timetz', 'interval'])
const TEXT_LIKE = new Set(['varchar', 'text'])

function isRewriteFree(from: TypeSpec, to: TypeSpec): boolean {
  if (from.array !== to.array) return false
  if (from.name === to.name && from.mods.join() === to.mods.join()) return true
  if (to.name === 'text' && TEXT_LIKE.has(from.name)) return true
  if (to.name === 'varchar' && to.mods.length === 0 && TEXT_LIKE.has(from.name)) return true
  if (from.name === 'cidr' && to.name === 'inet') return true
  if (from.name !== to.name || !WIDENS_BY_MODIFIER.has(to.name)) return false
  if (to.mods.length === 0) return true
  if (from.mods.length === 0) return false
  // numeric(p,s): the scale must stay, the precision may grow.
  if (to.name === 'numeric') return (from.mods[1] ?? 0) === (to.mods[1] ?? 0) && to.mods[0]! >= from.mods[0]!
  return to.mods[0]! >= from.mods[0]!
}

/** USING that leaves the value as it is: the column itself, or the column cast to the new type. */
function isPlainUsing(using: unknown, column: string, to: TypeSpec): boolean {
  if (using === undefined) return true
  const cast = nodeOf<{ arg?: unknown; typeName?: TypeName }>(using, 'TypeCast')
  const value = cast === undefined ? using : cast.arg
  const fields = namesOf(nodeOf<{ fields?: unknown[] }>(value, 'ColumnRef')?.fields)
  return fields.length === 1 && fields[0] === column && (cast === undefined || typeText(typeSpec(cast.typeName)) === typeText(to))
}

function typeChange(table: Relation, column: string, definition: ColumnDef, known: TypeSpec | undefined): RawFinding | null {
  const to = typeSpec(definition.typeName)
  const plain = isPlainUsing(definition.raw_default, column, to)
  if (known !== undefined && plain && isRewriteFree(known, to)) return null
  const what = `ALTER COLUMN ${displayIdent(column)} TYPE ${typeText(to)} on ${table.display}`
  const rewrite = 'rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock (blocks reads and writes)'
  const advice = 'add a column of the new type, fill it in batches (a trigger keeps new writes in step), switch the code over, then drop the old column; only widening a varchar, numeric or timestamp modifier, varchar ↔ text and cidr → inet go without a rewrite'
  // The old type is unknown when the column predates the linted files: the
  // change may be a widening, which only a person can tell.
  if (known === undefined && plain && (WIDENS_BY_MODIFIER.has(to.name) || to.name === 'text' || to.name === 'inet')) {
    return {
      rule: 'column-type-rewrite',
      table,
      severity: 'warning',
      at: definition.location,
      message: `${what} ${rewrite}, unless the old type converts without one; pgstrata cannot see the old type`,
      advice: `if it is a widening (varchar(n) to a longer varchar or text, a larger numeric precision with the same scale), say so: -- pgstrata:allow column-type-rewrite <old type> widens; otherwise ${advice}`,
    }
  }
  return {
    rule: 'column-type-rewrite',
    table,
    at: definition.location,
    message: `${what} ${rewrite}${known === undefined ? '' : ` (from ${typeText(known)})`}${plain ? '' : '; a USING expression that changes values always rewrites'}`,
    advice,
  }
}

// Built-in and common extension functions that are VOLATILE (pg_proc.provolatile
// = 'v'): a default calling one is evaluated for every existing row, so ADD
// COLUMN rewrites the table. now(), current_timestamp and the other STABLE or
// IMMUTABLE defaults are evaluated once and stored in the catalog (PostgreSQL 11+).
const VOLATILE_FUNCTIONS = new Set([
  'random', 'random_normal', 'setseed', 'clock_timestamp', 'timeofday', 'nextval', 'currval', 'lastval', 'setval',
  'gen_random_uuid', 'uuidv4', 'uuidv7', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4',
  'gen_random_bytes', 'gen_salt', 'pg_sleep', 'txid_current_snapshot', 'pg_current_snapshot',
])
/** The first call under `node` to one of `names` (matched on the last part of the function's name), or null. */
function calledFunction(node: unknown, names: ReadonlySet<string>): string | null {
  for (const [kind, fields] of walk(node)) {
    if (kind !== 'FuncCall') continue
    const name = namesOf(fields.funcname).at(-1)?.toLowerCase()
    if (name !== undefined && names.has(name)) return name
  }
  return null
}

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2'])

/** ADD COLUMN whose value differs per row: every existing row must be written. */
function computedColumn(table: Relation, column: ColumnDef): RawFinding | null {
  const name = displayIdent(column.colname ?? '')
  const constraints = (column.constraints ?? []).map((c) => nodeOf<Constraint>(c, 'Constraint')).filter((c) => c !== undefined)
  const type = typeSpec(column.typeName)
  const fill = (how: string, at: number | undefined, advice: string): RawFinding => ({
    rule: 'volatile-default',
    table,
    at,
    message: `ADD COLUMN ${name} on ${table.display} ${how}, rewriting the table under an ACCESS EXCLUSIVE lock (blocks reads and writes)`,
    advice,
  })
  const backfill = 'add the column with no default (or a constant one), then SET DEFAULT in a second statement (it applies to new rows only) and fill the existing rows in batches'
  if (SERIAL_TYPES.has(type.name)) {
    return fill(`as ${type.name} fills every existing row from a sequence`, column.location,
      'add a plain integer column, create a sequence and SET DEFAULT nextval(…) in a second statement (it applies to new rows only), then fill the existing rows in batches')
  }
  for (const constraint of constraints) {
    if (constraint.contype === 'CONSTR_DEFAULT') {
      const volatile = calledFunction(constraint.raw_expr, VOLATILE_FUNCTIONS)
      if (volatile !== null) return fill(`with the volatile default ${volatile}() computes a value for every existing row`, constraint.location, backfill)
    } else if (constraint.contype === 'CONSTR_IDENTITY') {
      return fill('GENERATED … AS IDENTITY fills every existing row from a sequence', constraint.location,
        'add a plain column, fill it in batches, SET NOT NULL (see set-not-null), then ALTER COLUMN … ADD GENERATED … AS IDENTITY (no rewrite) and move the sequence past the largest value')
    } else if (constraint.contype === 'CONSTR_GENERATED' && constraint.generated_kind !== 'v') {
      return fill('GENERATED ALWAYS AS (…) STORED computes every existing row', constraint.location,
        'there is no way to store a generated column without writing every row: add it while the table is small, keep the value up to date with a trigger on a plain column filled in batches, or accept the rewrite with -- pgstrata:allow volatile-default <reason>')
    }
  }
  return null
}
