// `pgstrata diff` as a user runs it: SQL on stdout, messages on stderr, the
// change list with --json, and sources it refuses.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { freshDatabase } from './helpers/database.ts'
import { cli, withProject } from './helpers/project.ts'

const BEFORE = `
create type public.status as enum ('open', 'paid');
create table public."Order Lines" (id bigint generated always as identity primary key, status public.status not null, note text, qty int);
insert into public."Order Lines" (status, qty) values ('open', 1), ('paid', 2);`

const AFTER = `
create type public.status as enum ('open', 'shipped', 'paid');
create table public."Order Lines" (id bigint generated always as identity primary key, status public.status not null default 'open', qty bigint not null);
create table public.customers (id uuid primary key, email text not null unique);`

test('diff prints the SQL that turns --from into --to, and nothing once it has been applied', () => withProject(async (db, project) => {
  const target = await freshDatabase('pgstrata_diff')
  try {
    await db.sql.unsafe(BEFORE)
    await target.sql.unsafe(AFTER)
    const result = await cli(['diff', '--from', db.url, '--to', target.url], { cwd: project.dir })
    assert.is(result.code, 0, result.stderr)
    assert.match(result.stderr, /^pgstrata: \d+ changes from .* to .*, \d+ hazards?\n$/)
    assert.match(result.stdout, `ALTER TYPE "public"."status" ADD VALUE 'shipped' BEFORE 'paid';`)
    assert.match(result.stdout, 'CREATE TABLE "public"."customers"')
    assert.match(result.stdout, '-- hazard deletesData: dropping column public."Order Lines".note')
    assert.match(result.stdout, `ALTER TABLE "public"."Order Lines" DROP COLUMN "note";`)
    assert.not.match(result.stdout, 'pgstrata:', 'messages stay off stdout')

    // Applied as written, the databases match and the rows are still there.
    await db.sql.unsafe(result.stdout)
    const again = await cli(['diff', '--from', db.url, '--to', target.url], { cwd: project.dir })
    assert.is(again.code, 0, again.stderr)
    assert.is(again.stdout, '')
    assert.match(again.stderr, 'pgstrata: no differences between')
    assert.equal((await db.sql.unsafe('select qty from public."Order Lines" order by id')).map((r) => r.qty), ['1', '2'])
  } finally {
    await target.drop()
  }
}))

test('diff warns about objects it does not model, on either side', () => withProject(async (db, project) => {
  const target = await freshDatabase('pgstrata_diff')
  try {
    await target.sql.unsafe('create aggregate public.total(int) (sfunc = int4pl, stype = int)')
    const result = await cli(['diff', '--from', db.url, '--to', target.url], { cwd: project.dir })
    assert.is(result.code, 0, result.stderr)
    assert.match(result.stderr, 'pgstrata: warning: --to has 1 object pgstrata does not model, left out of the diff: aggregate public.total(integer)')
    assert.is(result.stdout, '')
  } finally {
    await target.drop()
  }
}))

test('diff --json lists the steps in order with their SQL, transaction and hazards', () => withProject(async (db, project) => {
  const target = await freshDatabase('pgstrata_diff')
  try {
    await db.sql.unsafe(BEFORE)
    await target.sql.unsafe(AFTER)
    const result = await cli(['diff', '--json', '--from', db.url, '--to', target.url], { cwd: project.dir })
    assert.is(result.code, 0, result.stderr)
    const report = JSON.parse(result.stdout)
    assert.is(report.ok, true)
    assert.is(report.transactions, 1, 'the new enum value is not used, so one transaction is enough')
    const kinds = report.steps.map((s: { kind: string }) => s.kind)
    assert.ok(kinds.indexOf('addEnumValue') < kinds.indexOf('alterColumn'), kinds.join(', '))
    const drop = report.steps.find((s: { kind: string }) => s.kind === 'dropColumn')
    assert.equal(drop.sql, ['ALTER TABLE "public"."Order Lines" DROP COLUMN "note";'])
    assert.equal(drop.hazards.map((h: { kind: string }) => h.kind), ['deletesData', 'irreversible'])
    const widen = report.steps.find((s: { id: string }) => s.id.endsWith(':qty'))
    assert.ok(widen.hazards.some((h: { kind: string }) => h.kind === 'rewritesTable'), JSON.stringify(widen))
  } finally {
    await target.drop()
  }
}))

test('diff --rename renames instead of dropping and creating, and refuses a rename of something that is not there', () => withProject(async (db, project) => {
  const target = await freshDatabase('pgstrata_diff')
  try {
    await db.sql.unsafe(`create table public."order" (id int primary key, "Full Name" text); insert into public."order" values (1, 'Ada');`)
    await target.sql.unsafe('create table public.purchases (id int primary key, full_name text)')
    const renames = ['--rename', 'table:public.order=purchases', '--rename', 'column:public.purchases."Full Name"=full_name',
      '--rename', 'constraint:public.purchases.order_pkey=purchases_pkey']
    const result = await cli(['diff', '--from', db.url, '--to', target.url, ...renames], { cwd: project.dir })
    assert.is(result.code, 0, result.stderr)
    assert.is(result.stdout, [
      'ALTER TABLE "public"."order" RENAME TO "purchases";',
      '',
      'ALTER TABLE "public"."purchases" RENAME COLUMN "Full Name" TO "full_name";',
      '',
      'ALTER TABLE "public"."purchases" RENAME CONSTRAINT "order_pkey" TO "purchases_pkey";',
      '',
    ].join('\n'))
    await db.sql.unsafe(result.stdout)
    assert.equal((await db.sql.unsafe('select full_name from public.purchases')).map((r) => r.full_name), ['Ada'])

    const typo = await cli(['diff', '--from', db.url, '--to', target.url, '--rename', 'table:public.ordr=purchases'], { cwd: project.dir })
    assert.is(typo.code, 2)
    assert.match(typo.stderr, 'BAD_RENAME: cannot rename table public.ordr to public.purchases: public.ordr is not in the start')
    const shape = await cli(['diff', '--from', db.url, '--to', target.url, '--rename', 'column:public.purchases=full_name'], { cwd: project.dir })
    assert.is(shape.code, 2)
    assert.match(shape.stderr, 'BAD_RENAME: --rename column:public.purchases=full_name: a column rename needs schema.table.old=<new name>')
  } finally {
    await target.drop()
  }
}))

test('diff refuses what is not a PostgreSQL URL, and hides passwords when a server is not there', () => withProject(async (db, project) => {
  const missing = await cli(['diff', '--from', db.url], { cwd: project.dir })
  assert.is(missing.code, 2)
  assert.match(missing.stderr, 'diff needs --to <source>')
  const folder = await cli(['diff', '--from', 'schema/', '--to', db.url], { cwd: project.dir })
  assert.is(folder.code, 2)
  assert.match(folder.stderr, 'BAD_SOURCE: --from schema/: a source is a PostgreSQL URL')
  const down = await cli(['diff', '--from', db.url, '--to', 'postgres://app:s3cret@127.0.0.1:1/app'], { cwd: project.dir })
  assert.is(down.code, 1)
  assert.match(down.stderr, 'CONNECTION_FAILED')
  assert.not.match(down.stderr, 's3cret')
  assert.is(down.stdout, '')
}))

test('diff compares privileges unless --no-privileges, and reports owners it does not change', () => withProject(async (db, project) => {
  const target = await freshDatabase('pgstrata_diff')
  try {
    await db.sql.unsafe(`do $$ begin create role pgstrata_reader nologin; exception when duplicate_object then null; end $$`)
    await db.sql.unsafe('create table public.notes (id int, body text); alter table public.notes owner to pgstrata_reader')
    await target.sql.unsafe('create table public.notes (id int, body text); grant select (body) on public.notes to public')
    const result = await cli(['diff', '--from', db.url, '--to', target.url], { cwd: project.dir })
    assert.is(result.code, 0, result.stderr)
    assert.match(result.stdout, 'GRANT SELECT ("body") ON TABLE "public"."notes" TO PUBLIC;')
    assert.match(result.stderr, /warning: 1 object is owned by another role in .* than in .*: table public\.notes \(pgstrata_reader → \w+\); pgstrata does not change owners/)
    const without = await cli(['diff', '--no-privileges', '--from', db.url, '--to', target.url], { cwd: project.dir })
    assert.is(without.code, 0, without.stderr)
    assert.is(without.stdout, '')
    assert.not.match(without.stderr, 'owned by')
  } finally {
    await db.sql.unsafe('drop table public.notes')
    await target.drop()
  }
}))

test.run()
