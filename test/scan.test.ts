import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadParser, splitStatements } from '../src/sql/parse.ts'
import { quickSplit } from '../src/sql/scan.ts'
import { benchMigrations } from '../bench/migrations.ts'

await loadParser()

/** quickSplit must give exactly what the parser gives, or give up. */
function same(text: string): boolean {
  const quick = quickSplit(text)
  if (quick === null) return false
  let parsed
  try {
    parsed = splitStatements(text, 'm.sql')
  } catch {
    // A file the parser refuses may split quickly; the server checks its syntax before running it.
    return true
  }
  assert.equal(quick, parsed, text)
  return true
}

test('plain files split as the parser splits them, positions and kinds included', () => {
  const accepted = [
    'create table a (x int);\n-- c\n  insert into a values (1);\n',
    '  /* x /* nested */ */ create table "we;ird" ("a""b" int default 1);  create index on a (x)',
    "insert into a values ('it''s; fine', 'x -- y', '/* z */');;;\ncomment on table a is 'a;b';",
    'create unique index if not exists a_x on public.a using btree (x) where x > 0;\nalter table a add column y text not null default \'\';',
    'alter table a add constraint a_fk foreign key (x) references b (id) on delete cascade',
    'create unlogged table u (x int) with (fillfactor = 70);\ndrop table if exists u cascade;\ndrop index a_x;',
    'update a set x = x + 1 where x < 10;\ndelete from a where x is null;\ncreate sequence s start 10;\ncreate or replace view v as select x from a',
    'create view w as select 1 as one -- trailing comment\n;\ncreate table p (x int) partition by range (x);\ncreate table p1 partition of p for values from (1) to (10)',
    'create table g (id bigint generated always as identity primary key, c numeric(10,2), j jsonb default \'{}\'::jsonb);',
    'insert into a (x) values (1), (2)\n',
    'select 1',
    '',
    '-- only a comment\n',
  ]
  for (const text of accepted.slice(0, -3)) assert.ok(same(text), `not split quickly: ${text}`)
  assert.is(quickSplit('select 1'), null)
  assert.equal(quickSplit(''), [])
  assert.equal(quickSplit('-- only a comment\n'), [])
})

test('anything the split cannot be sure of is left to the parser', () => {
  for (const text of [
    'create index concurrently i on a (x)',
    'drop index concurrently i',
    'alter table p detach partition p1 concurrently',
    'create temp table t (x int)',
    'create temporary table t (x int)',
    'create table t as select 1',
    'create table t (x) as select 1',
    'alter table a rename to b',
    'alter table a set schema s',
    'alter table all in tablespace a set tablespace b',
    'create function f() returns int language sql as $$ select 1; $$',
    "insert into a values (E'a\\'b;')",
    "insert into a values ('a\\')",
    "insert into a values (U&'\\0041')",
    'insert into a values ($1)',
    "insert into a values ('naïve')",
    'begin',
    'commit',
    'set search_path = x',
    'do $$ begin end $$',
    'insert into a values (1) returning x into y',
    'create rule r as on insert to a do instead (insert into b values (1); insert into c values (2))',
    "insert into a values ('unterminated)",
    'create table a (x int',
    'create table a (x int));',
    '/* unterminated comment',
    '\\i other.sql',
    'vacuum a',
    'grant select on a to b',
  ]) assert.is(quickSplit(text), null, text)
})

test('every migration file of the tests and the benchmark splits as the parser splits it, or is left to it', () => {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (name.endsWith('.sql')) files.push(full)
    }
  }
  walk(path.join(import.meta.dirname, '.'))
  let quick = 0
  for (const file of files) if (same(readFileSync(file, 'utf8').replace(/\r\n?/g, '\n'))) quick++
  for (const m of benchMigrations(20)) {
    assert.ok(same(m.up), m.up)
    assert.ok(same(m.down), m.down)
  }
  assert.ok(files.length > 100, `only ${files.length} .sql files found`)
  assert.ok(quick > 0)
})

test.run()
