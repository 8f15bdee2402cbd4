// create --online's rewriting on the kinds of change that broke it when it was
// replayed on stripe/pg-schema-diff's cases: each start and target is loaded
// into a database of its own, the online pair (and its concurrent pair) is
// written and applied with the runner, and then the diff to the target must
// be empty; reverting both must give the start back.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { generateMigration } from '../src/diff/index.ts'
import { concurrentHeader, onlinePlans } from '../src/diff/online.ts'
import * as runner from '../src/engine/runner.ts'
import { introspect } from '../src/introspect/index.ts'
import type { Model } from '../src/model/types.ts'
import { renderScript } from '../src/sql/render/script.ts'
import { freshDatabase, type FreshDatabase } from './helpers/database.ts'
import { runnerConfigFor } from './helpers/project.ts'

const ledger = { excludeRelations: ['', '_log', '_progress'].map((s) => ({ schema: 'public', name: `pgstrata_migrations${s}` })) }

async function modelOf(db: FreshDatabase): Promise<Model> {
  return introspect(db.sql, ledger)
}

/** Applies the online pairs from `start` to `target` on a database holding `start`, and back; returns what they wrote. */
async function roundTrip(start: string, target: string): Promise<{ main: string; concurrent: string }> {
  const [a, b] = await Promise.all([freshDatabase(), freshDatabase()])
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-online-'))
  try {
    await a.sql.unsafe(start)
    await b.sql.unsafe(target)
    const [from, to] = await Promise.all([modelOf(a), modelOf(b)])
    const generated = generateMigration(from, to)
    const online = onlinePlans(generated.up, generated.down, from)
    const main = renderScript(online.up)
    await writeFile(path.join(dir, '20240101_001_change.up.sql'), main)
    await writeFile(path.join(dir, '20240101_001_change.down.sql'), renderScript(online.down))
    if (online.indexes) {
      await writeFile(path.join(dir, '20240101_002_change_indexes.up.sql'), concurrentHeader(online.indexes.described) + online.indexes.up)
      await writeFile(path.join(dir, '20240101_002_change_indexes.down.sql'), online.indexes.down)
    }
    const config = runnerConfigFor(a.url, dir)
    await runner.up(config)
    assert.equal(generateMigration(await modelOf(a), to).up.steps.map((s) => s.id), [], 'after up, nothing is left to change')
    await runner.down(config, { to: 'base' })
    assert.equal(generateMigration(await modelOf(a), from).up.steps.map((s) => s.id), [], 'after down, the start is back')
    return { main, concurrent: online.indexes?.up ?? '' }
  } finally {
    await rm(dir, { recursive: true, force: true })
    await Promise.all([a.drop(), b.drop()])
  }
}

test('a new primary key that a new foreign key points at is added in place, not after it', async () => {
  const start = 'create table parent (id int not null); create table child (id int, parent_id int);'
  const { main, concurrent } = await roundTrip(start, `${start}
    alter table parent add primary key (id);
    alter table child add foreign key (parent_id) references parent (id);`)
  assert.match(main, 'PRIMARY KEY (id)')
  assert.not.match(concurrent, 'parent_pkey')
})

test('a new unique index that a new foreign key points at is built in place', async () => {
  const start = 'create table parent (code int); create table child (code int);'
  const { main } = await roundTrip(start, `${start}
    create unique index parent_code_idx on parent (code);
    alter table child add foreign key (code) references parent (code);`)
  assert.match(main, 'CREATE UNIQUE INDEX parent_code_idx')
})

test('an index a new REPLICA IDENTITY uses is built in place', async () => {
  const start = 'create table t (id int not null, n int);'
  const { main } = await roundTrip(start, `${start}
    create unique index t_id_idx on t (id);
    alter table t replica identity using index t_id_idx;`)
  assert.match(main, 'CREATE UNIQUE INDEX t_id_idx')
})

test('an identity added to a nullable column keeps its SET NOT NULL with it', async () => {
  const { main } = await roundTrip('create table t (id int);', 'create table t (id int generated always as identity);')
  assert.not.match(main, '_not_null_pgstrata')
})

test('a foreign key on a partitioned table is added valid: PostgreSQL refuses NOT VALID there', async () => {
  const start = 'create table parent (id int primary key); create table p (id int, parent_id int) partition by range (id); create table p1 partition of p for values from (0) to (10);'
  const { main } = await roundTrip(start, `${start} alter table p add foreign key (parent_id) references parent (id);`)
  assert.not.match(main, 'NOT VALID;')
  assert.match(main, /FOREIGN KEY \(parent_id\) REFERENCES [^;]*parent\(id\);/)
})

test('a UNIQUE constraint and a dropped index on a partition stay in place, and on a plain table they move', async () => {
  const start = `create table p (id int, a int, b int) partition by range (id);
    create table p1 partition of p for values from (0) to (10);
    create index p1_b_idx on p1 (b);
    create table plain (id int, a int, b int);
    create index plain_b_idx on plain (b);`
  const { main, concurrent } = await roundTrip(start, `create table p (id int, a int) partition by range (id);
    create table p1 partition of p for values from (0) to (10);
    create table plain (id int, a int unique, b int);`)
  assert.match(main, 'DROP COLUMN "b"', 'the partition\'s index goes with the column dropped from its parent')
  assert.match(concurrent, 'CREATE UNIQUE INDEX CONCURRENTLY "plain_a_key"')
  assert.match(concurrent, 'DROP INDEX CONCURRENTLY "public"."plain_b_idx"')
})

test.run()
