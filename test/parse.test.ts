import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { PgstrataError } from '../src/errors.ts'
import { loadParser, splitStatements } from '../src/sql/parse.ts'
import { byteToCharMapper, caretSnippet, lineColumnAt } from '../src/sql/position.ts'

await loadParser()

test('statements come with their text and the line:column of their first token', () => {
  const text = '-- header\ncreate table a (x int);\n\n  /* note */ insert into a values (1)'
  const statements = splitStatements(text, 'm.sql')
  assert.equal(statements.map((s) => [s.sql, s.line, s.column, s.kind]), [
    ['create table a (x int)', 2, 1, 'CreateStmt'],
    ['insert into a values (1)', 4, 14, 'InsertStmt'],
  ])
})

test('offsets stay right after non-ASCII text, which the parser counts in bytes', () => {
  const text = "select 'é✓𝄞';\ncomment on table t is 'naïve';\nselect 2"
  const statements = splitStatements(text, 'm.sql')
  assert.equal(statements.map((s) => s.sql), ["select 'é✓𝄞'", "comment on table t is 'naïve'", 'select 2'])
  assert.equal(statements.map((s) => text.slice(s.start, s.end).trimEnd()), statements.map((s) => s.sql))
  assert.equal([statements[2]!.line, statements[2]!.column], [3, 1])
})

test('semicolons inside strings, dollar quotes and comments do not split statements', () => {
  const text = `do $$ begin raise notice 'a;b'; end $$;
create function f() returns int language sql as $fn$ select 1; $fn$;
select 'x;y' -- c;d
;`
  assert.equal(splitStatements(text, 'm.sql').map((s) => s.kind), ['DoStmt', 'CreateFunctionStmt', 'SelectStmt'])
})

test('statements that cannot run in a transaction block are found by the parser', () => {
  const cases: [string, string | null][] = [
    ['create index concurrently i on t (x)', 'CREATE INDEX CONCURRENTLY'],
    ['create index i on t (x)', null],
    ['drop index concurrently i', 'DROP INDEX CONCURRENTLY'],
    ['drop index i', null],
    ['reindex table concurrently t', 'REINDEX CONCURRENTLY'],
    ['reindex (concurrently) index i', 'REINDEX CONCURRENTLY'],
    ['reindex table t', null],
    ['reindex schema s', 'REINDEX SCHEMA/SYSTEM/DATABASE'],
    ['alter table p detach partition c concurrently', 'DETACH PARTITION … CONCURRENTLY'],
    ['alter table p detach partition c', null],
    ['vacuum t', 'VACUUM'],
    ['vacuum (analyze) t', 'VACUUM'],
    ['analyze t', null],
    ['alter system set work_mem = 1', 'ALTER SYSTEM'],
    ['create database x', 'CREATE DATABASE'],
    ['drop database x', 'DROP DATABASE'],
    ['alter database x set tablespace y', 'ALTER DATABASE … SET TABLESPACE'],
    ["alter database x set work_mem = '1MB'", null],
    ["create tablespace s location '/x'", 'CREATE TABLESPACE'],
    ['cluster', 'CLUSTER without a table'],
    ['cluster t using i', null],
    ['discard all', 'DISCARD ALL'],
    ["alter type e add value 'x'", null],
    ['refresh materialized view concurrently v', null],
  ]
  for (const [sql, reason] of cases) {
    assert.is(splitStatements(sql, 'm.sql')[0]!.nonTransactional, reason, sql)
  }
})

test('statements that end or start a transaction are flagged; savepoints are not', () => {
  const flagged = (sql: string) => splitStatements(sql, 'm.sql')[0]!.transactionControl
  assert.is(flagged('begin'), 'BEGIN')
  assert.is(flagged('start transaction'), 'START TRANSACTION')
  assert.is(flagged('commit'), 'COMMIT')
  assert.is(flagged('end'), 'COMMIT')
  assert.is(flagged('rollback'), 'ROLLBACK')
  assert.is(flagged("prepare transaction 'x'"), 'PREPARE TRANSACTION')
  assert.is(flagged('savepoint a'), null)
  assert.is(flagged('rollback to savepoint a'), null)
  assert.is(flagged('release savepoint a'), null)
})

test('session-level SET and temporary tables are flagged as leaving session state', () => {
  const leaves = (sql: string) => splitStatements(sql, 'm.sql')[0]!.leavesSessionState
  assert.ok(leaves('set search_path = app'))
  assert.ok(leaves('set role admin'))
  assert.ok(leaves('reset all'))
  assert.ok(leaves('create temp table t (x int)'))
  assert.not.ok(leaves('set local search_path = app'))
  assert.not.ok(leaves('set transaction isolation level serializable'))
  assert.not.ok(leaves('create table t (x int)'))
})

test('a syntax error names file:line:col, shows the line with a caret and exits 2', () => {
  const text = 'create table a (x int);\ncreate tabel b (y int);'
  try {
    splitStatements(text, 'migrations/x.up.sql')
    assert.unreachable('should have thrown')
  } catch (error) {
    assert.instance(error, PgstrataError)
    const e = error as PgstrataError
    assert.is(e.code, 'SQL_SYNTAX')
    assert.is(e.exitCode, 2)
    assert.equal(e.location, { file: 'migrations/x.up.sql', line: 2, column: 8 })
    assert.match(e.message, /^migrations\/x\.up\.sql:2:8: syntax error at or near "tabel"/)
    assert.equal(e.context, ['2 | create tabel b (y int);', '  |        ^'])
  }
})

test('an empty file or a file of comments has no statements', () => {
  assert.equal(splitStatements('', 'm.sql'), [])
  assert.equal(splitStatements('  \n-- only a comment\n/* and another */\n', 'm.sql'), [])
})

test('the parser survives thousands of statements in one process', () => {
  const big = Array.from({ length: 20_000 }, (_, i) => `insert into t values (${i}, 'row ${i}');`).join('\n')
  assert.is(splitStatements(big, 'big.sql').length, 20_000)
  for (let i = 0; i < 2_000; i++) splitStatements(`select ${i};`, 'small.sql')
})

test('line and column are 1-based and the byte mapper handles 4-byte characters', () => {
  assert.equal(lineColumnAt('ab\ncd', 0), { line: 1, column: 1 })
  assert.equal(lineColumnAt('ab\ncd', 4), { line: 2, column: 2 })
  const map = byteToCharMapper('a𝄞b')
  assert.equal([map(0), map(1), map(5), map(6)], [0, 1, 3, 4])
  assert.equal(caretSnippet('\tx = 1', { line: 1, column: 3 }), ['1 | \tx = 1', '  | \t ^'])
})

test.run()
