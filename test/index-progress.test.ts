// A long statement reports what it does while `pgstrata up` runs: on a
// terminal, CREATE INDEX CONCURRENTLY shows its phase and blocks, from a second
// connection; piped, nothing extra is drawn and no second connection is made.
// The index build is slow by construction, not by data size: its expression
// calls an IMMUTABLE PL/pgSQL function that sleeps 0.1 s for every 100th row,
// so 1,600 rows take 1.6 s on any machine, and the watcher, which looks first
// at 1 s, sees the scan. (A sleep for every row is not as exact: the server
// rounds a 1 ms sleep up to 2 ms on some machines.) The terminal is util-linux `script`.
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import type postgres from 'postgres'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as runner from '../src/engine/runner.ts'
import { PgstrataError } from '../src/errors.ts'
import { onProgress } from '../src/progress.ts'
import { StatementWatcher } from '../src/engine/watch.ts'
import { cli, REPO, runnerConfigFor, withProject, type Project } from './helpers/project.ts'

const TSX = import.meta.resolve('tsx')
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0

// Rows of ~1 kB, a few to a block, so the scan has blocks to count.
const SLOW_TABLE = `
create function slow_key(i int) returns int language plpgsql immutable as $$
begin
  if i % 100 = 0 then perform pg_sleep(0.1); end if;
  return i;
end $$;
create table slow_items (id int, pad text);
insert into slow_items select g, repeat('x', 1000) from generate_series(1, 1600) g;`

async function slowIndexMigration(db: { sql: postgres.Sql }, project: Project): Promise<void> {
  await db.sql.unsafe(SLOW_TABLE)
  await project.write('20261207_001', 'slow_index',
    'create index concurrently slow_items_key_idx on slow_items (slow_key(id));\n',
    'drop index concurrently slow_items_key_idx;\n')
}

/** pgstrata's connections to the database (application_name pgstrata); client backends only. */
async function pgstrataBackends(sql: postgres.Sql, database: string): Promise<number> {
  const [row] = await sql`select count(*)::int as n from pg_stat_activity
    where datname = ${database} and application_name = 'pgstrata' and backend_type = 'client backend'`
  return row!.n as number
}

/** Runs `work`, counting pgstrata's connections every 100 ms; returns its result and the most seen at once. */
async function countingBackends<T>(sql: postgres.Sql, database: string, work: Promise<T>): Promise<{ result: T; most: number }> {
  let most = 0
  let done = false
  const sampling = (async () => {
    while (!done) {
      most = Math.max(most, await pgstrataBackends(sql, database))
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  try {
    return { result: await work, most }
  } finally {
    done = true
    await sampling
  }
}

/** Waits until pgstrata's connections have gone (a backend ends a moment after its client hangs up). */
async function waitForNoBackends(sql: postgres.Sql, database: string): Promise<number> {
  let left = await pgstrataBackends(sql, database)
  for (let i = 0; left > 0 && i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    left = await pgstrataBackends(sql, database)
  }
  return left
}

test('piped, up of a slow CREATE INDEX CONCURRENTLY draws nothing and makes no second connection', () => withProject(async (db, project) => {
  await slowIndexMigration(db, project)
  const { result, most } = await countingBackends(db.sql, db.name, cli(['up'], { cwd: project.dir, url: db.url }))
  assert.is(result.code, 0, result.stderr)
  assert.match(result.stderr, /^ {2}applied {2}20261207_001_slow_index \(/m)
  assert.not.match(result.stdout + result.stderr, /[\r\x1b]/, 'no terminal control characters')
  assert.is(most, 2, 'only the work session and the lock connection')
}))

if (HAS_SCRIPT) {
  test('on a terminal, up shows the index build\'s phase and blocks, and erases the line before the next', () => withProject(async (db, project) => {
    await slowIndexMigration(db, project)
    const command = `stty cols 250; ${JSON.stringify(process.execPath)} --import ${JSON.stringify(TSX)} ${JSON.stringify(path.join(REPO, 'src/cli/main.ts'))} up`
    // Started asynchronously, so that the connections can be counted meanwhile.
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: project.dir, env: { ...process.env, DATABASE_URL: db.url, TERM: 'xterm' }, stdio: ['ignore', 'pipe', 'ignore'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => { out += chunk })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    const run = new Promise<number | null>((resolve) => child.on('close', (status) => { clearTimeout(timer); resolve(status) }))
    const { result: status, most } = await countingBackends(db.sql, db.name, run)
    assert.is(status, 0, out)
    assert.match(out, /\r\x1b\[K20261207_001_slow_index: CREATE INDEX CONCURRENTLY slow_items_key_idx: building index: scanning table, [\d,]+ of [\d,]+ blocks \(\d+%\)/)
    assert.match(out, /\r\x1b\[K {2}applied {2}20261207_001_slow_index \(/, 'the status line is erased before the applied line')
    assert.match(out, /\napplied 1 migration in [^\x1b]*$/, 'no status line is left after the last line')
    assert.is(most, 3, 'the watcher\'s connection, besides the work session and the lock')
  }))
} else {
  test('on a terminal (skipped: util-linux `script` is not installed)', () => {})
}

test('watched in-process, VALIDATE CONSTRAINT reports its time and a blocked ALTER TABLE who holds the lock; the watcher\'s connection closes when the run fails', () => withProject(async (db, project) => {
  await db.sql.unsafe(`${SLOW_TABLE}
    alter table slow_items add constraint slow_items_key_check check (slow_key(id) > 0) not valid;`)
  await project.write('20261207_001', 'validate', 'alter table slow_items validate constraint slow_items_key_check;\n')
  await project.write('20261207_002', 'add_note', 'alter table slow_items add column note text;\n')
  const lines: string[] = []
  onProgress((line) => lines.push(line))
  // The second migration waits for this transaction's lock until its lock_timeout fires.
  const holder = await db.sql.reserve()
  try {
    await holder.unsafe('begin')
    await holder.unsafe('lock table slow_items in access share mode')
    const [{ pid }] = await holder.unsafe('select pg_backend_pid() as pid') as unknown as [{ pid: number }]
    const config = runnerConfigFor(db.url, project.migrations, { lockTimeout: '1500ms', lockRetries: 0 })
    const error = await runner.up(config, { watch: true }).then(() => null, (e: unknown) => e)
    assert.instance(error, PgstrataError)
    assert.match((error as PgstrataError).message, /lock timeout/)
    assert.ok(lines.some((l) => /^20261207_001_validate: validating slow_items_key_check on slow_items: \d+ s$/.test(l)), lines.join('\n'))
    const waited = `20261207_002_add_note: alter table slow_items add column note text: waiting for a lock held by pid ${pid} (`
    assert.ok(lines.some((l) => l.startsWith(waited) && /\(\d+ s\)$/.test(l)), lines.join('\n'))
    assert.is(await waitForNoBackends(db.sql, db.name), 0, 'no pgstrata connection is left open')
  } finally {
    onProgress(() => {})
    await holder.unsafe('rollback').catch(() => {})
    holder.release()
  }
}))

test('a watcher that cannot connect changes nothing: the work settles as it would, and watching stops', async () => {
  // Port 1: nothing listens there, so the watcher's first look is refused.
  const watcher = new StatementWatcher({ url: 'postgresql://postgres@127.0.0.1:1/postgres', source: '--url', display: 'nowhere' })
  const lines: string[] = []
  onProgress((line) => lines.push(line))
  try {
    const later = (ms: number, outcome: string | Error) => new Promise<string>((resolve, reject) =>
      setTimeout(() => (outcome instanceof Error ? reject(outcome) : resolve(outcome)), ms))
    const watched = { migration: '20261207_001_x', statements: [] }
    // Past the watcher's first look, at 1 s, which fails.
    const failing = watcher.during(1, watched, later(1300, new Error('the statement failed')))
    assert.is(await failing.then(() => 'resolved', (error: Error) => error.message), 'the statement failed')
    assert.is(await watcher.during(1, watched, later(10, 'done')), 'done')
    assert.equal(lines, [])
  } finally {
    onProgress(() => {})
    await watcher.close()
  }
})

test.run()
