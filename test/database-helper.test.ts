import { test } from 'uvu'
import * as assert from 'uvu/assert'
import postgres from 'postgres'
import { freshDatabase, testServer, type FreshDatabase } from './helpers/database.ts'

async function databaseExists(name: string): Promise<boolean> {
  const admin = postgres((await testServer()).url, { max: 1 })
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`
    return rows.length === 1
  } finally {
    await admin.end({ timeout: 5 })
  }
}

test('the test server answers on a plain TCP URL and reports its version', async () => {
  const server = await testServer()
  assert.match(server.url, /^postgres(ql)?:\/\/[^/]*@[^/]+:\d+\//)
  assert.match(server.version, /^\d+/)
  assert.is(await testServer(), server, 'testServer() is memoised')
})

test('a fresh database works, is empty and is not another fresh database', async () => {
  const a = await freshDatabase()
  const b = await freshDatabase('pgstrata_t_other')
  try {
    assert.match(a.name, /^pgstrata_t_[0-9a-f]{12}$/)
    assert.match(b.name, /^pgstrata_t_other_[0-9a-f]{12}$/)
    assert.is.not(a.name, b.name)
    assert.ok(a.url.endsWith(`/${a.name}`), a.url)
    const [row] = await a.sql<{ db: string }[]>`select current_database() as db`
    assert.is(row?.db, a.name)
    const tables = await a.sql`select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                               where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')`
    assert.is(tables.length, 0, 'a fresh database has no user relations')
    await a.sql`create table only_in_a (id int)`
    const inB = await b.sql`select 1 from pg_class where relname = 'only_in_a'`
    assert.is(inB.length, 0)
  } finally {
    await a.drop()
    await b.drop()
  }
})

test('a child process can connect with the fresh database URL', async () => {
  const db = await freshDatabase()
  try {
    const other = postgres(db.url, { max: 1 })
    const [row] = await other<{ db: string }[]>`select current_database() as db`
    await other.end({ timeout: 5 })
    assert.is(row?.db, db.name)
  } finally {
    await db.drop()
  }
})

test('drop() removes the database even while another session is connected to it', async () => {
  const db: FreshDatabase = await freshDatabase()
  const lingering = postgres(db.url, { max: 1 })
  await lingering`select 1`
  assert.ok(await databaseExists(db.name))
  await db.drop()
  assert.not.ok(await databaseExists(db.name), 'the database is gone from pg_database')
  await lingering.end({ timeout: 1 }).catch(() => {})
  await db.drop() // a second drop is harmless
})

test.run()
