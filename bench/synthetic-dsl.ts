// The workload of `bench:create`: a schema of `tables` tables written in
// pgstrata's DSL, as the files of a project's schema/ folder, and a variant of
// it with about a tenth of its objects different. The variant is what the
// database holds, the first is what `pgstrata create` builds: a tenth of the
// tables get one to three edits each (a column added, dropped or retyped; a
// default changed, set or dropped; NOT NULL set or dropped; an index or a
// check added, dropped or changed; a foreign key's ON DELETE changed; a table
// comment changed), a tenth of the views are redefined and two enums gain a
// value. Deterministic: a hash of the table number picks every variation, as
// in synthetic-schema.ts.
import { hash } from './synthetic-schema.ts'

export interface SyntheticDsl {
  /** schema/ as `pgstrata create` reads it: file name → TypeScript. */
  readonly target: ReadonlyMap<string, string>
  /** The same schema with the edits undone: what the database holds. */
  readonly variant: ReadonlyMap<string, string>
  /** What the target holds, for checking what a contender built and read. */
  readonly expected: { readonly tables: number; readonly views: number; readonly indexes: number; readonly enums: number }
  /** Edits between the two: each is at least one statement of the up file. */
  readonly edits: number
  readonly byKind: Readonly<Record<string, number>>
}

interface ColumnSpec {
  readonly name: string
  /** The builder call, with what no edit changes: `varchar({ length: 32 })`, `bigint().identity({ always: true }).primaryKey()`. */
  type: string
  notNull: boolean
  /** DSL code for .default(…), or null. */
  default: string | null
  /** The text of sql`…` for an unnamed column check, or null. */
  check: string | null
  unique: boolean
  comment: string | null
  /** The foreign key: the parent's variable and the ON DELETE action. */
  references: { readonly parent: string; action: string | null } | null
}

interface TableSpec {
  readonly n: number
  readonly name: string
  readonly schema: 'public' | 'ops'
  readonly file: string
  columns: ColumnSpec[]
  /** index(name) and the rest of the builder chain: `.on(t.code)`. */
  indexes: { readonly name: string; chain: string }[]
  checks: { readonly name: string; expression: string }[]
  readonly uniques: string[][]
  comment: string
  /** The first foreign key's parent, for the view on this table. */
  readonly parent: TableSpec | null
}

const NOUNS = ['account', 'order', 'invoice', 'product', 'shipment', 'ticket', 'event', 'payment', 'review', 'session']
const TABLES_PER_FILE = 50

/** Enums and the value each one's variant lacks (the target adds it: at the end, or in the middle). */
const ENUMS = [
  { variable: 'orderStatus', name: 'order_status', values: ['draft', 'pending', 'paid', 'shipped', 'cancelled'], missing: null },
  { variable: 'priority', name: 'priority', values: ['low', 'normal', 'high', 'urgent', 'critical'], missing: 'critical' },
  { variable: 'currency', name: 'currency', values: ['EUR', 'USD', 'GBP', 'JPY', 'CHF'], missing: null },
  { variable: 'channel', name: 'channel', values: ['web', 'mobile', 'email', 'phone', 'partner'], missing: null },
  { variable: 'region', name: 'region', values: ['emea', 'amer', 'latam', 'apac'], missing: 'latam' },
  { variable: 'visibility', name: 'visibility', values: ['private', 'team', 'public'], missing: null },
] as const

/** The primary key by `n % 4`, and the type of a column that references it. */
const KEYS = [
  { type: 'bigint().identity({ always: true }).primaryKey()', fkType: 'bigint()' },
  { type: 'integer().identity({ start: 1000, cache: 10 }).primaryKey()', fkType: 'integer()' },
  { type: 'uuid().primaryKey()', fkType: 'uuid()', default: 'sql`gen_random_uuid()`' },
  { type: 'bigserial().primaryKey()', fkType: 'bigint()' },
] as const

const column = (name: string, type: string, rest: Partial<Omit<ColumnSpec, 'name' | 'type'>> = {}): ColumnSpec =>
  ({ name, type, notNull: false, default: null, check: null, unique: false, comment: null, references: null, ...rest })

/** The optional columns of table `n`; a table takes 4 to 12 of them. */
function optionalColumns(n: number): ColumnSpec[] {
  const e = ENUMS[hash(n, 1) % ENUMS.length]!
  const width = [12, 32, 64, 255][hash(n, 2) % 4]!
  const [p, s] = [[12, 2], [10, 4], [18, 6]][hash(n, 3) % 3]!
  return [
    column('code', `varchar({ length: ${width} })`, { notNull: true, unique: true, check: 'char_length(code) >= 2' }),
    column('amount', `numeric({ precision: ${p}, scale: ${s} })`, { notNull: true, default: '0', check: 'amount >= 0' }),
    column('is_active', 'boolean()', { notNull: true, default: 'true' }),
    column('updated_at', 'timestamptz()'),
    column('due_on', 'date()', { check: `due_on > '2000-01-01'::date` }),
    column('external_id', 'uuid()', { notNull: true, default: 'sql`gen_random_uuid()`' }),
    column('payload', 'jsonb()', { notNull: true, default: '{}' }),
    // The first two values of every enum are in the variant too.
    column('status', `${e.variable}()`, { notNull: true, default: JSON.stringify(e.values[hash(n, 4) % 2]) }),
    column('tags', 'text().array()', { notNull: true, default: '[]' }),
    column('scores', 'integer().array()'),
    column('quantity', 'integer()', { notNull: true, default: '1' }),
    column('total', 'bigint()'),
    column('ratio', 'doublePrecision()'),
    column('notes', `text().collate('C')`),
    column('deleted_at', 'timestamptz()'),
    column('channels', 'channel().array()'),
    column('contact', 'email()'),
    column('price', 'positiveAmount()'),
  ]
}

const tableName = (n: number): string => `${NOUNS[n % NOUNS.length]}_${String(n).padStart(4, '0')}`
const fileOf = (n: number): string => `tables-${String(Math.ceil(n / TABLES_PER_FILE)).padStart(2, '0')}.ts`

function tableSpec(n: number, earlier: readonly TableSpec[]): TableSpec {
  const name = tableName(n)
  const key = KEYS[n % KEYS.length]!
  const columns = [
    column('id', key.type, 'default' in key ? { default: key.default } : {}),
    column('name', 'text()', { notNull: true }),
    column('created_at', 'timestamptz()', { notNull: true, default: 'sql`now()`' }),
  ]
  const has = (c: string) => columns.some((x) => x.name === c)
  const pool = optionalColumns(n)
  for (let k = 0, at = hash(n, 6) % pool.length; k < 4 + (hash(n, 5) % 9); k++, at = (at + 1 + (hash(n, 7 + k) % 3)) % pool.length) {
    if (!has(pool[at]!.name)) columns.push(pool[at]!)
  }
  // One or two foreign keys to earlier tables, mostly near ones, as real schemas cluster.
  const parents: TableSpec[] = []
  for (let k = 0; k < (n === 1 ? 0 : 1 + (hash(n, 20) % 2)); k++) {
    const parent = earlier[n - 2 - (hash(n, 21 + k) % Math.min(n - 1, 40))]!
    if (has(`${parent.name}_id`)) continue
    parents.push(parent)
    const action = [`'cascade'`, `'set null'`, `'restrict'`, null][hash(n, 23 + k) % 4]!
    columns.push(column(`${parent.name}_id`, KEYS[parent.n % KEYS.length]!.fkType, { notNull: action !== `'set null'`, references: { parent: parent.name, action } }))
  }
  if (!has('code') && has('external_id')) columns.find((c) => c.name === 'external_id')!.unique = true
  for (const [k, c] of columns.entries()) {
    if (k > 0 && hash(n, 50 + k) % 3 === 0) c.comment = `The ${c.name.replaceAll('_', ' ')} of each ${NOUNS[n % NOUNS.length]}.`
  }
  const t = (c: string) => `t.${c}`
  const fks = columns.filter((c) => c.references !== null).map((c) => c.name)
  const candidates = [
    ...fks.map((c) => `.on(${t(c)})`),
    '.on(sql`lower(${t.name})`)',
    has('deleted_at') ? '.on(t.created_at).where(sql`${t.deleted_at} is null`)' : '.on(t.created_at, t.id)',
    has('payload') ? `.using('gin').on(t.payload)` : has('tags') ? `.using('gin').on(t.tags)` : '.on(t.name, t.created_at)',
    has('status') ? '.on(t.status, t.created_at).include(t.name)' : `.on(t.name).where(sql\`\${t.name} <> ''\`)`,
  ]
  const first = hash(n, 41) % candidates.length
  const indexes = Array.from({ length: 1 + (hash(n, 40) % 3) }, (_, k) => ({ name: `${name}_idx${k + 1}`, chain: candidates[(first + k) % candidates.length]! }))
  return {
    n, name, schema: n % 4 === 0 ? 'ops' : 'public', file: fileOf(n), columns, indexes,
    checks: has('quantity') ? [{ name: `${name}_quantity_positive`, expression: 'quantity > 0' }] : [],
    uniques: fks.length > 0 && hash(n, 30) % 3 === 0 ? [['name', fks[0]!]] : [],
    comment: `Synthetic ${NOUNS[n % NOUNS.length]} table number ${n}.`, parent: parents[0] ?? null,
  }
}

/** One edit: what it does to the target and to the variant, and what it claims so that two edits never touch one thing. */
interface Edit {
  readonly claims: readonly string[]
  readonly target?: (t: TableSpec) => void
  readonly variant?: (t: TableSpec) => void
}
type Editor = (t: TableSpec, pick: number) => Edit | null

/** The first of `names` the table has, starting where `pick` says. */
function present(t: TableSpec, names: readonly string[], pick: number): ColumnSpec | null {
  for (let k = 0; k < names.length; k++) {
    const found = t.columns.find((c) => c.name === names[(pick + k) % names.length])
    if (found) return found
  }
  return null
}
const named = (t: TableSpec, name: string): ColumnSpec => t.columns.find((c) => c.name === name)!
/** An edit of one column of the variant: `change` gets the variant's copy. */
const onColumn = (c: ColumnSpec | null, change: (c: ColumnSpec) => void): Edit | null =>
  c === null ? null : { claims: [`column ${c.name}`], variant: (t) => change(named(t, c.name)) }

// The variant's type of a column the target retypes; PostgreSQL converts each without USING.
const RETYPED: Record<string, string> = { quantity: 'bigint()', total: 'numeric({ precision: 20, scale: 0 })', ratio: 'numeric({ precision: 14, scale: 4 })' }
const OTHER_DEFAULT: Record<string, string> = { amount: '1', quantity: '2', is_active: 'false', payload: '{ v: 1 }', created_at: 'sql`clock_timestamp()`' }
const NEW_COLUMNS = [column('archived_at', 'timestamptz()'), column('revision', 'integer()', { notNull: true, default: '0' }), column('label', 'varchar({ length: 40 })')]
const OLD_COLUMNS = [column('legacy_note', 'text()'), column('legacy_flag', 'boolean()', { notNull: true, default: 'false' }), column('legacy_rank', 'integer()')]

// Views read id, name, created_at, amount, status, code and the first foreign key column: no edit retypes,
// adds or drops those, as PostgreSQL refuses to retype a column a view reads.
const EDITORS: Readonly<Record<string, Editor>> = {
  addColumn: (_, pick) => ({ claims: [], target: (t) => t.columns.push({ ...NEW_COLUMNS[pick % NEW_COLUMNS.length]! }) }),
  dropColumn: (_, pick) => ({ claims: [], variant: (t) => t.columns.push({ ...OLD_COLUMNS[pick % OLD_COLUMNS.length]! }) }),
  retypeColumn: (t, pick) => onColumn(present(t, Object.keys(RETYPED), pick), (c) => { c.type = RETYPED[c.name]! }),
  changeDefault: (t, pick) => onColumn(present(t, Object.keys(OTHER_DEFAULT), pick), (c) => { c.default = OTHER_DEFAULT[c.name]! }),
  setDefault: (t, pick) => onColumn(present(t, ['is_active', 'status', 'tags', 'amount', 'quantity'], pick), (c) => { c.default = null }),
  dropDefault: (t, pick) => onColumn(present(t, ['updated_at', 'due_on', 'deleted_at'], pick), (c) => { c.default = c.name === 'due_on' ? 'sql`current_date`' : 'sql`now()`' }),
  setNotNull: (t, pick) => onColumn(present(t, ['code', 'external_id', 'payload', 'is_active', 'quantity', 'amount'], pick), (c) => { c.notNull = false }),
  dropNotNull: (t, pick) => onColumn(present(t, ['updated_at', 'due_on', 'total', 'ratio', 'deleted_at', 'notes', 'scores'], pick), (c) => { c.notNull = true }),
  addIndex: (t) => ({ claims: [`index ${t.indexes.length}`], variant: (v) => { v.indexes = v.indexes.slice(0, -1) } }),
  dropIndex: (t) => ({ claims: [], variant: (v) => { v.indexes = [...v.indexes, { name: `${t.name}_created_id_idx`, chain: '.on(t.created_at, t.id)' }] } }),
  // Same name, another definition: dropped and created again.
  changeIndex: () => ({ claims: ['index 1'], variant: (v) => { v.indexes = [{ ...v.indexes[0]!, chain: '.on(t.name, t.id)' }, ...v.indexes.slice(1)] } }),
  addCheck: (t) => (t.checks.length === 0 ? null : { claims: ['check quantity'], variant: (v) => { v.checks = [] } }),
  dropCheck: (t) => ({ claims: ['check name'], variant: (v) => { v.checks = [...v.checks, { name: `${t.name}_name_not_blank`, expression: `name <> ''` }] } }),
  changeCheck: (t) => (t.checks.length === 0 ? null : { claims: ['check quantity'], variant: (v) => { v.checks = [{ ...v.checks[0]!, expression: 'quantity >= 0' }] } }),
  changeComment: (t) => ({ claims: ['comment'], variant: (v) => { v.comment = `${t.comment.slice(0, -1)}, before the change.` } }),
  // Another ON DELETE action: the constraint is dropped and added again.
  changeForeignKey: (t) => onColumn(t.columns.find((c) => c.references !== null) ?? null, (c) => {
    c.references = { ...c.references!, action: c.references!.action === `'cascade'` ? `'restrict'` : `'cascade'` }
  }),
}
const KINDS = Object.keys(EDITORS)

const clone = (t: TableSpec): TableSpec => ({
  ...t, columns: t.columns.map((c) => ({ ...c })), indexes: t.indexes.map((i) => ({ ...i })), checks: t.checks.map((c) => ({ ...c })),
})

interface ViewSpec { readonly table: TableSpec; readonly columns: string[]; readonly filters: string[] }

function viewSpec(t: TableSpec): ViewSpec {
  const fk = t.parent === null ? null : t.columns.find((c) => c.references?.parent === t.parent!.name)!
  const columns = ['c.id', 'c.name', 'c.created_at', ...['amount', 'status', 'code'].filter((c) => t.columns.some((x) => x.name === c)).map((c) => `c.${c}`)]
  if (fk !== null) columns.push('p.name as parent_name')
  return { table: t, columns, filters: t.columns.some((c) => c.name === 'deleted_at') ? ['c.deleted_at is null'] : [] }
}

/** How the variant's view differs, so that the target replaces it (a column appended, a filter changed) or drops and creates it (a column removed). */
const VIEW_EDITS: Readonly<Record<string, (v: ViewSpec) => ViewSpec>> = {
  'view:appendColumn': (v) => ({ ...v, columns: v.columns.slice(0, -1) }),
  'view:changeFilter': (v) => ({ ...v, filters: [...v.filters, `c.created_at >= '2020-01-01'::timestamptz`] }),
  'view:removeColumn': (v) => ({ ...v, columns: [...v.columns, 'char_length(c.name) as name_length'] }),
}

/** The target schema of `tables` tables and its variant, as DSL files. */
export function syntheticDsl(tables: number): SyntheticDsl {
  const target: TableSpec[] = []
  const variant: TableSpec[] = []
  const views: { target: ViewSpec; variant: ViewSpec }[] = []
  const byKind: Record<string, number> = { addEnumValue: ENUMS.filter((e) => e.missing !== null).length }
  const count = (kind: string) => { byKind[kind] = (byKind[kind] ?? 0) + 1 }
  for (let n = 1; n <= tables; n++) {
    const base = tableSpec(n, target)
    const edits: Edit[] = []
    if (hash(n, 60) % 10 === 0) {
      const claimed = new Set<string>()
      for (let k = 0; k < KINDS.length && edits.length < 1 + (hash(n, 61) % 3); k++) {
        // Stepping by 5 through 16 kinds visits every kind once.
        const kind = KINDS[(hash(n, 62) + k * 5) % KINDS.length]!
        const edit = EDITORS[kind]!(base, hash(n, 63 + k))
        if (edit === null || edit.claims.some((c) => claimed.has(c))) continue
        for (const c of edit.claims) claimed.add(c)
        edits.push(edit)
        count(kind)
      }
    }
    const other = clone(base)
    for (const edit of edits) {
      edit.target?.(base)
      edit.variant?.(other)
    }
    target.push(base)
    variant.push(other)
    if (n % 10 === 0) {
      const view = viewSpec(base)
      const kinds = Object.keys(VIEW_EDITS)
      const kind = n % 100 === 50 ? kinds[((n - 50) / 100) % kinds.length]! : null
      if (kind !== null) count(kind)
      views.push({ target: view, variant: kind === null ? viewSpec(other) : VIEW_EDITS[kind]!(viewSpec(other)) })
    }
  }
  const indexes = target.reduce((sum, t) => sum + t.indexes.length, 0)
  return {
    target: projectFiles(target, views.map((v) => v.target), false),
    variant: projectFiles(variant, views.map((v) => v.variant), true),
    expected: { tables, views: views.length, indexes, enums: ENUMS.length },
    edits: Object.values(byKind).reduce((sum, n) => sum + n, 0),
    byKind,
  }
}

const DSL_IMPORTS = 'bigint, bigserial, boolean, check, comment, date, doublePrecision, index, integer, jsonb, numeric, sql, table, text, timestamptz, trigger, unique, uuid, varchar'

function projectFiles(tables: readonly TableSpec[], views: readonly ViewSpec[], isVariant: boolean): Map<string, string> {
  const files = new Map<string, string>()
  files.set('types.ts', typesFile(isVariant))
  const fileOfTable = new Map(tables.map((t) => [t.name, t.file]))
  for (const file of [...new Set(tables.map((t) => t.file))]) {
    const own = tables.filter((t) => t.file === file)
    const imported = new Map<string, string[]>()
    for (const t of own) {
      for (const c of t.columns) {
        const from = c.references === null ? file : fileOfTable.get(c.references.parent)!
        if (from !== file && !imported.get(from)?.includes(c.references!.parent)) imported.set(from, [...(imported.get(from) ?? []), c.references!.parent])
      }
    }
    files.set(file, [
      `// Tables ${own[0]!.n} to ${own.at(-1)!.n} of the synthetic schema of bench:create.`,
      `import { ${DSL_IMPORTS} } from 'pgstrata'`,
      `import { ${ENUMS.map((e) => e.variable).join(', ')}, email, ops, positiveAmount } from './types.ts'`,
      ...[...imported].sort().map(([from, names]) => `import { ${names.join(', ')} } from './${from}'`),
      '',
      ...own.map(tableSource),
    ].join('\n'))
  }
  files.set('views.ts', viewsFile(views, fileOfTable))
  return files
}

function typesFile(isVariant: boolean): string {
  return [
    '// The synthetic schema\'s schema, types and trigger function.',
    `import { domain, enumType, fn, numeric, pgSchema, sql, text } from 'pgstrata'`,
    '',
    `export const ops = pgSchema('ops', { comment: 'Operational tables of the synthetic benchmark schema.' })`,
    ...ENUMS.map((e) => `export const ${e.variable} = enumType('${e.name}', ${JSON.stringify(e.values.filter((v) => !(isVariant && v === e.missing)))}` +
      `${e.name === 'priority' ? `, { comment: 'How soon someone should look.' }` : ''})`),
    `export const email = domain('email', text(), { check: sql\`VALUE ~ '^[^@]+@[^@]+$'\` })`,
    `export const positiveAmount = domain('positive_amount', numeric({ precision: 12, scale: 2 }), { notNull: true, default: 0, check: sql\`VALUE >= 0\` })`,
    'export const touchUpdatedAt = fn(sql`create function public.touch_updated_at() returns trigger language plpgsql as $$',
    'begin',
    '  new.updated_at := now();',
    '  return new;',
    'end',
    '$$`)',
    '',
  ].join('\n')
}

function columnSource(c: ColumnSpec): string {
  let text = `  ${c.name}: ${c.type}`
  if (c.notNull) text += '.notNull()'
  if (c.default !== null) text += `.default(${c.default})`
  if (c.unique) text += '.unique()'
  if (c.check !== null) text += `.check(sql\`${c.check}\`)`
  if (c.references !== null) text += `.references(() => ${c.references.parent}.id${c.references.action === null ? '' : `, { onDelete: ${c.references.action} }`})`
  if (c.comment !== null) text += `.comment(${JSON.stringify(c.comment)})`
  return `${text},`
}

function tableSource(t: TableSpec): string {
  const extras = [
    ...t.indexes.map((i) => `index('${i.name}')${i.chain}`),
    ...t.uniques.map((u) => `unique([${u.map((c) => `t.${c}`).join(', ')}])`),
    ...t.checks.map((c) => `check('${c.name}', sql\`${c.expression}\`)`),
    `comment(${JSON.stringify(t.comment)})`,
  ]
  const lines = [
    `export const ${t.name} = ${t.schema === 'ops' ? 'ops.table' : 'table'}('${t.name}', {`,
    ...t.columns.map(columnSource),
    `}, (t) => [\n${extras.map((e) => `  ${e},`).join('\n')}\n])`,
  ]
  // A trigger on every fifth table that has updated_at.
  if (t.n % 5 === 0 && t.columns.some((c) => c.name === 'updated_at')) {
    lines.push(`export const ${t.name}_touch = trigger(sql\`create trigger ${t.name}_touch before update on \${${t.name}} for each row execute function public.touch_updated_at()\`)`)
  }
  return `${lines.join('\n')}\n`
}

function viewsFile(views: readonly ViewSpec[], fileOfTable: ReadonlyMap<string, string>): string {
  const used = new Map<string, Set<string>>()
  for (const { table } of views) {
    for (const name of [table.name, ...(table.parent ? [table.parent.name] : [])]) {
      const file = fileOfTable.get(name)!
      used.set(file, (used.get(file) ?? new Set()).add(name))
    }
  }
  return [
    '// A view on every tenth table, joined to the table its first foreign key points at.',
    `import { sql, view } from 'pgstrata'`,
    `import { ops } from './types.ts'`,
    ...[...used].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, names]) => `import { ${[...names].sort().join(', ')} } from './${file}'`),
    '',
    ...views.map(({ table: t, columns, filters }) => {
      const fk = t.parent === null ? null : t.columns.find((c) => c.references?.parent === t.parent!.name)!
      const from = `from \${${t.name}} c${fk === null ? '' : ` join \${${t.parent!.name}} p on p.id = c.${fk.name}`}`
      const query = `select ${columns.join(', ')} ${from}${filters.length > 0 ? ` where ${filters.join(' and ')}` : ''}`
      return `export const ${t.name}_view = ${t.schema === 'ops' ? 'ops.view' : 'view'}('${t.name}_view', sql\`${query}\`, { comment: ${JSON.stringify(`Recent rows of ${t.name}.`)} })`
    }),
    '',
  ].join('\n')
}
