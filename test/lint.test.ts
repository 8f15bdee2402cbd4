import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type postgres from 'postgres'
import * as runner from '../src/engine/runner.ts'
import { PgstrataError } from '../src/errors.ts'
import { lintFiles, type Finding, type LintReport, type RuleId } from '../src/lint/index.ts'
import type { LockMode } from '../src/lint/locks.ts'
import { cli, runnerConfigFor, tempProject, withProject } from './helpers/project.ts'

const lint = (text: string, lockTimeout = '5s'): Promise<LintReport> => lintFiles([{ path: 'm.up.sql', text }], { lockTimeout })
const rulesOf = (report: LintReport) => report.findings.map((f) => f.rule)
const show = (report: LintReport) => report.findings.map((f) => `${f.line}:${f.column} ${f.rule}: ${f.message}`).join('\n')

async function lintError(text: string): Promise<PgstrataError> {
  try {
    await lint(text)
  } catch (error) {
    if (error instanceof PgstrataError) return error
    throw error
  }
  throw new Error('expected lint to refuse the file')
}

// An application's tables, with rows, as a migration finds them.
const SETUP = `
  create type mood as enum ('happy', 'sad');
  create table customers (id bigint primary key);
  create table orders (id bigint primary key, customer_id bigint, quantity integer, total numeric(10,2), note varchar(20), status text);
  insert into customers select g from generate_series(1, 200) g;
  insert into orders select g, g, g, g, 'n' || g, 'open' from generate_series(1, 200) g;
  create table people (id int primary key, mood mood);
  insert into people values (1, 'happy');
`

/** pg_locks spells modes as `AccessExclusiveLock`. */
const pgLockName = (mode: LockMode) => `${mode.toLowerCase().replace(/(^| )(\w)/g, (_, __, c: string) => c.toUpperCase())}Lock`

interface Held {
  readonly modes: Record<string, string[]>
  readonly rewritten: boolean
}

/** Runs `sql` in a transaction that is rolled back, and reports the locks it held on `relations` and whether it rewrote orders. */
async function during(sql: postgres.Sql, text: string, relations: readonly string[]): Promise<Held> {
  const conn = await sql.reserve()
  try {
    const filenode = async () => (await conn.unsafe(`select pg_relation_filenode('orders') as n`))[0]!.n as string
    const before = await filenode()
    await conn.unsafe('begin')
    await conn.unsafe(text)
    const modes: Record<string, string[]> = {}
    for (const relation of relations) {
      const rows = await conn.unsafe('select mode from pg_locks where locktype = \'relation\' and relation = $1::regclass and pid = pg_backend_pid()', [relation])
      modes[relation] = rows.map((r) => r.mode as string)
    }
    return { modes, rewritten: (await filenode()) !== before }
  } finally {
    await conn.unsafe('rollback').catch(() => {})
    conn.release()
  }
}

const filenodeOf = async (sql: postgres.Sql) => (await sql`select pg_relation_filenode('orders') as n`)[0]!.n as string

interface RuleCase {
  readonly rule: RuleId
  readonly bad: string
  /** The lock the finding names, checked in pg_locks while the bad SQL runs (on orders unless said). */
  readonly locked?: readonly string[]
  /** The bad SQL rewrites orders (a new relfilenode). */
  readonly rewrites?: boolean
  /** The safe alternative: no findings, and it runs with the runner. */
  readonly good: string
  readonly lockTimeout?: string
  /** After the good migration ran. */
  readonly afterGood?: (sql: postgres.Sql) => Promise<void>
}

const CASES: RuleCase[] = [
  {
    rule: 'index-not-concurrent',
    bad: 'create index orders_total_idx on orders (total);',
    locked: ['orders'],
    good: 'create index concurrently if not exists orders_total_idx on orders (total);',
  },
  {
    rule: 'add-unique-constraint',
    bad: 'alter table orders add constraint orders_note_key unique (note);',
    locked: ['orders'],
    good: 'create unique index concurrently if not exists orders_note_key on orders (note);\n\nalter table orders add constraint orders_note_key unique using index orders_note_key;',
  },
  {
    rule: 'fk-not-valid',
    bad: 'alter table orders add constraint orders_customer_fkey foreign key (customer_id) references customers (id);',
    locked: ['orders', 'customers'],
    good: 'alter table orders add constraint orders_customer_fkey foreign key (customer_id) references customers (id) not valid;\n' +
      '-- pgstrata:commit validate in a transaction of its own\n' +
      'alter table orders validate constraint orders_customer_fkey;',
  },
  {
    rule: 'check-not-valid',
    bad: 'alter table orders add constraint orders_total_positive check (total > 0);',
    locked: ['orders'],
    good: 'alter table orders add constraint orders_total_positive check (total > 0) not valid;\n' +
      '-- pgstrata:commit\n' +
      'alter table orders validate constraint orders_total_positive;',
  },
  {
    rule: 'set-not-null',
    bad: 'alter table orders alter column status set not null;',
    locked: ['orders'],
    good: 'alter table orders add constraint orders_status_not_null check (status is not null) not valid;\n' +
      '-- pgstrata:commit\n' +
      'alter table orders validate constraint orders_status_not_null;\n' +
      'alter table orders alter column status set not null;\n' +
      'alter table orders drop constraint orders_status_not_null;',
    afterGood: async (sql) => {
      const [row] = await sql`select attnotnull from pg_attribute where attrelid = 'orders'::regclass and attname = 'status'`
      assert.is(row!.attnotnull, true)
    },
  },
  {
    rule: 'column-type-rewrite',
    bad: 'alter table orders alter column quantity type bigint;',
    locked: ['orders'],
    rewrites: true,
    good: 'alter table orders add column quantity_wide bigint;',
  },
  {
    rule: 'volatile-default',
    bad: 'alter table orders add column token uuid default gen_random_uuid();',
    locked: ['orders'],
    rewrites: true,
    // now() is STABLE: stored once in the catalog, no rewrite.
    good: 'alter table orders add column token uuid;\nalter table orders alter column token set default gen_random_uuid();\nalter table orders add column created_at timestamptz default now();',
  },
  {
    rule: 'rename',
    bad: 'alter table orders rename column note to remark;',
    locked: ['orders'],
    good: 'alter table orders add column remark varchar(20);',
  },
  {
    rule: 'drop',
    bad: 'alter table orders drop column note;',
    locked: ['orders'],
    good: '-- pgstrata:allow drop release 41 stopped reading and writing orders.note\nalter table orders drop column note;',
  },
  {
    rule: 'lock-timeout',
    lockTimeout: '0',
    bad: 'alter table orders add column remark text;',
    locked: ['orders'],
    good: "set local lock_timeout = '2s';\nalter table orders add column remark text;",
  },
  {
    rule: 'enum-value-same-transaction',
    bad: "alter type mood add value 'meh';\nupdate people set mood = 'meh' where id = 1;",
    good: "alter type mood add value 'meh';\n-- pgstrata:commit new enum values must be committed before they can be used\nupdate people set mood = 'meh' where id = 1;",
    afterGood: async (sql) => {
      assert.equal((await sql`select mood::text from people`).map((r) => r.mood), ['meh'])
    },
  },
]

for (const c of CASES) {
  test(`${c.rule}: the dangerous statement is reported with its lock, and the safe alternative lints clean and runs`, () => withProject(async (db, project) => {
    const bad = await lint(c.bad, c.lockTimeout)
    const finding = bad.findings.find((f) => f.rule === c.rule)
    assert.ok(finding, `no ${c.rule} finding in:\n${show(bad)}`)
    assert.is(finding.file, 'm.up.sql')
    assert.ok(finding.line >= 1 && finding.column >= 1)
    assert.ok(finding.message.length > 0 && finding.advice.length > 0)
    const good = await lint(c.good, c.lockTimeout)
    assert.equal(good.findings, [], `the safe alternative has findings:\n${show(good)}`)

    await db.sql.unsafe(SETUP)
    if (c.locked) {
      const held = await during(db.sql, c.bad, c.locked)
      for (const relation of c.locked) assert.ok(held.modes[relation]!.includes(pgLockName(finding.lock!)), `${relation}: ${finding.lock} not among ${held.modes[relation]!.join(', ')}`)
      assert.is(held.rewritten, c.rewrites ?? false, 'rewrite of orders')
    }
    const before = await filenodeOf(db.sql)
    await project.write('20240101_001', 'safe', c.good)
    const result = await runner.up(runnerConfigFor(db.url, project.migrations, { lockTimeout: c.lockTimeout ?? '5s' }))
    assert.is(result.applied.length, 1)
    assert.is(await filenodeOf(db.sql), before, 'the safe alternative rewrote orders')
    await c.afterGood?.(db.sql)
  }))
}

test('enum-value-same-transaction: the reported file really fails with 55P04 when run', () => withProject(async (db, project) => {
  await db.sql.unsafe(SETUP)
  const text = "alter type mood add value 'meh';\nupdate people set mood = 'meh'::mood where id = 1;"
  const report = await lint(text)
  assert.equal(report.findings.map((f) => `${f.line}:${f.column} ${f.rule}`), ['2:31 enum-value-same-transaction'])
  await project.write('20240101_001', 'enum', text)
  const result = await cli(['up', '--json'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, '55P04')
}))

test('lock-timeout: the advice works on a real server: a blocked ALTER gives up after its lock_timeout instead of queueing', () => withProject(async (db, project) => {
  await db.sql.unsafe(SETUP)
  const text = "set local lock_timeout = '200ms';\nalter table orders add column remark text;"
  assert.equal((await lint(text, '0')).findings, [])
  const blocker = await db.sql.reserve()
  try {
    await blocker.unsafe('begin; select count(*) from orders')
    await project.write('20240101_001', 'remark', text)
    const started = performance.now()
    const result = await cli(['up', '--lock-timeout', '0', '--lock-retries', '0'], { cwd: project.dir, url: db.url })
    assert.is(result.code, 1, result.stderr)
    assert.match(result.stderr, '55P03')
    assert.ok(performance.now() - started < 20_000)
  } finally {
    await blocker.unsafe('rollback')
    blocker.release()
  }
  assert.is((await cli(['up', '--lock-timeout', '0'], { cwd: project.dir, url: db.url })).code, 0)
}))

test('lock-timeout: lock_timeout turned off in the file, and statements outside a transaction, are reported', async () => {
  const off = await lint("set lock_timeout = 0;\nalter table orders add column remark text;")
  assert.equal(off.findings.map((f) => `${f.line} ${f.rule} ${f.lock}`), ['2 lock-timeout ACCESS EXCLUSIVE'])
  assert.match(off.findings[0]!.message, 'set to 0 on line 1')
  // VACUUM runs outside a transaction, where the runner sets no lock_timeout.
  const vacuum = await lint('vacuum full orders;')
  assert.equal(rulesOf(vacuum), ['lock-timeout'])
  assert.equal(rulesOf(await lint("set lock_timeout = '3s';\nvacuum full orders;")), [])
  // A SHARE UPDATE EXCLUSIVE wait does not stop reads or writes.
  assert.equal(rulesOf(await lint('create index concurrently if not exists i on orders (total);', '0')), [])
})

test('a table created earlier in the linted files is new: indexing, constraining or dropping it is fine', async () => {
  const created = 'create table fresh (id int, name text);'
  const later = 'create index on fresh (name);\nalter table fresh add constraint fresh_name check (name <> \'\'), alter column name set not null, alter column id type bigint;\ndrop table fresh;'
  const together = await lintFiles([{ path: 'a.up.sql', text: created }, { path: 'b.up.sql', text: later }], { lockTimeout: '5s' })
  assert.equal(together.findings, [])
  const alone = await lintFiles([{ path: 'b.up.sql', text: later }], { lockTimeout: '5s' })
  assert.equal(rulesOf(alone), ['index-not-concurrent', 'set-not-null', 'check-not-valid', 'column-type-rewrite', 'drop'])
})

test('column-type-rewrite: a widening of a column whose type the files show is free, and proven so on the server', () => withProject(async (db) => {
  const files = [
    { path: 'a.up.sql', text: 'alter table orders add column code varchar(10), add column amount numeric(8,2);' },
    { path: 'b.up.sql', text: 'alter table orders alter column code type varchar(40), alter column amount type numeric(12,2);\nalter table orders alter column code type text;' },
  ]
  assert.equal((await lintFiles(files, { lockTimeout: '5s' })).findings, [])
  const narrowing = await lintFiles([files[0]!, { path: 'c.up.sql', text: 'alter table orders alter column code type varchar(5), alter column amount type numeric(12,4);' }], { lockTimeout: '5s' })
  assert.equal(narrowing.findings.map((f) => `${f.severity} ${f.message.split(' on ')[0]}`), [
    'error ALTER COLUMN code TYPE varchar(5)', 'error ALTER COLUMN amount TYPE numeric(12,4)',
  ])
  await db.sql.unsafe(SETUP)
  await db.sql.unsafe(files[0]!.text)
  const before = await filenodeOf(db.sql)
  await db.sql.unsafe(files[1]!.text)
  assert.is(await filenodeOf(db.sql), before)
}))

test('column-type-rewrite: with the old type out of sight, a change that may be a widening is a warning, and USING is an error', async () => {
  const report = await lint('alter table orders alter column note type varchar(40);\nalter table orders alter column note type text using upper(note);')
  assert.equal(report.findings.map((f) => `${f.severity} ${f.rule}`), ['warning column-type-rewrite', 'error column-type-rewrite'])
})

test('volatile-default: serial, identity and stored generated columns fill every row too; constant and stable defaults do not', async () => {
  const bad = await lint([
    'alter table orders add column n bigserial;',
    'alter table orders add column m int generated always as identity;',
    'alter table orders add column t numeric generated always as (total * 2) stored;',
    'alter table orders add column r float8 default (random() * 10)::int;',
  ].join('\n'))
  assert.equal(bad.findings.map((f) => `${f.line} ${f.rule}`), ['1 volatile-default', '2 volatile-default', '3 volatile-default', '4 volatile-default'])
  assert.equal(rulesOf(await lint("alter table orders add column a int default 0 not null, add column b timestamptz default now(), add column c text default 'x' || current_user;")), [])
})

test('fk-not-valid and check-not-valid: validating in the transaction that added the constraint is reported at the VALIDATE', async () => {
  const report = await lint([
    'alter table orders add constraint f foreign key (customer_id) references customers (id) not valid;',
    'alter table orders validate constraint f;',
    'alter table orders add constraint c check (total > 0) not valid;',
    'alter table orders validate constraint c;',
  ].join('\n'))
  assert.equal(report.findings.map((f) => `${f.line} ${f.rule}`), ['2 fk-not-valid', '4 check-not-valid'])
})

test('rename and drop: tables, views and columns running code may use', async () => {
  const report = await lint('alter table orders rename to purchases;\nalter view v rename to w;\ndrop table customers, orders;\ndrop view v;\nalter index orders_pkey rename to orders_pk;')
  assert.equal(report.findings.map((f) => `${f.line} ${f.rule}`), ['1 rename', '2 rename', '3 drop', '4 drop'])
  assert.match(report.findings[2]!.message, 'DROP TABLE customers, orders')
})

test('positions point at the node, in characters, also after non-ASCII text', async () => {
  const report = await lint("-- Überblick: café\nalter table orders add column a int, add constraint orders_a check (a > 0);")
  assert.equal(report.findings.map((f) => `${f.line}:${f.column} ${f.rule}`), ['2:42 check-not-valid'])
})

test('-- pgstrata:allow silences one rule for the next statement only, keeping the reason', async () => {
  const report = await lint([
    '-- pgstrata:allow index-not-concurrent orders has 12 rows; a SHARE lock for a moment is fine',
    'create index a on orders (total);',
    'create index b on orders (note);',
    '-- pgstrata:allow drop nothing reads it',
    'create index c on orders (status);',
  ].join('\n'))
  assert.equal(report.findings.map((f) => `${f.line} ${f.rule}`), ['3 index-not-concurrent', '4 unused-allow', '5 index-not-concurrent'])
  assert.equal(report.allowed.map((f) => `${f.line} ${f.rule}: ${f.reason}`), ['2 index-not-concurrent: orders has 12 rows; a SHARE lock for a moment is fine'])
})

test('malformed and misplaced directives stop lint with every problem listed', async () => {
  const error = await lintError([
    '-- pgstrata:allow drop',
    '-- pgstrata:allow drop-table because',
    '-- pgstrata:allow',
    '-- pgstrata:alow drop because',
    'select 1; -- pgstrata:allow drop trailing',
    '-- pgstrata:no-transaction',
    'select 2;',
    '-- pgstrata:allow drop after everything',
  ].join('\n'))
  assert.is(error.code, 'BAD_DIRECTIVE')
  assert.is(error.exitCode, 2)
  assert.equal(error.context.map((line) => line.split(': ')[0]), ['m.up.sql:1', 'm.up.sql:2', 'm.up.sql:3', 'm.up.sql:4', 'm.up.sql:5', 'm.up.sql:6', 'm.up.sql:8'])
  assert.match(error.context[0]!, 'needs a reason')
  assert.match(error.context[1]!, 'drop-table: no such rule')
  assert.match(error.context[3]!, 'unknown directive pgstrata:alow')
})

test('a directive-like line inside a string or a function body is not a directive', async () => {
  const report = await lint("create function f() returns text language sql as $$\n-- pgstrata:allow nonsense\nselect 'x'\n$$;\nselect '\n-- pgstrata:whatever\n';")
  assert.equal(report.findings, [])
})

test('the runner applies files holding -- pgstrata:allow lines, at the top and between statements', () => withProject(async (db, project) => {
  await db.sql.unsafe(SETUP)
  await project.write('20240101_001', 'allowed',
    '-- pgstrata:allow index-not-concurrent orders is small\ncreate index orders_status_idx on orders (status);\n\n-- pgstrata:allow drop nothing reads note since release 41\nalter table orders drop column note;\n')
  const result = await runner.up(runnerConfigFor(db.url, project.migrations))
  assert.equal(result.applied.map((a) => a.id), ['20240101_001_allowed'])
  assert.equal((await db.sql`select count(*)::int as n from pg_indexes where indexname = 'orders_status_idx'`)[0]!.n, 1)
}))

// The example project's users, tightened: a NOT NULL, a check, a self-reference and an index on a table with rows.
const tightenedUsers = (schema: string) => schema
  .replace("isActive: boolean('is_active'),", "isActive: boolean('is_active').notNull(),")
  .replace("updatedAt: timestamptz('updated_at').default(sql`now()`),", "updatedAt: timestamptz('updated_at').default(sql`now()`),\n  invitedBy: uuid('invited_by').references((): Column => users.id),")
  .replace(/^import \{ (.*) \} from 'pgstrata'$/m, "import { $1, check, index, type Column } from 'pgstrata'")
  .replace(/\n\}\)\n$/, "\n}, (t) => [index('users_active_idx').on(t.isActive), check('users_email_not_blank', sql`${t.email} <> ''`)])\n")

test('what create --online writes lints clean; the plain SQL for the same change has a finding per step', () => withProject(async (db, project) => {
  await project.copyFromRepo('migrations')
  await project.copyFromRepo('schema')
  const run = (...args: string[]) => cli(args, { cwd: project.dir, url: db.url })
  assert.is((await run('up')).code, 0)
  await db.sql.unsafe("insert into users (email, is_active) values ('a@example.com', true)")
  const { readFile } = await import('node:fs/promises')
  const schema = await readFile(`${project.dir}/schema/users.ts`, 'utf8')
  assert.is.not(tightenedUsers(schema), schema)
  await project.writeFile('schema/users.ts', tightenedUsers(schema))
  const plain = await run('diff', '--from', db.url, '--to', 'schema')
  assert.is(plain.code, 0, plain.stderr)
  await project.writeFile('plain.sql', plain.stdout)
  const plainLint = await run('lint', 'plain.sql', '--json')
  assert.is(plainLint.code, 1, plainLint.stderr)
  assert.equal((JSON.parse(plainLint.stdout) as { findings: Finding[] }).findings.map((f) => f.rule).sort(), ['check-not-valid', 'fk-not-valid', 'index-not-concurrent', 'set-not-null'])
  assert.is((await run('create', 'tighten users', '--online')).code, 0)
  const online = await run('lint')
  assert.is(online.code, 0, online.stdout + online.stderr)
  assert.match(online.stdout, 'no findings in 2 files')
}, { dsl: true }))

test('CLI: given files are linted without a database: exit 0 clean, 1 with findings (one JSON document), 2 for bad input', async () => {
  const project = await tempProject()
  try {
    await project.writeFile('clean.sql', 'create table t (id int);\ncreate index on t (id);\n')
    await project.writeFile('risky.sql', 'create index on orders (total);\nalter table orders drop column note;\n')
    await project.writeFile('broken.sql', 'create tabel t (id int);\n')
    await project.writeFile('reasonless.sql', '-- pgstrata:allow drop\nalter table orders drop column note;\n')
    const env = { PGHOST: '127.0.0.1', PGPORT: '1' } // a database, were one touched, would not answer
    const clean = await cli(['lint', 'clean.sql'], { cwd: project.dir, env })
    assert.is(clean.code, 0, clean.stderr)
    assert.match(clean.stdout, 'no findings in 1 file (2 statements)')
    const risky = await cli(['lint', 'risky.sql', 'clean.sql'], { cwd: project.dir, env })
    assert.is(risky.code, 1, risky.stderr)
    assert.match(risky.stdout, /^risky\.sql:1:1: error index-not-concurrent: CREATE INDEX on orders takes a SHARE lock \(blocks writes\)/m)
    assert.match(risky.stdout, /^risky\.sql:2:1: warning drop: /m)
    assert.match(risky.stderr, 'LINT_FINDINGS: 2 findings (1 error, 1 warning) in 1 of 2 files (4 statements)')
    const json = await cli(['lint', 'risky.sql', '--json'], { cwd: project.dir, env })
    assert.is(json.code, 1)
    const document = JSON.parse(json.stdout) as { ok: boolean; error: { code: string }; findings: Finding[]; files: string[] }
    assert.is(document.ok, false)
    assert.is(document.error.code, 'LINT_FINDINGS')
    assert.equal(document.files, ['risky.sql'])
    assert.equal(document.findings.map((f) => [f.rule, f.severity, f.line, f.column, f.lock]), [
      ['index-not-concurrent', 'error', 1, 1, 'SHARE'], ['drop', 'warning', 2, 1, 'ACCESS EXCLUSIVE'],
    ])
    const cleanJson = JSON.parse((await cli(['lint', 'clean.sql', '--json'], { cwd: project.dir, env })).stdout) as { ok: boolean; findings: Finding[] }
    assert.equal([cleanJson.ok, cleanJson.findings], [true, []])
    for (const [file, code] of [['broken.sql', 'SQL_SYNTAX'], ['reasonless.sql', 'BAD_DIRECTIVE'], ['missing.sql', 'FILE_UNREADABLE']] as const) {
      const bad = await cli(['lint', file, '--json'], { cwd: project.dir, env })
      assert.is(bad.code, 2, `${file}: ${bad.stderr}`)
      assert.is((JSON.parse(bad.stdout) as { error: { code: string } }).error.code, code)
    }
  } finally {
    await project.remove()
  }
})

test('CLI: with no files, lint reads the up files the database has not applied', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'orders', 'create table orders (id int, total numeric);\ncreate index on orders (total);\n')
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 0)
  const nothing = await cli(['lint'], { cwd: project.dir, url: db.url })
  assert.is(nothing.code, 0, nothing.stderr)
  assert.match(nothing.stdout, 'nothing to lint')
  // Applied before, so the table is an existing one now.
  await project.write('20240102_001', 'index', 'create index orders_id_idx on orders (id);\n', 'drop index orders_id_idx;\n')
  const pending = await cli(['lint', '--json'], { cwd: project.dir, url: db.url })
  assert.is(pending.code, 1, pending.stderr)
  const document = JSON.parse(pending.stdout) as { files: string[]; findings: Finding[] }
  assert.equal(document.files, ['migrations/20240102_001_index.up.sql'])
  assert.equal(document.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`), ['migrations/20240102_001_index.up.sql:1:1 index-not-concurrent'])
}))

test.run()
