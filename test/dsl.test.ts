// The schema DSL without a database: what the builders record, how schema/
// is collected and checked (every problem, with its path), the DDL it
// becomes, and which renamedFrom entries a database still needs.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  bigint, check, enumType, grant, index, integer, jsonb, materializedView, partitionBy, partitionOf, pgSchema, policy, primaryKey, renamedFrom, replicaIdentity, rls,
  sequence, sql, storageParameters, table, text, timestamptz, uuid, varchar, view,
} from '../src/index.ts'
import { defaultSql } from '../src/dsl/columns.ts'
import { ddlOf } from '../src/dsl/ddl.ts'
import { collect } from '../src/dsl/load.ts'
import { pendingRenames } from '../src/dsl/renames.ts'
import { PgstrataError } from '../src/errors.ts'
import * as m from './helpers/models.ts'

function problemsOf(exports: Record<string, unknown>): string[] {
  try {
    collect([{ file: 'schema/app.ts', exports }])
  } catch (error) {
    assert.instance(error, PgstrataError)
    const e = error as PgstrataError
    assert.is(e.code, 'SCHEMA_INVALID')
    assert.is(e.exitCode, 2)
    return [e.message.replace(/^\d+ problems in schema\/: /, ''), ...e.context]
  }
  return []
}

test('sql`…` quotes columns, qualifies tables and sequences, and writes strings as literals', () => {
  const counter = sequence('order number')
  const orders = pgSchema('Billing').table('orders', { id: integer(), note: text('Note') })
  assert.is(sql`select ${orders.note} from ${orders} where ${orders.id} > ${5} and ${orders.note} <> ${"it's"} and ${true}`.text,
    `select "Note" from "Billing"."orders" where "id" > 5 and "Note" <> 'it''s' and true`)
  assert.is(sql`nextval(${counter})`.text, `nextval('"public"."order number"')`)
  assert.throws(() => sql`${undefined}`, /cannot interpolate undefined/)
})

test('defaults: JavaScript values become literals; json and arrays keep their structure', () => {
  assert.is(defaultSql(sql`now()`, 'timestamptz'), 'now()')
  assert.is(defaultSql("O'Brien", 'text'), "'O''Brien'")
  assert.is(defaultSql(3, 'integer'), '3')
  assert.is(defaultSql(false, 'boolean'), 'false')
  assert.is(defaultSql(null, 'text'), 'NULL')
  assert.is(defaultSql(['a', 'b "c"'], 'text[]'), `'{"a","b \\"c\\""}'`)
  assert.is(defaultSql({ a: [1, 2] }, 'jsonb'), `'{"a":[1,2]}'`)
  assert.is(defaultSql([1, 2], 'jsonb'), "'[1,2]'")
  assert.is(defaultSql(new Date('2026-01-02T03:04:05Z'), 'timestamptz'), "'2026-01-02T03:04:05.000Z'")
})

test('collect names every object by file and export, and columns by property', () => {
  const users = table('users', { id: uuid().primaryKey(), fullName: text('full_name').notNull() })
  const model = collect([{ file: 'schema/users.ts', exports: { users, again: users } }])
  assert.is(model.tables.length, 1, 'an object exported twice is collected once')
  assert.is(model.tables[0]!.path, 'schema/users.ts › users', 'named by the first export that holds it')
  assert.equal(model.tables[0]!.columns.map((c) => [c.def.property, c.def.name]), [['id', 'id'], ['fullName', 'full_name']])
})

test('every problem in schema/ is reported at once, each with its path', () => {
  const parents = table('parents', { id: integer().primaryKey() })
  const problems = problemsOf({
    children: table('children', {
      id: integer().primaryKey(),
      parentId: integer('parent_id').references(() => parents.id),
      ['x'.repeat(64)]: text(),
    }, () => [primaryKey(['id']), index('children_nope').on('nope')]),
  })
  assert.equal(problems.sort(), [
    `schema/app.ts › children.${'x'.repeat(64)}: "${'x'.repeat(64)}" is 64 bytes long; PostgreSQL names hold at most 63`,
    'schema/app.ts › children.children_nope: children has no column "nope"',
    'schema/app.ts › children.parentId: references parents.id, but no file in schema/ exports the table parents',
    'schema/app.ts › children: children has 2 primary keys; a table has at most one (use primaryKey([…]) for a composite key)',
  ].sort())
})

test('grants: checked with their paths, and written as GRANT statements after everything else', () => {
  const docs = table('docs', { id: integer().primaryKey(), body: text() }, () => [
    grant({ to: 'app_user', privileges: ['select', 'insert'] }),
    grant({ to: ['app_user', 'Auditors'], privileges: ['update'], columns: ['body'], withGrantOption: true }),
  ])
  const counter = sequence('counter', { grants: [{ to: 'public', privileges: ['usage'] }] })
  const ddl = ddlOf(collect([{ file: 'schema/app.ts', exports: { docs, counter } }])).phases
  assert.equal(ddl.at(-1)!.map((s) => s.sql), [
    'GRANT SELECT, INSERT ON TABLE "public"."docs" TO "app_user"',
    'GRANT UPDATE ("body") ON TABLE "public"."docs" TO "app_user", "Auditors" WITH GRANT OPTION',
    'GRANT USAGE ON SEQUENCE "public"."counter" TO PUBLIC',
  ])
  const problems = problemsOf({
    bad: table('bad', { id: integer() }, () => [
      grant({ to: 'public', privileges: ['select'], withGrantOption: true }),
      grant({ to: 'app_user', privileges: ['select'], columns: ['nope'] }),
      grant({ to: 'app_user', privileges: ['everything' as 'all'] }),
    ]),
    items: view('items', sql`select 1`, { grants: [{ to: [], privileges: ['select'] }] }),
  })
  assert.equal(problems.sort(), [
    'schema/app.ts › bad (grant): PUBLIC cannot hold a grant option: name roles in to, or leave withGrantOption out',
    'schema/app.ts › bad (grant): bad has no column "nope"',
    'schema/app.ts › bad (grant) (privileges.0): Invalid option: expected one of "select"|"insert"|"update"|"delete"|"truncate"|"references"|"trigger"|"maintain"|"usage"|"create"|"execute"|"all"',
    'schema/app.ts › items.grants[0] (to): name at least one role',
  ].sort())
})

test('duplicate relations, columns and enum values are refused', () => {
  const a = table('things', { id: integer(), Id: integer('id') })
  const b = view('things', sql`select 1`)
  const mood = enumType('mood', ['ok', 'ok'])
  const problems = problemsOf({ a, b, mood })
  assert.ok(problems.some((p) => p === 'schema/app.ts › a.Id: the column name "id" is used twice in things'), problems.join('\n'))
  assert.ok(problems.some((p) => p.startsWith('schema/app.ts › b: the relation "public.things" is declared twice (also at schema/app.ts › a)')), problems.join('\n'))
  assert.ok(problems.some((p) => p === 'schema/app.ts › mood: the value "ok" is listed twice'), problems.join('\n'))
})

test('bad option values are caught by the zod schemas with the option named', () => {
  const parents = table('parents', { id: integer().primaryKey() })
  const problems = problemsOf({
    parents,
    kids: table('kids', { id: integer().identity({ start: 1.5 }), parentId: integer().references(() => parents.id, { onDelete: 'explode' as 'cascade' }) }),
  })
  assert.ok(problems.some((p) => p.startsWith('schema/app.ts › kids.id.identity (start):')), problems.join('\n'))
  assert.ok(problems.some((p) => p.startsWith('schema/app.ts › kids.parentId.references (onDelete):')), problems.join('\n'))
})

test('storage settings and replica identity: bad values refused with their path; the DDL sets them after the table and the indexes', () => {
  const problems = problemsOf({
    bad: table('bad', {
      a: text().storage('squeezed' as 'main'), b: text().compression('zstd' as 'lz4'), c: integer().statistics(20000),
    }, (t) => [index('bad_a').on(t.a), replicaIdentity({ index: 'bad_a' }), storageParameters({ 'Fill Factor': 1 })]),
    worse: table('worse', { a: text() }, () => [replicaIdentity('everything' as 'full')]),
  })
  for (const path of ['bad.a.storage', 'bad.b.compression', 'bad.c.statistics', 'bad (replicaIdentity)', 'bad (storageParameters)', 'worse (replicaIdentity)']) {
    assert.ok(problems.some((p) => p.startsWith(`schema/app.ts › ${path}`)), `${path}:\n${problems.join('\n')}`)
  }
  assert.ok(problems.some((p) => p.includes('"bad_a" cannot be the replica identity')), problems.join('\n'))
  const docs = table('docs', { id: integer().primaryKey().statistics(500), body: text().storage('external').compression('lz4') },
    () => [replicaIdentity({ index: 'docs_pkey' }), storageParameters({ fillfactor: 70, 'toast.autovacuum_enabled': false })])
  const ddl = ddlOf(collect([{ file: 'schema/app.ts', exports: { docs } }])).phases.flat().map((s) => s.sql)
  const at = (fragment: string) => ddl.findIndex((s) => s.includes(fragment))
  assert.ok(at('"body" text COMPRESSION "lz4"') >= 0 && at('WITH (fillfactor = 70, toast.autovacuum_enabled = false)') >= 0, ddl.join('\n'))
  assert.ok(at('ALTER COLUMN "body" SET STORAGE EXTERNAL') > at('CREATE TABLE'), ddl.join('\n'))
  assert.ok(at('ALTER COLUMN "id" SET STATISTICS 500') > at('CREATE TABLE'), ddl.join('\n'))
  assert.ok(at('REPLICA IDENTITY USING INDEX "docs_pkey"') > at('SET STORAGE'), ddl.join('\n'))
})

test('the DDL: tables first, then foreign keys (so tables may refer to each other), then indexes and views; names quoted', () => {
  const status = enumType('status', ['new', 'done'])
  const parents = table('Parents', { id: integer().primaryKey() })
  const children = table('children', {
    id: integer().primaryKey(),
    parentId: integer('parent_id').notNull().references(() => parents.id, { onDelete: 'cascade' }),
    state: status().default('new'),
    data: jsonb().default({ a: 1 }),
    at: timestamptz().default(sql`now()`),
  }, (t) => [check('children_id_positive', sql`${t.id} > 0`), index('children_state').on(t.state).where(sql`${t.state} <> 'done'`)])
  const model = collect([{ file: 'schema/app.ts', exports: { status, parents, children, open: view('open_children', sql`select * from ${children} where ${children.state} = 'new'`) } }])
  const ddl = ddlOf(model).phases.flat().map((s) => s.sql)
  const at = (fragment: string) => ddl.findIndex((s) => s.includes(fragment))
  assert.ok(at('CREATE TYPE "public"."status" AS ENUM (\'new\', \'done\')') >= 0, ddl.join('\n'))
  assert.ok(at('"state" "public"."status" DEFAULT \'new\'') > at('CREATE TYPE'), 'the enum comes before the table using it')
  assert.ok(at('"data" jsonb DEFAULT \'{"a":1}\'') >= 0, ddl.join('\n'))
  assert.ok(at('CONSTRAINT "children_id_positive" CHECK ("id" > 0)') >= 0, ddl.join('\n'))
  const fk = at('ALTER TABLE "public"."children" ADD FOREIGN KEY ("parent_id") REFERENCES "public"."Parents" ("id") ON DELETE CASCADE')
  assert.ok(fk > at('CREATE TABLE "public"."Parents"') && fk > at('CREATE TABLE "public"."children"'), ddl.join('\n'))
  assert.ok(at('CREATE INDEX "children_state" ON "public"."children" ("state") WHERE "state" <> \'done\'') > fk, ddl.join('\n'))
  assert.ok(at('CREATE VIEW "public"."open_children"') > at('CREATE INDEX'), ddl.join('\n'))
})

test('renamedFrom applies only while the database still has the old name', () => {
  const users = table('users', { id: integer(), displayName: text('display_name').renamedFrom('full_name') }, () => [renamedFrom('people')])
  const mood = enumType('mood', ['ok', { value: 'sad', renamedFrom: 'blue' }])
  const { renames } = collect([{ file: 'schema/app.ts', exports: { users, mood } }])
  assert.equal(renames.tables, [['public', 'people', 'users']])
  assert.equal(renames.columns, [['public', 'users', 'full_name', 'display_name']])
  assert.equal(renames.enumValues, [['public', 'mood', 'blue', 'sad']])

  const before = m.modelOf({
    tables: [m.table('public', 'people', [m.column('id', 'integer'), m.column('full_name', 'text')])],
    enums: [m.enumType('public', 'mood', ['ok', 'blue'])],
  })
  const needed = pendingRenames(renames, before)
  assert.equal(needed.tables, [['public', 'people', 'users']])
  assert.equal(needed.columns, [['public', 'users', 'full_name', 'display_name']], 'the column is found in the table under its old name')
  assert.equal(needed.enumValues, [['public', 'mood', 'blue', 'sad']])

  const after = m.modelOf({
    tables: [m.table('public', 'users', [m.column('id', 'integer'), m.column('display_name', 'text')])],
    enums: [m.enumType('public', 'mood', ['ok', 'sad'])],
  })
  const done = pendingRenames(renames, after)
  assert.equal([done.tables, done.columns, done.enumValues], [[], [], []], 'once applied, a rename is history')
})

test('varchar and friends take a name, options, or both', () => {
  const t = table('t', { a: varchar(), b: varchar('bee', { length: 5 }), c: varchar({ length: 7 }) })
  assert.equal([t.a.def.type, t.b.def.type, t.b.def.name, t.c.def.type, t.c.def.name], ['varchar', 'varchar(5)', 'bee', 'varchar(7)', 'c'])
})

test('the DDL of a partition restates columns WITH OPTIONS, a role keyword stays a keyword, and a materialized view\'s index keeps its comment', () => {
  const events = table('events', { id: bigint().notNull(), at: timestamptz().notNull() }, () => [partitionBy(sql`range (at)`)])
  const early = table('events_early', { id: bigint().default(0) }, () => [partitionOf(() => events, sql`for values from ('2020-01-01') to ('2021-01-01')`)])
  const notes = table('notes', { id: integer() }, () => [rls(), policy('mine', { to: ['current_user', 'app'], using: sql`true` })])
  const counts = materializedView('counts', sql`select 1 as one`, { indexes: [index('counts_one_idx').on('one').comment('One.')] })
  const ddl = ddlOf(collect([{ file: 'schema/app.ts', exports: { events, early, notes, counts } }])).phases.flat().map((s) => s.sql)
  assert.ok(ddl.includes('CREATE TABLE "public"."events_early" PARTITION OF "public"."events" ("id" WITH OPTIONS DEFAULT 0) for values from (\'2020-01-01\') to (\'2021-01-01\')'), ddl.join('\n'))
  assert.ok(ddl.includes('CREATE POLICY "mine" ON "public"."notes" AS PERMISSIVE FOR ALL TO CURRENT_USER, "app" USING (true)'), ddl.join('\n'))
  assert.ok(ddl.includes('COMMENT ON INDEX "public"."counts_one_idx" IS \'One.\''), ddl.join('\n'))
})

test('a jsonb[] default holds each object as JSON text', () => {
  assert.is(defaultSql([{ a: 1 }, { b: 'x "y"' }], 'jsonb[]'), String.raw`'{"{\"a\":1}","{\"b\":\"x \\\"y\\\"\"}"}'`)
})

test('schema/ that cannot work is refused: a builder without parentheses, a partition\'s stray column, an unexported pgSchema, an unnamed commented index', () => {
  const billing = pgSchema('billing')
  const invoices = billing.table('invoices', { id: integer() }, (t) => [index().on(t.id).comment('lost')])
  const events = table('events', { id: bigint().notNull() }, () => [partitionBy(sql`range (id)`)])
  const early = table('events_early', { id: text(), extra: text() }, () => [partitionOf(() => events, sql`for values from (0) to (9)`)])
  const broken = table('broken', { id: integer, ok: integer() } as unknown as Record<string, ReturnType<typeof integer>>)
  assert.equal(problemsOf({ invoices, events, early, broken }), [
    'schema/app.ts › invoices (index): an index with a comment needs a name: index(\'…\').on(…).comment(…)',
    'schema/app.ts › early.id: is text here but bigint in events; a partition\'s columns have its parent\'s types',
    'schema/app.ts › early.extra: events has no column "extra"; a partition has its parent\'s columns and no others',
    'schema/app.ts › broken.id: not a column; build columns with text(), integer(), uuid() and the like (with the parentheses)',
    'schema/app.ts › invoices: is in the schema billing, but no file in schema/ exports pgSchema(\'billing\'): export it, e.g. export const billing = pgSchema(\'billing\')',
  ])
})

test.run()
