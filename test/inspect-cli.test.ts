// `pgstrata inspect` as a user runs it: the summary, the JSON, the filters.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { cli, withProject } from './helpers/project.ts'

const SCHEMA = `
create schema billing;
comment on schema billing is 'money';
create type billing.status as enum ('open', 'paid');
create table billing.invoices (id bigint generated always as identity primary key, status billing.status not null default 'open');
create table public."Customer Notes" (id serial primary key, body text);
create view billing.open_invoices as select id from billing.invoices where status = 'open';
create aggregate public.total(int) (sfunc = int4pl, stype = int);`

test('inspect prints a summary per schema and lists what it does not model', () => withProject(async (db, project) => {
  await db.sql.unsafe(SCHEMA)
  const result = await cli(['inspect'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 0, result.stderr)
  assert.match(result.stdout, /^database: .* PostgreSQL \d+/)
  assert.match(result.stdout, 'schema billing: 1 table, 1 view, 1 enum, 1 constraint')
  assert.match(result.stdout, '  tables              invoices')
  assert.match(result.stdout, '  tables              "Customer Notes"')
  assert.match(result.stdout, 'not modeled (1): pgstrata does not manage these, and a diff will not see them\n  aggregate                 public.total(integer)')
}))

test('inspect --json prints the same bytes twice, and --schema / --exclude-schema filter it', () => withProject(async (db, project) => {
  await db.sql.unsafe(SCHEMA)
  const first = await cli(['inspect', '--json'], { cwd: project.dir, url: db.url })
  const second = await cli(['inspect', '--json'], { cwd: project.dir, url: db.url })
  assert.is(first.code, 0, first.stderr)
  assert.is(first.stdout, second.stdout)
  const model = JSON.parse(first.stdout)
  assert.equal(model.schemas.map((s: { name: string }) => s.name), ['billing', 'public'])
  const billing = JSON.parse((await cli(['inspect', '--json', '--schema', 'billing'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal(billing.tables.map((t: { name: string }) => t.name), ['invoices'])
  const others = JSON.parse((await cli(['inspect', '--json', '--exclude-schema', 'billing'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal(others.tables.map((t: { name: string }) => t.name), ['Customer Notes'])
}))

test('inspect --json through a pipe is complete, however large, and formatted as JSON.stringify formats it', () => withProject(async (db, project) => {
  const tables = Array.from({ length: 150 }, (_, n) => `create table t${n} (id int primary key, name text not null default 'x', note text);
    create index t${n}_name on t${n} (name); comment on table t${n} is 'table ${n}';`)
  await db.sql.unsafe(tables.join('\n'))
  const result = await cli(['inspect', '--json'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 0, result.stderr)
  assert.ok(result.stdout.length > 200_000, `only ${result.stdout.length} bytes`)
  const model = JSON.parse(result.stdout)
  assert.is(model.tables.length, 150)
  assert.is(result.stdout, `${JSON.stringify(model, null, 2)}\n`)
}))

test('inspect leaves pgstrata\'s own ledger out', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 0)
  const model = JSON.parse((await cli(['inspect', '--json'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal(model.tables.map((t: { name: string }) => t.name), ['one'])
}))

test('inspect against a server that is not there exits 1 with a readable reason', () => withProject(async (_db, project) => {
  const result = await cli(['inspect'], { cwd: project.dir, url: 'postgres://app:s3cret@127.0.0.1:1/app' })
  assert.is(result.code, 1)
  assert.match(result.stderr, 'CONNECTION_FAILED: could not connect to app@127.0.0.1:1/app')
  assert.not.match(result.stderr, 's3cret')
}))

test.run()
