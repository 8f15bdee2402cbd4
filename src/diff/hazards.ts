// What a change risks: losing data, rewriting a table, holding a lock that
// blocks writes, or being impossible to undo. Hazards travel with the plan,
// are written as comments above the statements, and come out in --json.
import { describeKey, pathOf, type Key } from '../model/key.ts'
import type { Column } from '../model/types.ts'
import type { Change, Hazard } from './change.ts'
import { parseTypeName } from './names.ts'
import { displayIdent } from '../sql/quote.ts'

const deletes = (message: string): Hazard => ({ kind: 'deletesData', message })
const rewrites = (message: string): Hazard => ({ kind: 'rewritesTable', message })
const blocks = (message: string): Hazard => ({ kind: 'blocksWrites', message })
const irreversible = (message: string): Hazard => ({ kind: 'irreversible', message })

const named = (o: { schema: string; name: string }) => `${displayIdent(o.schema)}.${displayIdent(o.name)}`
const on = (table: { schema: string; name: string }, column: string) => `${named(table)}.${displayIdent(column)}`

/**
 * The hazards of `change`. What is added to a table created in the same plan
 * has none: the table is empty and nobody uses it yet.
 */
export function hazardsOf(change: Change, versionNum: number, createdTables: ReadonlySet<Key>): Hazard[] {
  const table = change.kind === 'addColumn' || change.kind === 'attachPartition' ? change.table.key
    : change.kind === 'addConstraint' ? change.constraint.table
    : change.kind === 'createIndex' ? change.index.table
    : null
  if (table !== null && createdTables.has(table)) return []
  switch (change.kind) {
    case 'dropTable':
      return [deletes(`dropping table ${named(change.table)} deletes its rows`), irreversible('the rows cannot be restored by the down migration')]
    case 'dropColumn':
      return [deletes(`dropping column ${on(change.table, change.column.name)} deletes its values`), irreversible('the values cannot be restored by the down migration')]
    case 'dropSchema':
      return [deletes(`dropping schema ${displayIdent(change.schema.name)}`)]
    case 'dropExtension':
      return [deletes(`dropping extension ${displayIdent(change.extension.name)} drops every object it owns`)]
    case 'dropSequence':
      return [irreversible(`dropping sequence ${named(change.sequence)} loses its current value`)]
    case 'dropMaterializedView':
      return [blocks(`dropping materialized view ${named(change.view)}: if it is created again, its query runs again (WITH DATA) while readers wait`)]
    case 'alterSequence':
      return boundsHazards(named(change.to), change.from, change.to)
    case 'alterDomain': {
      const added = change.to.checks.filter((c) => c.validated && !change.from.checks.some((old) => old.name === c.name && old.definition === c.definition && old.validated))
      return added.map((c) => blocks(`adding CHECK ${displayIdent(c.name)} to domain ${named(change.to)} scans every column of that type while blocking writes`))
    }
    case 'alterComposite':
      return (change.columns ?? []).map((c) => rewrites(`${pathOf(c.table)}.${displayIdent(c.column)} is rewritten to the remade type ${named(change.to)} (ACCESS EXCLUSIVE)`))
    case 'recreateEnum': case 'recreateDomain': {
      const what = change.kind === 'recreateEnum' ? 'enum' : 'domain'
      const columns = change.kind === 'recreateEnum' ? [...change.columns, ...change.domains.flatMap((d) => d.columns)] : change.columns
      const hazards = columns.map((c) => rewrites(`${pathOf(c.table)}.${displayIdent(c.column)} is rewritten to the new ${what} ${named(change.to)} (ACCESS EXCLUSIVE)`))
      if (change.kind === 'recreateEnum' && change.from.labels.some((l) => !change.to.labels.includes(l))) {
        hazards.push(irreversible(`values removed from ${named(change.to)} cannot come back with the rows that held them (the migration stops if any row still holds one)`))
      }
      return hazards
    }
    case 'alterColumn':
      return columnHazards(change.table, change.from, change.to, versionNum, change.conversion, change.using)
    case 'addColumn':
      if (change.column.generated?.stored) return [rewrites(`adding stored generated column ${on(change.table, change.column.name)} rewrites the table`)]
      if (change.column.identity) return [rewrites(`adding identity column ${on(change.table, change.column.name)} rewrites the table`)]
      if (change.column.default !== null && isVolatile(change.column.default)) {
        return [rewrites(`adding ${on(change.table, change.column.name)} with default ${change.column.default} rewrites the table if that default is volatile`)]
      }
      return change.column.notNull && change.column.default === null
        ? [blocks(`adding NOT NULL column ${on(change.table, change.column.name)} without a default fails if the table has rows`)]
        : []
    case 'alterTable': {
      const hazards: Hazard[] = []
      if (change.from.persistence !== change.to.persistence) hazards.push(rewrites(`SET ${change.to.persistence === 'unlogged' ? 'UNLOGGED' : 'LOGGED'} rewrites ${named(change.to)}`))
      if (change.from.accessMethod !== change.to.accessMethod) hazards.push(rewrites(`changing the access method rewrites ${named(change.to)}`))
      return hazards
    }
    case 'createTable':
      return []
    case 'addConstraint': {
      const c = change.constraint
      if (!c.validated) return []
      if (c.type === 'foreignKey' || c.type === 'check') return [blocks(`adding ${c.type === 'check' ? 'CHECK' : 'FOREIGN KEY'} ${displayIdent(c.name)} scans table ${pathOf(c.table)} while blocking writes; NOT VALID then VALIDATE avoids that`)]
      return [blocks(`adding ${displayIdent(c.name)} builds an index on ${describeKey(c.table)} while blocking writes`)]
    }
    case 'validateConstraint':
      return []
    case 'createIndex':
      return [blocks(`CREATE INDEX ${displayIdent(change.index.name)} blocks writes to ${describeKey(change.index.table)} while it builds; CONCURRENTLY avoids that`)]
    case 'attachPartition':
      return [blocks(`attaching ${named(change.table)} scans it to check the partition bound`)]
    case 'refreshMaterializedView':
      return [blocks(`refreshing ${named(change.view)} blocks reads of it`)]
    default:
      return []
  }
}

/** New sequence bounds may exclude its current value: then it restarts (see restartIfOutside). */
function boundsHazards(what: string, from: { min: string; max: string }, to: { min: string; max: string }): Hazard[] {
  if (BigInt(to.min) <= BigInt(from.min) && BigInt(to.max) >= BigInt(from.max)) return []
  return [irreversible(`${what} gets narrower bounds: if its current value falls outside them, it restarts at its START and may hand out values it gave before`)]
}

/** Types PostgreSQL changes without rewriting: widening varchar, varchar → text, and the like. */
function binaryCompatible(from: string, to: string): boolean {
  const length = (type: string, base: string) => {
    const m = new RegExp(`^${base}\\((\\d+)\\)$`).exec(type)
    return m ? Number(m[1]) : type === base ? Infinity : null
  }
  for (const base of ['character varying', 'bit varying']) {
    const a = length(from, base)
    const b = length(to, base)
    if (a !== null && b !== null && b >= a) return true
  }
  if ((from.startsWith('character varying') || from === 'text') && to === 'text') return true
  // citext is binary-compatible with text both ways (an extension type, so schema-qualified).
  const citext = (type: string) => /(^|\.)citext$/.test(type)
  if ((citext(from) && (to === 'text' || to === 'character varying')) || ((from === 'text' || from.startsWith('character varying')) && citext(to))) return true
  const numeric = (type: string) => {
    const m = /^numeric\((\d+),(\d+)\)$/.exec(type)
    return m ? { p: Number(m[1]), s: Number(m[2]) } : type === 'numeric' ? { p: Infinity, s: -1 } : null
  }
  const a = numeric(from)
  const b = numeric(to)
  if (a && b && ((b.s === -1 && b.p === Infinity) || (a.s === b.s && b.p >= a.p))) return true
  return false
}

/** Conversions that can lose or fail on data: narrowing lengths, fewer digits, another type family. */
function narrowing(from: string, to: string): boolean {
  if (binaryCompatible(from, to)) return false
  const widen: Record<string, readonly string[]> = {
    smallint: ['integer', 'bigint', 'numeric', 'real', 'double precision', 'text'],
    integer: ['bigint', 'numeric', 'double precision', 'text'],
    bigint: ['numeric', 'text'],
    real: ['double precision', 'text'],
    'timestamp without time zone': ['timestamp with time zone', 'text'],
    date: ['timestamp without time zone', 'timestamp with time zone', 'text'],
  }
  return !(widen[from]?.includes(to) ?? false) && parseTypeName(to) === null
}

function columnHazards(table: { schema: string; name: string }, from: Column, to: Column, versionNum: number, conversion?: 'text' | 'none', using?: string): Hazard[] {
  const where = on(table, to.name)
  const hazards: Hazard[] = []
  if (from.type !== to.type || from.collation !== to.collation) {
    if (!binaryCompatible(from.type, to.type) || from.collation !== to.collation) {
      hazards.push(rewrites(`changing ${where} from ${from.type} to ${to.type} rewrites the table under ACCESS EXCLUSIVE`))
    } else {
      hazards.push(blocks(`changing ${where} to ${to.type} takes ACCESS EXCLUSIVE briefly (no rewrite)`))
    }
    // With the schema's own USING, it says how the values get there: pgstrata does not second-guess it.
    if (using === undefined && conversion === 'none') {
      hazards.push(deletes(`PostgreSQL has no cast from ${from.type} to ${to.type}: the values of ${where} are replaced by ${to.default === null ? 'NULL' : 'its new default'}${to.notNull && to.default === null ? ' (which fails if the table has rows, the column being NOT NULL)' : ''}`),
        irreversible(`the old values of ${where} cannot be restored by the down migration`))
    } else if (using === undefined && narrowing(from.type, to.type)) hazards.push(deletes(`${from.type} → ${to.type} can fail on, or lose part of, existing values`))
  }
  if (!from.notNull && to.notNull) hazards.push(blocks(`SET NOT NULL on ${where} scans the table under ACCESS EXCLUSIVE; a validated CHECK (${to.name} IS NOT NULL) first avoids that`))
  const generatedChanged = from.generated?.expression !== to.generated?.expression || from.generated?.stored !== to.generated?.stored
  if (generatedChanged && to.generated) {
    hazards.push(rewrites(versionNum >= 170000 && from.generated?.stored && to.generated.stored
      ? `SET EXPRESSION on ${where} rewrites the table`
      : `the generation expression of ${where} changes: the column is dropped and added again, rewriting the table`))
  }
  if (!from.identity && to.identity) hazards.push(blocks(`adding an identity to ${where} takes ACCESS EXCLUSIVE`))
  if (from.identity && to.identity) hazards.push(...boundsHazards(`the identity of ${where}`, from.identity, to.identity))
  return hazards
}

/** A default that calls something other than a cast of a constant may be volatile (now(), gen_random_uuid(), nextval()). */
function isVolatile(expression: string): boolean {
  return /\w\(/.test(expression.replace(/'(?:[^']|'')*'/g, "''"))
}
