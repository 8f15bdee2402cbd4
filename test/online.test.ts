// Migrations that share the database with traffic: a lock_timeout that fires
// is retried with a pause (never for files that run in parts), and create
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

test('a migration whose lock_timeout fires is rolled back and tried again once the lock is free', () => withProject(async (db, project) => {
  await db.sql.unsafe('create table busy (id int)')
  await project.write('20240101_001', 'add_column', 'alter table busy add column note text;\n')
  await project.write('20240101_002', 'after', 'create table later (id int);\n')
  const release = await holdLock(db.url, 'busy')
  // The holder lets go once the first try has timed out: the retry gets through.
  const run = startCli(['up', '--lock-timeout', '200ms', '--lock-retries', '4'], { cwd: project.dir, url: db.url })
  let releasing: Promise<void> | undefined
  run.child.stderr!.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('trying again')) releasing ??= release()
  })
  const result = await run.done
  await (releasing ?? release())
  assert.is(result.code, 0, result.stderr)
  assert.match(result.stderr, /20240101_001_add_column could not get its locks within lock_timeout and was rolled back; trying again in \d\.\d s \(retry 1 of 4\)/)
  assert.match(result.stderr, 'applied  20240101_002_after')
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

test.run()
