// Long work shows a progress line on a terminal, and nothing extra when piped.
// The terminal is a real pseudo-terminal from util-linux's `script`.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { cli, REPO, withProject, type Project } from './helpers/project.ts'

const TSX = import.meta.resolve('tsx')
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0

async function fiveMigrations(project: Project): Promise<void> {
  for (const n of [1, 2, 3, 4, 5]) await project.write(`2024010${n}_001`, `t${n}`, `create table t${n} (id int);\n`, `drop table t${n};\n`)
}

test('piped, verify writes its result lines and no terminal control characters', () => withProject(async (db, project) => {
  await fiveMigrations(project)
  const result = await cli(['verify'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 0, result.stderr)
  assert.match(result.stdout, /^ok +20240105_001_t5/m)
  assert.not.match(result.stdout + result.stderr, /\r|\x1b\[/)
}))

if (HAS_SCRIPT) {
  test('on a terminal, verify, a replay and inspect draw a progress line that is erased before their output', () => withProject(async (db, project) => {
    await fiveMigrations(project)
    const command = (args: string) => `${JSON.stringify(process.execPath)} --import ${JSON.stringify(TSX)} ${JSON.stringify(path.join(REPO, 'src/cli/main.ts'))} ${args}`
    const onTerminal = (args: string) => spawnSync('script', ['-qfec', command(args), '/dev/null'], {
      cwd: project.dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: db.url, TERM: 'xterm', COLUMNS: '120' }, timeout: 120_000,
    })
    const verify = onTerminal('verify')
    assert.is(verify.status, 0, verify.stdout)
    assert.match(verify.stdout, /\r\x1b\[Kverify: reading the schema before 20240101_001_t1/)
    assert.match(verify.stdout, /\r\x1b\[Kverify [1-5] of 5: 2024010[1-5]_001_t[1-5] (up|down)/)
    assert.match(verify.stdout, /\r\x1b\[Kok +20240101_001_t1/, 'the progress line is erased before the result line')
    assert.match(verify.stdout, /\nverified 5 migrations[^\x1b]*$/, 'no progress line is left after the last line')
    const replay = onTerminal('diff --from migrations --to migrations')
    assert.is(replay.status, 0, replay.stdout)
    assert.match(replay.stdout, /\r\x1b\[Kreplaying migrations\/ on a scratch database/)
    const inspect = onTerminal('inspect')
    assert.is(inspect.status, 0, inspect.stdout)
    assert.match(inspect.stdout, /\r\x1b\[Kreading the catalog: 1 of \d+ queries/)
  }))
} else {
  test('on a terminal (skipped: util-linux `script` is not installed)', () => {})
}

test.run()
