// `pgstrata create` as a user runs it: schema/ written in TypeScript, built on
// a scratch database of a real server, the pair it writes applied and
// reverted; the mistakes it must report, and the scratch databases it must
// not leave behind.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { FreshDatabase } from './helpers/database.ts'
import { freshDatabase } from './helpers/database.ts'
import { cli, withProject, type CliResult, type Project } from './helpers/project.ts'

const SEED = 'migrations/20230921_001_initial_database_schema'

const NEW_MODEL = `import { index, sql, table, text, timestamptz, uuid } from 'pgstrata'

export const newTable = table('new_table', {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
  name: text(),
  createdAt: timestamptz('created_at').default(sql\`now()\`),
}, (t) => [index('new_table_name_idx').on(t.name)])
`

/** pgstrata in the project, against the test's database; SHADOW_DATABASE_URL from the environment is ignored. */
const pgstrata = (project: Project, db: FreshDatabase) => (...args: string[]): Promise<CliResult> =>
  cli(args, { cwd: project.dir, url: db.url, env: { SHADOW_DATABASE_URL: '' } })

const migrationFiles = async (project: Project): Promise<string[]> => (await readdir(project.migrations)).sort()

/** The up and down files of the one pair whose name ends with `_<slug>`. */
async function pairNamed(project: Project, slug: string): Promise<{ up: string; down: string }> {
  const ups = (await migrationFiles(project)).filter((f) => f.endsWith(`_${slug}.up.sql`))
  assert.is(ups.length, 1, `one ${slug} pair in ${(await migrationFiles(project)).join(', ')}`)
  const up = path.join(project.migrations, ups[0]!)
  return { up: await readFile(up, 'utf8'), down: await readFile(up.replace(/\.up\.sql$/, '.down.sql'), 'utf8') }
}

function ok(result: CliResult, what: string): CliResult {
  assert.is(result.code, 0, `${what}: ${result.stderr}${result.stdout}`)
  return result
}

const inspectJson = async (run: ReturnType<typeof pgstrata>) => JSON.parse(ok(await run('inspect', '--json'), 'inspect --json').stdout) as Record<string, unknown>

test('the walkthrough: no changes, then a new model written as a pair, applied, nothing left to create, and down restores the model', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await Promise.all([project.copyFromRepo('schema'), project.copyFromRepo(`${SEED}.up.sql`), project.copyFromRepo(`${SEED}.down.sql`)])
  ok(await run('up'), 'up')

  const noop = ok(await run('create', 'noop'), 'create noop')
  assert.match(noop.stdout, /^no changes: .* already matches schema\/ \(2 files\); nothing written\n$/)
  assert.is((await migrationFiles(project)).length, 2, 'create "noop" wrote nothing')

  const before = await inspectJson(run)
  await project.writeFile('schema/new_model.ts', NEW_MODEL)
  const created = ok(await run('create', 'add new model'), 'create "add new model"')
  assert.match(created.stdout, /created migrations\/\d{8}_\d{3}_add_new_model\.up\.sql\n/)
  const pair = await pairNamed(project, 'add_new_model')
  assert.match(pair.up, /-- \d{8}_\d{3}_add_new_model \(up\): add new model\n/)
  assert.match(pair.up, 'CREATE TABLE "public"."new_table" (')
  assert.match(pair.up, '"id" uuid DEFAULT gen_random_uuid() NOT NULL')
  assert.match(pair.up, 'CREATE INDEX new_table_name_idx ON public.new_table USING btree (name);')
  assert.not.match(pair.up, '"users"', 'the tables the seed made are not touched')
  assert.match(pair.down, 'DROP TABLE "public"."new_table";')

  ok(await run('up'), 'up')
  const columns = await db.sql`select column_name from information_schema.columns where table_name = 'new_table' order by ordinal_position`
  assert.equal(columns.map((c) => c.column_name), ['id', 'name', 'created_at'])
  const again = ok(await run('create', 'again'), 'create again')
  assert.match(again.stdout, 'no changes')
  assert.is((await migrationFiles(project)).length, 4)

  ok(await run('down'), 'down')
  assert.equal(await inspectJson(run), before, 'down left the model as it was before the new model')
  const status = ok(await run('status'), 'status')
  assert.match(status.stdout, /\d{8}_\d{3}\s+add_new_model\s+pending/)
  assert.match(status.stdout, /20230921_001\s+initial_database_schema\s+applied/)
}, { dsl: true }))

test('create refuses to start while migrations are pending, and --from migrations starts from the folder without applying it', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await Promise.all([project.copyFromRepo('schema'), project.copyFromRepo(`${SEED}.up.sql`), project.copyFromRepo(`${SEED}.down.sql`)])
  await project.writeFile('schema/new_model.ts', NEW_MODEL)

  const refused = await run('create', 'add new model')
  assert.is(refused.code, 1, refused.stderr)
  assert.match(refused.stderr, 'PENDING_MIGRATIONS: ')
  assert.match(refused.stderr, 'has 1 migration not applied yet (20230921_001_initial_database_schema)')
  assert.match(refused.stderr, 'hint: ')
  assert.is((await migrationFiles(project)).length, 2, 'nothing written')

  ok(await run('create', 'add new model', '--from', 'migrations'), 'create --from migrations')
  const pair = await pairNamed(project, 'add_new_model')
  assert.match(pair.up, 'Generated by pgstrata: turns migrations/ replayed into schema/.')
  assert.match(pair.up, 'CREATE TABLE "public"."new_table"')
  assert.not.match(pair.up, '"users"', 'the start is the seed migration replayed, so users already exists there')
  const [tables] = await db.sql`select count(*)::int as n from pg_catalog.pg_tables where schemaname = 'public'`
  assert.is(tables!.n, 0, 'the database itself was not migrated')
}, { dsl: true }))

test('a column renamed with renamedFrom keeps its data, and the rename is not tried again once applied', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await project.writeFile('schema/people.ts', `import { integer, table, text } from 'pgstrata'
export const people = table('people', { id: integer().primaryKey(), fullName: text('full_name') })
`)
  ok(await run('create', 'people'), 'create people')
  ok(await run('up'), 'up')
  await db.sql`insert into people (id, full_name) values (1, 'Ada Lovelace'), (2, 'Grace Hopper')`

  await project.writeFile('schema/people.ts', `import { integer, table, text } from 'pgstrata'
export const people = table('people', { id: integer().primaryKey(), displayName: text('display_name').renamedFrom('full_name') })
`)
  const renamed = ok(await run('create', 'rename full name'), 'create "rename full name"')
  assert.match(renamed.stdout, '1 change:\n    rename column public.people.full_name to display_name\n')
  const pair = await pairNamed(project, 'rename_full_name')
  assert.match(pair.up, 'ALTER TABLE "public"."people" RENAME COLUMN "full_name" TO "display_name";')
  assert.not.match(pair.up, /DROP|ADD COLUMN/)
  assert.match(pair.down, 'ALTER TABLE "public"."people" RENAME COLUMN "display_name" TO "full_name";')

  ok(await run('up'), 'up')
  assert.equal([...await db.sql`select id, display_name from people order by id`], [{ id: 1, display_name: 'Ada Lovelace' }, { id: 2, display_name: 'Grace Hopper' }])
  const again = ok(await run('create', 'again'), 'create again')
  assert.match(again.stdout, 'no changes')
}, { dsl: true }))

test('a type change with no cast keeps its values through .using(), and down turns them back with its down expression', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await project.writeFile('schema/events.ts', `import { bigint, integer, table } from 'pgstrata'
export const events = table('Events', { id: integer().primaryKey(), at: bigint('Happened at') })
`)
  ok(await run('create', 'events'), 'create events')
  ok(await run('up'), 'up')
  await db.sql`insert into "Events" (id, "Happened at") values (1, 1700000000), (2, null)`

  // Without .using(), bigint to timestamptz keeps nothing: the hazard says so.
  await project.writeFile('schema/events.ts', `import { integer, table, timestamptz } from 'pgstrata'
export const events = table('Events', { id: integer().primaryKey(), at: timestamptz('Happened at') })
`)
  const lossy = ok(await run('diff', '--from', db.url, '--to', 'schema'), 'diff without using')
  assert.match(lossy.stdout, 'deletesData')
  assert.match(lossy.stdout, 'USING NULL::timestamp with time zone')

  await project.writeFile('schema/events.ts', `import { integer, sql, table, timestamptz } from 'pgstrata'
export const events = table('Events', { id: integer().primaryKey(), at: timestamptz('Happened at').using(sql\`to_timestamp("Happened at")\`, { from: 'int8', down: sql\`extract(epoch from "Happened at")::bigint\` }) })
`)
  const created = ok(await run('create', 'events at as timestamp'), 'create with using')
  assert.not.match(created.stderr, 'delete', `no data is lost, and no warning says so: ${created.stderr}`)
  const pair = await pairNamed(project, 'events_at_as_timestamp')
  assert.match(pair.up, 'ALTER TABLE "public"."Events" ALTER COLUMN "Happened at" TYPE timestamp with time zone USING to_timestamp("Happened at");')
  assert.not.match(pair.up, 'deletesData')
  assert.match(pair.down, 'ALTER TABLE "public"."Events" ALTER COLUMN "Happened at" TYPE bigint USING extract(epoch from "Happened at")::bigint;')

  ok(await run('up'), 'up')
  const after = await db.sql`select id, extract(epoch from "Happened at")::bigint as epoch from "Events" order by id`
  assert.equal(after.map((r) => [r.id, r.epoch === null ? null : String(r.epoch)]), [[1, '1700000000'], [2, null]])
  // Applied: the types match, and .using() (pinned to int8) has nothing left to do.
  assert.match(ok(await run('create', 'again'), 'create again').stdout, 'no changes')
  ok(await run('down'), 'down')
  const back = await db.sql`select id, "Happened at"::text as at from "Events" order by id`
  assert.equal(back.map((r) => [r.id, r.at]), [[1, '1700000000'], [2, null]])

  // From another type the pin does not match: the change is made as if no USING were given.
  await project.writeFile('schema/events.ts', `import { integer, sql, table, timestamptz } from 'pgstrata'
export const events = table('Events', { id: integer().primaryKey(), at: timestamptz('Happened at').using(sql\`to_timestamp("Happened at")\`, { from: 'text' }) })
`)
  assert.match(ok(await run('diff', '--from', db.url, '--to', 'schema'), 'diff with another pin').stdout, 'USING NULL::timestamp with time zone')

  await project.writeFile('schema/events.ts', `import { integer, table, timestamptz } from 'pgstrata'
export const events = table('Events', { id: integer().primaryKey(), at: timestamptz('Happened at').using('  ') })
`)
  const empty = await run('create', 'empty using')
  assert.is(empty.code, 2, empty.stderr)
  assert.match(empty.stderr, /schema\/events\.ts › events\.at\.using \(expression\): an expression cannot be empty/)
}, { dsl: true }))

/** What each kind of object in `inspect --json` is called, sorted. */
function namesByKind(model: Record<string, unknown>): Record<string, string[]> {
  const names: Record<string, string[]> = {}
  for (const [kind, objects] of Object.entries(model)) {
    if (!Array.isArray(objects) || kind === 'dependencies' || kind === 'unmodeled') continue
    names[kind] = objects.map((o: { schema?: string; name: string }) => (o.schema ? `${o.schema}.${o.name}` : o.name)).sort()
  }
  return names
}

test('a schema using every builder is created, applied and created again with no phantom change, and down removes all of it', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await project.copyFromRepo('test/fixtures/every-builder', 'schema')
  // NULLS NOT DISTINCT and security_invoker views came with PostgreSQL 15: below it the fixture goes without them.
  if (Number((await db.sql`select current_setting('server_version_num')::int as n`)[0]!.n) < 150000) {
    for (const file of ['users.ts', 'views.ts']) {
      const text = await readFile(path.join(project.dir, 'schema', file), 'utf8')
      await project.writeFile(`schema/${file}`, text.replaceAll('.nullsNotDistinct()', '').replaceAll('nullsNotDistinct: true', 'nullsNotDistinct: false').replaceAll('securityInvoker: true', 'securityInvoker: false'))
    }
  }
  const empty = await inspectJson(run)

  ok(await run('create', 'all'), 'create all')
  ok(await run('up'), 'up')
  const names = namesByKind(await inspectJson(run))
  assert.equal(names.schemas, ['billing', 'public'])
  assert.equal(names.extensions, ['billing.pgcrypto', 'public.citext'])
  assert.equal(names.enums, ['billing.invoice_state', 'public.mood'])
  assert.equal(names.domains, ['billing.code', 'public.email', 'public.positive_int'])
  assert.equal(names.composites, ['billing.money', 'public.address', 'public.pair'])
  assert.equal(names.sequences, ['billing.invoice_number', 'public.counters_a_seq', 'public.counters_b_seq', 'public.counters_c_seq', 'public.ticket_seq'])
  assert.equal(names.tables, ['billing.invoice_lines', 'billing.invoices', 'billing.unpaid', 'public.bookings', 'public.cache', 'public.counters',
    'public.events', 'public.events_2026', 'public.teams', 'public.users'])
  assert.equal(names.views, ['billing.billed', 'public.active_users', 'public.adult_users'])
  assert.equal(names.materializedViews, ['billing.totals', 'public.user_counts'])
  assert.equal(names.routines, ['public.add', 'public.reset_counters', 'public.touch'])
  assert.equal(names.triggers, ['public.bookings_touch'])
  assert.equal(names.policies, ['public.users_insert', 'public.users_self'])
  for (const index of ['billing.invoices_state_idx', 'public.user_counts_active_idx', 'public.users_tags_idx', 'public.users_country_age_idx']) {
    assert.ok(names.indexes!.includes(index), `${index} in ${names.indexes!.join(', ')}`)
  }
  assert.ok(names.constraints!.includes('public.events_2026_id_check'), 'the partition\'s own check')
  const [comment] = await db.sql`select obj_description('public.user_counts_active_idx'::regclass, 'pg_class') as text`
  assert.is(comment!.text, 'One row per state.', 'a materialized view\'s index keeps its comment')

  const again = ok(await run('create', 'again'), 'create again')
  assert.match(again.stdout, 'no changes', again.stdout)
  const diff = ok(await run('diff', '--from', db.url, '--to', 'schema'), 'diff --to schema')
  assert.is(diff.stdout, '')
  assert.match(diff.stderr, 'pgstrata: no differences between')

  ok(await run('down'), 'down')
  assert.equal(await inspectJson(run), empty, 'down left objects behind')
  const [left] = await db.sql`select
      (select count(*)::int from pg_catalog.pg_namespace where nspname not in ('public', 'information_schema') and nspname !~ '^pg_') as schemas,
      (select count(*)::int from pg_catalog.pg_extension where extname <> 'plpgsql') as extensions,
      (select count(*)::int from pg_catalog.pg_class where relnamespace = 'public'::regnamespace and relname !~ '^pgstrata_migrations') as relations,
      (select count(*)::int from pg_catalog.pg_type where typnamespace = 'public'::regnamespace and typname !~ 'pgstrata_migrations') as types,
      (select count(*)::int from pg_catalog.pg_proc where pronamespace = 'public'::regnamespace) as routines`
  assert.equal(left, { schemas: 0, extensions: 0, relations: 0, types: 0, routines: 0 })
}, { dsl: true }))

const BAD_SCHEMAS: { what: string; file: string; code: string; message: string }[] = [
  {
    what: 'an index on a column the table does not have',
    file: `import { index, integer, table, text } from 'pgstrata'
export const things = table('things', { id: integer().primaryKey(), name: text() }, () => [index('things_nme_idx').on('nme')])`,
    code: 'SCHEMA_INVALID', message: 'schema/things.ts › things.things_nme_idx: things has no column "nme"',
  },
  {
    what: 'a foreign key to a table no file exports',
    file: `import { integer, table } from 'pgstrata'
const hidden = table('hidden', { id: integer().primaryKey() })
export const things = table('things', { id: integer().primaryKey(), hiddenId: integer('hidden_id').references(() => hidden.id) })`,
    code: 'SCHEMA_INVALID', message: 'schema/things.ts › things.hiddenId: references hidden.id, but no file in schema/ exports the table hidden',
  },
  {
    what: 'two primary keys',
    file: `import { integer, primaryKey, table, text } from 'pgstrata'
export const things = table('things', { id: integer().primaryKey(), name: text() }, (t) => [primaryKey([t.name])])`,
    code: 'SCHEMA_INVALID', message: 'schema/things.ts › things: things has 2 primary keys',
  },
  {
    what: 'a 64-byte column name',
    file: `import { integer, table, text } from 'pgstrata'
export const things = table('things', { id: integer().primaryKey(), label: text('${'é'.repeat(32)}') })`,
    code: 'SCHEMA_INVALID', message: `schema/things.ts › things.label: "${'é'.repeat(32)}" is 64 bytes long; PostgreSQL names hold at most 63`,
  },
  {
    what: 'a builder without its parentheses',
    file: `import { integer, table, text } from 'pgstrata'
export const things = table('things', { id: integer().primaryKey(), label: text })`,
    code: 'SCHEMA_INVALID', message: 'schema/things.ts › things.label: not a column',
  },
  {
    what: 'a partition of a table no file exports',
    file: `import { bigint, partitionBy, partitionOf, sql, table } from 'pgstrata'
const events = table('events', { id: bigint().notNull() }, () => [partitionBy(sql\`range (id)\`)])
export const early = table('events_early', {}, () => [partitionOf(() => events, sql\`for values from (0) to (100)\`)])`,
    code: 'SCHEMA_INVALID', message: 'schema/things.ts › early (partitionOf): is a partition of events, but no file in schema/ exports the table events',
  },
  {
    what: 'a table in a pgSchema no file exports',
    file: `import { integer, pgSchema } from 'pgstrata'
const billing = pgSchema('billing')
export const invoices = billing.table('invoices', { id: integer().primaryKey() })`,
    code: 'SCHEMA_INVALID', message: 'schema/things.ts › invoices: is in the schema billing, but no file in schema/ exports pgSchema(\'billing\')',
  },
  {
    what: 'a file that throws when imported',
    file: `import { integer, table } from 'pgstrata'
export const things = table('things', { id: integer().primaryKey() })
throw new Error('the config server is down')`,
    code: 'SCHEMA_LOAD_FAILED', message: 'schema/things.ts could not be loaded: the config server is down',
  },
  {
    what: 'a check PostgreSQL cannot parse',
    file: `import { check, integer, sql, table } from 'pgstrata'
export const things = table('things', { id: integer().primaryKey() }, () => [check('things_positive', sql\`id > > 0\`)])`,
    code: 'SCHEMA_REJECTED', message: 'schema/things.ts › things: PostgreSQL rejected it: syntax error at or near ">"',
  },
]

test('schema/ mistakes exit 2 naming the file and the object, with a hint, and write nothing', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  for (const bad of BAD_SCHEMAS) {
    await project.writeFile('schema/things.ts', bad.file)
    const result = await run('create', 'bad')
    assert.is(result.code, 2, `${bad.what}: ${result.stderr}`)
    assert.match(result.stderr, `pgstrata: error ${bad.code}: ${bad.message}`, bad.what)
    assert.match(result.stderr, '\n  hint: ', bad.what)
  }
  assert.equal(await migrationFiles(project), [])
}, { dsl: true }))

/**
 * Scratch databases that appeared on the test server since `existing` and
 * are still there after a few seconds with no session: ones a pgstrata
 * process left behind. Other pgstrata processes may be building on the same
 * server; theirs have a session while they exist. A left-behind database can
 * keep a session for a moment too (a backend in pg_sleep notices its client
 * is gone only when the sleep ends), hence the wait.
 */
async function abandonedShadows(db: FreshDatabase, existing: ReadonlySet<string>): Promise<string[]> {
  const query = () => db.sql`select datname, exists (select from pg_catalog.pg_stat_activity a where a.datname = d.datname) as busy
    from pg_catalog.pg_database d where datname ~ '^pgstrata_shadow_[0-9a-f]+$'`
  const deadline = Date.now() + 5000
  for (;;) {
    const rows = (await query()).filter((r) => !existing.has(r.datname as string))
    if (rows.length === 0) return []
    if (Date.now() > deadline) {
      const abandoned = rows.filter((r) => !r.busy).map((r) => r.datname as string)
      // Dropped, so that a failing run does not leave them either; the names are pgstrata_shadow_<hex>.
      for (const name of abandoned) await db.sql.unsafe(`drop database if exists ${name} with (force)`)
      return abandoned
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

test('a scratch build that fails drops its temporary database, also while the other side is still being replayed', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  const existing = new Set((await db.sql`select datname from pg_catalog.pg_database`).map((r) => r.datname as string))
  await project.writeFile('schema/things.ts', BAD_SCHEMAS.at(-1)!.file)
  const rejected = await run('create', 'bad')
  assert.is(rejected.code, 2, rejected.stderr)
  assert.match(rejected.stderr, 'SCHEMA_REJECTED')
  assert.equal(await abandonedShadows(db, existing), [], 'after create')

  // schema/ fails at once; the migrations are still being replayed on their own scratch database.
  await project.write('20240101_001', 'slow', 'create table slow (id int);\nselect pg_sleep(1.5);\n', 'drop table slow;\n')
  const both = await run('create', 'bad', '--from', 'migrations')
  assert.is(both.code, 2, both.stderr)
  assert.match(both.stderr, 'SCHEMA_REJECTED')
  assert.equal(await abandonedShadows(db, existing), [], 'after create --from migrations')
}, { dsl: true }))

test('schema/\'s temporary database is dropped before create exits: after a pair is written, after no changes, and when the other side fails later', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  const existing = new Set((await db.sql`select datname from pg_catalog.pg_database`).map((r) => r.datname as string))
  await project.writeFile('schema/things.ts', "import { table, integer, text } from 'pgstrata'\nexport const things = table('things', { id: integer().primaryKey(), name: text() })\n")
  const written = await run('create', 'things')
  assert.is(written.code, 0, written.stderr)
  assert.match(written.stdout, /^created migrations\/\d+_001_things\.up\.sql$/m)
  assert.equal(await abandonedShadows(db, existing), [], 'after a pair is written')
  const none = await run('create', 'nothing', '--from', 'migrations')
  assert.is(none.code, 0, none.stderr)
  assert.match(none.stdout, /^no changes: /m)
  assert.equal(await abandonedShadows(db, existing), [], 'after no changes')

  // schema/ is built and read while the replay still sleeps, then the replay fails.
  await project.write('20240101_001', 'late', 'select pg_sleep(1.5);\ncreate table late (id int references nowhere (id));\n', 'drop table late;\n')
  const failed = await run('create', 'late', '--from', 'migrations')
  assert.not.equal(failed.code, 0, failed.stdout)
  assert.match(failed.stderr, 'nowhere')
  assert.equal(await abandonedShadows(db, existing), [], 'after the replay failed')
}, { dsl: true }))

test('--shadow-url builds on the given database and leaves it empty, its public schema as it was', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  const shadow = await freshDatabase('pgstrata_t_shadow')
  try {
    const publicSchema = () => shadow.sql`select pg_get_userbyid(nspowner) as owner, nspacl::text[] as acl, obj_description(oid, 'pg_namespace') as comment
      from pg_namespace where nspname = 'public'`
    const before = await publicSchema()
    await Promise.all([project.copyFromRepo('schema'), project.copyFromRepo(`${SEED}.up.sql`), project.copyFromRepo(`${SEED}.down.sql`)])
    ok(await run('up'), 'up')
    const noop = ok(await run('create', 'noop', '--shadow-url', shadow.url), 'create noop --shadow-url')
    assert.match(noop.stdout, 'no changes', 'the shadow\'s public schema compares equal to the target\'s')

    await project.writeFile('schema/new_model.ts', NEW_MODEL)
    ok(await run('create', 'add new model', '--shadow-url', shadow.url), 'create --shadow-url')
    const pair = await pairNamed(project, 'add_new_model')
    assert.match(pair.up, '-- 3 changes:\n--   create table public.new_table\n')
    assert.not.match(pair.up, 'COMMENT ON SCHEMA')

    // Both sides on the one shadow database, one after the other.
    const replayed = ok(await run('create', 'again', '--from', 'migrations', '--shadow-url', shadow.url), 'create --from migrations --shadow-url')
    assert.match(replayed.stdout, 'no changes')

    assert.equal(await publicSchema(), before)
    const [left] = await shadow.sql`select
        (select count(*)::int from pg_catalog.pg_class where relnamespace = 'public'::regnamespace) as relations,
        (select count(*)::int from pg_catalog.pg_namespace where nspname not in ('public', 'information_schema') and nspname !~ '^pg_') as schemas`
    assert.equal(left, { relations: 0, schemas: 0 })
  } finally {
    await shadow.drop()
  }
}, { dsl: true }))

test('--fail-on-hazards exits 1 when the new migration drops a column, and still writes the pair', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await project.writeFile('schema/people.ts', `import { integer, table, text } from 'pgstrata'
export const people = table('people', { id: integer().primaryKey(), nickname: text() })
`)
  ok(await run('create', 'people', '--fail-on-hazards'), 'a migration without hazards passes')
  ok(await run('up'), 'up')
  await project.writeFile('schema/people.ts', `import { integer, table } from 'pgstrata'
export const people = table('people', { id: integer().primaryKey() })
`)
  const result = await run('create', 'drop nickname', '--fail-on-hazards')
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, /HAZARDS_FOUND: the new migration has 2 hazards \(--fail-on-hazards\); it was written to migrations\/\d{8}_\d{3}_drop_nickname\.up\.sql/)
  assert.match(result.stderr, 'deletesData: dropping column public.people.nickname deletes its values')
  const pair = await pairNamed(project, 'drop_nickname')
  assert.match(pair.up, 'ALTER TABLE "public"."people" DROP COLUMN "nickname";')
  assert.match(pair.up, '-- hazard deletesData: ')
  assert.match(pair.down, 'ADD COLUMN "nickname" text')
  // With --json, stdout holds one document: the error, with the pair that was written.
  await project.writeFile('schema/people.ts', `import { table } from 'pgstrata'
export const people = table('people', {})
`)
  ok(await run('up'), 'up')
  const json = await run('create', 'drop id', '--fail-on-hazards', '--json')
  assert.is(json.code, 1, json.stderr)
  const document = JSON.parse(json.stdout) as { ok: boolean; error: { code: string }; up: string; hazards: unknown[] }
  assert.equal([document.ok, document.error.code], [false, 'HAZARDS_FOUND'])
  assert.match(document.up, /_drop_id\.up\.sql$/)
  assert.ok(document.hazards.length > 0)
}, { dsl: true }))

const GRANTS_MODEL = `import { fn, grant, pgSchema, sequence, sql, table, text, uuid, view } from 'pgstrata'

export const billing = pgSchema('billing', { grants: [{ to: 'pgstrata_reader', privileges: ['usage'] }] })
export const invoices = billing.table('invoices', {
  id: uuid().primaryKey(),
  email: text(),
  note: text(),
}, (t) => [
  grant({ to: 'pgstrata_reader', privileges: ['select'] }),
  grant({ to: ['Pgstrata Writer', 'pgstrata_reader'], privileges: ['update'], columns: ['note'], withGrantOption: true }),
])
export const invoiceNo = billing.sequence('invoice_no', { grants: [{ to: 'Pgstrata Writer', privileges: ['usage', 'select'] }] })
export const emails = billing.view('invoice_emails', sql\`select id, email from \${invoices}\`, { grants: [{ to: 'public', privileges: ['select'] }] })
export const total = fn(sql\`create function billing.total() returns integer language sql as 'select 1'\`, { grants: [{ to: 'pgstrata_reader', privileges: ['execute'] }] })
`

/** Roles are the cluster's: made once, never dropped. */
async function ensureRoles(db: FreshDatabase, ...names: string[]): Promise<void> {
  for (const name of names) {
    await db.sql.unsafe(`do $$ begin create role "${name}" nologin; exception when duplicate_object then null; end $$`)
  }
}

test('grants declared in schema/ are written into the pair, applied, and taken back by down; a role that does not exist is named', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await ensureRoles(db, 'pgstrata_reader', 'Pgstrata Writer')
  await project.writeFile('schema/billing.ts', GRANTS_MODEL)
  ok(await run('create', 'billing'), 'create billing')
  const pair = await pairNamed(project, 'billing')
  assert.match(pair.up, 'GRANT USAGE ON SCHEMA "billing" TO "pgstrata_reader";')
  assert.match(pair.up, 'GRANT SELECT ON TABLE "billing"."invoices" TO "pgstrata_reader";')
  assert.match(pair.up, 'GRANT UPDATE ("note") ON TABLE "billing"."invoices" TO "Pgstrata Writer" WITH GRANT OPTION;')
  assert.match(pair.up, 'GRANT UPDATE ("note") ON TABLE "billing"."invoices" TO "pgstrata_reader" WITH GRANT OPTION;')
  assert.match(pair.up, 'GRANT SELECT, USAGE ON SEQUENCE "billing"."invoice_no" TO "Pgstrata Writer";')
  assert.match(pair.up, 'GRANT SELECT ON TABLE "billing"."invoice_emails" TO PUBLIC;')
  assert.match(pair.up, 'GRANT EXECUTE ON FUNCTION "billing"."total"() TO "pgstrata_reader";')
  ok(await run('up'), 'up')
  const [reader] = await db.sql`select has_table_privilege('pgstrata_reader', 'billing.invoices', 'select') as ok`
  assert.is(reader!.ok, true)
  assert.match(ok(await run('create', 'again'), 'create again').stdout, 'no changes')

  // One grant fewer in schema/: a REVOKE, and the rest stays.
  await project.writeFile('schema/billing.ts', GRANTS_MODEL.replace("grant({ to: 'pgstrata_reader', privileges: ['select'] }),", ''))
  ok(await run('create', 'revoke select'), 'create revoke select')
  const revoke = await pairNamed(project, 'revoke_select')
  assert.match(revoke.up, 'REVOKE SELECT ON TABLE "billing"."invoices" FROM "pgstrata_reader";')
  assert.match(revoke.down, 'GRANT SELECT ON TABLE "billing"."invoices" TO "pgstrata_reader";')
  assert.not.match(revoke.up, 'invoice_emails')
  ok(await run('up'), 'up')
  ok(await run('down', '--step', '2'), 'down twice')
  const [schemas] = await db.sql`select count(*)::int as n from pg_catalog.pg_namespace where nspname = 'billing'`
  assert.is(schemas!.n, 0)

  // --no-privileges leaves grants out of the comparison.
  await project.writeFile('schema/billing.ts', GRANTS_MODEL)
  ok(await run('up'), 'up again')
  await db.sql.unsafe('revoke select on billing.invoices from pgstrata_reader')
  assert.match(ok(await run('create', 'ignored', '--no-privileges'), 'create --no-privileges').stdout, 'no changes')

  await project.writeFile('schema/billing.ts', GRANTS_MODEL.replace("to: 'pgstrata_reader', privileges: ['select']", "to: 'pgstrata_nobody_has_this_role', privileges: ['select']"))
  const missing = await run('create', 'missing role')
  assert.is(missing.code, 2, missing.stderr)
  assert.match(missing.stderr, 'role "pgstrata_nobody_has_this_role" does not exist')
  assert.match(missing.stderr, 'billing.ts › invoices')
  assert.match(missing.stderr, 'pgstrata creates no roles')
}, { dsl: true }))

test.run()
