// create --online under load: writers keep inserting, updating and reading
// while the generated migrations run, none of their transactions fails, and
// each long step (an index built or dropped CONCURRENTLY, a VALIDATE) holds
// only locks that let writes go on, as pg_locks shows every 10 ms. A slow
// IMMUTABLE function in a CHECK and an index expression makes those steps
// last long enough on a few thousand rows to be seen. No timing is asserted:
// how long writers wait is the benchmark's business (npm run bench:online).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import postgres from 'postgres'
import { readdir, readFile } from 'node:fs/promises'
import { cli, withProject } from './helpers/project.ts'

const ROWS = 1500

const start = `create table owners (id bigint primary key);
insert into owners select generate_series(1, 10);
create table accounts (id bigint, email text, handle text, note text);
create index accounts_note_idx on accounts (note);
insert into accounts select g, 'u' || g || '@example.com', 'h' || g, 'n' from generate_series(1, ${ROWS}) g;
`

const target = `import { bigint, check, fn, index, sql, table, text } from 'pgstrata'

export const slowTrue = fn(sql\`create function public.slow_true(x bigint) returns boolean language plpgsql immutable as $$ begin perform pg_sleep(0.0003); return true; end $$\`)

export const owners = table('owners', { id: bigint().primaryKey() })

export const accounts = table('accounts', {
  id: bigint().primaryKey(),
  email: text().unique(),
  handle: text().notNull(),
  note: text(),
  ownerId: bigint('owner_id').references(() => owners.id),
}, (t) => [
  index('accounts_owner_idx').on(t.ownerId),
  index('accounts_slow_idx').on(sql\`slow_true(id)\`),
  check('accounts_slow_ok', sql\`slow_true(id)\`),
])
`

/** Modes that let INSERT, UPDATE, DELETE and SELECT go on (they conflict only with SHARE and stronger). */
const LETS_WRITES_GO_ON = new Set(['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock'])

/** What kind of long step a statement is, or null for the brief ones. */
function longStep(query: string): string | null {
  const m = /^\s*(CREATE (?:UNIQUE )?INDEX CONCURRENTLY|DROP INDEX CONCURRENTLY|ALTER TABLE \S+ VALIDATE CONSTRAINT)/i.exec(query)
  return m ? m[1]!.replace(/ALTER TABLE \S+ /, '').toUpperCase() : null
}

interface Writers {
  readonly stop: () => Promise<{ done: number; errors: string[] }>
}

/** `count` connections, each looping over an INSERT, an UPDATE and a SELECT of accounts, each its own transaction; failures are counted, not thrown. */
function startWriters(url: string, count: number): Writers {
  let running = true
  const errors: string[] = []
  let done = 0
  const loops = Array.from({ length: count }, async (_, w) => {
    const sql = postgres(url, { max: 1, onnotice: () => {} })
    let i = 0
    while (running) {
      i++
      const id = 1_000_000 + w * 100_000 + i
      const existing = 1 + ((i * 7919 + w) % ROWS)
      for (const run of [
        () => sql`insert into accounts (id, email, handle, note) values (${id}, ${`w${w}-${i}@example.com`}, ${`w${w}-${i}`}, 'new')`,
        () => sql`update accounts set note = ${`w${w}`} where id = ${existing}`,
        () => sql`select id, email from accounts where id = ${existing}`,
      ]) {
        try {
          await run()
          done++
        } catch (error) {
          errors.push((error as Error).message)
        }
      }
    }
    await sql.end({ timeout: 5 })
  })
  return {
    stop: async () => {
      running = false
      await Promise.all(loops)
      return { done, errors }
    },
  }
}

/** Samples, every 10 ms, the locks pgstrata's connections hold on accounts, by the long step they run. */
function sampleLocks(url: string): { stop: () => Promise<Map<string, Set<string>>> } {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  const seen = new Map<string, Set<string>>()
  let running = true
  const loop = (async () => {
    while (running) {
      const rows = await sql`select a.query, l.mode from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.granted and l.locktype = 'relation' and l.relation = 'public.accounts'::regclass and a.application_name = 'pgstrata'`
      for (const row of rows) {
        const step = longStep(row.query as string)
        if (step !== null) (seen.get(step) ?? seen.set(step, new Set()).get(step)!).add(row.mode as string)
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  return {
    stop: async () => {
      running = false
      await loop
      await sql.end({ timeout: 5 })
      return seen
    },
  }
}

test('create --online under four writers: no writer transaction fails, and each long step holds only locks that let writes go on', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'accounts', start, 'drop table accounts;\ndrop table owners;\n')
  const run = (...args: string[]) => cli(args, { cwd: project.dir, url: db.url })
  assert.is((await run('up')).code, 0)
  await project.writeFile('schema/accounts.ts', target)
  const created = await run('create', 'busy accounts', '--online')
  assert.is(created.code, 0, created.stderr)
  const files = (await readdir(project.migrations)).filter((f) => !f.startsWith('20240101') && f.endsWith('.up.sql')).sort()
  const indexes = await readFile(`${project.migrations}/${files[1]}`, 'utf8')
  assert.match(indexes, 'CREATE INDEX CONCURRENTLY accounts_slow_idx')
  assert.match(indexes, 'CREATE UNIQUE INDEX CONCURRENTLY "accounts_email_key"')
  assert.match(indexes, 'DROP INDEX CONCURRENTLY "public"."accounts_note_idx"')

  const writers = startWriters(db.url, 4)
  const sampler = sampleLocks(db.url)
  await new Promise((resolve) => setTimeout(resolve, 200))
  const applied = await run('up')
  const seen = await sampler.stop()
  const { done, errors } = await writers.stop()
  assert.is(applied.code, 0, applied.stderr)
  assert.equal(errors, [], 'no writer transaction failed')
  assert.ok(done > 100, `the writers kept writing (${done} transactions)`)
  assert.ok(seen.has('CREATE INDEX CONCURRENTLY'), `the sampler saw the concurrent builds (saw ${[...seen.keys()].join(', ')})`)
  assert.ok(seen.has('VALIDATE CONSTRAINT'), 'the sampler saw the validation')
  for (const [step, modes] of seen) {
    for (const mode of modes) assert.ok(LETS_WRITES_GO_ON.has(mode), `${step} held ${mode} on accounts`)
  }
  assert.match((await run('create', 'again')).stdout, 'no changes')
  const rows = await db.sql`select count(*)::int as n, count(*) filter (where handle is null)::int as nulls from accounts`
  assert.ok(rows[0]!.n > ROWS, 'the writers\' rows are there')
}, { dsl: true }))

test.run()
