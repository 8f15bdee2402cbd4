// postgres@3.4.9 can crash the whole process with an uncatchable TypeError
// when a connection drops (porsager/postgres#1154, #1208). patches/ holds the
// fix, applied by patch-package on install. These tests prove the fix works,
// and that without it the process really does crash.
import { spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { freshDatabase } from './helpers/database.ts'
import { REPO } from './helpers/project.ts'

const FIXTURE = path.join(REPO, 'test/fixtures/drop-connection.ts')
const TSX = import.meta.resolve('tsx')

function runFixture(url: string, postgresModule?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, ...(postgresModule ? { POSTGRES_MODULE: postgresModule } : {}) }
  const child = spawn(process.execPath, ['--import', TSX, FIXTURE, url], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  child.stderr.on('data', (chunk) => { stderr += chunk })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

test('the installed driver carries the patch', async () => {
  for (const file of ['src/connection.js', 'cjs/src/connection.js']) {
    const text = await readFile(path.join(REPO, 'node_modules/postgres', file), 'utf8')
    assert.match(text, 'pgstrata patch (porsager/postgres#1154, #1208)', file)
  }
})

test('with the patch, terminated connections reject their queries and the process lives on', async () => {
  const db = await freshDatabase()
  try {
    const result = await runFixture(db.url)
    assert.is(result.code, 0, result.stderr)
    const outcomes = JSON.parse(result.stdout) as Record<string, string>
    assert.is(outcomes.idleClosed, 'noticed')
    assert.is(outcomes.idleAfter, 'reconnected 1')
    assert.match(outcomes.busy!, /^(57P01|CONNECTION_CLOSED|ECONNRESET|EPIPE)$/)
    assert.is(outcomes.busyNext, 'ok', 'the stale 57P01 error must not be replayed on the next query')
    assert.match(outcomes.reserved!, /^(57P01|CONNECTION_CLOSED|ECONNRESET|EPIPE)$/)
  } finally {
    await db.drop()
  }
})

test('without the patch, the same script crashes with the upstream TypeError', async () => {
  const db = await freshDatabase()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-unpatched-'))
  try {
    await cp(path.join(REPO, 'node_modules/postgres'), path.join(dir, 'node_modules/postgres'), { recursive: true })
    const reverse = spawn('patch', ['-R', '-p1', '-s', '-i', path.join(REPO, 'patches/postgres+3.4.9.patch')], { cwd: dir, stdio: 'inherit' })
    assert.is(await new Promise((resolve) => reverse.on('close', resolve)), 0, 'the patch did not reverse cleanly')
    const result = await runFixture(db.url, path.join(dir, 'node_modules/postgres/src/index.js'))
    assert.is.not(result.code, 0)
    assert.match(result.stderr, "TypeError: Cannot read properties of null (reading 'write')")
  } finally {
    await Promise.all([db.drop(), rm(dir, { recursive: true, force: true })])
  }
})

test.run()
