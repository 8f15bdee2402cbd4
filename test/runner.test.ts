import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as runner from '../src/engine/runner.ts'
import { ledgerNames } from '../src/engine/ledger.ts'
import { PgstrataError } from '../src/errors.ts'
import { describeExecution } from '../src/engine/segments.ts'
import { cli, REPO, runnerConfigFor, startCli, withProject, type Project } from './helpers/project.ts'

const tables = async (sql: import('postgres').Sql, schema = 'public') =>
  (await sql`select tablename from pg_tables where schemaname = ${schema} order by 1`).map((r) => r.tablename as string)

const ledger = async (sql: import('postgres').Sql, qualified = 'public.pgstrata_migrations') =>
  (await sql.unsafe(`select version, name, method from ${qualified} order by version`)).map((r) => `${r.version} ${r.name} ${r.method}`)

async function failure(promise: Promise<unknown>): Promise<PgstrataError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof PgstrataError) return error
    throw error
  }
  throw new Error('expected a PgstrataError')
}

test('the seed migration goes up, down and up again, creating exactly the example schema', () => withProject(async (db) => {
  const config = runnerConfigFor(db.url, path.join(REPO, 'migrations'))
  const first = await runner.up(config)
  assert.equal(first.applied.map((a) => a.id), ['20230921_001_initial_database_schema'])
  assert.equal(await tables(db.sql), ['pgstrata_migrations', 'pgstrata_migrations_log', 'pgstrata_migrations_progress', 'sessions', 'users'])
  const columns = await db.sql`
    select table_name, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_name in ('users', 'sessions') order by table_name, ordinal_position`
  assert.equal(columns.map((c) => `${c.table_name}.${c.column_name} ${c.data_type} ${c.is_nullable === 'YES' ? 'null' : 'not null'}${c.column_default ? ` default ${c.column_default}` : ''}`), [
    'sessions.id uuid not null',
    'sessions.user_id uuid not null',
    'sessions.session_token character varying not null',
    'sessions.expires_at timestamp with time zone not null',
    'sessions.created_at timestamp with time zone null default now()',
    'users.id uuid not null default gen_random_uuid()',
    'users.email character varying not null',
    'users.hashed_password character varying null',
    'users.is_active boolean null',
    'users.is_superuser boolean null',
    'users.google_id character varying null',
    'users.created_at timestamp with time zone null default now()',
    'users.updated_at timestamp with time zone null default now()',
  ])
  const constraints = await db.sql`
    select conrelid::regclass::text as t, contype, pg_get_constraintdef(oid) as def
      from pg_constraint where conrelid in ('users'::regclass, 'sessions'::regclass)
       and contype <> 'n' -- PostgreSQL 18 also lists NOT NULL constraints here
     order by 1, 2, 3`
  assert.equal(constraints.map((c) => `${c.t} ${c.contype} ${c.def}`), [
    'sessions f FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
    'sessions p PRIMARY KEY (id)',
    'sessions u UNIQUE (session_token)',
    'users p PRIMARY KEY (id)',
    'users u UNIQUE (email)',
    'users u UNIQUE (google_id)',
  ])
  const reverted = await runner.down(config)
  assert.equal(reverted.applied.map((a) => [a.id, a.direction]), [['20230921_001_initial_database_schema', 'down']])
  assert.equal(await tables(db.sql), ['pgstrata_migrations', 'pgstrata_migrations_log', 'pgstrata_migrations_progress'])
  assert.equal(await ledger(db.sql), [])
  await runner.up(config)
  assert.equal(await ledger(db.sql), ['20230921_001 initial_database_schema run'])
  const log = await db.sql`select event from pgstrata_migrations_log order by id`
  assert.equal(log.map((r) => r.event), ['up', 'down', 'up'])
}))

test('a bad statement in migration 3 of 5 applies 1 and 2, rolls 3 back and points at file:line:col', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  await project.write('20240101_002', 'two', 'create table two (id int);')
  await project.write('20240101_003', 'three', '-- three\ncreate table three (id int);\n\ninsert into three (id,  nope) values (1, 2);\n')
  await project.write('20240101_004', 'four', 'create table four (id int);')
  await project.write('20240101_005', 'five', 'create table five (id int);')
  const result = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, 'applied  20240101_001_one')
  assert.match(result.stderr, 'applied  20240101_002_two')
  assert.match(result.stderr, 'pgstrata: error MIGRATION_FAILED: migrations/20240101_003_three.up.sql:4:25: column "nope" of relation "three" does not exist (42703)')
  assert.match(result.stderr, '4 | insert into three (id,  nope) values (1, 2);\n    |                         ^')
  assert.match(result.stderr, '20240101_003_three was rolled back; nothing of it was recorded')
  assert.equal(await tables(db.sql), ['one', 'pgstrata_migrations', 'pgstrata_migrations_log', 'pgstrata_migrations_progress', 'two'])
  assert.equal(await ledger(db.sql), ['20240101_001 one run', '20240101_002 two run'])
}))

test('a migration that runs out of lock slots ("out of shared memory") is explained with its remedy', () => withProject(async (db, project) => {
  // Advisory locks fill the same lock table as the locks of thousands of CREATE TABLEs, far faster.
  await project.write('20240101_001', 'many_locks', 'select count(pg_advisory_xact_lock(i)) from generate_series(1, 1000000) i;\n')
  const result = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, 'out of shared memory (53200)')
  assert.match(result.stderr, 'split it into parts of a few hundred tables with `-- pgstrata:commit` lines')
  assert.match(result.stderr, 'max_locks_per_transaction')
  assert.equal(await ledger(db.sql), [])
}))

test('an error raised at run time, without a server position, still names the statement', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'runtime', "create table r (x int);\ninsert into r values (1);\n  select 1 / (select count(*) - 1 from r);\n")
  const result = await cli(['up', '--json'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 1)
  const out = JSON.parse(result.stdout)
  assert.is(out.ok, false)
  assert.is(out.error.code, 'MIGRATION_FAILED')
  assert.equal(out.error.location, { file: 'migrations/20240101_001_runtime.up.sql', line: 3, column: 3 })
  assert.match(out.error.message, 'division by zero (22012)')
  assert.equal(out.applied, [])
}))

test('a syntax error or a BEGIN in migration 2 stops the run there: 1 is applied, nothing of 2 or 3 is sent', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'fine', 'create table fine (id int);')
  await project.write('20240101_002', 'typo', 'create table ok (id int);\ncreate tabel oops (id int);')
  await project.write('20240101_003', 'later', 'create table later (id int);')
  let result = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 2)
  assert.match(result.stderr, 'applied  20240101_001_fine')
  assert.match(result.stderr, 'SQL_SYNTAX: migrations/20240101_002_typo.up.sql:2:8: syntax error at or near "tabel"')
  assert.match(result.stderr, '2 | create tabel oops (id int);\n    |        ^')
  assert.equal(await ledger(db.sql), ['20240101_001 fine run'])
  assert.not.ok((await tables(db.sql)).includes('ok'))
  await project.write('20240101_002', 'typo', 'create table ok (id int);\ncommit;')
  result = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 2)
  assert.match(result.stderr, 'TRANSACTION_CONTROL: migrations/20240101_002_typo.up.sql:2:1: COMMIT is not allowed in a migration file')
  assert.equal(await ledger(db.sql), ['20240101_001 fine run'])
  assert.not.ok((await tables(db.sql)).includes('ok'))
}))

test('a syntax error in a later statement of a plain file (split without the parser) is found before any of the file runs', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'counter', 'create table counter (id int generated always as identity, x int);')
  // An INSERT that ran and was rolled back would still have used a value of the identity's sequence.
  await project.write('20240101_002', 'typo', 'insert into counter (x) values (1);\ncreate table oops (id int,);\n')
  await project.write('20240101_003', 'later', 'create table later (id int);')
  const result = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 2)
  assert.match(result.stderr, 'applied  20240101_001_counter')
  assert.match(result.stderr, 'SQL_SYNTAX: migrations/20240101_002_typo.up.sql:2:27: syntax error at or near ")"')
  assert.equal(await ledger(db.sql), ['20240101_001 counter run'])
  assert.not.ok((await tables(db.sql)).includes('later'))
  const [row] = await db.sql`insert into counter (x) values (2) returning id`
  assert.is(row!.id, 1)
}))

test('--dry-run parses every pending file and reports a bad one without running anything', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'fine', 'create table fine (id int);')
  await project.write('20240101_002', 'bad', 'begin;\ncreate table ok (id int);')
  const result = await cli(['up', '--dry-run'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 2)
  assert.match(result.stderr, 'TRANSACTION_CONTROL: migrations/20240101_002_bad.up.sql:1:1: BEGIN is not allowed')
  assert.equal(await tables(db.sql), [])
}))

test('an applied file that was edited is refused with both checksums until accepted with a reason', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 0)
  await project.write('20240101_001', 'one', '-- a clarifying comment\ncreate table one (id int);')
  await project.write('20240101_002', 'two', 'create table two (id int);')
  const refused = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(refused.code, 1)
  assert.match(refused.stderr, /CHECKSUM_MISMATCH: an applied migration was edited after being applied\n  migrations\/20240101_001_one\.up\.sql: ledger sha256 [0-9a-f]{12}, file [0-9a-f]{12}/)
  assert.match(refused.stderr, 'pgstrata accept 20240101_001 --reason')
  assert.not.ok((await tables(db.sql)).includes('two'))
  const status = JSON.parse((await cli(['status', '--json'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal(status.migrations.map((m: { state: string }) => m.state), ['changed', 'pending'])
  assert.is((await cli(['accept', '20240101_001'], { cwd: project.dir, url: db.url })).code, 2, 'a reason is required')
  const accepted = await cli(['accept', '20240101_001', '--reason', 'comment only'], { cwd: project.dir, url: db.url })
  assert.is(accepted.code, 0, accepted.stderr)
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 0)
  const [log] = await db.sql`select detail from pgstrata_migrations_log where event = 'accept'`
  assert.match(log!.detail, /^comment only \| migrations\/20240101_001_one\.up\.sql: ledger sha256/)
}))

test('a pending file older than the newest applied one is refused unless --allow-out-of-order', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  await project.write('20240103_001', 'three', 'create table three (id int);')
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 0)
  await project.write('20240102_001', 'late', 'create table late (id int);')
  const refused = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(refused.code, 1)
  assert.match(refused.stderr, 'OUT_OF_ORDER: 1 pending migration is older than the newest applied one\n  migrations/20240102_001_late.up.sql')
  const allowed = await cli(['up', '--allow-out-of-order'], { cwd: project.dir, url: db.url })
  assert.is(allowed.code, 0, allowed.stderr)
  assert.equal(await ledger(db.sql), ['20240101_001 one run', '20240102_001 late run', '20240103_001 three run'])
  // down undoes the most recent application first: the late one.
  const reverted = await cli(['down'], { cwd: project.dir, url: db.url })
  assert.match(reverted.stderr, 'reverted 20240102_001_late')
}))

test('down honours --step and --to, refuses an irreversible file, and --dry-run changes nothing', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);', 'drop table one;')
  await project.write('20240101_002', 'two', 'create table two (id int);', '-- pgstrata:irreversible two holds imported data we cannot get back\n')
  await project.write('20240101_003', 'three', 'create table three (id int);', 'drop table three;')
  await project.write('20240101_004', 'four', 'create table four (id int);', 'drop table four;')
  const config = runnerConfigFor(db.url, project.migrations)
  await runner.up(config)
  const dry = await runner.down(config, { step: 2, dryRun: true })
  assert.equal(dry.planned.map((p) => p.migration.version), ['20240101_004', '20240101_003'])
  assert.is(dry.applied.length, 0)
  assert.is((await ledger(db.sql)).length, 4)
  assert.equal((await runner.down(config, { to: '20240101_002' })).applied.map((a) => a.version), ['20240101_004', '20240101_003'])
  const refused = await failure(runner.down(config))
  assert.is(refused.code, 'IRREVERSIBLE')
  assert.match(refused.message, '20240101_002_two is irreversible: two holds imported data we cannot get back')
  assert.equal(await ledger(db.sql), ['20240101_001 one run', '20240101_002 two run'])
  const upDry = await cli(['up', '--dry-run'], { cwd: project.dir, url: db.url })
  assert.match(upDry.stdout, 'would apply 2 migrations:\n  20240101_003_three  1 statement, in one transaction')
  assert.is((await ledger(db.sql)).length, 2)
}))

test('up --to and --step stop where asked', () => withProject(async (db, project) => {
  for (const n of [1, 2, 3, 4]) await project.write(`20240101_00${n}`, `m${n}`, `create table m${n} (id int);`)
  const config = runnerConfigFor(db.url, project.migrations)
  assert.equal((await runner.up(config, { step: 1 })).applied.map((a) => a.version), ['20240101_001'])
  assert.equal((await runner.up(config, { to: '20240101_003' })).applied.map((a) => a.version), ['20240101_002', '20240101_003'])
  assert.equal((await runner.up(config)).applied.map((a) => a.version), ['20240101_004'])
  assert.equal((await runner.up(config)).applied, [])
}))

test('baseline marks an existing database without running anything; up continues after it', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  await project.write('20240101_002', 'two', 'create table two (id int);')
  await project.write('20240101_003', 'three', 'create table three (id int);')
  await db.sql`create table one (id int)`
  await db.sql`create table two (id int)`
  const result = await cli(['baseline', '20240101_002'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 0, result.stderr)
  assert.equal(await ledger(db.sql), ['20240101_001 one baseline', '20240101_002 two baseline'])
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 0)
  assert.equal(await ledger(db.sql), ['20240101_001 one baseline', '20240101_002 two baseline', '20240101_003 three run'])
  const again = await cli(['baseline', '20240101_002'], { cwd: project.dir, url: db.url })
  assert.is(again.code, 1)
  assert.match(again.stderr, 'LEDGER_NOT_EMPTY')
}))

test('a file that cannot run in a transaction stops part-way, shows as partial, and resumes after the last statement that ran', () => withProject(async (db, project) => {
  const up = [
    'create table nt (x int);',
    'create index concurrently nt_x on nt (x);',
    'vacuum nt_later;',
    'create index concurrently nt_x2 on nt (x);',
  ].join('\n')
  await project.write('20240101_001', 'concurrent', up, 'drop table nt;')
  const failed = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(failed.code, 1)
  assert.match(failed.stderr, 'MIGRATION_FAILED: migrations/20240101_001_concurrent.up.sql:3:1: relation "nt_later" does not exist')
  assert.match(failed.stderr, 'statement 3 of 4; this file runs outside a transaction (CREATE INDEX CONCURRENTLY)')
  const status = JSON.parse((await cli(['status', '--json'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal(status.migrations[0].state, 'partial')
  assert.equal(status.migrations[0].progress.done, 2)
  assert.match(status.migrations[0].progress.lastError, 'relation "nt_later" does not exist')
  const human = await cli(['status'], { cwd: project.dir, url: db.url })
  assert.match(human.stdout, 'partial (2/4 applied)')
  await db.sql`create table nt_later (y int)`
  const resumed = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(resumed.code, 0, resumed.stderr)
  assert.match(resumed.stderr, 'resumed at statement 3')
  const indexes = await db.sql`select indexname from pg_indexes where tablename = 'nt' order by 1`
  assert.equal(indexes.map((i) => i.indexname), ['nt_x', 'nt_x2'])
  assert.equal(await ledger(db.sql), ['20240101_001 concurrent run'])
  assert.is((await db.sql`select * from pgstrata_migrations_progress`).length, 0)
}))

test('a partially applied file whose finished statements were edited is refused', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'concurrent', 'create table nt (x int);\ncreate index concurrently nt_x on nt (x);\nvacuum nope;')
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 1)
  await project.write('20240101_001', 'concurrent', 'create table nt (x bigint);\ncreate index concurrently nt_x on nt (x);\nvacuum nt;')
  const refused = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(refused.code, 1)
  assert.match(refused.stderr, 'PARTIAL_EDITED: migrations/20240101_001_concurrent.up.sql: statement 1 already ran in an earlier attempt, and it was edited since')
  await project.write('20240101_001', 'concurrent', 'create table nt (x int);\ncreate index concurrently nt_x on nt (x);\nvacuum nt;')
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 0)
}))

test('the ledger lives where configured, even under names with quotes, spaces and capitals', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table "Odd ""Table"" Name" (id int);', 'drop table "Odd ""Table"" Name";')
  const schema = 'Ledger "Schema" X'
  const table = 'My Ledger'
  const flags = ['--ledger-schema', schema, '--ledger-table', table]
  const applied = await cli(['up', ...flags], { cwd: project.dir, url: db.url })
  assert.is(applied.code, 0, applied.stderr)
  const found = await db.sql`select tablename from pg_tables where schemaname = ${schema} order by 1`
  assert.equal(found.map((r) => r.tablename), ['My Ledger', 'My Ledger_log', 'My Ledger_progress'])
  const names = ledgerNames(schema, table)
  assert.equal(await ledger(db.sql, names.ledger), ['20240101_001 one run'])
  const status = await cli(['status', ...flags], { cwd: project.dir, url: db.url })
  assert.match(status.stdout, '"Ledger ""Schema"" X"."My Ledger"')
  assert.match(status.stdout, '1 applied')
  assert.is((await cli(['down', ...flags], { cwd: project.dir, url: db.url })).code, 0)
  assert.equal(await ledger(db.sql, names.ledger), [])
}))

test('a role that may not create schemas keeps its ledger in a schema that exists, and is told why it cannot elsewhere', () => withProject(async (db, project) => {
  const role = `pgs_no_schemas_${db.name.replace(/\W/g, '_')}`.slice(0, 63)
  await db.sql.unsafe(`create role "${role}" login password 'Secr3t-pass'`)
  try {
    await db.sql.unsafe(`grant create on schema public to "${role}"`)
    const url = new URL(db.url)
    url.username = role
    url.password = 'Secr3t-pass'
    await project.write('20240101_001', 'one', 'create table one (id int);', 'drop table one;')
    const applied = await cli(['up'], { cwd: project.dir, url: url.href })
    assert.is(applied.code, 0, applied.stderr)
    assert.equal(await ledger(db.sql), ['20240101_001 one run'])
    const refused = await cli(['up', '--ledger-schema', 'ops'], { cwd: project.dir, url: url.href })
    assert.is(refused.code, 1)
    assert.match(refused.stderr, /permission denied for database/)
    assert.not.match(refused.stderr, 'Secr3t-pass')
  } finally {
    await db.sql.unsafe(`drop owned by "${role}"; drop role "${role}"`)
  }
}))

test('a migration that changes session settings does not leak them into the next one', () => withProject(async (db, project) => {
  await db.sql`create schema elsewhere`
  await project.write('20240101_001', 'set_path', 'set search_path = elsewhere, public;\ncreate table first_one (id int);')
  await project.write('20240101_002', 'plain', 'create table second_one (id int);')
  await runner.up(runnerConfigFor(db.url, project.migrations))
  assert.equal(await tables(db.sql, 'elsewhere'), ['first_one'])
  assert.ok((await tables(db.sql)).includes('second_one'))
}))

test('a deferred constraint that fails at COMMIT rolls the migration back and says so', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'deferred', `
create table parent (id int primary key);
create table child (parent_id int references parent deferrable initially deferred);
insert into child values (42);`)
  const result = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 1)
  assert.match(result.stderr, 'migrations/20240101_001_deferred.up.sql: commit failed: insert or update on table "child" violates foreign key constraint')
  assert.equal(await tables(db.sql), ['pgstrata_migrations', 'pgstrata_migrations_log', 'pgstrata_migrations_progress'])
  assert.equal(await ledger(db.sql), [])
}))

test('notices raised by migrations are shown with the file each came from, though several are in flight at once', () => withProject(async (db, project) => {
  for (const n of [1, 2, 3, 4, 5]) {
    await project.write(`20240101_00${n}`, `noisy_${n}`, `create table t${n} (id int);\ndo $$ begin raise notice 'backfilled % rows', ${n}; end $$;`)
  }
  const result = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 0)
  for (const n of [1, 2, 3, 4, 5]) assert.match(result.stderr, `NOTICE migrations/20240101_00${n}_noisy_${n}.up.sql: backfilled ${n} rows`)
}))

test('when a migration fails, the ones already sent after it do not run at all', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'fails', 'create table first (id int);\nselect 1 / 0;')
  await project.write('20240101_002', 'after', "create table second (id int);\ndo $$ begin raise notice 'second ran'; end $$;")
  const result = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 1)
  assert.match(result.stderr, 'MIGRATION_FAILED: migrations/20240101_001_fails.up.sql:2:1: division by zero')
  assert.not.match(result.stderr, 'second ran')
  assert.not.match(result.stderr, 'PREVIOUS_FAILED')
  assert.equal(await tables(db.sql), ['pgstrata_migrations', 'pgstrata_migrations_log', 'pgstrata_migrations_progress'])
}))

// Transaction segments: `-- pgstrata:commit` between statements.

const enumValues = async (sql: import('postgres').Sql, type = 'public.mood') =>
  (await sql.unsafe(`select unnest(enum_range(null::${type}))::text as v`)).map((r) => r.v as string)

const progressRows = async (sql: import('postgres').Sql) =>
  (await sql`select version, direction, statements_done, statements_total from pgstrata_migrations_progress`)
    .map((r) => `${r.version} ${r.direction} ${r.statements_done}/${r.statements_total}`)

const journal = async (sql: import('postgres').Sql) =>
  (await sql`select n from journal order by n`).map((r) => r.n as number)

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The backend pid of a pgstrata connection whose current query matches `pattern`. */
const pgstrataBackend = (db: { sql: import('postgres').Sql; name: string }, pattern: string) =>
  waitUntil(`a pgstrata backend running ${pattern}`, async () => {
    const [row] = await db.sql`select pid from pg_stat_activity where datname = ${db.name} and application_name = 'pgstrata' and query like ${pattern}`
    return row?.pid as number | undefined
  })

const enumFile = (marker: string[]) => [
  "alter type public.mood add value 'great' after 'happy';",
  ...marker,
  "alter table public.users add column feeling public.mood not null default 'great';",
].join('\n')

test('an enum value added before -- pgstrata:commit can be used after it; without the marker the file fails with 55P04 and applies nothing', () => withProject(async (db, project) => {
  await db.sql`create type public.mood as enum ('sad', 'happy')`
  await db.sql`create table public.users (id int)`
  await db.sql`insert into public.users values (1)`
  await project.write('20240101_001', 'feeling', enumFile([]), 'alter table public.users drop column feeling;')
  const failed = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(failed.code, 1)
  assert.match(failed.stderr, /migrations\/20240101_001_feeling\.up\.sql:2:\d+: unsafe use of new value "great" of enum type mood \(55P04\)/)
  assert.match(failed.stderr, '20240101_001_feeling was rolled back; nothing of it was recorded')
  assert.equal(await enumValues(db.sql), ['sad', 'happy'])
  assert.equal(await ledger(db.sql), [])
  assert.equal(await progressRows(db.sql), [])

  await project.write('20240101_001', 'feeling', enumFile(['-- pgstrata:commit the new enum value must be committed before it is used']),
    'alter table public.users drop column feeling;')
  const config = runnerConfigFor(db.url, project.migrations)
  const dry = await runner.up(config, { dryRun: true })
  assert.is(describeExecution(dry.planned[0]!), 'in 2 transactions (-- pgstrata:commit)')
  const result = await runner.up(config)
  assert.equal(result.applied.map((a) => [a.id, a.mode, a.statements, a.resumedAt]), [['20240101_001_feeling', 'segments', 2, undefined]])
  assert.equal(await enumValues(db.sql), ['sad', 'happy', 'great'])
  assert.equal((await db.sql`select feeling::text from public.users`).map((r) => r.feeling), ['great'])
  assert.equal(await ledger(db.sql), ['20240101_001 feeling run'])
  assert.equal(await progressRows(db.sql), [])
  const log = await db.sql`select event, execution_ms from pgstrata_migrations_log`
  assert.equal(log.map((r) => r.event), ['up'])
  assert.ok(log[0]!.execution_ms >= 0)
}))

const threeSegments = (second: string) => [
  'create table journal (n int);',
  'insert into journal values (1);',
  '-- pgstrata:commit',
  'insert into journal values (2);',
  second,
  '-- pgstrata:commit',
  'insert into journal values (3);',
].join('\n')

test('a failure in segment 2 of 3 keeps segment 1 applied and recorded, shows as partial, and the next up resumes at segment 2', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'segments', threeSegments('insert into needed_later values (1);'), 'drop table journal;')
  const failed = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(failed.code, 1)
  assert.match(failed.stderr, 'MIGRATION_FAILED: migrations/20240101_001_segments.up.sql:5:13: relation "needed_later" does not exist (42P01)')
  assert.match(failed.stderr, 'statement 4 of 5; this file runs in 3 transactions (-- pgstrata:commit): the one with statements 3–4 was rolled back; ' +
    'the 2 statements before it stay applied and are recorded, and the next run resumes at statement 3')
  // Segment 2's first insert went with it: a segment never stays half applied.
  assert.equal(await journal(db.sql), [1])
  assert.equal(await progressRows(db.sql), ['20240101_001 up 2/5'])
  assert.equal(await ledger(db.sql), [])
  const status = await cli(['status'], { cwd: project.dir, url: db.url })
  assert.match(status.stdout, 'partial (2/5 applied)')
  assert.match(status.stdout, '20240101_001 stopped at statement 3: migrations/20240101_001_segments.up.sql:5:13: relation "needed_later" does not exist')
  const dry = JSON.parse((await cli(['up', '--dry-run', '--json'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal(dry.planned.map((p: Record<string, unknown>) => [p.transaction, p.noTransactionReason, p.resumeAt]), [[false, '-- pgstrata:commit', 3]])

  await db.sql`create table needed_later (x int)`
  const resumed = await runner.up(runnerConfigFor(db.url, project.migrations))
  assert.equal(resumed.applied.map((a) => [a.mode, a.resumedAt]), [['segments', 3]])
  assert.equal(await journal(db.sql), [1, 2, 3])
  assert.equal(await ledger(db.sql), ['20240101_001 segments run'])
  assert.equal(await progressRows(db.sql), [])
}))

test('editing a statement of a segment that already committed is refused; the segments still to run may change', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'segments', threeSegments('insert into needed_later values (1);'), 'drop table journal;')
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 1)
  await project.write('20240101_001', 'segments', threeSegments('insert into needed_later values (1);').replace('values (1)', 'values (10)'), 'drop table journal;')
  const refused = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(refused.code, 1)
  assert.match(refused.stderr, 'PARTIAL_EDITED: migrations/20240101_001_segments.up.sql: statement 2 already ran in an earlier attempt, and it was edited since')
  assert.equal(await journal(db.sql), [1])
  await project.write('20240101_001', 'segments', threeSegments('select 1;'), 'drop table journal;')
  const fixed = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(fixed.code, 0, fixed.stderr)
  assert.equal(await journal(db.sql), [1, 2, 3])
}))

test('a commit line inside a function body or a block comment is not a marker: the file runs in one transaction', () => withProject(async (db, project) => {
  await db.sql`create type public.mood as enum ('sad', 'happy')`
  await db.sql`create table public.users (id int)`
  const up = `create function public.cheer() returns int language plpgsql as $$
begin
-- pgstrata:commit
  return 1;
end $$;
/*
-- pgstrata:commit
*/
${enumFile([])}`
  await project.write('20240101_001', 'not_split', up)
  const dry = JSON.parse((await cli(['up', '--dry-run', '--json'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal(dry.planned.map((p: Record<string, unknown>) => [p.statements, p.transaction]), [[3, true]])
  const failed = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(failed.code, 1)
  assert.match(failed.stderr, '(55P04)')
  assert.equal((await db.sql`select count(*)::int as n from pg_proc where proname = 'cheer'`)[0]!.n, 0, 'the function before the "marker" committed')
  assert.equal(await enumValues(db.sql), ['sad', 'happy'])
  assert.equal(await progressRows(db.sql), [])
}))

test('a segmented down file reverts segment by segment, stops part-way as partial, and resumes', () => withProject(async (db, project) => {
  const up = "create type public.mood as enum ('sad', 'happy');\ncreate table public.users (id int, feeling public.mood);\ninsert into public.users values (1, 'happy');"
  const down = [
    "alter type public.mood add value 'meh';",
    '-- pgstrata:commit',
    "update public.users set feeling = 'meh';",
    '-- pgstrata:commit',
    'drop table public.users;',
    'drop type public.mood;',
  ].join('\n')
  await project.write('20240101_001', 'moods', up, down)
  const config = runnerConfigFor(db.url, project.migrations)
  await runner.up(config)
  await db.sql`create view public.user_moods as select feeling from public.users`
  const failed = await failure(runner.down(config))
  assert.is(failed.code, 'MIGRATION_FAILED')
  assert.match(failed.message, 'migrations/20240101_001_moods.down.sql:5:1: cannot drop table users because other objects depend on it (2BP01)')
  assert.equal((await db.sql`select feeling::text from public.users`).map((r) => r.feeling), ['meh'])
  assert.equal(await progressRows(db.sql), ['20240101_001 down 2/4'])
  assert.equal(await ledger(db.sql), ['20240101_001 moods run'])
  assert.match((await cli(['status'], { cwd: project.dir, url: db.url })).stdout, 'partial (2/4 reverted)')
  await db.sql`drop view public.user_moods`
  const reverted = await runner.down(config)
  assert.equal(reverted.applied.map((a) => [a.direction, a.mode, a.resumedAt]), [['down', 'segments', 3]])
  assert.equal(await tables(db.sql), ['pgstrata_migrations', 'pgstrata_migrations_log', 'pgstrata_migrations_progress'])
  assert.equal((await db.sql`select count(*)::int as n from pg_type where typname = 'mood'`)[0]!.n, 0)
  assert.equal(await ledger(db.sql), [])
  assert.equal(await progressRows(db.sql), [])
  assert.equal((await db.sql`select event from pgstrata_migrations_log order by id`).map((r) => r.event), ['up', 'down'])
}))

test('each segment runs under lock_timeout: a segment stuck behind a lock fails fast and the segment before it stays applied', () => withProject(async (db, project) => {
  await db.sql`create table busy (id int)`
  await project.write('20240101_001', 'behind_lock', 'create table first_part (id int);\n-- pgstrata:commit\nalter table busy add column y int;')
  const blocker = await db.sql.reserve()
  try {
    await blocker`begin`
    await blocker`lock table busy in access share mode`
    const result = await cli(['up', '--lock-timeout', '300ms', '--lock-retries', '0'], { cwd: project.dir, url: db.url, timeoutMs: 20_000 })
    assert.is(result.code, 1, result.stderr)
    assert.match(result.stderr, 'canceling statement due to lock timeout (55P03)')
  } finally {
    await blocker`rollback`.catch(() => {})
    blocker.release()
  }
  assert.ok((await tables(db.sql)).includes('first_part'))
  assert.equal(await progressRows(db.sql), ['20240101_001 up 1/2'])
}))

test('the lock fence guards each segment: a segment whose run lost the lock rolls back, even when the runner cannot react', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'fenced', [
    'create table first_part (id int);',
    '-- pgstrata:commit',
    'create table second_part (id int);',
    'select pg_sleep(3);',
    '-- pgstrata:commit',
    'create table third_part (id int);',
  ].join('\n'))
  const run = startCli(['up'], { cwd: project.dir, url: db.url })
  const worker = await pgstrataBackend(db, '%pg_sleep%')
  // Stopped, the runner cannot cancel anything: segment 2 (already sent
  // whole, COMMIT included) finishes its sleep and meets the fence alone.
  run.child.kill('SIGSTOP')
  try {
    const lockHolder = await pgstrataBackend(db, '%pg_try_advisory_lock%')
    await db.sql`select pg_terminate_backend(${lockHolder})`
    await waitUntil('segment 2 to end', async () =>
      (await db.sql`select state from pg_stat_activity where pid = ${worker}`)[0]?.state === 'idle')
  } finally {
    run.child.kill('SIGCONT')
  }
  const result = await run.done
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, 'LOCK_LOST: the migration lock was lost while applying 20240101_001_fenced')
  assert.ok((await tables(db.sql)).includes('first_part'))
  assert.not.ok((await tables(db.sql)).includes('second_part'), 'segment 2 committed without the lock')
  assert.not.ok((await tables(db.sql)).includes('third_part'))
  assert.equal(await progressRows(db.sql), ['20240101_001 up 1/4'])
  assert.equal(await ledger(db.sql), [])
}))

/** Segment 1 writes 1 to a journal; segment 2 writes 2 and sleeps as long as the control table says; segment 3 writes 3. */
async function sleepySegments(db: { sql: import('postgres').Sql }, project: Project, seconds: number): Promise<void> {
  await db.sql`create table control (seconds float not null)`
  await db.sql`insert into control values (${seconds})`
  await project.write('20240101_001', 'sleepy_segments', [
    'create table journal (n int);',
    'insert into journal values (1);',
    '-- pgstrata:commit',
    'insert into journal values (2);',
    'select pg_sleep((select seconds from control));',
    '-- pgstrata:commit',
    'insert into journal values (3);',
  ].join('\n'))
}

test('a runner killed with SIGKILL inside segment 2 leaves segment 1 recorded and nothing of segment 2; the next run resumes there', () => withProject(async (db, project) => {
  await sleepySegments(db, project, 60)
  const run = startCli(['up'], { cwd: project.dir, url: db.url })
  await pgstrataBackend(db, '%pg_sleep%')
  run.child.kill('SIGKILL')
  assert.is((await run.done).signal, 'SIGKILL')
  await waitUntil('the killed runner\'s backends to end', async () =>
    (await db.sql`select count(*)::int as n from pg_stat_activity where datname = ${db.name} and application_name = 'pgstrata'`)[0]!.n === 0)
  assert.equal(await journal(db.sql), [1])
  assert.equal(await progressRows(db.sql), ['20240101_001 up 2/5'])
  await db.sql`update control set seconds = 0`
  const next = await cli(['up', '--json'], { cwd: project.dir, url: db.url })
  assert.is(next.code, 0, next.stderr)
  assert.equal(JSON.parse(next.stdout).planned[0].resumeAt, 3)
  assert.equal(await journal(db.sql), [1, 2, 3])
  assert.equal(await ledger(db.sql), ['20240101_001 sleepy_segments run'])
}))

test('when the connection drops inside segment 2, the error says segment 1 is applied and where the next run resumes', () => withProject(async (db, project) => {
  await sleepySegments(db, project, 60)
  const run = startCli(['up'], { cwd: project.dir, url: db.url })
  await db.sql`select pg_terminate_backend(${await pgstrataBackend(db, '%pg_sleep%')})`
  const result = await run.done
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, 'CONNECTION_LOST: the connection to the server was lost while applying 20240101_001_sleepy_segments')
  assert.match(result.stderr, '20240101_001_sleepy_segments stopped part-way: 2 of 5 statements are applied and recorded, and the next run resumes at statement 3')
  assert.equal(await journal(db.sql), [1])
}))

test.run()
