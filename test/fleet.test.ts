// Fleet apply on a real server: many databases through one command, one
// failing migration, one held lock and one unreachable URL among them; a
// second run resumes; two runs racing apply each migration once per target.
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { lockKeyOf } from '../src/engine/lock.ts'
import { freshDatabase, type FreshDatabase } from './helpers/database.ts'
import { cli, tempProject, type Project } from './helpers/project.ts'

const MIGRATIONS = [
  ['20240101_001', 'accounts', 'create table accounts (id int primary key);', 'drop table accounts;'],
  ['20240101_002', 'invoices', 'create table invoices (id int primary key, account int references accounts);', 'drop table invoices;'],
  ['20240101_003', 'invoice_total', 'alter table invoices add column total numeric not null default 0;', 'alter table invoices drop column total;'],
] as const
const NEWEST = MIGRATIONS.at(-1)![0]

interface Fleet {
  readonly dbs: FreshDatabase[]
  readonly project: Project
  /** A targets file of the databases (and `extra` lines), written to the project. */
  targets(extra?: readonly string[]): Promise<string>
  drop(): Promise<void>
}

async function fleet(size: number, prefix = 'pgstrata_fleet'): Promise<Fleet> {
  const [project, ...dbs] = await Promise.all([tempProject(), ...Array.from({ length: size }, () => freshDatabase(prefix))])
  for (const [version, name, up, down] of MIGRATIONS) await project!.write(version, name, `${up}\n`, `${down}\n`)
  const list = dbs as FreshDatabase[]
  return {
    dbs: list,
    project: project as Project,
    targets: async (extra = []) => {
      const file = path.join((project as Project).dir, 'targets.txt')
      await writeFile(file, ['# the tenants', ...list.map((db) => db.url), ...extra, ''].join('\n'))
      return file
    },
    drop: async () => { await Promise.all([...list.map((db) => db.drop()), (project as Project).remove()]) },
  }
}

async function ledgerVersions(db: FreshDatabase): Promise<string[]> {
  const exists = await db.sql`select to_regclass('public.pgstrata_migrations') is not null as e`
  if (!exists[0]!.e) return []
  return (await db.sql<{ version: string }[]>`select version from pgstrata_migrations order by version`).map((r) => r.version)
}

interface TargetRow {
  target: string
  result: string
  before: string | null
  after: string | null
  applied: number
  migrations: string[]
  error?: { code: string; message: string }
}

test('up --targets: 20 targets, one failing migration, one held lock, one unreachable; the rest at the newest version once; a rerun resumes', async () => {
  const f = await fleet(19)
  const lockHolder = f.dbs[6]!
  const failing = f.dbs[4]!
  try {
    // 002 fails on one tenant: its table already exists there.
    await failing.sql`create table invoices (id int)`
    const { key } = lockKeyOf('"public"."pgstrata_migrations"')
    await lockHolder.sql.reserve().then(async (held) => {
      await held.unsafe(`select pg_advisory_lock(${key})`)
      try {
        const file = await f.targets(['postgres://postgres:s3cret@127.0.0.1:1/nowhere  # unreachable'])
        const run = await cli(['up', '--targets', file, '--json', '--lock-wait', '1', '--concurrency', '6'], { cwd: f.project.dir })
        assert.is(run.code, 1, run.stderr)
        assert.not.match(run.stdout + run.stderr, 's3cret')
        const doc = JSON.parse(run.stdout) as { ok: boolean; error: { code: string }; counts: Record<string, number>; targets: TargetRow[] }
        assert.is(doc.ok, false)
        assert.is(doc.error.code, 'FLEET_FAILED')
        assert.equal(doc.counts, { total: 20, succeeded: 17, failed: 3, skipped: 0 })
        assert.is(doc.targets.length, 20)
        const byName = new Map(doc.targets.map((t) => [t.target, t]))
        const failed = byName.get(failing.name)!
        assert.is(failed.result, 'failed')
        assert.is(failed.before, null)
        assert.is(failed.after, MIGRATIONS[0][0], 'the first migration stays applied; the second failed')
        assert.is(failed.applied, 1)
        assert.match(failed.error!.message, 'invoices')
        assert.is(byName.get(lockHolder.name)!.result, 'failed')
        assert.is(byName.get(lockHolder.name)!.error!.code, 'LOCK_TIMEOUT')
        assert.is(byName.get('nowhere')!.error!.code, 'CONNECTION_FAILED')
        for (const db of f.dbs.filter((d) => d !== failing && d !== lockHolder)) {
          const row = byName.get(db.name)!
          assert.is(row.result, 'succeeded', db.name)
          assert.equal([row.before, row.after, row.applied], [null, NEWEST, 3])
          assert.equal(await ledgerVersions(db), MIGRATIONS.map((m) => m[0]))
        }
        assert.equal(await ledgerVersions(lockHolder), [])
      } finally {
        await held.unsafe(`select pg_advisory_unlock(${key})`)
        held.release()
      }
    })
    // Fixed: the rerun applies what the failed ones lack and nothing to the rest.
    await failing.sql`drop table invoices`
    const file = await f.targets()
    const again = await cli(['up', '--targets', file], { cwd: f.project.dir })
    assert.is(again.code, 0, again.stderr)
    assert.match(again.stdout, /target\s+before → after\s+applied\s+duration\s+result\s+error/)
    assert.match(again.stdout, new RegExp(`${failing.name}\\s+20240101_001 → ${NEWEST}\\s+2\\s+\\S+ m?s\\s+succeeded`))
    assert.match(again.stdout, new RegExp(`${lockHolder.name}\\s+base → ${NEWEST}\\s+3\\s`))
    assert.match(again.stdout, new RegExp(`${f.dbs[0]!.name}\\s+${NEWEST} → ${NEWEST}\\s+0\\s`))
    assert.match(again.stdout, 'up: 19 targets: 19 succeeded, 0 failed')
    // Piped: a line per finished target on stderr.
    assert.is(again.stderr.split('\n').filter((l) => /^ {2}ok {6}pgstrata_fleet_/.test(l)).length, 19)
    for (const db of f.dbs) assert.equal(await ledgerVersions(db), MIGRATIONS.map((m) => m[0]), db.name)
  } finally {
    await f.drop()
  }
})

test('two fleet runs racing over the same targets apply each migration once per target', async () => {
  const f = await fleet(8)
  try {
    const file = await f.targets()
    const runs = await Promise.all([1, 2].map(() => cli(['up', '--targets', file, '--json', '--concurrency', '4'], { cwd: f.project.dir })))
    for (const run of runs) assert.is(run.code, 0, run.stderr)
    const docs = runs.map((run) => JSON.parse(run.stdout) as { targets: TargetRow[] })
    for (const db of f.dbs) {
      const applied = docs.map((d) => d.targets.find((t) => t.target === db.name)!.applied)
      assert.is(applied[0]! + applied[1]!, 3, `${db.name}: ${applied.join(' + ')}`)
      assert.equal(await ledgerVersions(db), MIGRATIONS.map((m) => m[0]))
      const log = await db.sql`select count(*)::int as n from pgstrata_migrations_log where event = 'up'`
      assert.is(log[0]!.n, 3)
    }
  } finally {
    await f.drop()
  }
})

test('status --targets: versions side by side, behind and diverged flagged; check --targets finds drift on one target', async () => {
  const f = await fleet(3)
  const [current, behind, gapped] = f.dbs as [FreshDatabase, FreshDatabase, FreshDatabase]
  try {
    const one = (db: FreshDatabase, ...args: string[]) => cli(['up', '--url', db.url, ...args], { cwd: f.project.dir })
    assert.is((await one(current)).code, 0)
    assert.is((await one(behind, '--to', '20240101_001')).code, 0)
    // The gap: 001 and 003 applied, 002 not (003 works without it here).
    await gapped.sql`create table invoices (id int primary key)`
    await f.project.write('20240101_002', 'invoices', 'select 1;\n', 'select 1;\n')
    assert.is((await one(gapped, '--to', '20240101_001')).code, 0)
    await f.project.write('20240101_002', 'invoices', `${MIGRATIONS[1][2]}\n`, `${MIGRATIONS[1][3]}\n`)
    const folder = f.project.migrations
    const skipped = path.join(f.project.dir, 'without-002')
    await f.project.writeFile('without-002/20240101_001_accounts.up.sql', `${MIGRATIONS[0][2]}\n`)
    await f.project.writeFile('without-002/20240101_001_accounts.down.sql', `${MIGRATIONS[0][3]}\n`)
    await f.project.writeFile('without-002/20240101_003_invoice_total.up.sql', `${MIGRATIONS[2][2]}\n`)
    await f.project.writeFile('without-002/20240101_003_invoice_total.down.sql', `${MIGRATIONS[2][3]}\n`)
    assert.is((await one(gapped, '--migrations', skipped)).code, 0)
    const file = await f.targets()
    const status = await cli(['status', '--targets', file, '--migrations', folder], { cwd: f.project.dir })
    assert.is(status.code, 0, status.stderr)
    assert.match(status.stdout, new RegExp(`${current.name}\\s+${NEWEST}\\s+3\\s+0\\s+diverged: has 20240101_002, which 1 other skipped`))
    assert.match(status.stdout, new RegExp(`${behind.name}\\s+20240101_001\\s+1\\s+2\\s+behind: 2 pending \\(to ${NEWEST}\\)`))
    assert.match(status.stdout, new RegExp(`${gapped.name}\\s+${NEWEST}\\s+2\\s+1\\s+diverged: lacks 20240101_002, older than its newest`))
    assert.match(status.stdout, /versions the targets disagree on:[\s\S]*20240101_002\s+invoices\s+1 of 3/)
    const json = JSON.parse((await cli(['status', '--targets', file, '--json'], { cwd: f.project.dir })).stdout) as {
      targets: { target: string; version: string; pending: string[]; flags: { kind: string }[] }[]; disagreements: { version: string; lacking: string[] }[]
    }
    assert.equal(json.targets.map((t) => t.flags.map((x) => x.kind)), [['diverged'], ['behind'], ['diverged']])
    assert.equal(json.disagreements.map((d) => [d.version, d.lacking.length]), [['20240101_002', 2], ['20240101_003', 1]])

    // check: the current one drifts (a column added by hand); the others are only behind or gapped.
    await current.sql`alter table accounts add column note text`
    const checked = await cli(['check', '--targets', file, '--concurrency', '2'], { cwd: f.project.dir })
    assert.is(checked.code, 1, checked.stderr)
    assert.match(checked.stdout, new RegExp(`${current.name}:\\n {2}DRIFT {2}${current.name}: its schema is not what its 3 applied migrations make`))
    assert.match(checked.stdout, new RegExp(`${gapped.name}:\\n {2}OUT_OF_ORDER`))
    assert.match(checked.stdout, new RegExp(`${current.name}\\s+ok\\s+failed`))
    assert.match(checked.stdout, new RegExp(`${behind.name}\\s+ok\\s+ok`))
  } finally {
    await f.drop()
  }
})

test('--databases-like and down --targets; usage errors say what is wrong', async () => {
  const prefix = `pgstrata_fl${randomBytes(3).toString('hex')}`
  const f = await fleet(3, prefix)
  try {
    const server = new URL(f.dbs[0]!.url)
    server.pathname = '/postgres'
    const up = await cli(['up', '--databases-like', `${prefix}%`, '--url', server.href, '--json'], { cwd: f.project.dir })
    assert.is(up.code, 0, up.stderr)
    const names = (JSON.parse(up.stdout) as { targets: TargetRow[] }).targets.map((t) => t.target)
    assert.equal(names, f.dbs.map((d) => d.name).sort(), 'every database of the prefix, by name')
    const file = await f.targets()
    const down = await cli(['down', '--targets', file, '--step', '2', '--json'], { cwd: f.project.dir })
    assert.is(down.code, 0, down.stderr)
    const doc = JSON.parse(down.stdout) as { targets: (TargetRow & { reverted: number })[] }
    assert.equal(doc.targets.map((t) => [t.before, t.after, t.reverted]), f.dbs.map(() => [NEWEST, '20240101_001', 2]))
    for (const db of f.dbs) assert.equal(await ledgerVersions(db), ['20240101_001'])

    const none = await cli(['up', '--databases-like', 'no_such_database_%', '--url', server.href], { cwd: f.project.dir })
    assert.is(none.code, 2)
    assert.match(none.stderr, 'NO_TARGETS')
    const both = await cli(['up', '--targets', file, '--url', server.href], { cwd: f.project.dir })
    assert.is(both.code, 2)
    assert.match(both.stderr, '--targets and --url')
    const alone = await cli(['up', '--url', f.dbs[0]!.url, '--concurrency', '2'], { cwd: f.project.dir })
    assert.is(alone.code, 2)
    assert.match(alone.stderr, '--concurrency and --fail-fast are for a fleet')
    await writeFile(file, `${f.dbs[0]!.url}\npostgres://u:pw@h/\${NOT_SET_ANYWHERE}\n`)
    const unset = await cli(['status', '--targets', file], { cwd: f.project.dir })
    assert.is(unset.code, 2)
    assert.match(unset.stderr, `targets.txt:2: the environment variable NOT_SET_ANYWHERE is not set`)
  } finally {
    await f.drop()
  }
})

test('config targets: pgstrata.config.json lists the fleet, $VARIABLES expanded; --url still runs on one database', async () => {
  const f = await fleet(2)
  try {
    await f.project.writeFile('pgstrata.config.json', JSON.stringify({ targets: [f.dbs[0]!.url, '${SECOND_TENANT}'] }))
    const run = await cli(['up', '--json'], { cwd: f.project.dir, env: { SECOND_TENANT: f.dbs[1]!.url } })
    assert.is(run.code, 0, run.stderr)
    assert.match(run.stderr, '2 targets from pgstrata.config.json')
    assert.equal((JSON.parse(run.stdout) as { targets: TargetRow[] }).targets.map((t) => t.applied), [3, 3])
    const single = await cli(['status', '--url', f.dbs[0]!.url], { cwd: f.project.dir })
    assert.is(single.code, 0, single.stderr)
    assert.match(single.stdout, 'database:')
  } finally {
    await f.drop()
  }
})

test.run()
