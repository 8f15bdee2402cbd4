// The fleet's building blocks one at a time: targets from a file, a config
// list or a LIKE pattern on a server; running work on them a few at a time;
// and comparing their ledgers side by side.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { maskPassword, type Target } from '../src/db/connect.ts'
import { PgstrataError, UsageError } from '../src/errors.ts'
import type { Migration } from '../src/engine/files.ts'
import { forEachTarget, type FleetOutcome } from '../src/engine/fleet.ts'
import { compareFleet } from '../src/engine/fleet-status.ts'
import type { LedgerRow, ProgressRow } from '../src/engine/ledger.ts'
import { computeStatus } from '../src/engine/plan.ts'
import { configTargets, databasesLike, parseTargets, readTargetsFile, urlOfKeywords, type FleetTarget } from '../src/engine/targets.ts'
import { testServer } from './helpers/database.ts'

/** The UsageError `fn` throws (sync or async); fails the test when it throws nothing or something else. */
async function usageError(fn: () => unknown): Promise<UsageError> {
  try {
    await fn()
  } catch (error) {
    if (error instanceof UsageError) return error
    throw error
  }
  throw new Error('expected a UsageError')
}

/** What the driver makes of a URL (it connects only on the first query). */
async function driverOptions(url: string) {
  const sql = postgres(url, { max: 1 })
  const { host, port, path: socket, user, pass, database } = sql.options
  await sql.end()
  return { host, port, socket, user, pass, database }
}

const everyText = (error: PgstrataError) => `${error.message}\n${error.hint ?? ''}\n${error.context.join('\n')}`

// ---------------------------------------------------------------------------
// Targets files, connection strings and config lists

test('a targets file: comments at the start and after white space, # inside a value kept, blank lines, CRLF, $VAR, ${VAR} and $$', () => {
  const env = { PW: 's3cr3t', TENANT: 'tenant_b', USER_C: 'carol' }
  const text = [
    '# the tenants of eu-1',
    '',
    'postgres://app:${PW}@db1.example.com:5432/tenant_a   # the first one',
    '   # an indented comment, with an unset $NOT_SET that is never expanded',
    '\t',
    'postgres://app@db1.example.com:5432/$TENANT',
    'host=db2.example.com dbname=tenant_c user=$USER_C password=pa#ss$$word\t# carol\'s',
    '',
  ].join('\r\n')
  const targets = parseTargets(text, 'targets.txt', env)
  assert.equal(targets.map((t) => t.origin), ['targets.txt:3', 'targets.txt:6', 'targets.txt:7'])
  assert.equal(targets.map((t) => t.target.url), [
    'postgres://app:s3cr3t@db1.example.com:5432/tenant_a',
    'postgres://app@db1.example.com:5432/tenant_b',
    'postgres://carol:pa%23ss%24word@db2.example.com/tenant_c',
  ])
  assert.equal(targets.map((t) => t.name), ['tenant_a', 'tenant_b', 'tenant_c'])
  assert.equal(targets.map((t) => t.target.source), ['targets file', 'targets file', 'targets file'])
  assert.equal(targets.map((t) => t.target.origin), ['targets.txt:3', 'targets.txt:6', 'targets.txt:7'])
  for (const t of targets) assert.not.ok(t.target.url!.includes('\r'), `${t.origin}: no carriage return left in ${JSON.stringify(t.target.url)}`)
})

test('the password of a key=value line reaches the driver whole: # and $ included', async () => {
  const [target] = parseTargets('host=db2 dbname=tenant_c user=carol password=pa#ss$$word', 'targets.txt', {})
  const options = await driverOptions(target!.target.url!)
  assert.is(options.pass, 'pa#ss$word')
  assert.is(options.user, 'carol')
  assert.is(options.database, 'tenant_c')
})

test('an unset variable is TARGET_VARIABLE_UNSET naming file:line, for $VAR and ${VAR}', async () => {
  for (const line of ['postgres://app:$DB_PASSWORD@db1/app', 'postgres://app:${DB_PASSWORD}@db1/app', 'host=db1 dbname=app password=$DB_PASSWORD']) {
    const error = await usageError(() => parseTargets(`# first\npostgres://app@db0/app\n${line}\n`, 'fleet/eu.txt', { OTHER: 'x' }))
    assert.is(error.code, 'TARGET_VARIABLE_UNSET', line)
    assert.is(error.exitCode, 2)
    assert.match(error.message, /^fleet\/eu\.txt:3: /, error.message)
    assert.match(error.message, 'DB_PASSWORD')
  }
  // An empty value is set: it expands to nothing rather than failing.
  assert.equal(parseTargets('postgres://app:$EMPTY@db1/app', 't', { EMPTY: '' }).map((t) => t.target.url), ['postgres://app:@db1/app'])
})

test('a file with nothing but comments and blank lines is NO_TARGETS', async () => {
  for (const text of ['', '\n\n', '# only a comment\r\n\r\n   # and another\n']) {
    const error = await usageError(() => parseTargets(text, 'empty.txt', {}))
    assert.is(error.code, 'NO_TARGETS', JSON.stringify(text))
    assert.match(error.message, 'empty.txt')
  }
})

test('a bad line is TARGET_INVALID naming file:line, and the message never prints the line or its password', async () => {
  const bad = [
    'host=db1 dbname=app password=hunter2 and-then-some',
    'just some words password=hunter2',
    'mysql://app:hunter2@db1/app',
    "host=db1 password='hunter2",
  ]
  for (const line of bad) {
    const error = await usageError(() => parseTargets(`postgres://app@db0/app\n\n${line}\n`, 'targets.txt', {}))
    assert.is(error.code, 'TARGET_INVALID', line)
    assert.match(error.message, /^targets\.txt:3: /, error.message)
    assert.not.match(everyText(error), 'hunter2', `${line}: ${everyText(error)}`)
  }
})

test('a URL that does not parse names file:line and masks its password', async () => {
  for (const line of ['postgres://app:hunter2@db1:port/app', 'postgres://app:hunter2@[::1/app', 'postgres://app:hun#ter2@db1/app']) {
    const error = await usageError(() => parseTargets(`${line}\n`, 'targets.txt', {}))
    assert.is(error.code, 'BAD_DATABASE_URL', line)
    assert.match(error.message, /^targets\.txt:1: /, error.message)
    assert.not.match(everyText(error), 'hunter2', everyText(error))
    assert.not.match(everyText(error), 'hun#ter2', everyText(error))
  }
})

test('the same database twice is DUPLICATE_TARGET, whatever the users, naming both lines and no password', async () => {
  const cases = [
    'postgres://a:hunter2@db1:5432/app\npostgres://b:hunter2@db1:5432/app',
    'host=db1 port=5432 dbname=app user=a password=hunter2\npostgres://b:hunter2@db1:5432/app',
    // A user name may hold an @ (Cloud SQL's IAM users are e-mail addresses).
    'postgres://me%40example.com:hunter2@db1/app\npostgres://admin:hunter2@db1/app',
  ]
  for (const text of cases) {
    const error = await usageError(() => parseTargets(`# fleet\n${text}\n`, 'targets.txt', {}))
    assert.is(error.code, 'DUPLICATE_TARGET', text)
    assert.match(error.message, /^targets\.txt:3: /, error.message)
    assert.match(error.message, 'also at targets.txt:2')
    assert.not.match(everyText(error), 'hunter2', everyText(error))
  }
  // Other ports or hosts are other databases.
  assert.is(parseTargets('postgres://a@db1:5432/app\npostgres://a@db1:5433/app\npostgres://a@db2:5432/app', 't', {}).length, 3)
})

test('a connection string: quoted values with spaces and \\\' escapes, percent-encoded user, password and dbname', async () => {
  const url = urlOfKeywords("host=db.example.com port=6432 dbname='my app' user='o\\'brien' password='p w\\'d@:/%' sslmode=require application_name='fleet run'", 'x')
  assert.is(url, "postgres://o'brien:p%20w'd%40%3A%2F%25@db.example.com:6432/my%20app?sslmode=require&application_name=fleet%20run")
  const options = await driverOptions(url)
  assert.equal(options.host, ['db.example.com'])
  assert.equal(options.port, [6432])
  assert.is(options.user, "o'brien")
  assert.is(options.pass, "p w'd@:/%")
  assert.is(options.database, 'my app')
  // A password without a user is kept: the driver takes the user from PGUSER or the OS, as libpq does.
  const anonymous = urlOfKeywords('host=db1 dbname=app password=hunter2', 'x')
  assert.is(anonymous, 'postgres://:hunter2@db1/app')
  assert.is((await driverOptions(anonymous)).pass, 'hunter2')
  // White space around = is allowed, as libpq allows it.
  assert.is(urlOfKeywords('host = db1   dbname = app ', 'x'), 'postgres://db1/app')
})

test('a connection string with a socket directory keeps its user and port, and the driver opens that socket', async () => {
  const url = urlOfKeywords('host=/var/run/postgresql port=5433 dbname=app user=postgres', 'x')
  assert.is(url, 'postgres://postgres@%2Fvar%2Frun%2Fpostgresql:5433/app')
  const options = await driverOptions(url)
  assert.is(options.socket, '/var/run/postgresql/.s.PGSQL.5433')
  assert.is(options.user, 'postgres')
  assert.is(options.database, 'app')
  assert.is((await driverOptions(urlOfKeywords('host=/tmp dbname=app', 'x'))).socket, '/tmp/.s.PGSQL.5432')
  // As a target it parses, and another directory is another server.
  const targets = parseTargets('host=/var/run/postgresql dbname=app user=postgres\nhost=/tmp dbname=app user=postgres', 'targets.txt', {})
  assert.equal(targets.map((t) => t.target.url), ['postgres://postgres@%2Fvar%2Frun%2Fpostgresql/app', 'postgres://postgres@%2Ftmp/app'])
  assert.equal(targets.map((t) => t.name), ['/var/run/postgresql/app', '/tmp/app'])
})

test('a connection string with an IPv6 host puts it in brackets', async () => {
  const url = urlOfKeywords('host=::1 port=5433 dbname=app user=u', 'x')
  assert.is(url, 'postgres://u@[::1]:5433/app')
  const options = await driverOptions(url)
  assert.equal(options.host, ['::1'])
  assert.equal(options.port, [5433])
  assert.is(urlOfKeywords('hostaddr=2001:db8::7 dbname=app', 'x'), 'postgres://[2001:db8::7]/app')
})

test('an unsupported keyword is TARGET_INVALID naming it and where it was', async () => {
  const error = await usageError(() => urlOfKeywords("host=db1 options='-c search_path=x' password=hunter2", 'targets.txt:4'))
  assert.is(error.code, 'TARGET_INVALID')
  assert.match(error.message, /^targets\.txt:4: the connection string keyword options is not supported/)
  assert.not.match(everyText(error), 'hunter2')
  assert.match(error.hint!, 'postgres:// URL')
})

test('targets are named by database when the names differ, by host/database when they repeat across hosts', async () => {
  assert.equal(parseTargets('postgres://u@h1/alpha\npostgres://u@h2/beta\npostgres://u@h1/gamma', 't', {}).map((t) => t.name), ['alpha', 'beta', 'gamma'])
  assert.equal(parseTargets('postgres://u@h1:5432/app\npostgres://u@h2:5432/app\npostgres://u@h1:5432/other', 't', {}).map((t) => t.name),
    ['h1:5432/app', 'h2:5432/app', 'h1:5432/other'])
  assert.equal(parseTargets('postgres://u@h1:5432/app\npostgres://u@h1:5433/app', 't', {}).map((t) => t.name), ['h1:5432/app', 'h1:5433/app'])
  // A URL without a database is named as such.
  assert.equal(parseTargets('postgres://u@h1\npostgres://u@h2/app', 't', {}).map((t) => t.name), ['(default database)', 'app'])
  // Host and database are what tell targets apart, so the third name (the whole display) never comes up:
  // the same host and database under another user is the same database, refused rather than named.
  assert.is((await usageError(() => parseTargets('postgres://a%40x@h1/app\npostgres://b@h1/app', 't', {}))).code, 'DUPLICATE_TARGET')
})

test('no display, name or error message holds a password', async () => {
  const passwords = ['s3cr3t-one', 'pa#ss-two', "it's three"]
  const text = [
    'postgres://app:s3cr3t-one@db1:5432/tenant_a',
    'postgres://app:s3cr3t-one@db2:5432/tenant_a',
    'host=db3 dbname=tenant_b user=app password=pa#ss-two',
    "host=/var/run/postgresql dbname=tenant_c user=app password='it\\'s three'",
  ].join('\n')
  const targets = parseTargets(text, 'targets.txt', {})
  assert.is(targets.length, 4)
  for (const t of targets) {
    for (const password of passwords) {
      assert.not.ok(t.target.display.includes(password), `${t.origin}: display ${t.target.display}`)
      assert.not.ok(t.name.includes(password), `${t.origin}: name ${t.name}`)
    }
  }
  assert.equal(targets.map((t) => t.target.display), ['app@db1:5432/tenant_a', 'app@db2:5432/tenant_a', 'app@db3/tenant_b', 'app@/var/run/postgresql/tenant_c'])
})

test('config targets name `pgstrata.config.json targets[i]` in their origins and errors', async () => {
  const fleet = configTargets(['postgres://u:${PW}@h1/a', 'host=h2 dbname=b'], 'pgstrata.config.json', { PW: 'x' })
  assert.equal(fleet.map((t) => [t.name, t.origin, t.target.source]), [
    ['a', 'pgstrata.config.json targets[0]', 'config targets'],
    ['b', 'pgstrata.config.json targets[1]', 'config targets'],
  ])
  assert.is(fleet[0]!.target.url, 'postgres://u:x@h1/a')
  const invalid = await usageError(() => configTargets(['postgres://u@h1/a', 'no target here'], 'pgstrata.config.json', {}))
  assert.is(invalid.code, 'TARGET_INVALID')
  assert.match(invalid.message, /^pgstrata\.config\.json targets\[1\]: /)
  const unset = await usageError(() => configTargets(['postgres://u@h1/a', 'postgres://u@h1/b', 'postgres://u:$NOPE@h1/c'], 'pgstrata.config.json', {}))
  assert.is(unset.code, 'TARGET_VARIABLE_UNSET')
  assert.match(unset.message, /^pgstrata\.config\.json targets\[2\]: /)
  const twice = await usageError(() => configTargets(['postgres://u@h1/a', 'postgres://v@h1/a'], 'pgstrata.config.json', {}))
  assert.is(twice.code, 'DUPLICATE_TARGET')
  assert.match(twice.message, /^pgstrata\.config\.json targets\[1\]: .*also at pgstrata\.config\.json targets\[0\]/)
})

test('a targets file is read from disk (CRLF), and one that cannot be read is TARGETS_UNREADABLE', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'pgstrata-fleet-parts-'))
  try {
    const file = path.join(dir, 'targets.txt')
    await writeFile(file, '# two\r\npostgres://u@h1/a\r\n\r\nhost=h2 dbname=b\r\n')
    const fleet = await readTargetsFile(file, {})
    assert.equal(fleet.map((t) => [t.name, t.origin]), [['a', `${file}:2`], ['b', `${file}:4`]])
    const missing = await usageError(() => readTargetsFile(path.join(dir, 'nope.txt'), {}))
    assert.is(missing.code, 'TARGETS_UNREADABLE')
    assert.match(missing.message, 'nope.txt')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

// ---------------------------------------------------------------------------
// --databases-like on the test server

test('databasesLike lists the connectable, non-template databases LIKE the pattern, in name order', async () => {
  const server = await testServer()
  const prefix = `fleetp_${randomBytes(5).toString('hex')}`
  // Created out of order, so name order is the query's doing.
  const connectable = [`${prefix}_c`, `${prefix}_a`, `${prefix}_b`]
  const refusing = `${prefix}_d`
  const template = `${prefix}_e`
  const admin = postgres(server.url, { max: 1, onnotice: () => {} })
  const created: string[] = []
  try {
    for (const name of connectable) {
      await admin.unsafe(`create database ${name}`)
      created.push(name)
    }
    await admin.unsafe(`create database ${refusing} allow_connections false`)
    created.push(refusing)
    await admin.unsafe(`create database ${template} is_template true`)
    created.push(template)
    const serverTarget: Target = { url: server.url, source: '--url', display: 'test server' }
    const fleet = await databasesLike(serverTarget, `${prefix}_%`)
    assert.equal(fleet.map((t) => t.name), [`${prefix}_a`, `${prefix}_b`, `${prefix}_c`])
    assert.equal(fleet.map((t) => t.origin), fleet.map(() => `--databases-like ${JSON.stringify(`${prefix}_%`)}`))
    assert.equal(fleet.map((t) => t.target.source), ['--databases-like', '--databases-like', '--databases-like'])
    const password = decodeURIComponent(new URL(server.url).password)
    for (const t of fleet) {
      if (password !== '') assert.not.ok(t.target.display.includes(password), t.target.display)
      // Each URL reaches its own database, with the server's credentials.
      const sql = postgres(t.target.url!, { max: 1, onnotice: () => {} })
      try {
        const [row] = await sql<{ db: string }[]>`select current_database() as db`
        assert.is(row?.db, t.name)
      } finally {
        await sql.end({ timeout: 5 })
      }
    }
    // _ is LIKE's one character: the pattern still finds only these.
    assert.equal((await databasesLike(serverTarget, `${prefix}__`)).map((t) => t.name), [`${prefix}_a`, `${prefix}_b`, `${prefix}_c`])
    const none = await usageError(() => databasesLike(serverTarget, `${prefix}_zz%`))
    assert.is(none.code, 'NO_TARGETS')
    assert.match(none.message, `${prefix}_zz%`)
    const onlyRefusing = await usageError(() => databasesLike(serverTarget, refusing))
    assert.is(onlyRefusing.code, 'NO_TARGETS')
  } finally {
    if (created.includes(template)) await admin.unsafe(`alter database ${template} is_template false`)
    for (const name of created) await admin.unsafe(`drop database if exists ${name}`)
    await admin.end({ timeout: 5 })
  }
})

test('databasesLike needs the server as a URL: BAD_USAGE without one, before connecting', async () => {
  const error = await usageError(() => databasesLike({ url: undefined, source: 'PG* variables', display: 'postgres@localhost:5432/postgres' }, 'tenant_%'))
  assert.is(error.code, 'BAD_USAGE')
  assert.match(error.message, '--databases-like')
})

// ---------------------------------------------------------------------------
// forEachTarget

const fakeTargets = (n: number): FleetTarget[] => Array.from({ length: n }, (_, i) => ({
  name: `t${i}`,
  target: { url: `postgres://h/t${i}`, source: 'targets file', display: `u@h/t${i}`, origin: `t.txt:${i + 1}` },
  origin: `t.txt:${i + 1}`,
}))

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const index = (t: FleetTarget) => Number(t.name.slice(1))

test('forEachTarget never runs more than `concurrency` targets at once, and does reach it', async () => {
  for (const concurrency of [1, 3, 4]) {
    let running = 0
    let most = 0
    const targets = fakeTargets(10)
    const outcomes = await forEachTarget(targets, { concurrency }, async (t) => {
      running++
      most = Math.max(most, running)
      await sleep(2 + (index(t) % 3) * 3)
      running--
      return t.name
    })
    assert.is(most, concurrency, `concurrency ${concurrency}`)
    assert.is(running, 0)
    assert.equal(outcomes.map((o) => o.result), targets.map(() => 'succeeded'))
  }
})

test('forEachTarget gives outcomes in the targets\' order whatever order they finish in', async () => {
  const targets = fakeTargets(5)
  const started: string[] = []
  const finished: string[] = []
  const outcomes = await forEachTarget(targets, { concurrency: 5 }, async (t) => {
    await sleep((5 - index(t)) * 8) // the first finishes last
    return index(t) * 10
  }, { onStart: (t) => started.push(t.name), onFinish: (o) => finished.push(o.target.name) })
  assert.equal(started, ['t0', 't1', 't2', 't3', 't4'])
  assert.equal(finished, ['t4', 't3', 't2', 't1', 't0'])
  assert.equal(outcomes.map((o) => [o.target.name, o.result, o.value]), [['t0', 'succeeded', 0], ['t1', 'succeeded', 10], ['t2', 'succeeded', 20], ['t3', 'succeeded', 30], ['t4', 'succeeded', 40]])
  assert.ok(outcomes[0]!.ms >= outcomes[4]!.ms, `t0 took ${outcomes[0]!.ms} ms, t4 ${outcomes[4]!.ms} ms`)
})

test('a target that throws is failed with its error; the others still run and succeed', async () => {
  const boom = new Error('t2: relation "users" does not exist')
  const ran: string[] = []
  const outcomes = await forEachTarget(fakeTargets(5), { concurrency: 2 }, async (t) => {
    ran.push(t.name)
    await sleep(1)
    if (t.name === 't2') throw boom
    return t.name.toUpperCase()
  })
  assert.equal(ran.sort(), ['t0', 't1', 't2', 't3', 't4'])
  assert.equal(outcomes.map((o) => o.result), ['succeeded', 'succeeded', 'failed', 'succeeded', 'succeeded'])
  assert.is(outcomes[2]!.error, boom)
  assert.is(outcomes[2]!.value, undefined)
  assert.equal(outcomes.filter((o) => o.result === 'succeeded').map((o) => o.value), ['T0', 'T1', 'T3', 'T4'])
  assert.ok(outcomes.every((o) => o.result === 'failed' || o.error === undefined))
})

test('failFast: after the first failure no other target starts; those running finish, the rest are skipped', async () => {
  const started: string[] = []
  const finishedEvents: FleetOutcome<string>[] = []
  const outcomes = await forEachTarget(fakeTargets(7), { concurrency: 2, failFast: true }, async (t) => {
    started.push(t.name)
    if (t.name === 't0') { await sleep(40); return 'slow' }
    await sleep(5)
    if (t.name === 't2') throw new Error('t2 fails')
    return 'quick'
  }, { onFinish: (o) => finishedEvents.push(o) })
  // t0 (slow) and t1 start; t1 finishes and t2 takes its place; t2 fails while t0 still runs.
  assert.equal(started, ['t0', 't1', 't2'])
  assert.equal(outcomes.map((o) => [o.target.name, o.result]), [
    ['t0', 'succeeded'], ['t1', 'succeeded'], ['t2', 'failed'], ['t3', 'skipped'], ['t4', 'skipped'], ['t5', 'skipped'], ['t6', 'skipped'],
  ])
  assert.equal(outcomes.slice(3).map((o) => o.ms), [0, 0, 0, 0])
  assert.equal(finishedEvents.map((o) => o.target.name), ['t1', 't2', 't0'], 'skipped targets get no onFinish')
  // Without failFast, the same failure stops nothing.
  const all = await forEachTarget(fakeTargets(7), { concurrency: 2 }, async (t) => {
    await sleep(1)
    if (t.name === 't2') throw new Error('t2 fails')
    return 'ok'
  })
  assert.equal(all.map((o) => o.result), ['succeeded', 'succeeded', 'failed', 'succeeded', 'succeeded', 'succeeded', 'succeeded'])
})

test('a concurrency larger than the fleet runs every target at once; an empty fleet gives no outcomes', async () => {
  let running = 0
  let most = 0
  const outcomes = await forEachTarget(fakeTargets(3), { concurrency: 16 }, async (t) => {
    running++
    most = Math.max(most, running)
    await sleep(10)
    running--
    return index(t)
  })
  assert.is(most, 3)
  assert.equal(outcomes.map((o) => [o.result, o.value]), [['succeeded', 0], ['succeeded', 1], ['succeeded', 2]])
  let called = 0
  assert.equal(await forEachTarget([], { concurrency: 4 }, async () => { called++ }), [])
  assert.is(called, 0)
})

// ---------------------------------------------------------------------------
// compareFleet, on statuses computed from files and ledger rows as status computes them

const file = (text: string) => ({ path: `migrations/${text}.sql`, text, checksum: `sum:${text}`, directives: { irreversible: null, noTransaction: false } })

function migration(version: string, name: string): Migration {
  return { version, name, id: `${version}_${name}`, up: file(`${version}_${name}.up`), down: file(`${version}_${name}.down`) }
}

function row(m: Migration, at: number, changes: Partial<LedgerRow> = {}): LedgerRow {
  return { version: m.version, name: m.name, upChecksum: m.up.checksum, downChecksum: m.down.checksum, appliedAt: new Date(at), executionMs: 1, appliedBy: 'test', method: 'run', ...changes }
}

const progress = (m: Migration, direction: 'up' | 'down', done: number, total: number): ProgressRow =>
  ({ version: m.version, direction, checksum: m.up.checksum, statementsTotal: total, statementsDone: done, statementChecksums: [], startedAt: new Date(0), lastError: null })

const v1 = migration('20240101_001', 'users')
const v2 = migration('20240102_001', 'orders')
const v3 = migration('20240103_001', 'invoices')
/** Applied on some target, its files since deleted from the folder (or from a newer branch). */
const ghost = migration('20240104_001', 'refunds')
const folder = [v1, v2, v3]
const status = (rows: LedgerRow[], partial: ProgressRow[] = []) => computeStatus(folder, rows, partial)

const upToDate = () => status([row(v1, 1), row(v2, 2), row(v3, 3)])
const flagsOf = (t: { flags: readonly { kind: string; versions: readonly string[]; text: string }[] }) => t.flags.map((f) => [f.kind, f.versions, f.text])

test('compareFleet: targets at the folder\'s newest version have no flags and no disagreements', () => {
  const fleet = compareFleet([upToDate(), upToDate(), upToDate()])
  for (const t of fleet.targets) {
    assert.is(t.version, v3.version)
    assert.equal(t.applied, [v1.version, v2.version, v3.version])
    assert.equal(t.pending, [])
    assert.equal(t.flags, [])
  }
  assert.equal(fleet.disagreements, [])
})

test('compareFleet: a target behind the folder is flagged with how many are pending and to which version', () => {
  const fleet = compareFleet([upToDate(), status([row(v1, 1)]), status([])])
  assert.equal(flagsOf(fleet.targets[0]!), [])
  assert.equal(fleet.targets[1]!.version, v1.version)
  assert.equal(fleet.targets[1]!.pending, [v2.version, v3.version])
  assert.equal(flagsOf(fleet.targets[1]!), [['behind', [v2.version, v3.version], 'behind: 2 pending (to 20240103_001)']])
  assert.is(fleet.targets[2]!.version, null)
  assert.equal(flagsOf(fleet.targets[2]!), [['behind', [v1.version, v2.version, v3.version], 'behind: 3 pending (to 20240103_001)']])
  assert.equal(fleet.disagreements.map((d) => [d.version, d.name, d.appliedOn, d.lacking]), [
    [v1.version, 'users', [0, 1], [2]],
    [v2.version, 'orders', [0], [1, 2]],
    [v3.version, 'invoices', [0], [1, 2]],
  ])
})

test('compareFleet: a gap is "lacks …" on the target that skipped it and "has …, which N other(s) skipped" on the others', () => {
  const gap = () => status([row(v1, 1), row(v3, 2)])
  const one = compareFleet([upToDate(), gap(), status([row(v1, 1)])])
  assert.equal(one.targets[1]!.pending, [v2.version], 'a skipped version is still pending')
  assert.equal(flagsOf(one.targets[1]!), [['diverged', [v2.version], 'diverged: lacks 20240102_001, older than its newest']])
  assert.equal(flagsOf(one.targets[0]!), [['diverged', [v2.version], 'diverged: has 20240102_001, which 1 other skipped']])
  // Merely behind is not having skipped anything, and not having what another skipped.
  assert.equal(flagsOf(one.targets[2]!), [['behind', [v2.version, v3.version], 'behind: 2 pending (to 20240103_001)']])
  const two = compareFleet([gap(), upToDate(), gap()])
  assert.equal(flagsOf(two.targets[1]!), [['diverged', [v2.version], 'diverged: has 20240102_001, which 2 others skipped']])
  assert.equal(flagsOf(two.targets[0]!), [['diverged', [v2.version], 'diverged: lacks 20240102_001, older than its newest']])
  assert.equal(two.disagreements.map((d) => [d.version, d.appliedOn, d.lacking]), [[v2.version, [1], [0, 2]]])
})

test('compareFleet: a version applied with no file in the folder is "ahead"', () => {
  const ahead = status([row(v1, 1), row(v2, 2), row(v3, 3), row(ghost, 4)])
  assert.is(ahead.at(-1)!.state, 'missing')
  const fleet = compareFleet([upToDate(), ahead])
  assert.is(fleet.targets[1]!.version, ghost.version)
  assert.equal(flagsOf(fleet.targets[1]!), [['ahead', [ghost.version], 'ahead: 20240104_001 applied, not in the folder']])
  assert.equal(flagsOf(fleet.targets[0]!), [])
  assert.equal(fleet.disagreements.map((d) => [d.version, d.name, d.appliedOn, d.lacking]), [[ghost.version, 'refunds', [1], [0]]])
})

test('compareFleet: an applied file edited since is "changed"; one stopped part-way is "partial"', () => {
  const changed = status([row(v1, 1), row({ ...v2, up: file('the old text') }, 2), row(v3, 3)])
  const partial = status([row(v1, 1), row(v2, 2)], [progress(v3, 'up', 2, 5)])
  assert.equal([changed[1]!.state, partial[2]!.state], ['changed', 'partial'])
  const fleet = compareFleet([upToDate(), changed, partial])
  assert.equal(flagsOf(fleet.targets[1]!), [['changed', [v2.version], 'changed: 20240102_001 edited after being applied']])
  assert.equal(fleet.targets[1]!.applied, [v1.version, v2.version, v3.version], 'an edited file is still applied')
  assert.equal(flagsOf(fleet.targets[2]!), [['partial', [v3.version], 'partial: 20240103_001 up stopped after 2 of 5 statements']])
  assert.is(fleet.targets[2]!.version, v2.version)
  assert.equal(fleet.disagreements.map((d) => [d.version, d.appliedOn, d.lacking]), [[v3.version, [0, 1], [2]]])
})

test('compareFleet: an unreachable target (null) has no flags and is left out of every disagreement', () => {
  const fleet = compareFleet([upToDate(), null, status([row(v1, 1)]), null])
  assert.equal(fleet.targets[1], { version: null, applied: [], pending: [], flags: [] })
  assert.equal(fleet.targets[3], { version: null, applied: [], pending: [], flags: [] })
  assert.equal(fleet.disagreements.map((d) => [d.version, d.appliedOn, d.lacking]), [[v2.version, [0], [2]], [v3.version, [0], [2]]])
  // Only unreachable targets, or one reachable among them: nothing to disagree about.
  assert.equal(compareFleet([null, null]).disagreements, [])
  assert.equal(compareFleet([null, status([row(v1, 1)])]).disagreements, [])
  // A gap on a reachable target is still matched by the other reachable ones only.
  const gapped = compareFleet([null, status([row(v1, 1), row(v3, 2)]), upToDate()])
  assert.equal(flagsOf(gapped.targets[2]!), [['diverged', [v2.version], 'diverged: has 20240102_001, which 1 other skipped']])
})

test('compareFleet: a mixed fleet; disagreements are exactly the versions some have applied and others lack, in version order', () => {
  const fleet = compareFleet([
    upToDate(), // 0
    status([row(v1, 1)]), // 1 behind
    status([row(v1, 1), row(v3, 2)]), // 2 gap at v2
    status([row(v1, 1), row(v2, 2), row(v3, 3), row(ghost, 4)]), // 3 ahead
    null, // 4 unreachable
    status([row(v1, 1), row({ ...v2, down: file('edited') }, 2), row(v3, 3)]), // 5 changed
    status([row(v1, 1), row(v2, 2)], [progress(v3, 'up', 1, 3)]), // 6 partial
  ])
  assert.equal(fleet.targets.map((t) => t.flags.map((f) => f.kind)), [
    ['diverged'], ['behind'], ['diverged'], ['ahead', 'diverged'], [], ['diverged', 'changed'], ['diverged', 'partial'],
  ])
  assert.equal(fleet.targets.map((t) => t.version), [v3.version, v1.version, v3.version, ghost.version, null, v3.version, v2.version])
  // v1 is applied on every reachable target: no disagreement.
  assert.equal(fleet.disagreements.map((d) => [d.version, d.appliedOn, d.lacking]), [
    [v2.version, [0, 3, 5, 6], [1, 2]],
    [v3.version, [0, 2, 3, 5], [1, 6]],
    [ghost.version, [3], [0, 1, 2, 5, 6]],
  ])
  for (const d of fleet.disagreements) assert.equal([...d.appliedOn, ...d.lacking].sort(), [0, 1, 2, 3, 5, 6])
  // A version pending everywhere is no disagreement either.
  assert.equal(compareFleet([status([row(v1, 1)]), status([row(v1, 1)])]).disagreements, [])
})

test('maskPassword hides a password that holds a space or a raw @, up to the last @ of the line', () => {
  assert.is(maskPassword('bad URL: postgres://u:my secret@h:bad/db'), 'bad URL: postgres://u:***@h:bad/db')
  assert.is(maskPassword('postgres://u:p@ss@h/db'), 'postgres://u:***@h/db')
  assert.is(maskPassword('postgres://u:pw@h/db\npostgres://v:x@k/db'), 'postgres://u:***@h/db\npostgres://v:***@k/db')
  assert.is(maskPassword('postgres://u@h/db'), 'postgres://u@h/db')
})

test('the same database with and without its default port is listed twice', () => {
  try {
    parseTargets('postgres://a@h/db\npostgres://b@h:5432/db\n', 't.txt', {})
    assert.unreachable('a duplicate was let through')
  } catch (error) {
    assert.instance(error, UsageError)
    assert.is((error as UsageError).code, 'DUPLICATE_TARGET')
    assert.match((error as UsageError).message, 't.txt:2')
  }
  assert.equal(parseTargets('postgres://a@h/db\npostgres://a@h:5433/db\n', 't.txt', {}).map((t) => t.name), ['h/db', 'h:5433/db'])
})

test.run()
