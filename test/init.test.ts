// `pgstrata init` in an empty app and in one that has files of its own: it
// writes what is missing, never overwrites, and a second run changes nothing.
// The example table it writes, uncommented, goes through create, up and down.
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { cli, tempProject, withProject } from './helpers/project.ts'

/** Every file under `dir` with its contents, for comparing before and after. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name)
    files[path.relative(dir, full)] = entry.isFile() ? await readFile(full, 'utf8') : '(folder)'
  }
  return files
}

test('in an empty app: writes the set-up, names the next command, and a second run changes nothing', () => withProject(async (db, project) => {
  await rm(project.migrations, { recursive: true })
  const first = await cli(['init'], { cwd: project.dir })
  assert.is(first.code, 0, first.stderr)
  for (const file of ['pgstrata.config.json', 'schema/example.ts', 'migrations/', '.gitignore', 'Makefile']) {
    assert.match(first.stdout, new RegExp(`^created +${file.replace('.', '\\.')}`, 'm'), file)
  }
  assert.match(first.stdout, 'next: write your tables in schema/ (schema/example.ts shows how), then run: make migrate-create name="initial schema"')
  assert.ok((await stat(path.join(project.dir, 'migrations'))).isDirectory())
  assert.match(await readFile(path.join(project.dir, '.gitignore'), 'utf8'), /^\.pgstrata\/$/m)
  const config = JSON.parse(await readFile(path.join(project.dir, 'pgstrata.config.json'), 'utf8')) as Record<string, unknown>
  assert.is(config.migrations, 'migrations')

  const before = await snapshot(project.dir)
  const second = await cli(['init'], { cwd: project.dir })
  assert.is(second.code, 0, second.stderr)
  assert.match(second.stdout, 'pgstrata is set up here already; nothing changed')
  assert.not.match(second.stdout, /^created/m)
  assert.equal(await snapshot(project.dir), before)

  // Commented out, the example makes nothing; uncommented, it is a working table.
  const empty = await cli(['create', 'nothing yet'], { cwd: project.dir, url: db.url })
  assert.is(empty.code, 0, empty.stderr)
  assert.match(empty.stdout + empty.stderr, /no changes/i)
  const example = await readFile(path.join(project.dir, 'schema/example.ts'), 'utf8')
  const code = example.slice(example.indexOf('// import'), example.indexOf('export {}')).replace(/^\/\/ ?/gm, '')
  await project.writeFile('schema/example.ts', code)
  const created = await cli(['create', 'add todos'], { cwd: project.dir, url: db.url })
  assert.is(created.code, 0, created.stderr)
  assert.match(created.stdout, 'review it, then: make migrate-up')
  const make = await import('node:child_process')
  const up = make.spawnSync('make', ['migrate-up', 'PGSTRATA=true'], { cwd: project.dir, encoding: 'utf8' })
  assert.is(up.status, 0, `the Makefile runs: ${up.stderr}`)
  assert.is((await cli(['up'], { cwd: project.dir, url: db.url })).code, 0)
  const [inserted] = await db.sql`insert into todos (title) values ('write tests') returning title`
  assert.is(inserted!.title, 'write tests')
  const check = await db.sql`insert into todos (title) values ('')`.then(() => 'accepted', (e: { code?: string }) => e.code)
  assert.is(check, '23514', "the example's CHECK holds")
  assert.is((await cli(['down'], { cwd: project.dir, url: db.url })).code, 0)
  assert.is((await db.sql`select to_regclass('todos') as t`)[0]!.t, null, 'down dropped the table')
}, { dsl: true }))

test('in an app with files of its own: keeps every one, appends to .gitignore, prints the missing make targets, writes compose only with --docker', async () => {
  const project = await tempProject()
  try {
    await project.writeFile('Makefile', 'build:\n\ttsc\n\nmigrate-up:\n\tnpx pgstrata up\n')
    await project.writeFile('.gitignore', 'node_modules')
    await project.writeFile('schema/users.ts', '// mine\n')
    await project.writeFile('pgstrata.config.json', '{ "migrations": "db/migrations" }\n')
    const result = await cli(['init', '--docker'], { cwd: project.dir })
    assert.is(result.code, 0, result.stderr)
    assert.match(result.stdout, /^kept +Makefile +it lacks migrate-down, migrate-history, migrate-status, migrate-create, migrate-check/m)
    assert.match(result.stdout, /^migrate-down:\n\t\$\(PGSTRATA\) down \$\(args\)$/m)
    assert.not.match(result.stdout, /^migrate-up:/m, 'a target the Makefile has is not printed again')
    assert.match(result.stdout, /^kept +pgstrata\.config\.json$/m)
    assert.match(result.stdout, /^added +\.gitignore/m)
    assert.match(result.stdout, /^created +docker-compose\.yml/m)
    assert.match(result.stdout, 'next: describe your tables in schema/, then run: npx pgstrata create "initial schema"')
    assert.is(await readFile(path.join(project.dir, 'Makefile'), 'utf8'), 'build:\n\ttsc\n\nmigrate-up:\n\tnpx pgstrata up\n')
    assert.is(await readFile(path.join(project.dir, '.gitignore'), 'utf8'), 'node_modules\n.pgstrata/\n')
    assert.is(await readFile(path.join(project.dir, 'schema/users.ts'), 'utf8'), '// mine\n')
    assert.is(await readFile(path.join(project.dir, 'pgstrata.config.json'), 'utf8'), '{ "migrations": "db/migrations" }\n')
    assert.match(await readFile(path.join(project.dir, 'docker-compose.yml'), 'utf8'), /image: postgres:18/)
    const again = await cli(['init', '--docker', '--json'], { cwd: project.dir })
    const document = JSON.parse(again.stdout) as { steps: { path: string; outcome: string; note?: string }[] }
    assert.ok(document.steps.every((s) => s.outcome === 'kept'), again.stdout)
    assert.is(document.steps.find((s) => s.path === 'docker-compose.yml')?.note, 'it has a PostgreSQL service')
  } finally {
    await project.remove()
  }
})

test.run()
