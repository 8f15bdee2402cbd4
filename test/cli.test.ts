// The command line as users meet it: help, usage errors, exit codes, JSON,
// configuration, secrets, and the development database.
import { chmod, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { cli, startCli, tempProject, withProject } from './helpers/project.ts'

const NO_TARGET = { PGHOST: '', PGHOSTADDR: '', PGPORT: '', PGDATABASE: '', PGUSER: '', PGUSERNAME: '' }

test('--help lists every command, and each command\'s --help lists its options', async () => {
  const project = await tempProject()
  try {
    const top = await cli(['--help'], { cwd: project.dir })
    assert.is(top.code, 0)
    for (const command of ['up', 'down', 'status', 'history', 'baseline', 'accept', 'create', 'dev']) assert.match(top.stdout, `\n  ${command} `)
    const up = await cli(['up', '--help'], { cwd: project.dir })
    for (const flag of ['--to <version>', '--step <n>', '--dry-run', '--allow-out-of-order', '--lock-wait', '--lock-timeout', '--url <url>', '--migrations <dir>', '--json']) assert.match(up.stdout, flag)
    const down = await cli(['down', '--help'], { cwd: project.dir })
    assert.match(down.stdout, '--to <version>')
    assert.not.match(down.stdout, '--allow-out-of-order')
  } finally {
    await project.remove()
  }
})

test('bad usage exits 2 with a message that says what to do', async () => {
  const project = await tempProject()
  const url = 'postgres://nobody@127.0.0.1:1/none'
  try {
    const cases: [string[], string][] = [
      [['bogus'], 'unknown command: bogus'],
      [['up', '--bogus'], 'Unknown option `--bogus`'],
      [['up', '--step', '0'], '--step 0 must be a whole number of at least 1'],
      [['up', '--to', 'yesterday'], '--to "yesterday" is not a version'],
      [['up', '--lock-timeout', 'soon'], '--lock-timeout "soon" is not a duration'],
      [['down', '--to', '20240101_001', '--step', '1'], 'use either --to or --step, not both'],
      [['baseline'], 'missing required args'],
      [['create', 'add orders'], 'SCHEMA_NOT_FOUND'],
    ]
    for (const [args, message] of cases) {
      const result = await cli(args, { cwd: project.dir, url })
      assert.is(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
      assert.match(result.stderr, message, args.join(' '))
    }
    const none = await cli([], { cwd: project.dir })
    assert.is(none.code, 2)
    assert.match(none.stdout, 'Usage:')
  } finally {
    await project.remove()
  }
})

test('broken migration files are reported before any connection is made, with exit 2', async () => {
  const project = await tempProject()
  try {
    await project.writeFile('migrations/20240101_001_half.up.sql', 'select 1;')
    const result = await cli(['up'], { cwd: project.dir, url: 'postgres://nobody@127.0.0.1:1/none' })
    assert.is(result.code, 2)
    assert.match(result.stderr, 'MIGRATION_FILES: the migrations folder migrations has 1 problem')
    assert.match(result.stderr, 'migrations/20240101_001_half.up.sql: has no 20240101_001_half.down.sql beside it')
  } finally {
    await project.remove()
  }
})

test('a password in the URL never appears in output, not even in errors', async () => {
  const project = await tempProject()
  try {
    await project.write('20240101_001', 'one', 'select 1;')
    const refused = await cli(['status', '--json'], { cwd: project.dir, url: 'postgres://app:s3cret-pw@127.0.0.1:1/app' })
    assert.is(refused.code, 1)
    assert.match(refused.stderr, 'CONNECTION_FAILED: could not connect to app@127.0.0.1:1/app (from DATABASE_URL)')
    const invalid = await cli(['status'], { cwd: project.dir, url: 'postgres://app:s3cret-pw@[oops/app' })
    assert.is(invalid.code, 2)
    assert.match(invalid.stderr, 'postgres://app:***@[oops/app')
    const flag = await cli(['up', '--url', 'postgres://app:s3cret-pw@127.0.0.1:1/app'], { cwd: project.dir })
    for (const output of [refused, invalid, flag]) {
      assert.not.match(output.stdout + output.stderr, 's3cret-pw')
    }
  } finally {
    await project.remove()
  }
})

test('a reader that closes stdout early does not crash the run', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  await project.write('20240101_002', 'two', 'create table two (id int);')
  const run = startCli(['up'], { cwd: project.dir, url: db.url })
  run.child.stdout!.destroy()
  const result = await run.done
  assert.is(result.code, 0, result.stderr)
  assert.not.match(result.stderr, 'EPIPE')
  assert.equal((await db.sql`select count(*)::int as n from pgstrata_migrations`)[0]!.n, 2)
}))

test('--json prints one document for status, up and history', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  const before = JSON.parse((await cli(['status', '--json'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal(before.migrations, [{ version: '20240101_001', name: 'one', state: 'pending', appliedAt: null }])
  assert.is(before.ledgerExists, false)
  const up = await cli(['up', '--json'], { cwd: project.dir, url: db.url })
  const applied = JSON.parse(up.stdout)
  assert.is(applied.ok, true)
  assert.equal(applied.applied.map((a: { id: string }) => a.id), ['20240101_001_one'])
  const history = JSON.parse((await cli(['history', '--json', '--events'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal(history.applied.map((r: { version: string }) => r.version), ['20240101_001'])
  assert.equal(history.events.map((e: { event: string }) => e.event), ['up'])
}))

test('the PG* variables are used when no URL is given', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  const server = new URL(db.url)
  const env = { ...NO_TARGET, PGHOST: server.hostname, PGPORT: server.port, PGUSER: decodeURIComponent(server.username), PGDATABASE: db.name, PGPASSWORD: decodeURIComponent(server.password) }
  const result = await cli(['up'], { cwd: project.dir, env })
  assert.is(result.code, 0, result.stderr)
  const status = await cli(['status'], { cwd: project.dir, env })
  assert.match(status.stdout, `/${db.name} (PG* variables)`)
}))

test('settings come from pgstrata.config.json, and a mistake in it names the key', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'one', 'create table one (id int);')
  await project.writeFile('pgstrata.config.json', JSON.stringify({ ledgerSchema: 'ops', ledgerTable: 'schema_history', lockTimeout: '2s' }))
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 0)
  assert.equal((await db.sql`select tablename from pg_tables where schemaname = 'ops' order by 1`).map((r) => r.tablename),
    ['schema_history', 'schema_history_log', 'schema_history_progress'])
  await project.writeFile('pgstrata.config.json', JSON.stringify({ ledgerTable: 'x', lockTimeout: 'soon', colour: 'blue' }))
  const bad = await cli(['status'], { cwd: project.dir, url: db.url })
  assert.is(bad.code, 2)
  assert.match(bad.stderr, 'CONFIG_INVALID')
  assert.match(bad.stderr, 'lockTimeout: a PostgreSQL duration')
  assert.match(bad.stderr, 'colour')
}))

test('create --empty writes the next pair, with headers, without overwriting', async () => {
  const project = await tempProject()
  try {
    await project.write('20990101_004', 'future', 'select 1;')
    const created = await cli(['create', 'Add Orders', '--empty'], { cwd: project.dir })
    assert.is(created.code, 0, created.stderr)
    assert.match(created.stdout, 'created migrations/20990101_005_add_orders.up.sql')
    const files = (await readdir(project.migrations)).sort()
    assert.equal(files, ['20990101_004_future.down.sql', '20990101_004_future.up.sql', '20990101_005_add_orders.down.sql', '20990101_005_add_orders.up.sql'])
    const up = await readFile(path.join(project.migrations, '20990101_005_add_orders.up.sql'), 'utf8')
    assert.match(up, '-- 20990101_005_add_orders (up): Add Orders')
  } finally {
    await project.remove()
  }
})

test('with no URL at all, pgstrata starts a development database under .pgstrata/ and says so in one line', async () => {
  const project = await tempProject()
  try {
    // As root, the server runs as the postgres user, who must reach the folder.
    await chmod(project.dir, 0o755)
    await project.write('20240101_001', 'one', 'create table one (id int);')
    const first = await cli(['up'], { cwd: project.dir, env: NO_TARGET })
    assert.is(first.code, 0, first.stderr)
    const announce = first.stderr.split('\n').filter((line) => line.includes('local development database'))
    assert.is(announce.length, 1)
    assert.match(announce[0]!, /postgres:\/\/postgres@127\.0\.0\.1:\d+\/development \(PostgreSQL [\d.]+, data in \.pgstrata\/dev\/data, started now\)/)
    const status = await cli(['status'], { cwd: project.dir, env: NO_TARGET })
    assert.match(status.stderr, 'already running')
    assert.match(status.stdout, '1 applied')
    const dev = await cli(['dev', 'status'], { cwd: project.dir })
    assert.match(dev.stdout, 'running on port')
  } finally {
    await cli(['dev', 'stop'], { cwd: project.dir })
    await project.remove()
  }
})

test.run()
