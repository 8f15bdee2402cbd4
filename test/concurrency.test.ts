// The runner under the failures it exists for: racing deploys, a killed
// process, a dropped connection, a lock held by someone else.
import type postgres from 'postgres'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { lockKeyOf } from '../src/engine/lock.ts'
import { cli, startCli, withProject, type Project } from './helpers/project.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

/** Migration 1 makes a control table; migration 2 sleeps as long as it says, inside its transaction. */
async function sleepyProject(project: Project, seconds: number): Promise<void> {
  await project.write('20240101_001', 'control', `create table control (seconds float not null);\ninsert into control values (${seconds});`, 'drop table control;')
  await project.write('20240101_002', 'sleepy', 'create table sleepy (id int);\nselect pg_sleep((select seconds from control));', 'drop table sleepy;')
}

/** The backend pid of a pgstrata connection whose current query matches `pattern`. */
function pgstrataBackend(sql: postgres.Sql, database: string, pattern: string): Promise<number> {
  return waitFor(`a pgstrata backend running ${pattern}`, async () => {
    const [row] = await sql`select pid from pg_stat_activity where datname = ${database} and application_name = 'pgstrata' and query like ${pattern}`
    return row?.pid as number | undefined
  })
}

const ledgerVersions = async (sql: postgres.Sql) =>
  (await sql`select version from pgstrata_migrations order by version`).map((r) => r.version as string)

const tableExists = async (sql: postgres.Sql, name: string) =>
  Boolean((await sql`select to_regclass(${name}) as found`)[0]!.found)

test('8 runners started together on 30 migrations apply each migration exactly once and all exit 0', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'journal', 'create table journal (version text not null);\ninsert into journal values (\'001\');')
  for (let n = 2; n <= 30; n++) {
    const v = String(n).padStart(3, '0')
    await project.write(`20240101_${v}`, `step_${v}`, `create table step_${v} (id int);\ninsert into journal values ('${v}');`)
  }
  const results = await Promise.all(Array.from({ length: 8 }, () => cli(['up', '--lock-wait', '120'], { cwd: project.dir, url: db.url })))
  for (const result of results) assert.is(result.code, 0, result.stderr)
  const counts = await db.sql`select version, count(*)::int as n from journal group by version order by version`
  assert.is(counts.length, 30)
  assert.ok(counts.every((row) => row.n === 1), 'a migration ran twice')
  assert.is((await ledgerVersions(db.sql)).length, 30)
  const applied = results.map((r) => (r.stderr.match(/ applied /g) ?? []).length)
  assert.is(applied.reduce((a, b) => a + b, 0), 30, `applied lines per runner: ${applied}`)
}))

test('a runner killed with SIGKILL inside a migration leaves no ledger row and no partial objects; the next run completes', () => withProject(async (db, project) => {
  await sleepyProject(project, 60)
  const run = startCli(['up'], { cwd: project.dir, url: db.url })
  await pgstrataBackend(db.sql, db.name, '%pg_sleep%')
  run.child.kill('SIGKILL')
  const killed = await run.done
  assert.is(killed.signal, 'SIGKILL')
  // The server notices the dead client (client_connection_check_interval) and
  // rolls the open transaction back; wait until its backend is gone.
  await waitFor('the killed runner\'s backends to end', async () =>
    (await db.sql`select count(*)::int as n from pg_stat_activity where datname = ${db.name} and application_name = 'pgstrata'`)[0]!.n === 0)
  assert.equal(await ledgerVersions(db.sql), ['20240101_001'])
  assert.not.ok(await tableExists(db.sql, 'sleepy'), 'the half-run migration left its table behind')
  await db.sql`update control set seconds = 0`
  const next = await cli(['up', '--lock-wait', '10'], { cwd: project.dir, url: db.url })
  assert.is(next.code, 0, next.stderr)
  assert.equal(await ledgerVersions(db.sql), ['20240101_001', '20240101_002'])
  assert.ok(await tableExists(db.sql, 'sleepy'))
}))

test('pg_terminate_backend of the runner\'s connection gives exit 1, a clean message and a consistent ledger', () => withProject(async (db, project) => {
  await sleepyProject(project, 60)
  const run = startCli(['up'], { cwd: project.dir, url: db.url })
  const pid = await pgstrataBackend(db.sql, db.name, '%pg_sleep%')
  await db.sql`select pg_terminate_backend(${pid})`
  const result = await run.done
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, 'pgstrata: error CONNECTION_LOST: the connection to the server was lost while applying 20240101_002_sleepy')
  assert.match(result.stderr, 'nothing of 20240101_002_sleepy was recorded: the server rolled it back')
  assert.not.match(result.stderr, 'TypeError')
  assert.equal(await ledgerVersions(db.sql), ['20240101_001'])
  assert.not.ok(await tableExists(db.sql, 'sleepy'))
}))

test('when the lock\'s connection is terminated mid-migration, the migration is cancelled, rolled back, and the run stops', () => withProject(async (db, project) => {
  await sleepyProject(project, 60)
  const run = startCli(['up'], { cwd: project.dir, url: db.url })
  await pgstrataBackend(db.sql, db.name, '%pg_sleep%')
  const lockHolder = await pgstrataBackend(db.sql, db.name, '%pg_try_advisory_lock%')
  const terminated = Date.now()
  await db.sql`select pg_terminate_backend(${lockHolder})`
  const result = await run.done
  assert.ok(Date.now() - terminated < 15_000, 'the run went on with its 60 s statement after losing the lock')
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, 'pgstrata: error LOCK_LOST: the migration lock was lost while applying 20240101_002_sleepy; it was rolled back and not recorded')
  assert.equal(await ledgerVersions(db.sql), ['20240101_001'])
  assert.not.ok(await tableExists(db.sql, 'sleepy'))
}))

test('a runner waiting for the lock says who holds it, and goes on when it is released', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  const { key } = lockKeyOf('"public"."pgstrata_migrations"')
  const holder = await db.sql.reserve()
  try {
    await holder`set application_name = 'nightly-backfill'`
    await holder.unsafe(`select pg_advisory_lock(${key})`)
    const run = startCli(['up', '--lock-wait', '60'], { cwd: project.dir, url: db.url })
    let stderr = ''
    run.child.stderr!.on('data', (chunk) => { stderr += chunk })
    await waitFor('the waiting message', async () => stderr.includes('waiting for the migration lock'))
    assert.match(stderr, /waiting for the migration lock, held by pid \d+ \(nightly-backfill, user postgres/)
    assert.not.ok(await tableExists(db.sql, 'one'))
    await holder.unsafe(`select pg_advisory_unlock(${key})`)
    const result = await run.done
    assert.is(result.code, 0, result.stderr)
    assert.ok(await tableExists(db.sql, 'one'))
  } finally {
    holder.release()
  }
}))

test('a runner that cannot get the lock in time exits 1 naming the holder, having changed nothing', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  const { key } = lockKeyOf('"public"."pgstrata_migrations"')
  const holder = await db.sql.reserve()
  try {
    await holder`set application_name = 'stuck-deploy'`
    await holder.unsafe(`select pg_advisory_lock(${key})`)
    const result = await cli(['up', '--lock-wait', '1'], { cwd: project.dir, url: db.url })
    assert.is(result.code, 1)
    assert.match(result.stderr, /LOCK_TIMEOUT: gave up after waiting 1\.\ds for the migration lock, held by pid \d+ \(stuck-deploy/)
    assert.match(result.stderr, 'pg_terminate_backend')
    assert.not.ok(await tableExists(db.sql, 'one'))
  } finally {
    holder.release()
  }
}))

test('a ledger in another schema takes a different lock, so two ledgers do not block each other', () => {
  assert.is.not(lockKeyOf('"public"."pgstrata_migrations"').key, lockKeyOf('"tenant"."pgstrata_migrations"').key)
  const { key, classid, objid } = lockKeyOf('"public"."pgstrata_migrations"')
  assert.is((BigInt(classid) << 32n) | BigInt(objid), BigInt.asUintN(64, key))
})

test.run()
