// Table sizes in hazards and lint findings: the formatting and the small-table
// rule without a server, the size query on one, and create and lint as a
// user runs them against a database whose tables have rows.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { plan } from '../src/diff/index.ts'
import { describeSize, formatBytes, formatRows, isSmall, sizePlan, SMALL_TABLE, tablesOfPlans, withSize, type TableSize } from '../src/diff/sizes.ts'
import { readTableSizes } from '../src/introspect/sizes.ts'
import { lintFiles, type Finding } from '../src/lint/index.ts'
import { sizeFindings, tablesOfReport } from '../src/lint/sizes.ts'
import { keyOf, type Key } from '../src/model/key.ts'
import { renderScript } from '../src/sql/render/script.ts'
import { freshDatabase } from './helpers/database.ts'
import { column, index, modelOf, table } from './helpers/models.ts'
import { cli, withProject, type CliResult } from './helpers/project.ts'

const MB = 1024 * 1024
const events = keyOf('table', 'public', 'events')
const tags = keyOf('table', 'public', 'tags')

test('rows and bytes read as k / M rows and kB / MB / GB', () => {
  assert.equal([0, 1, 120, 999, 1000, 50_000, 999_949, 999_950, 10_000_000, 1_234_567_890].map(formatRows), [
    '0 rows', '1 row', '120 rows', '999 rows', '1.0 k rows', '50.0 k rows', '999.9 k rows', '1.0 M rows', '10.0 M rows', '1.2 G rows',
  ])
  assert.equal([512, 1024, 48 * 1024, 5.2 * MB, 1.4 * 1024 * MB, 3 * 1024 ** 4].map(formatBytes), ['512 bytes', '1 kB', '48 kB', '5.2 MB', '1.4 GB', '3.0 TB'])
  assert.is(describeSize({ rows: 10_000_000, bytes: 1.4 * 1024 * MB }), '10.0 M rows, 1.4 GB')
  assert.is(describeSize({ rows: null, bytes: 40 * 1024 }), 'size unknown: not analysed, 40 kB on disk')
})

test('a table is small only when analysed and under both bounds; smallTable false makes none small', () => {
  assert.ok(isSmall({ rows: 120, bytes: 48 * 1024 }, SMALL_TABLE))
  assert.not.ok(isSmall({ rows: null, bytes: 0 }, SMALL_TABLE), 'never analysed: unknown, even when empty')
  assert.not.ok(isSmall({ rows: SMALL_TABLE.rows, bytes: 1024 }, SMALL_TABLE))
  assert.not.ok(isSmall({ rows: 100, bytes: SMALL_TABLE.bytes }, SMALL_TABLE), 'few rows but wide ones')
  assert.not.ok(isSmall({ rows: 1, bytes: 1 }, false))
  assert.not.ok(isSmall(undefined, SMALL_TABLE))
})

test('the size follows the table name when it stands alone, else it is appended with the name', () => {
  const size: TableSize = { rows: 50_000, bytes: 5.2 * MB }
  assert.is(withSize('CREATE INDEX i blocks writes to table public.events while it builds', 'public.events', size),
    'CREATE INDEX i blocks writes to table public.events (50.0 k rows, 5.2 MB) while it builds')
  assert.is(withSize('changing public.events.kind rewrites the table', 'public.events', size),
    'changing public.events.kind rewrites the table (public.events: 50.0 k rows, 5.2 MB)')
  // The first "t" is inside ALTER: only a whole word counts.
  assert.is(withSize('ALTER COLUMN n TYPE bigint on t rewrites it', 't', size), 'ALTER COLUMN n TYPE bigint on t (50.0 k rows, 5.2 MB) rewrites it')
})

const id = column('id', 'integer', { notNull: true })
const eventsTable = table('public', 'events', [id, column('kind', 'integer'), column('label', 'text')])
const tagsTable = table('public', 'tags', [id, column('name', 'text'), column('note', 'text')])

test('sizePlan: small tables lose their rewrite and lock hazards to notes; big, unknown and data-loss hazards stay, with sizes', () => {
  const from = modelOf({ tables: [eventsTable, tagsTable] })
  const to = modelOf({
    tables: [
      table('public', 'events', [id, column('kind', 'bigint'), column('label', 'text')]),
      table('public', 'tags', [id, column('name', 'text'), column('flag', 'boolean', { notNull: true })]),
    ],
    indexes: [index(eventsTable, 'events_label_idx', ['label']), index(tagsTable, 'tags_name_idx', ['name'])],
  })
  const up = plan(from, to)
  assert.equal(tablesOfPlans([up]), [events, tags].sort())
  const sizes = new Map<Key, TableSize>([[events, { rows: 10_000_000, bytes: 1.4 * 1024 * MB }], [tags, { rows: 120, bytes: 48 * 1024 }]])
  const { plan: sized, notes } = sizePlan(up, sizes, SMALL_TABLE)
  const hazards = sized.steps.flatMap((s) => s.hazards.map((h) => `${h.kind}: ${h.message}`))
  assert.ok(hazards.includes('rewritesTable: changing public.events.kind from integer to bigint rewrites the table under ACCESS EXCLUSIVE (public.events: 10.0 M rows, 1.4 GB)'), hazards.join('\n'))
  assert.ok(hazards.includes('blocksWrites: CREATE INDEX events_label_idx blocks writes to table public.events (10.0 M rows, 1.4 GB) while it builds; CONCURRENTLY avoids that'), hazards.join('\n'))
  // Dropping a column loses data at any size; a NOT NULL column without a default fails on any rows.
  assert.ok(hazards.some((h) => h.startsWith('deletesData: dropping column public.tags.note') && h.endsWith('(public.tags: 120 rows, 48 kB)')), hazards.join('\n'))
  assert.ok(hazards.includes('irreversible: the values cannot be restored by the down migration'), hazards.join('\n'))
  assert.ok(hazards.some((h) => h.startsWith('blocksWrites: adding NOT NULL column public.tags.flag')), hazards.join('\n'))
  assert.equal(notes.map((n) => `${n.kind} ${n.table}: ${n.message}`), [
    'blocksWrites public.tags: CREATE INDEX tags_name_idx blocks writes to table public.tags (120 rows, 48 kB) while it builds; CONCURRENTLY avoids that',
  ])
  assert.is(notes[0]!.step, sized.steps.find((s) => s.id === notes[0]!.step.id), 'a note points at the sized step')
  assert.not.match(renderScript(sized), 'tags_name_idx blocks writes', 'a note is no hazard comment')
  // Unknown sizes, or smallTable false: every hazard stays.
  const unknown = sizePlan(up, new Map([[tags, { rows: null, bytes: 48 * 1024 }]]), SMALL_TABLE)
  assert.equal(unknown.notes, [])
  assert.match(renderScript(unknown.plan), 'blocks writes to table public.tags (size unknown: not analysed, 48 kB on disk) while it builds')
  assert.equal(sizePlan(up, sizes, false).notes, [])
  assert.equal(sizePlan(up, new Map(), SMALL_TABLE).plan, up, 'no sizes: the same plan')
})

test('lint findings name their table size, and those of small tables are set aside when the rule is about lock length', async () => {
  const report = await lintFiles([{
    path: 'm.up.sql',
    text: 'create index on tags (name);\ncreate index on events (label);\nalter table tags drop column note;\nalter table public.tags alter column name type varchar(5);\n',
  }], { lockTimeout: '5s' })
  assert.equal(tablesOfReport(report), [events, tags].sort())
  const sizes = new Map<Key, TableSize>([[events, { rows: 50_000, bytes: 5.2 * MB }], [tags, { rows: 120, bytes: 48 * 1024 }]])
  const sized = sizeFindings(report, sizes, SMALL_TABLE)
  const line = (f: Finding) => `${f.line} ${f.rule}: ${f.message}`
  assert.equal(sized.small.map((f) => `${f.line} ${f.rule}`), ['1 index-not-concurrent', '4 column-type-rewrite'])
  assert.match(sized.small.map(line).join('\n'), 'ALTER COLUMN name TYPE varchar(5) on public.tags (120 rows, 48 kB) rewrites')
  assert.equal(sized.findings.map((f) => `${f.line} ${f.rule}`), ['2 index-not-concurrent', '3 drop'])
  assert.match(line(sized.findings[0]!), 'CREATE INDEX on events (50.0 k rows, 5.2 MB) takes a SHARE lock')
  assert.match(line(sized.findings[1]!), 'DROP COLUMN note on tags (120 rows, 48 kB) breaks running code')
  assert.equal(sized.findings[0]!.size, { rows: 50_000, bytes: 5.2 * MB })
  assert.equal(sizeFindings(report, sizes, false).small, [])
})

test('the size query: analysed rows scaled to the heap, partitions summed (empty unanalysed ones are empty), never analysed is unknown', async () => {
  const db = await freshDatabase()
  try {
    await db.sql.unsafe(`
      create table counted (id int primary key); insert into counted select generate_series(1, 5000); analyze counted;
      insert into counted select generate_series(5001, 10000);
      create table uncounted (id int); insert into uncounted select generate_series(1, 100);
      create table "Odd Name" (id int); analyze "Odd Name";
      create table parted (id int) partition by range (id);
      create table parted_a partition of parted for values from (0) to (500);
      create table parted_b partition of parted for values from (500) to (2000);
      create table parted_later partition of parted for values from (2000) to (3000);
      insert into parted select generate_series(1, 1000); analyze parted_a; analyze parted_b;
      create table parted_raw (id int) partition by range (id);
      create table parted_raw_a partition of parted_raw for values from (0) to (500);
      insert into parted_raw select generate_series(1, 100);
    `)
    const key = (name: string) => keyOf('table', 'public', name)
    const sizes = await readTableSizes(db.sql, ['counted', 'uncounted', 'Odd Name', 'parted', 'parted_raw', 'missing'].map(key))
    const counted = sizes.get(key('counted'))!
    assert.ok(counted.rows! > 9000 && counted.rows! < 11000, `10 k rows estimated from 5 k analysed and the heap now: ${counted.rows}`)
    assert.equal(sizes.get(key('uncounted'))!.rows, null)
    assert.ok(sizes.get(key('uncounted'))!.bytes > 0)
    assert.equal(sizes.get(key('Odd Name')), { rows: 0, bytes: 0 })
    assert.is(sizes.get(key('parted'))!.rows, 1000)
    assert.ok(sizes.get(key('parted'))!.bytes >= 2 * 8192, 'the partitions\' bytes')
    assert.equal(sizes.get(key('parted_raw'))!.rows, null, 'a partition with rows was never analysed')
    assert.not.ok(sizes.has(key('missing')))
  } finally {
    await db.drop()
  }
})

const SCHEMA = `import { bigint, index, integer, table, text } from 'pgstrata'

export const events = table('events', { id: bigint().primaryKey(), kind: integer().notNull(), label: text().notNull() }, (t) => [index('events_label_idx').on(t.label)])
export const tags = table('tags', { id: integer().primaryKey(), name: text().notNull() }, (t) => [index('tags_name_idx').on(t.name)])
export const fresh = table('fresh', { id: integer().primaryKey(), n: bigint().notNull() })
`

function ok(result: CliResult, what: string, code = 0): CliResult {
  assert.is(result.code, code, `${what}: ${result.stderr}${result.stdout}`)
  return result
}

interface Hazard { step: string; kind: string; message: string }

test('create and lint against a database with rows: sizes in the hazards, a 10-row table only a note, a never-analysed one a hazard', () => withProject(async (db, project) => {
  const run = (...args: string[]) => cli(args, { cwd: project.dir, url: db.url, env: { SHADOW_DATABASE_URL: '' } })
  await project.write('20240101_001', 'start',
    'create table events (id bigint primary key, kind integer not null, label text not null);\ncreate table tags (id int primary key, name text not null);\ncreate table fresh (id int primary key, n integer not null);\n',
    'drop table events, tags, fresh;\n')
  ok(await run('up'), 'up')
  await db.sql.unsafe(`insert into events select g, g % 7, 'event ' || g from generate_series(1, 50000) g;
    insert into tags select g, 'tag ' || g from generate_series(1, 10) g;
    insert into fresh select g, g from generate_series(1, 100) g;
    analyze events; analyze tags;`)
  await project.writeFile('schema/app.ts', SCHEMA)

  const created = JSON.parse(ok(await run('create', 'sizes', '--json'), 'create --json').stdout) as { hazards: Hazard[]; small: (Hazard & { table: string; rows: number })[]; sizesFrom: string; up: string }
  const messages = created.hazards.map((h) => `${h.kind}: ${h.message}`)
  assert.ok(messages.some((m) => /^blocksWrites: CREATE INDEX events_label_idx blocks writes to table public\.events \(50\.0 k rows, \d\.\d MB\) while it builds/.test(m)), messages.join('\n'))
  assert.ok(messages.some((m) => m.startsWith('rewritesTable: changing public.fresh.n') && m.includes('(public.fresh: size unknown: not analysed,')), messages.join('\n'))
  assert.not.ok(messages.some((m) => m.includes('tags')), 'the 10-row table has no hazard')
  assert.equal(created.small.map((s) => [s.step, s.kind, s.table, s.rows]), [['create index public.tags_name_idx', 'blocksWrites', 'public.tags', 10]])
  assert.match(created.sizesFrom, db.name)
  const up = await readFile(path.join(project.dir, created.up), 'utf8')
  assert.match(up, /-- hazard blocksWrites: CREATE INDEX events_label_idx blocks writes to table public\.events \(50\.0 k rows, \d\.\d MB\)/)
  assert.match(up, '-- Not hazards (1): on small tables, the lock is held for moments:\n--   blocksWrites: CREATE INDEX tags_name_idx blocks writes to table public.tags (10 rows, ')
  assert.match(up, `-- Table sizes are estimates from ${created.sizesFrom} when this was written.`)

  // lint, with no files, reads the pending migration against the same database.
  const linted = JSON.parse(ok(await run('lint', '--json'), 'lint --json', 1).stdout) as { findings: Finding[]; small: Finding[]; sizesFrom: string }
  assert.equal(linted.findings.map((f) => `${f.rule} ${f.table!.name}`), ['column-type-rewrite fresh', 'index-not-concurrent events'])
  assert.match(linted.findings[0]!.message, 'on public.fresh (size unknown: not analysed, ')
  assert.match(linted.findings[1]!.message, /on public\.events \(50\.0 k rows, \d\.\d MB\) takes a SHARE lock/)
  assert.equal(linted.small.map((f) => `${f.rule} ${f.table!.name}`), ['index-not-concurrent tags'])
  const text = await run('lint')
  assert.match(text.stdout, `table sizes: estimates from ${linted.sizesFrom} (pg_class.reltuples, pg_total_relation_size); 1 finding on a small table is only a note (public.tags)`)
  assert.match(text.stderr, /LINT_FINDINGS: 2 findings \(2 errors\) in 1 file \(3 statements\); 1 on a small table, where the lock is held for moments \(public\.tags: 10 rows, \d+ kB\)/)

  // Applied; then only a small table's index is new: --fail-on-hazards passes.
  ok(await run('up'), 'up')
  await project.writeFile('schema/app.ts', SCHEMA.replace("[index('tags_name_idx').on(t.name)]", "[index('tags_name_idx').on(t.name), index('tags_name_id_idx').on(t.name, t.id)]"))
  const quiet = ok(await run('create', 'tag index', '--fail-on-hazards'), 'create --fail-on-hazards with a small table only')
  assert.match(quiet.stdout, /create index public\.tags_name_id_idx {2}\(small table public\.tags: 10 rows, \d+ kB\)\n/)
  assert.match(quiet.stdout, 'review it, then:')

  // Files given with --url get sizes too; without a database, as before; smallTable false counts every table.
  await project.writeFile('tags.sql', 'create index on tags (name);\n')
  assert.match(ok(await cli(['lint', 'tags.sql', '--url', db.url], { cwd: project.dir }), 'lint tags.sql --url').stdout,
    /no findings in 1 file \(1 statement\); 1 on a small table, where the lock is held for moments \(public\.tags: 10 rows, \d+ kB\)/)
  const offline = ok(await cli(['lint', 'tags.sql'], { cwd: project.dir }), 'lint tags.sql', 1)
  assert.match(offline.stdout, 'CREATE INDEX on tags takes a SHARE lock')
  assert.not.match(offline.stdout, 'table sizes')
  await project.writeFile('pgstrata.config.json', '{ "smallTable": false }\n')
  const off = ok(await cli(['lint', 'tags.sql', '--url', db.url], { cwd: project.dir }), 'lint with smallTable false', 1)
  assert.match(off.stdout, 'CREATE INDEX on tags (10 rows, ')
  assert.match(off.stdout, 'smallTable is false in the config, so no table counts as small')
}, { dsl: true }))

test.run()
