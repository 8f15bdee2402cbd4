// runPhases (src/db/scratch.ts): a phase shared out over several connections
// builds what one connection builds and reports the same failures, in
// declaration order, also when a share fails, waits for another's table or
// needs what another share is still creating.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runPhases, type PhaseOptions } from '../src/db/scratch.ts'
import { freshDatabase } from './helpers/database.ts'

interface Statement { readonly sql: string; readonly path: string }

const at = (sql: string, path: string): Statement => ({ sql, path })

/** 120 tables, each with an index; partitions of a parent created in another share; a table typed by an enum made later in the same phase. */
function phases(broken: boolean): Statement[][] {
  const tables: Statement[] = []
  const indexes: Statement[] = []
  tables.push(at('CREATE TABLE parent (id int, at date) PARTITION BY RANGE (at)', 'parent'))
  for (let n = 0; n < 120; n++) {
    tables.push(at(`CREATE TABLE t${n} (id int PRIMARY KEY, code text UNIQUE)`, `t${n}`))
    indexes.push(at(`CREATE INDEX t${n}_code ON t${n} (lower(code))`, `t${n}.index`))
  }
  if (broken) tables.splice(60, 0, at('CREATE TABLE bad (id int PRIMARY KEY, x nonsense_type)', 'bad'))
  if (broken) indexes.splice(10, 0, at('CREATE INDEX bad_idx ON t1 (no_such_column)', 't1.bad'))
  for (let y = 2000; y < 2010; y++) tables.push(at(`CREATE TABLE parent_${y} PARTITION OF parent FOR VALUES FROM ('${y}-01-01') TO ('${y + 1}-01-01')`, `parent_${y}`))
  tables.push(at('CREATE TABLE typed (m mood)', 'typed'))
  tables.push(at("CREATE TYPE mood AS ENUM ('ok', 'sad')", 'mood'))
  return [[at('CREATE SCHEMA IF NOT EXISTS extra', 'extra')], tables, indexes]
}

const catalog = (db: Awaited<ReturnType<typeof freshDatabase>>) => db.sql.unsafe(`
  select c.relname, c.relkind, pg_catalog.pg_get_indexdef(i.indexrelid) as def
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  left join pg_catalog.pg_index i on i.indexrelid = c.oid
  where n.nspname in ('public', 'extra') order by c.relname`)

async function build(list: Statement[][], options: PhaseOptions) {
  const db = await freshDatabase('pgstrata_t_lanes')
  try {
    const failures = await runPhases({ url: db.url, source: '--url', display: db.name }, list, options)
    return { failures: failures.map((f) => `${f.statement.path}: ${f.error.code} ${f.error.message}`), catalog: JSON.stringify(await catalog(db)) }
  } finally {
    await db.drop()
  }
}

const SHARED: PhaseOptions = { concurrent: [false, true, true], connections: 4, concurrentMinimum: 1 }

test('a phase shared out over four connections builds what one connection builds', async () => {
  const [one, four] = await Promise.all([build(phases(false), {}), build(phases(false), SHARED)])
  assert.equal(one.failures, [])
  assert.equal(four.failures, [])
  assert.equal(four.catalog, one.catalog)
  assert.ok(JSON.parse(one.catalog).length > 360)
})

test('what fails on four connections fails as on one, in declaration order', async () => {
  const [one, four] = await Promise.all([build(phases(true), {}), build(phases(true), SHARED)])
  // Both wait for what never comes (a type, a column): tried again in each phase, reported at the end.
  assert.equal(one.failures, ['bad: 42704 type "nonsense_type" does not exist', 't1.bad: 42703 column "no_such_column" does not exist'])
  assert.equal(four.failures, one.failures)
  const never = [[at('CREATE TABLE c (m missing_type)', 'c'), ...phases(false)[1]!]]
  const [oneNever, fourNever] = await Promise.all([build(never, {}), build(never, { concurrent: [true], connections: 4, concurrentMinimum: 1 })])
  assert.equal(oneNever.failures, ['c: 42704 type "missing_type" does not exist'])
  assert.equal(fourNever, oneNever)
  // A failure that is no wait ends the build in its phase.
  const syntax = [[at('CREATE TABLE a (x int)', 'a'), at('CREATE TABLE b (x int)', 'b')], [at('CREATE INDEX ON a (x)', 'a.index'), at('CREATE UNIQUE INDEX ON b USING hash (x)', 'b.index'), at('CREATE INDEX ON a (x', 'a.syntax')], [at('CREATE TABLE c (x int)', 'c')]]
  const [oneSyntax, fourSyntax] = await Promise.all([build(syntax, {}), build(syntax, { concurrent: [false, true, false], connections: 4, concurrentMinimum: 1 })])
  assert.equal(oneSyntax.failures, ['b.index: 0A000 access method "hash" does not support unique indexes', 'a.syntax: 42601 syntax error at end of input'])
  assert.equal(fourSyntax, oneSyntax)
})

test.run()
