// The diff benchmark's second schema: the synthetic schema of
// synthetic-schema.ts with about a tenth of it changed. A tenth of the tables
// get one to three edits each (a column added, dropped or retyped; a default or
// NOT NULL set or dropped; an index or check constraint added, dropped or
// changed), a tenth of the views are redefined, and two enums gain a value.
// The edits are ALTER statements run after the schema, so added columns come
// last, where a migration puts them too. Deterministic, like the schema.
import { ident, literal, qualified } from '../src/sql/quote.ts'
import { hash, viewComment, viewName, viewQuery, type SyntheticSchema, type SyntheticTable, type ViewVariant } from './synthetic-schema.ts'

export interface SyntheticChanges {
  /** ALTER statements that turn the schema into the changed one, run after it. */
  readonly sql: string
  /** How many edits: each is at least one step of a migration, so a diff must find at least as many. */
  readonly edits: number
  /** Edits by kind, for the report. */
  readonly byKind: Readonly<Record<string, number>>
}

/** One edit to one table: the statements, and the columns or objects it claims so that two edits never touch one thing. */
interface Edit {
  readonly claims: readonly string[]
  readonly sql: readonly string[]
}

type Editor = (t: SyntheticTable, pick: number) => Edit | null

/** The first of `candidates` the table has, starting at a position `pick` chooses, so tables spread over them. */
function present(t: SyntheticTable, candidates: readonly string[], pick: number): string | null {
  for (let k = 0; k < candidates.length; k++) {
    const column = candidates[(pick + k) % candidates.length]!
    if (t.columns.has(column)) return column
  }
  return null
}

const alter = (t: SyntheticTable, action: string): string => `alter table ${qualified(t.schema, t.name)} ${action};`
const onColumn = (t: SyntheticTable, column: string | null, action: (c: string) => string): Edit | null =>
  column === null ? null : { claims: [`column ${column}`], sql: [alter(t, `alter column ${ident(column)} ${action(ident(column))}`)] }

// Retyping conversions PostgreSQL does without USING; `code` widens its varchar (it is in views, unique and checked).
const RETYPE: Record<string, string> = { quantity: 'bigint', total: 'numeric(20, 0)', ratio: 'numeric(14, 4)', code: 'varchar(600)' }
const NEW_DEFAULT: Record<string, string> = {
  amount: '1', quantity: '2', is_active: 'false', payload: `'{"v": 1}'::jsonb`, created_at: 'clock_timestamp()',
}
const NEW_COLUMNS = ['archived_at timestamptz', 'revision integer not null default 0', 'label varchar(40)']

const EDITORS: Readonly<Record<string, Editor>> = {
  addColumn: (t, pick) => {
    const definition = NEW_COLUMNS[pick % NEW_COLUMNS.length]!
    return { claims: [], sql: [alter(t, `add column ${definition}`)] }
  },
  // Not the columns views read; tags, contact and due_on take a GIN index, a domain or a check with them.
  // Dropping tags may drop a GIN index on it: it claims the indexes, so no other edit touches one.
  dropColumn: (t, pick) => {
    const column = present(t, ['ratio', 'notes', 'scores', 'total', 'tags', 'contact', 'due_on'], pick)
    if (column === null) return null
    const indexes = column === 'tags' ? Array.from({ length: t.indexes }, (_, i) => `index ${i + 1}`) : []
    return { claims: [`column ${column}`, ...indexes], sql: [alter(t, `drop column ${ident(column)}`)] }
  },
  // PostgreSQL refuses to retype a column a view reads: the view goes first and comes back after.
  retypeColumn: (t, pick) => {
    const column = present(t, Object.keys(RETYPE), pick)
    const edit = onColumn(t, column, () => `type ${RETYPE[column!]!}`)
    if (edit === null || !(hasView(t) && column === 'code')) return edit
    return { claims: edit.claims, sql: [`drop view ${viewName(t)};`, ...edit.sql, `create view ${viewName(t)} as\n${viewQuery(t)};`, viewComment(t)] }
  },
  setDefault: (t, pick) => {
    const column = present(t, Object.keys(NEW_DEFAULT), pick)
    return onColumn(t, column, () => `set default ${NEW_DEFAULT[column!]!}`)
  },
  dropDefault: (t, pick) => onColumn(t, present(t, ['is_active', 'status', 'tags', 'amount', 'quantity'], pick), () => 'drop default'),
  setNotNull: (t, pick) => onColumn(t, present(t, ['updated_at', 'due_on', 'total', 'ratio', 'deleted_at', 'notes', 'scores'], pick), () => 'set not null'),
  dropNotNull: (t, pick) => onColumn(t, present(t, ['code', 'external_id', 'payload', 'is_active', 'quantity', 'amount'], pick), () => 'drop not null'),
  addIndex: (t) => ({
    claims: [], sql: [`create index ${ident(`${t.name}_created_id_idx`)} on ${qualified(t.schema, t.name)} (created_at, id);`],
  }),
  dropIndex: (t) => ({ claims: ['index 1'], sql: [`drop index ${qualified(t.schema, `${t.name}_idx1`)};`] }),
  // Same name, another definition: the differ must drop it and create it again.
  changeIndex: (t) => ({
    claims: [`index ${t.indexes}`],
    sql: [`drop index ${qualified(t.schema, `${t.name}_idx${t.indexes}`)};`,
      `create index ${ident(`${t.name}_idx${t.indexes}`)} on ${qualified(t.schema, t.name)} (name, id);`],
  }),
  addCheck: (t) => ({ claims: [], sql: [alter(t, `add constraint ${ident(`${t.name}_name_not_blank`)} check (name <> '')`)] }),
  dropCheck: (t, pick) => {
    const column = present(t, ['quantity', 'amount', 'code'], pick)
    if (column === null) return null
    const name = column === 'quantity' ? `${t.name}_quantity_positive` : `${t.name}_${column}_check`
    return { claims: [`check ${column}`], sql: [alter(t, `drop constraint ${ident(name)}`)] }
  },
  changeCheck: (t) => {
    if (!t.columns.has('quantity')) return null
    const name = ident(`${t.name}_quantity_positive`)
    return { claims: ['check quantity'], sql: [alter(t, `drop constraint ${name}`), alter(t, `add constraint ${name} check (quantity >= 0)`)] }
  },
}
const KINDS = Object.keys(EDITORS)

/** synthetic-schema.ts creates a view on every tenth table. */
const hasView = (t: SyntheticTable): boolean => t.n % 10 === 0

const VIEW_VARIANTS: readonly ViewVariant[] = ['extraColumn', 'filtered', 'fewerColumns']

/** The view on `t` redefined: in place when CREATE OR REPLACE VIEW allows, else dropped and created again with its comment. */
function viewChange(t: SyntheticTable, variant: ViewVariant): string[] {
  const query = viewQuery(t, variant)
  return variant === 'fewerColumns'
    ? [`drop view ${viewName(t)};`, `create view ${viewName(t)} as\n${query};`, viewComment(t)]
    : [`create or replace view ${viewName(t)} as\n${query};`]
}

/** The edits that turn `schema` into the benchmark's second schema. */
export function syntheticChanges(schema: SyntheticSchema): SyntheticChanges {
  const sql: string[] = [
    // New enum values: one at the end, one in the middle.
    `alter type ${qualified('public', 'priority')} add value ${literal('critical')};`,
    `alter type ${qualified('public', 'region')} add value ${literal('latam')} before ${literal('apac')};`,
  ]
  const byKind: Record<string, number> = { addEnumValue: 2 }
  const count = (kind: string) => { byKind[kind] = (byKind[kind] ?? 0) + 1 }
  for (const t of schema.tables) {
    if (hash(t.n, 60) % 10 === 0) {
      const wanted = 1 + (hash(t.n, 61) % 3)
      const claimed = new Set<string>()
      // Stepping by 5 through 13 kinds visits every kind once.
      for (let k = 0, done = 0; k < KINDS.length && done < wanted; k++) {
        const kind = KINDS[(hash(t.n, 62) + k * 5) % KINDS.length]!
        const edit = EDITORS[kind]!(t, hash(t.n, 63 + k))
        if (edit === null || edit.claims.some((c) => claimed.has(c))) continue
        for (const c of edit.claims) claimed.add(c)
        sql.push(...edit.sql)
        count(kind)
        done++
      }
    }
    // Every tenth view, after its table's edits (a retyped column recreates the view as it was).
    if (hasView(t) && t.n % 100 === 50) {
      const variant = VIEW_VARIANTS[((t.n - 50) / 100) % VIEW_VARIANTS.length]!
      sql.push(...viewChange(t, variant))
      count(`view:${variant}`)
    }
  }
  const edits = Object.values(byKind).reduce((sum, n) => sum + n, 0)
  return { sql: `begin;\n${sql.join('\n')}\ncommit;\n`, edits, byKind }
}
