// `pgstrata check` as CI runs it: the migrations folder, the ledger, schema/
// against the migrations, and drift, each passing and failing on a real
// server; exit 1 on a finding, 2 on bad usage; no scratch database left over.
import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { freshDatabase, type FreshDatabase } from './helpers/database.ts'
import { cli, withProject, type CliResult, type Project } from './helpers/project.ts'

const SEED = 'migrations/20230921_001_initial_database_schema'

/** pgstrata in the project, against the test's database; SHADOW_DATABASE_URL from the environment is ignored. */
const pgstrata = (project: Project, db: FreshDatabase) => (...args: string[]): Promise<CliResult> =>
  cli(args, { cwd: project.dir, url: db.url, env: { SHADOW_DATABASE_URL: '' } })

/** pgstrata in the project with no database: no DATABASE_URL, no --url. */
const offline = (project: Project) => (...args: string[]): Promise<CliResult> =>
  cli(args, { cwd: project.dir, env: { SHADOW_DATABASE_URL: '' } })

const seed = (project: Project, withSchema = true) => Promise.all([
  ...(withSchema ? [project.copyFromRepo('schema')] : []), project.copyFromRepo(`${SEED}.up.sql`), project.copyFromRepo(`${SEED}.down.sql`),
])

function exits(result: CliResult, code: number, what: string): CliResult {
  assert.is(result.code, code, `${what}: exit ${result.code}\n${result.stdout}${result.stderr}`)
  return result
}

/** The line `check` prints for one of its checks: `drift   ok       …`. */
const checkLine = (result: CliResult, name: string): string => result.stdout.split('\n').find((line) => line.startsWith(`${name} `)) ?? `(no ${name} line)`

/** Scratch databases made since `existing` that are still there, with no session, a few seconds after the run. */
async function leftoverShadows(db: FreshDatabase, existing: ReadonlySet<string>): Promise<string[]> {
  const deadline = Date.now() + 5000
  for (;;) {
    const rows = (await db.sql`select datname, exists (select from pg_catalog.pg_stat_activity a where a.datname = d.datname) as busy
      from pg_catalog.pg_database d where datname ~ '^pgstrata_shadow_[0-9a-f]+$'`).filter((r) => !existing.has(r.datname as string))
    if (rows.length === 0) return []
    if (Date.now() > deadline) return rows.filter((r) => !r.busy).map((r) => r.datname as string)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const databases = async (db: FreshDatabase) => new Set((await db.sql`select datname from pg_catalog.pg_database`).map((r) => r.datname as string))

test('check passes on the seed example: the folder, the ledger, schema/ and drift; without a database, only the folder and schema/', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await seed(project)
  exits(await run('up'), 0, 'up')
  const passed = exits(await run('check'), 0, 'check')
  assert.match(checkLine(passed, 'files'), /^files\s+ok\s+migrations\/: 1 migration, every file in a pair$/)
  assert.match(checkLine(passed, 'ledger'), /^ledger\s+ok\s+.*: 1 applied, 0 pending$/)
  assert.match(checkLine(passed, 'schema'), /^schema\s+ok\s+schema\/ \(2 files\) against migrations\/ replayed: the same$/)
  assert.match(checkLine(passed, 'drift'), /^drift\s+ok\s+.*: matches what its 1 applied migration makes$/)
  assert.match(passed.stdout, /\ncheck passed\n$/)

  const shadow = await freshDatabase('pgstrata_t_shadow')
  try {
    const alone = exits(await offline(project)('check', '--json', '--shadow-url', shadow.url), 0, 'check without a database')
    const document = JSON.parse(alone.stdout) as { ok: boolean; database: null; checks: Record<string, { status: string; summary: string }>; findings: unknown[] }
    assert.equal([document.ok, document.database, document.findings], [true, null, []])
    assert.equal(Object.fromEntries(Object.entries(document.checks).map(([name, c]) => [name, c.status])), { files: 'ok', ledger: 'skipped', schema: 'ok', drift: 'skipped' })
    assert.is(document.checks.drift!.summary, 'no database (--url or DATABASE_URL)')
  } finally {
    await shadow.drop()
  }
}, { dsl: true }))

test('drift: an out-of-band ALTER TABLE is found and printed as the SQL that reconciles it, which makes check pass again', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await seed(project)
  exits(await run('up'), 0, 'up')
  await db.sql`alter table users add column nickname text`
  const existing = await databases(db)

  const drifted = exits(await run('check'), 1, 'check after ALTER TABLE')
  assert.match(drifted.stdout, /^DRIFT {2}postgres@[^:]+:\d+\/pgstrata_t_\w+: its schema is not what its 1 applied migration makes \(1 change\)/m)
  assert.match(drifted.stdout, '\n    drop column public.users.nickname\n  the SQL that would reconcile it:\n')
  assert.match(drifted.stdout, '\n    ALTER TABLE "public"."users" DROP COLUMN "nickname";\n')
  assert.match(checkLine(drifted, 'drift'), /^drift\s+failed\s+.*: 1 change from what its 1 applied migration makes$/)
  for (const name of ['files', 'ledger', 'schema']) assert.match(checkLine(drifted, name), new RegExp(`^${name}\\s+ok\\s`))
  assert.match(drifted.stderr, 'pgstrata: error CHECK_FAILED: 1 finding: DRIFT')
  assert.equal(await leftoverShadows(db, existing), [], 'scratch databases left behind')

  const sql = drifted.stdout.split('the SQL that would reconcile it:\n')[1]!.split('\n\n')[0]!
  await db.sql.unsafe(sql.split('\n').map((line) => line.trim()).join('\n'))
  exits(await run('check'), 0, 'check after running the reconciling SQL')
}, { dsl: true }))

test('schema/ with a table no migration makes is a finding, listing the change and its SQL', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await seed(project)
  await project.writeFile('schema/notes.ts', `import { integer, table, text } from 'pgstrata'
export const notes = table('notes', { id: integer().primaryKey(), body: text().notNull() })
`)
  const result = exits(await run('check'), 1, 'check')
  assert.match(result.stdout, /^SCHEMA_WITHOUT_MIGRATION {2}schema\/: differs from what the migrations make \(2 changes\): if schema\/ is right, a migration is missing: run npx pgstrata create "…"/m, result.stdout)
  assert.match(result.stdout, '\n    create table public.notes\n')
  assert.match(result.stdout, 'CREATE TABLE "public"."notes" (')
  assert.match(checkLine(result, 'schema'), /^schema\s+failed\s+schema\/ \(3 files\) against migrations\/ replayed: 2 changes$/)
  assert.match(checkLine(result, 'ledger'), /^ledger\s+ok\s+.*: 0 applied, 1 pending$/, 'a pending migration is not a finding')
  assert.match(checkLine(result, 'drift'), /^drift\s+ok\s/)
}, { dsl: true }))

test('the ledger: an edited applied file and an out-of-order file are findings, a pending one is not; drift leaves the out-of-order file out', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await seed(project, false)
  await project.write('20240102_001', 'two', 'create table two (id int);\n', 'drop table two;\n')
  exits(await run('up'), 0, 'up')
  await writeFile(path.join(project.dir, `${SEED}.up.sql`), '-- edited after it was applied\ncreate table users (id uuid);\n')
  await project.write('20240101_001', 'early', 'create table early (id int);\n', 'drop table early;\n')
  await project.write('20240201_001', 'later', 'create table later (id int);\n', 'drop table later;\n')

  const result = exits(await run('check'), 1, 'check')
  assert.match(result.stdout, /^CHANGED_CHECKSUM {2}20230921_001_initial_database_schema: applied, then edited: the files differ from what was run\n {4}migrations\/20230921_001_initial_database_schema\.up\.sql: ledger sha256 [0-9a-f]{12}, file [0-9a-f]{12}$/m)
  assert.match(result.stdout, /^OUT_OF_ORDER {2}20240101_001_early: not applied, and older than the newest applied version 20240102_001/m)
  assert.not.match(result.stdout, '20240201_001_later:', 'pending is not a finding')
  assert.match(checkLine(result, 'ledger'), /^ledger\s+failed\s+.*: 2 applied, 1 pending; 2 findings$/)
  assert.match(checkLine(result, 'schema'), /^schema\s+skipped\s+no schema\/ folder$/)
  // The replay uses the edited seed (users with one column), so drift is found, but not the table early.
  assert.match(result.stdout, /^DRIFT {2}/m)
  assert.not.match(result.stdout, 'public.early')
  assert.match(result.stderr, 'CHECK_FAILED: 3 findings: CHANGED_CHECKSUM, OUT_OF_ORDER, DRIFT')

  await rm(path.join(project.migrations, '20240102_001_two.up.sql'))
  await rm(path.join(project.migrations, '20240102_001_two.down.sql'))
  const missing = exits(await run('check'), 1, 'check with a missing file')
  assert.match(missing.stdout, /^MISSING_FILE {2}20240102_001_two: recorded as applied, but its files are gone/m)
  assert.match(checkLine(missing, 'drift'), /^drift\s+skipped\s+the files of 1 applied migration are missing, so the applied migrations cannot be replayed$/)
}))

test('the folder: a half pair and a duplicate version are findings (exit 1) and the other checks wait; --json prints one document', () => withProject(async (_db, project) => {
  const run = offline(project)
  await seed(project)
  await project.writeFile('migrations/20240101_001_half.up.sql', 'select 1;\n')
  await project.write('20240102_001', 'one', 'select 1;\n')
  await project.write('20240102_001', 'other', 'select 1;\n')

  const result = exits(await run('check'), 1, 'check')
  assert.match(result.stdout, /^HALF_PAIR {2}migrations\/20240101_001_half\.up\.sql: has no 20240101_001_half\.down\.sql beside it/m)
  assert.match(result.stdout, /^DUPLICATE_VERSION {2}version 20240102_001: is used by 20240102_001_one and 20240102_001_other/m)
  assert.match(checkLine(result, 'files'), /^files\s+failed\s+migrations\/: 2 problems$/)
  for (const name of ['ledger', 'schema', 'drift']) assert.match(checkLine(result, name), new RegExp(`^${name}\\s+skipped\\s+needs migrations/ without problems$`))

  const json = exits(await run('check', '--json'), 1, 'check --json')
  const document = JSON.parse(json.stdout) as { ok: boolean; error: { code: string }; findings: { code: string; check: string; subject: string }[] }
  assert.equal([document.ok, document.error.code], [false, 'CHECK_FAILED'])
  assert.equal(document.findings.map((f) => [f.check, f.code, f.subject]), [
    ['files', 'DUPLICATE_VERSION', 'version 20240102_001'],
    ['files', 'HALF_PAIR', 'migrations/20240101_001_half.up.sql'],
  ])
}, { dsl: true }))

test('a migration that does not replay is a finding, and its scratch databases are dropped; bad usage exits 2', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await seed(project)
  await project.write('20240101_001', 'broken', 'alter table nowhere add column x int;\n', 'select 1;\n')
  const existing = await databases(db)
  const result = exits(await run('check'), 1, 'check')
  assert.match(result.stdout, /^REPLAY_FAILED {2}migrations\/ replayed: failed on a scratch database: migrations\/20240101_001_broken\.up\.sql:1:\d+: relation "nowhere" does not exist \(42P01\)\n {4}1 \| alter table nowhere/m)
  assert.match(checkLine(result, 'schema'), /^schema\s+failed\s+migrations\/ does not replay$/)
  assert.equal(await leftoverShadows(db, existing), [], 'scratch databases left behind')

  for (const [args, code] of [[['--schema-dir', 'nowhere'], 'SCHEMA_NOT_FOUND'], [['--migrations', 'nowhere'], 'MIGRATIONS_DIR_MISSING']] as const) {
    const bad = exits(await run('check', ...args), 2, args.join(' '))
    assert.match(bad.stderr, `pgstrata: error ${code}: `)
  }
}, { dsl: true }))

test.run()
