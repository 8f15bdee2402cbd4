// pgstrata as most users get it: `npm pack`, installed into a fresh app with
// `npm install -D`, run with npx. What is proven in the repository must hold
// there too: the workflow runs, a dropped connection ends a run with exit 1
// and a clean message (no crash, no hang), and hints name what the app has.
import { spawn } from 'node:child_process'
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { freshDatabase, type FreshDatabase } from './helpers/database.ts'
import { assertDropOutcomes, DROP_FIXTURE, runDropFixture } from './helpers/drop.ts'
import { REPO } from './helpers/project.ts'

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }
interface RunOptions { readonly timeoutMs?: number; readonly env?: NodeJS.ProcessEnv; readonly cwd?: string }

let work = ''
let app = ''
let db: FreshDatabase | undefined

/** Runs a program in the app with DATABASE_URL set to the test database; killed after `timeoutMs`. */
function start(file: string, args: readonly string[], options: RunOptions = {}): { done: Promise<Run> } {
  const env = { ...process.env, DATABASE_URL: db?.url ?? '', ...options.env }
  const child = spawn(file, args, { cwd: options.cwd ?? app, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const timer = setTimeout(() => {
    stderr += `\n[test: ${file} ${args.join(' ')} did not finish in ${(options.timeoutMs ?? 120_000) / 1000} s; killed]`
    child.kill('SIGKILL')
  }, options.timeoutMs ?? 120_000)
  return { done: new Promise((resolve) => child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) })) }
}

const run = (file: string, args: readonly string[], options?: RunOptions) => start(file, args, options).done
const npx = (...args: string[]) => run('npx', ['--no-install', 'pgstrata', ...args])

test.before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-package-'))
  app = path.join(work, 'app')
  await mkdir(app)
})

test('npm pack gives a tarball that installs into a fresh app with npm install -D', async () => {
  // Packed from a copy of the package's sources: `npm pack` runs the prepare
  // script (the build), which must not rewrite dist/ under another test run.
  const source = path.join(work, 'source')
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'src']) {
    await cp(path.join(REPO, entry), path.join(source, entry), { recursive: true })
  }
  await symlink(path.join(REPO, 'node_modules'), path.join(source, 'node_modules'))
  const pack = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: source, timeoutMs: 300_000 })
  assert.is(pack.code, 0, pack.stderr)
  const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'))
  assert.ok(tarball, `npm pack wrote no tarball in ${work}`)
  const init = await run('npm', ['init', '-y'])
  assert.is(init.code, 0, init.stderr)
  const install = await run('npm', ['install', '-D', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, tarball)], { timeoutMs: 300_000 })
  assert.is(install.code, 0, install.stderr)
  db = await freshDatabase()
})

test('npx pgstrata --help lists the commands', async () => {
  const help = await npx('--help')
  assert.is(help.code, 0, help.stderr)
  for (const command of ['up', 'down', 'status', 'create <name>', 'init', 'check', 'verify']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'), command)
})

test("the app's driver settles every query on a terminated connection, the reserved one used twice too", async () => {
  const installed = JSON.parse(await readFile(path.join(app, 'node_modules/postgres/package.json'), 'utf8')) as { version: string }
  assert.match(installed.version, /^4\./, 'the app gets the driver pgstrata pins')
  const fixture = path.join(app, 'drop-connection.mjs')
  await copyFile(DROP_FIXTURE, fixture)
  assertDropOutcomes(await runDropFixture(fixture, db!.url))
})

test('init, create, up, status and down work from the installed package, and hints name the make targets init wrote', async () => {
  const init = await npx('init')
  assert.is(init.code, 0, init.stderr)
  assert.match(init.stdout, /^created +Makefile/m)
  await writeFile(path.join(app, 'schema/notes.ts'), [
    "import { sql, table, text, timestamptz, uuid } from 'pgstrata'",
    '',
    "export const notes = table('notes', {",
    '  id: uuid().primaryKey().default(sql`gen_random_uuid()`),',
    '  body: text().notNull(),',
    "  createdAt: timestamptz('created_at').notNull().default(sql`now()`),",
    '})',
    '',
  ].join('\n'))
  const created = await npx('create', 'add notes')
  assert.is(created.code, 0, created.stderr)
  assert.match(created.stdout, 'review it, then: make migrate-up')
  const up = await npx('up')
  assert.is(up.code, 0, up.stderr)
  assert.match(up.stdout, 'applied 1 migration')
  const status = await npx('status')
  assert.match(status.stdout, /add_notes +applied/)
  const again = await npx('create', 'nothing')
  assert.match(again.stdout + again.stderr, /no changes/i)
  const down = await npx('down')
  assert.is(down.code, 0, down.stderr)
  assert.match(down.stdout, 'reverted 1 migration')
  assert.is((await db!.sql`select to_regclass('notes') as t`)[0]!.t, null)
  // Without the Makefile, the same hint names npx.
  await rm(path.join(app, 'Makefile'))
  const bad = await npx('down', '--to', 'nope')
  assert.is(bad.code, 2)
  assert.match(bad.stderr, 'npx pgstrata status lists them')
})

test('pg_terminate_backend under a running migration gives exit 1 and a clean message, not a crash or a hang', async () => {
  await writeFile(path.join(app, 'migrations/20990101_001_slow.up.sql'), 'create table slow (id int);\nselect pg_sleep(60);\n')
  await writeFile(path.join(app, 'migrations/20990101_001_slow.down.sql'), 'drop table slow;\n')
  const running = start('npx', ['--no-install', 'pgstrata', 'up'], { timeoutMs: 60_000 })
  let pid: number | undefined
  for (let i = 0; i < 400 && pid === undefined; i++) {
    const [row] = await db!.sql`select pid from pg_stat_activity where datname = ${db!.name} and application_name = 'pgstrata' and query like '%pg_sleep%'`
    pid = row?.pid as number | undefined
    if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  assert.ok(pid, 'the migration never started')
  await db!.sql`select pg_terminate_backend(${pid!})`
  const result = await running.done
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, 'pgstrata: error CONNECTION_LOST: the connection to the server was lost while applying 20990101_001_slow')
  assert.not.match(result.stderr, /TypeError|did not finish|at .*node_modules/)
  assert.is((await db!.sql`select to_regclass('slow') as t`)[0]!.t, null, 'the migration rolled back')
  const status = await npx('status')
  assert.match(status.stdout, /20990101_001 +slow +pending/)
})

test.after(async () => {
  await db?.drop()
  if (work !== '') await rm(work, { recursive: true, force: true })
})

test.run()
