// Migrations that share the database with traffic: a lock_timeout that fires
// is retried with a pause (a file that runs in parts from the part that timed out), and create
// --online writes indexes CONCURRENTLY and constraints NOT VALID, validated later.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import postgres from 'postgres'
import { cli, startCli, withProject } from './helpers/project.ts'

/** Holds an ACCESS EXCLUSIVE lock on `table` from another connection until the returned function is called. */
async function holdLock(url: string, table: string): Promise<() => Promise<void>> {
  const other = postgres(url, { max: 1, onnotice: () => {} })
  const reserved = await other.reserve()
  await reserved.unsafe('begin')
  await reserved.unsafe(`lock table ${table} in access exclusive mode`)
  return async () => {
    await reserved.unsafe('rollback')
    reserved.release()
    await other.end({ timeout: 5 })
  }
}

/** Runs `up` with `args` while another connection holds a lock on `table`, let go once the first try has timed out. */
async function upPastHeldLock(db: { url: string }, dir: string, table: string, args: readonly string[]) {
  const release = await holdLock(db.url, table)
  const run = startCli(['up', ...args], { cwd: dir, url: db.url })
  let releasing: Promise<void> | undefined
  run.child.stderr!.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('trying again')) releasing ??= release()
  })
  const result = await run.done
  await (releasing ?? release())
  return result
}

test('a migration whose lock_timeout fires is rolled back and tried again once the lock is free', () => withProject(async (db, project) => {
  await db.sql.unsafe('create table busy (id int)')
  await project.write('20240101_001', 'add_column', 'alter table busy add column note text;\n')
  await project.write('20240101_002', 'after', 'create table later (id int);\n')
  // The holder lets go once the first try has timed out: the retry gets through.
  const result = await upPastHeldLock(db, project.dir, 'busy', ['--lock-timeout', '200ms', '--lock-retries', '4'])
  assert.is(result.code, 0, result.stderr)
  assert.match(result.stderr, /20240101_001_add_column could not get its locks within lock_timeout and was rolled back; trying again in \d\.\d s \(retry 1 of 4\)/)
  assert.match(result.stderr, 'applied  20240101_002_after')
  const columns = await db.sql`select column_name from information_schema.columns where table_name = 'busy' order by ordinal_position`
  assert.equal(columns.map((c) => c.column_name), ['id', 'note'])
}))

test('in a file that runs statement by statement, a lock_timeout is retried from the statement that timed out', () => withProject(async (db, project) => {
  await db.sql.unsafe('create table busy (id int); create table items (code int)')
  await project.write('20240101_001', 'index_then_column',
    'create index concurrently items_code_idx on items (code);\nalter table busy add column note text;\n',
    'alter table busy drop column note;\ndrop index concurrently items_code_idx;\n')
  const result = await upPastHeldLock(db, project.dir, 'busy', ['--lock-timeout', '100ms', '--lock-retries', '3'])
  assert.is(result.code, 0, result.stderr)
  assert.match(result.stderr, /20240101_001_index_then_column could not get its locks within lock_timeout and was rolled back; trying again in \d\.\d s \(retry 1 of 3\)/)
  assert.match(result.stderr, 'resumed at statement 2')
  assert.not.match(result.stderr, 'INVALID', 'the index built before the timeout is not built again')
  assert.equal((await db.sql`select count(*)::int as n from pgstrata_migrations`)[0]!.n, 1)
  const columns = await db.sql`select column_name from information_schema.columns where table_name = 'busy' order by ordinal_position`
  assert.equal(columns.map((c) => c.column_name), ['id', 'note'])
}))

test('without retries, or past the last one, the lock_timeout failure is reported and nothing is recorded', () => withProject(async (db, project) => {
  await db.sql.unsafe('create table busy (id int)')
  await project.write('20240101_001', 'add_column', 'alter table busy add column note text;\n')
  const release = await holdLock(db.url, 'busy')
  try {
    const result = await cli(['up', '--lock-timeout', '100ms', '--lock-retries', '1'], { cwd: project.dir, url: db.url })
    assert.is(result.code, 1)
    assert.match(result.stderr, '(retry 1 of 1)')
    assert.match(result.stderr, 'canceling statement due to lock timeout (55P03)')
    assert.match(result.stderr, 'for longer than lock_timeout (100ms) on every try')
    assert.not.match(result.stderr, 'retry 2')
  } finally {
    await release()
  }
  assert.equal((await db.sql`select count(*)::int as n from pgstrata_migrations`)[0]!.n, 0)
}))

test('an index left INVALID by a CREATE INDEX CONCURRENTLY that failed is dropped and built again on the next run', () => withProject(async (db, project) => {
  await db.sql.unsafe('create table items (code int); insert into items values (1), (1), (2)')
  await project.write('20240101_001', 'unique_code', 'create unique index concurrently items_code_key on items (code);\n', 'drop index concurrently items_code_key;\n')
  const failed = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(failed.code, 1, failed.stderr)
  assert.match(failed.stderr, 'could not create unique index "items_code_key"')
  const valid = async () => (await db.sql`select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'items_code_key'`).map((r) => r.indisvalid)
  assert.equal(await valid(), [false], 'the failed build leaves an invalid index behind')
  await db.sql.unsafe('delete from items where ctid = (select max(ctid) from items where code = 1)')
  const again = await cli(['up'], { cwd: project.dir, url: db.url })
  assert.is(again.code, 0, again.stderr)
  assert.match(again.stderr, 'index "public"."items_code_key" was left INVALID by an earlier CREATE INDEX CONCURRENTLY that did not finish; dropping it to build it again')
  assert.equal(await valid(), [true])
}))

const usersV2 = `import { boolean, check, index, sql, table, timestamptz, uuid, varchar, type Column } from 'pgstrata'

export const users = table('users', {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
  email: varchar().notNull().unique(),
  hashedPassword: varchar('hashed_password'),
  isActive: boolean('is_active').notNull(),
  isSuperuser: boolean('is_superuser'),
  googleId: varchar('google_id').unique(),
  createdAt: timestamptz('created_at').default(sql\`now()\`),
  updatedAt: timestamptz('updated_at').default(sql\`now()\`),
  invitedBy: uuid('invited_by').references((): Column => users.id),
}, (t) => [index('users_active_idx').on(t.isActive), check('users_email_not_blank', sql\`\${t.email} <> ''\`)])
`

test('create --online: indexes CONCURRENTLY in a pair of their own, constraints NOT VALID then validated, SET NOT NULL through a check; applied, nothing is left to change', () => withProject(async (db, project) => {
  await project.copyFromRepo('migrations')
  await project.copyFromRepo('schema')
  const run = (...args: string[]) => cli(args, { cwd: project.dir, url: db.url })
  assert.is((await run('up')).code, 0)
  await db.sql.unsafe(`insert into users (email, is_active) values ('a@example.com', true), ('b@example.com', false)`)
  const before: unknown = JSON.parse((await run('inspect', '--json')).stdout)
  await project.writeFile('schema/users.ts', usersV2)
  const created = await run('create', 'tighten users', '--online')
  assert.is(created.code, 0, created.stderr)
  const files = (await import('node:fs/promises')).readdir(project.migrations)
  const names = (await files).filter((f) => f.startsWith('2026') || !f.startsWith('2023')).sort()
  assert.equal(names.map((n) => n.replace(/^\d{8}_/, '')), [
    '001_tighten_users.down.sql', '001_tighten_users.up.sql', '002_tighten_users_indexes.down.sql', '002_tighten_users_indexes.up.sql',
  ])
  const read = (name: string) => (import('node:fs/promises')).then((fs) => fs.readFile(`${project.migrations}/${names.find((n) => n.endsWith(name))}`, 'utf8'))
  const up = await read('001_tighten_users.up.sql')
  assert.match(up, 'ADD CONSTRAINT "users_invited_by_fkey" FOREIGN KEY (invited_by) REFERENCES public.users(id) NOT VALID;')
  assert.match(up, 'CHECK ("is_active" IS NOT NULL) NOT VALID;')
  assert.match(up, /-- pgstrata:commit the constraints added NOT VALID above are validated[^\n]*\n\nALTER TABLE "public"."users" VALIDATE CONSTRAINT "users_is_active_not_null_pgstrata";/)
  assert.match(up, /-- pgstrata:commit SET NOT NULL after its validated check[^\n]*\n\nALTER TABLE "public"."users" ALTER COLUMN "is_active" SET NOT NULL;\nALTER TABLE "public"."users" DROP CONSTRAINT "users_is_active_not_null_pgstrata";/)
  assert.not.match(up, 'CREATE INDEX')
  assert.match(await read('002_tighten_users_indexes.up.sql'), 'CREATE INDEX CONCURRENTLY users_active_idx ON public.users USING btree (is_active);')
  assert.match(await read('002_tighten_users_indexes.down.sql'), 'DROP INDEX CONCURRENTLY IF EXISTS "public"."users_active_idx";')
  assert.not.match(await read('001_tighten_users.down.sql'), 'users_active_idx', 'the index pair drops its index; the main down does not again')

  const applied = await run('up')
  assert.is(applied.code, 0, applied.stderr)
  assert.match(applied.stderr, 'in 3 transactions')
  assert.match((await run('create', 'again')).stdout, 'no changes')
  assert.equal((await db.sql`select count(*)::int as n from users`)[0]!.n, 2, 'rows survive')
  assert.equal((await db.sql`select conname from pg_constraint where conname like '%_pgstrata'`).length, 0, 'the temporary check is gone')
  const reverted = await run('down', '--step', '2')
  assert.is(reverted.code, 0, reverted.stderr)
  assert.equal(JSON.parse((await run('inspect', '--json')).stdout), before, 'down restores the start')
}, { dsl: true }))

test('the config file can make --online the default, and --no-online turns it off', () => withProject(async (db, project) => {
  await project.copyFromRepo('migrations')
  await project.copyFromRepo('schema')
  await project.writeFile('pgstrata.config.json', '{ "online": true }\n')
  const run = (...args: string[]) => cli(args, { cwd: project.dir, url: db.url })
  assert.is((await run('up')).code, 0)
  await project.writeFile('schema/users.ts', usersV2)
  const online = await run('create', 'by config')
  assert.match(online.stdout, 'create index users_active_idx concurrently')
  for (const f of (await (await import('node:fs/promises')).readdir(project.migrations)).filter((f) => !f.startsWith('2023'))) {
    await (await import('node:fs/promises')).rm(`${project.migrations}/${f}`)
  }
  const plain = await run('create', 'plain', '--no-online')
  assert.is(plain.code, 0, plain.stderr)
  assert.not.match(plain.stdout, 'concurrently')
  assert.match(plain.stdout, 'create index public.users_active_idx')
}, { dsl: true }))

const accountsStart = `create table accounts (id bigint, email text, handle text, note text);
create index accounts_note_idx on accounts (note);
create index accounts_handle_idx on accounts (handle);
insert into accounts select g, 'u' || g || '@example.com', 'h' || g, 'n' from generate_series(1, 2000) g;
`

const accountsTarget = `import { bigint, index, table, text, unique } from 'pgstrata'

export const accounts = table('accounts', {
  id: bigint().primaryKey(),
  email: text().unique(),
  handle: text(),
  note: text(),
}, (t) => [unique([t.handle, t.note], { name: 'accounts_handle_note_key' }), index('accounts_handle_idx').on(t.handle, t.id)])
`

test('create --online: PRIMARY KEY and UNIQUE through an index built CONCURRENTLY, dropped indexes DROP INDEX CONCURRENTLY; applied, nothing left, down restores', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'accounts', accountsStart, 'drop table accounts;\n')
  const run = (...args: string[]) => cli(args, { cwd: project.dir, url: db.url })
  assert.is((await run('up')).code, 0)
  const before: unknown = JSON.parse((await run('inspect', '--json')).stdout)
  await project.writeFile('schema/accounts.ts', accountsTarget)
  const created = await run('create', 'keys', '--online')
  assert.is(created.code, 0, created.stderr)
  const fs = await import('node:fs/promises')
  const names = (await fs.readdir(project.migrations)).filter((f) => !f.startsWith('20240101')).sort()
  const read = (suffix: string) => fs.readFile(`${project.migrations}/${names.find((n) => n.endsWith(suffix))}`, 'utf8')
  const up = await read('_keys.up.sql')
  assert.not.match(up, 'PRIMARY KEY')
  assert.not.match(up, 'UNIQUE')
  assert.not.match(up, 'accounts_note_idx', 'the dropped index goes in the concurrent migration')
  assert.match(up, 'DROP INDEX "public"."accounts_handle_idx";', 'an index whose name is taken again is dropped in place')
  const indexesUp = await read('_keys_indexes.up.sql')
  const order = [
    'CREATE UNIQUE INDEX CONCURRENTLY "accounts_pkey" ON "public"."accounts" USING btree (id);',
    'CREATE UNIQUE INDEX CONCURRENTLY "accounts_email_key" ON "public"."accounts" USING btree (email);',
    'CREATE UNIQUE INDEX CONCURRENTLY "accounts_handle_note_key" ON "public"."accounts" USING btree (handle, note);',
    'ALTER TABLE "public"."accounts" ADD CONSTRAINT "accounts_pkey" PRIMARY KEY USING INDEX "accounts_pkey";',
    'ALTER TABLE "public"."accounts" ADD CONSTRAINT "accounts_email_key" UNIQUE USING INDEX "accounts_email_key";',
    'DROP INDEX CONCURRENTLY "public"."accounts_note_idx";',
  ]
  for (const line of order) assert.match(indexesUp, line)
  const at = (line: string) => indexesUp.indexOf(line)
  assert.ok(Math.max(...order.slice(0, 3).map(at)) < Math.min(at(order[3]!), at(order[4]!)), 'the builds come before the constraints')
  assert.ok(Math.max(at(order[3]!), at(order[4]!)) < at(order[5]!), 'the drops come last')
  assert.match(indexesUp, 'CREATE INDEX CONCURRENTLY accounts_handle_idx ON public.accounts USING btree (handle, id);')
  const indexesDown = await read('_keys_indexes.down.sql')
  assert.match(indexesDown, /^CREATE INDEX CONCURRENTLY accounts_note_idx ON public.accounts USING btree \(note\);$/m, 'the dropped index is built again, first')
  for (const name of ['accounts_pkey', 'accounts_email_key', 'accounts_handle_note_key']) assert.match(indexesDown, `ALTER TABLE "public"."accounts" DROP CONSTRAINT IF EXISTS "${name}";`)
  assert.match(indexesDown, /DROP INDEX CONCURRENTLY IF EXISTS "public"."accounts_handle_idx";\n$/, 'the built index is dropped last')
  const down = await read('_keys.down.sql')
  assert.not.match(down, 'accounts_note_idx', 'the concurrent down remakes it; the main down does not')
  assert.not.match(down, 'DROP CONSTRAINT "accounts_pkey"')
  assert.match(created.stdout, /add constraint accounts_pkey using index accounts_pkey \(in \d{8}_002_keys_indexes\)/)
  assert.match(created.stdout, 'drop index accounts_note_idx concurrently')

  const linted = await run('lint')
  assert.is(linted.code, 0, linted.stdout + linted.stderr)
  const applied = await run('up')
  assert.is(applied.code, 0, applied.stderr)
  assert.match((await run('create', 'again')).stdout, 'no changes')
  const keys = await db.sql`select conname, contype from pg_constraint where conrelid = 'accounts'::regclass and contype in ('p', 'u') order by conname`
  assert.equal(keys.map((k) => `${k.conname}:${k.contype}`), ['accounts_email_key:u', 'accounts_handle_note_key:u', 'accounts_pkey:p'])
  assert.equal((await db.sql`select count(*)::int as n from pg_index where indrelid = 'accounts'::regclass and not indisvalid`)[0]!.n, 0)
  const reverted = await run('down', '--step', '2')
  assert.is(reverted.code, 0, reverted.stderr)
  assert.equal(JSON.parse((await run('inspect', '--json')).stdout), before, 'down restores the start')
}, { dsl: true }))

test.run()
