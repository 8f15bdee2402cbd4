// Finding `-- pgstrata:commit` lines and grouping statements into
// transactions: pure functions over the file text and the parser's offsets.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { PgstrataError } from '../src/errors.ts'
import { readMigrations, type Migration } from '../src/engine/files.ts'
import { prepareMigration } from '../src/engine/prepare.ts'
import { describeExecution, findCommitMarkers, statementGroups } from '../src/engine/segments.ts'
import { loadParser, splitStatements } from '../src/sql/parse.ts'

await loadParser()

const markersIn = (text: string) => findCommitMarkers(text, splitStatements(text, 'm.sql'))

/** A migration whose up file is `up`, as readMigrations would return it. */
const migrationOf = (up: string, directives: Partial<Migration['up']['directives']> = {}): Migration => {
  const file = { path: 'm.up.sql', text: up, checksum: 'x', directives: { irreversible: null, noTransaction: false, ...directives } }
  return { version: '20240101_001', name: 'm', id: '20240101_001_m', up: file, down: file }
}

test('a commit line between statements is a marker, with its line, the statement it opens and its reason', () => {
  const text = [
    "alter type mood add value 'great';",
    '-- pgstrata:commit the new enum value must be committed before it is used',
    "update users set feeling = 'great';",
    '  --pgstrata:commit   ',
    'select 1;',
    '-- pgstrata:commit',
    '-- pgstrata:commit',
    'select 2;',
  ].join('\n')
  assert.equal(markersIn(text), [
    { line: 2, before: 1, reason: 'the new enum value must be committed before it is used' },
    { line: 4, before: 2, reason: null },
    { line: 6, before: 3, reason: null },
    { line: 7, before: 3, reason: null },
  ])
})

test('a commit line inside a function body, a string or a block comment is not a marker', () => {
  const text = `create function f() returns int language plpgsql as $body$
begin
-- pgstrata:commit
  return 1;
end $body$;
select '
-- pgstrata:commit
';
/* a block comment
-- pgstrata:commit
   /* nested: still inside after this */
-- pgstrata:commit
*/
select 3 -- pgstrata:commit
;
select 4; -- pgstrata:commit
select 5;
-- pgstrata:committed
-- pgstrata: commit
select 6;
-- pgstrata:commit after the last statement separates nothing
`
  assert.equal(markersIn(text), [])
})

test('a marker in the top comment lines is refused when the folder is read: it separates nothing', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-segments-'))
  try {
    await writeFile(path.join(dir, '20240101_001_a.up.sql'), '-- generated\n-- pgstrata:commit\nselect 1;\n')
    await writeFile(path.join(dir, '20240101_001_a.down.sql'), 'select 1;\n')
    await readMigrations(dir)
    assert.unreachable()
  } catch (error) {
    assert.instance(error, PgstrataError)
    assert.is((error as PgstrataError).code, 'MIGRATION_FILES')
    assert.match((error as PgstrataError).context[0]!, /20240101_001_a\.up\.sql:2: -- pgstrata:commit comes before the first statement/)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('each segment is one group, except that a statement that cannot run in a transaction runs alone', () => {
  const text = 'select 1;\nselect 2;\n-- pgstrata:commit\nselect 3;\ncreate index concurrently i on t (x);\nselect 4;\n-- pgstrata:commit\nselect 5;'
  const statements = splitStatements(text, 'm.sql')
  assert.equal(statementGroups(statements, findCommitMarkers(text, statements), true).map((g) => [g.start, g.end, g.transactional]), [
    [0, 2, true], [2, 3, true], [3, 4, false], [4, 5, true], [5, 6, true],
  ])
  assert.equal(statementGroups(statements, [], false).map((g) => [g.start, g.end, g.transactional]), [
    [0, 1, true], [1, 2, true], [2, 3, true], [3, 4, false], [4, 5, true], [5, 6, true],
  ])
})

test('a prepared file says how it runs: one transaction, segments, or statement by statement', () => {
  const describe = (up: string, directives = {}) => describeExecution(prepareMigration({ migration: migrationOf(up, directives), direction: 'up', progress: undefined }))
  assert.is(describe('select 1;\nselect 2;'), 'in one transaction')
  assert.is(describe('select 1;\n-- pgstrata:commit\nselect 2;'), 'in 2 transactions (-- pgstrata:commit)')
  assert.is(describe('select 1;\n-- pgstrata:commit\nselect 2;\nvacuum t;'), 'in 2 transactions (-- pgstrata:commit) and 1 statement outside a transaction (VACUUM)')
  assert.is(describe('select 1;\nvacuum t;'), 'statement by statement (VACUUM)')
  // no-transaction already commits after every statement; the markers change nothing.
  assert.is(describe('select 1;\n-- pgstrata:commit\nselect 2;', { noTransaction: true }), 'statement by statement (-- pgstrata:no-transaction)')
  const prepared = prepareMigration({ migration: migrationOf('select 1;\n-- pgstrata:commit\nselect 2;'), direction: 'up', progress: undefined })
  assert.is(prepared.noTransactionReason, '-- pgstrata:commit')
  assert.equal(prepared.commits, [{ line: 2, before: 1, reason: null }])
})

test.run()
