import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { PgstrataError } from '../src/errors.ts'
import { checksumOf, readMigrations } from '../src/engine/files.ts'
import { nextVersion, slugOf } from '../src/engine/create.ts'
import { tempProject } from './helpers/project.ts'

async function problemsOf(files: Record<string, string>): Promise<PgstrataError> {
  const project = await tempProject()
  try {
    for (const [name, text] of Object.entries(files)) await project.writeFile(`migrations/${name}`, text)
    await readMigrations(project.migrations)
    throw new Error('expected readMigrations to fail')
  } catch (error) {
    assert.instance(error, PgstrataError)
    return error as PgstrataError
  } finally {
    await project.remove()
  }
}

test('pairs are read in version order with checksums and directives', async () => {
  const project = await tempProject()
  try {
    await project.write('20230921_002', 'second', 'select 2;', '-- pgstrata:irreversible data is gone\n')
    await project.write('20230921_001', 'first', '-- pgstrata:no-transaction\ncreate index concurrently i on t (x);')
    await project.writeFile('migrations/README.md', 'notes are ignored')
    await project.writeFile('migrations/.gitkeep', '')
    const migrations = await readMigrations(project.migrations)
    assert.equal(migrations.map((m) => m.id), ['20230921_001_first', '20230921_002_second'])
    assert.is(migrations[0]!.up.directives.noTransaction, true)
    assert.is(migrations[1]!.down.directives.irreversible, 'data is gone')
    assert.is(migrations[1]!.up.checksum, checksumOf('select 2;'))
  } finally {
    await project.remove()
  }
})

test('a half pair, a duplicate version and a badly named file are all reported, each by name', async () => {
  const error = await problemsOf({
    '20230921_001_a.up.sql': 'select 1;', '20230921_001_a.down.sql': '',
    '20230921_001_b.up.sql': 'select 1;', '20230921_001_b.down.sql': '',
    '20230921_002_lonely.up.sql': 'select 1;',
    '20230921_003_orphan.down.sql': '',
    '001_init.sql': 'select 1;',
    '20231341_001_bad_date.up.sql': '',
    '20230921_004_Caps.up.sql': '',
  })
  assert.is(error.code, 'MIGRATION_FILES')
  assert.is(error.exitCode, 2)
  const all = error.context.join('\n')
  assert.match(all, 'version 20230921_001 is used by 20230921_001_a and 20230921_001_b')
  assert.match(all, '20230921_002_lonely.up.sql: has no 20230921_002_lonely.down.sql')
  assert.match(all, '20230921_003_orphan.down.sql: has no 20230921_003_orphan.up.sql')
  assert.match(all, '001_init.sql: not named')
  assert.match(all, '20231341_001_bad_date.up.sql: not named')
  assert.match(all, '20230921_004_Caps.up.sql: not named')
  assert.is(error.context.length, 6)
})

test('an unknown directive is a typo worth stopping for', async () => {
  const error = await problemsOf({ '20230921_001_a.up.sql': '-- pgstrata:no-transation\nselect 1;', '20230921_001_a.down.sql': '' })
  assert.match(error.context[0]!, /20230921_001_a\.up\.sql:1: unknown directive pgstrata:no-transation/)
})

test('a missing migrations folder says how to point at one', async () => {
  try {
    await readMigrations('/nonexistent/migrations')
    assert.unreachable()
  } catch (error) {
    assert.is((error as PgstrataError).code, 'MIGRATIONS_DIR_MISSING')
    assert.match((error as PgstrataError).hint ?? '', '--migrations')
  }
})

test('checksums ignore CRLF line endings and a byte-order mark, and nothing else', () => {
  assert.is(checksumOf('a\r\nb\r\n'), checksumOf('a\nb\n'))
  assert.is(checksumOf('\uFEFFa\n'), checksumOf('a\n'))
  assert.is.not(checksumOf('a\n'), checksumOf('a \n'))
  assert.is(checksumOf(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
})

test('new versions take today\'s date and always sort after the newest existing one', () => {
  const today = new Date(2026, 10, 29)
  assert.is(nextVersion([], today), '20261129_001')
  assert.is(nextVersion(['20230921_001'], today), '20261129_001')
  assert.is(nextVersion(['20261129_001', '20261129_007'], today), '20261129_008')
  assert.is(nextVersion(['20270101_003'], today), '20270101_004')
})

test('slugs are lower-case words joined by underscores', () => {
  assert.is(slugOf('Add Orders!'), 'add_orders')
  assert.is(slugOf('  café   crème -- v2 '), 'cafe_creme_v2')
  assert.throws(() => slugOf('!!!'), /no letters or digits/)
})

test.run()
