// `pgstrata verify` on a real server: every migration up, down and up again on
// one scratch database. A down file that forgets something and an up file
// that depends on rows a run left behind are caught, named, and printed as
// the SQL difference; --since and irreversible migrations; nothing left over.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { FreshDatabase } from './helpers/database.ts'
import { cli, withProject, type CliResult, type Project } from './helpers/project.ts'

const SEED = 'migrations/20230921_001_initial_database_schema'

/** pgstrata in the project; the test's database is only the server for the scratch database. */
const pgstrata = (project: Project, db: FreshDatabase) => (...args: string[]): Promise<CliResult> =>
  cli(args, { cwd: project.dir, url: db.url, env: { SHADOW_DATABASE_URL: '' } })

const seed = (project: Project) => Promise.all([project.copyFromRepo(`${SEED}.up.sql`), project.copyFromRepo(`${SEED}.down.sql`)])

function exits(result: CliResult, code: number, what: string): CliResult {
  assert.is(result.code, code, `${what}: exit ${result.code}\n${result.stdout}${result.stderr}`)
  return result
}

/** Scratch databases left on the server: none may appear, also after a failure. */
async function shadowsNow(db: FreshDatabase): Promise<Set<string>> {
  return new Set((await db.sql`select datname from pg_catalog.pg_database where datname ~ '^pgstrata_shadow_[0-9a-f]+$'
    and not exists (select from pg_catalog.pg_stat_activity a where a.datname = pg_database.datname)`).map((r) => r.datname as string))
}

test('verify passes on the seed migration, leaving the target database untouched', () => withProject(async (db, project) => {
  await seed(project)
  const result = exits(await pgstrata(project, db)('verify'), 0, 'verify')
  assert.match(result.stdout, /^ok {7}20230921_001_initial_database_schema \(\d+(\.\d+)? m?s\)$/m)
  assert.match(result.stdout, /\nverified 1 migration in [\d.]+ m?s, [\d.]+ m?s per migration: 1 ok, 0 skipped, 0 failed\n$/)
  const [tables] = await db.sql`select count(*)::int as n from pg_catalog.pg_tables where schemaname = 'public'`
  assert.is(tables!.n, 0, 'the scratch database took the migrations, not the target')
}))

test('a down file that forgets to drop a column fails reversibility, naming the migration with the SQL it left out; a rows-dependent up fails the replay', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await seed(project)
  // Its up adds a row, and an index once there are two rows: down gives back the schema, but the second up makes an index the first did not.
  await project.write('20240101_001', 'counted', `insert into users (email) values ('run ' || gen_random_uuid());
do $$ begin
  if (select count(*) from users) > 1 then create index users_created_idx on users (created_at); end if;
end $$;
`, 'drop index if exists users_created_idx;\n')
  await project.write('20240102_001', 'add_nickname', 'alter table users add column nickname text;\n', '-- forgot the column\nselect 1;\n')
  await project.write('20240103_001', 'later', 'create table later (id int);\n', 'drop table later;\n')
  const before = await shadowsNow(db)

  const result = exits(await run('verify'), 1, 'verify')
  assert.match(result.stdout, /^ok {7}20230921_001_initial_database_schema /m)
  assert.match(result.stdout, /^FAILED {3}20240101_001_counted \(/m)
  assert.match(result.stdout, /^ {2}REPLAY {2}20240101_001_counted: after down and up again, the schema is not what the first up made \(migrations\/20240101_001_counted\.up\.sql\) \(1 change\)\n {6}drop index public\.users_created_idx\n {4}the SQL that would reconcile it:\n/m)
  assert.match(result.stdout, /^FAILED {3}20240102_001_add_nickname \(/m)
  assert.match(result.stdout, /^ {2}REVERSIBILITY {2}20240102_001_add_nickname: after down, the schema is not what it was before up \(migrations\/20240102_001_add_nickname\.down\.sql\) \(1 change\)\n {6}drop column public\.users\.nickname\n/m)
  assert.match(result.stdout, '\n      ALTER TABLE "public"."users" DROP COLUMN "nickname";\n')
  // down left the column, so up cannot add it again: the replay stops there.
  assert.match(result.stdout, /^ {2}REPLAY_FAILED {2}20240102_001_add_nickname: up failed when run again after down \(down left the schema changed\): migrations\/20240102_001_add_nickname\.up\.sql:1:\d+: column "nickname" of relation "users" already exists \(42701\)/m)
  assert.match(result.stdout, /^stopped: .* after 20240102_001_add_nickname; 1 later migration not verified \(20240103_001_later\)$/m)
  assert.match(result.stdout, /\nverified 3 migrations in .*: 1 ok, 0 skipped, 2 failed\n$/)
  assert.match(result.stderr, 'pgstrata: error VERIFY_FAILED: 2 migrations failed verification: 20240101_001_counted, 20240102_001_add_nickname')
  assert.equal([...await shadowsNow(db)].filter((name) => !before.has(name)), [], 'scratch databases left behind')

  const json = exits(await run('verify', '--json'), 1, 'verify --json')
  const document = JSON.parse(json.stdout) as {
    ok: boolean; error: { code: string }; notVerified: string[]
    migrations: { id: string; result: string; findings: { code: string; sql?: string }[] }[]
  }
  assert.equal([document.ok, document.error.code, document.notVerified], [false, 'VERIFY_FAILED', ['20240103_001_later']])
  assert.equal(document.migrations.map((m) => [m.id, m.result, m.findings.map((f) => f.code)]), [
    ['20230921_001_initial_database_schema', 'ok', []],
    ['20240101_001_counted', 'failed', ['REPLAY']],
    ['20240102_001_add_nickname', 'failed', ['REVERSIBILITY', 'REPLAY_FAILED']],
  ])
  assert.match(document.migrations[2]!.findings[0]!.sql!, 'ALTER TABLE "public"."users" DROP COLUMN "nickname";')
}))

test('--since applies the earlier migrations once, without the cycle; an irreversible migration is applied and skipped with its reason', () => withProject(async (db, project) => {
  const run = pgstrata(project, db)
  await seed(project)
  await project.write('20240101_001', 'broken_down', 'alter table users add column nickname text;\n', 'select 1;\n')
  await project.write('20240102_001', 'drop_google', 'alter table users drop column google_id;\n',
    '-- pgstrata:irreversible the Google ids are gone\nalter table users add column google_id varchar unique;\n')
  await project.write('20240103_001', 'sessions_ip', 'alter table sessions add column ip inet;\n', 'alter table sessions drop column ip;\n')

  const result = exits(await run('verify', '--since', '20240102_001'), 0, 'verify --since')
  assert.match(result.stdout, /^applied {2}2 migrations before 20240102_001 once, without the cycle \(/m)
  assert.not.match(result.stdout, '20240101_001_broken_down', 'before --since, a broken down file is not run')
  assert.match(result.stdout, /^skipped {2}20240102_001_drop_google \([^)]*\): irreversible \(the Google ids are gone\): applied once, down and the second up not run$/m)
  assert.match(result.stdout, /^ok {7}20240103_001_sessions_ip /m)
  assert.match(result.stdout, /: 1 ok, 1 skipped, 0 failed\n$/)

  const unknown = exits(await run('verify', '--since', '20250101_001'), 2, 'verify --since after the last version')
  assert.match(unknown.stderr, 'pgstrata: error UNKNOWN_VERSION: --since 20250101_001: no migration has this version or a later one')
}))

test.run()
