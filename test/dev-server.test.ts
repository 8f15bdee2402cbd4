import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { appendFile, chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DevServerError, devServerStatus, ensureDevServer, relocatedDir, stopDevServer, type DevServer } from '../src/db/dev-server.ts'

const repo = fileURLToPath(new URL('..', import.meta.url))
let root = ''
let project = ''
let racing = ''
let first: DevServer | undefined

async function query<T extends object>(url: string, text: string): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    return [...(await sql.unsafe<T[]>(text))]
  } finally {
    await sql.end({ timeout: 5 })
  }
}

function ensureInChild(projectDir: string): Promise<{ code: number | null; server: DevServer | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/ensure-dev.ts', projectDir], { cwd: repo })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.on('close', (code) => resolve({ code, server: code === 0 ? (JSON.parse(stdout) as DevServer) : null, stderr }))
  })
}

async function expectDevServerError(run: Promise<unknown>, code: string): Promise<DevServerError> {
  const error = await run.then(() => null, (reason: unknown) => reason)
  assert.instance(error, DevServerError, `expected a DevServerError ${code}`)
  assert.is((error as DevServerError).code, code, String(error))
  return error as DevServerError
}

// In a hook, not at module level: uvu loads every test file before running any, and a file that
// fails to load would leave this folder behind.
test.before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pgstrata-dev-server-'))
  await chmod(root, 0o755) // as root, the server runs as the postgres OS user, who must reach it
  project = path.join(root, 'project')
  racing = path.join(root, 'racing')
})

test.after(async () => {
  if (root === '') return
  for (const dir of [project, racing]) {
    await stopDevServer(dir).catch((error: unknown) => {
      // Last resort, so that a broken test never leaves a postmaster behind.
      const pid = Number(readFileSync(path.join(dir, '.pgstrata/dev/data/postmaster.pid'), 'utf8').split('\n')[0])
      process.kill(pid, 'SIGQUIT')
      console.error(error)
    })
  }
  await rm(root, { recursive: true, force: true })
})

test('the first ensureDevServer initialises a cluster, starts it and creates database development', async () => {
  first = await ensureDevServer(project)
  assert.is(first.started, true)
  assert.is(first.url, `postgres://postgres@127.0.0.1:${first.port}/development`)
  assert.is(first.dataDir, path.join(project, '.pgstrata', 'dev', 'data'))
  assert.match(first.version, /^\d+\.\d+/)
  const [row] = await query<{ one: number; db: string }>(first.url, 'select 1 as one, current_database() as db')
  assert.equal(row, { one: 1, db: 'development' })
  const log = await readFile(path.join(project, '.pgstrata', 'dev', 'server.log'), 'utf8')
  assert.match(log, /listening on IPv4 address "127\.0\.0\.1"/)
  assert.not.match(log, /Unix socket/)
  assert.is(await readFile(path.join(project, '.pgstrata', '.gitignore'), 'utf8'), '*\n')
})

test('a second call reuses the running server on the same port', async () => {
  const again = await ensureDevServer(project)
  assert.is(again.started, false)
  assert.is(again.port, first?.port)
  assert.is(again.url, first?.url)
  const together = await Promise.all([ensureDevServer(project), ensureDevServer(project)])
  assert.equal(together.map((server) => [server.started, server.port]), [[false, again.port], [false, again.port]])
})

test('a lock left behind by a process that died is taken over', async () => {
  const lock = path.join(project, '.pgstrata', 'dev', 'lock')
  await writeFile(lock, String(spawnSync('true').pid))
  assert.is((await ensureDevServer(project)).port, first?.port)
  assert.is(await readFile(lock, 'utf8').catch(() => null), null, 'the lock is released')
})

test('devServerStatus reports a running, initialised server and its port', async () => {
  assert.equal(await devServerStatus(project), { running: true, port: first?.port ?? null, dataDir: first?.dataDir, initialised: true })
})

test('stopDevServer stops the server, and a later ensure starts it again with the data kept', async () => {
  const url = first!.url
  await query(url, 'create table kept (id int); insert into kept values (42)')
  assert.is(await stopDevServer(project), true)
  assert.equal(await devServerStatus(project), { running: false, port: null, dataDir: first?.dataDir, initialised: true })
  assert.is(await stopDevServer(project), false, 'stopping a stopped server says it was not running')
  const again = await ensureDevServer(project)
  assert.is(again.started, true)
  assert.is(again.port, first?.port)
  assert.equal(await query(again.url, 'select id from kept'), [{ id: 42 }])
})

test('when another program has taken the port, the next start moves to a free port', async () => {
  const taken = first!.port
  await stopDevServer(project)
  const squatter = createServer()
  await new Promise<void>((resolve) => squatter.listen(taken, '127.0.0.1', resolve))
  try {
    const moved = await ensureDevServer(project)
    assert.is(moved.started, true)
    assert.is.not(moved.port, taken)
    assert.equal(await query(moved.url, 'select id from kept'), [{ id: 42 }])
    const conf = await readFile(path.join(moved.dataDir, 'postgresql.conf'), 'utf8')
    assert.match(conf, new RegExp(`^port = ${moved.port}$`, 'm'))
    assert.is((await ensureDevServer(project)).port, moved.port, 'the new port is kept for later calls')
  } finally {
    await new Promise((resolve) => squatter.close(resolve))
  }
})

test('two processes calling ensureDevServer at once on a new project both succeed with one server', async () => {
  // A leftover of an initdb that crashed must not get in the way.
  const abandoned = path.join(racing, '.pgstrata', 'dev', `data.init-${spawnSync('true').pid}`)
  await mkdir(abandoned, { recursive: true })
  await writeFile(path.join(abandoned, 'PG_VERSION'), '18\n')
  const results = await Promise.all([ensureInChild(racing), ensureInChild(racing)])
  for (const result of results) assert.is(result.code, 0, result.stderr)
  const [a, b] = results.map((result) => result.server!)
  assert.is(a?.port, b?.port)
  assert.equal(results.map((result) => result.server?.started).sort(), [false, true], 'exactly one process started the server')
  assert.equal(await readdir(path.join(racing, '.pgstrata', 'dev')), ['data', 'server.log'])
  assert.equal(await query(a!.url, 'select current_database() as db'), [{ db: 'development' }])
})

test('a server that fails to start raises DEV_SERVER_START_FAILED with the end of server.log', async () => {
  await stopDevServer(racing)
  const conf = path.join(racing, '.pgstrata', 'dev', 'data', 'postgresql.conf')
  const original = await readFile(conf, 'utf8')
  await appendFile(conf, 'shared_buffers = nonsense\n')
  try {
    const error = await expectDevServerError(ensureDevServer(racing), 'DEV_SERVER_START_FAILED')
    assert.match(error.message, /shared_buffers/)
    assert.match(error.hint, /server\.log/)
  } finally {
    await writeFile(conf, original)
  }
  assert.is((await ensureDevServer(racing)).started, true, 'the cluster is usable once the setting is fixed')
})

if (process.getuid?.() === 0) {
  test('as root, a project the postgres user cannot reach keeps its cluster in a folder of its own that the user can, and says where', async () => {
    const privateDir = path.join(root, 'private')
    const dir = path.join(privateDir, 'project')
    await mkdir(dir, { recursive: true, mode: 0o700 })
    await chmod(privateDir, 0o700)
    const elsewhere = relocatedDir(dir)
    await rm(elsewhere, { recursive: true, force: true })
    try {
      const server = await ensureDevServer(dir)
      assert.is(server.started, true)
      assert.is(server.dataDir, path.join(elsewhere, 'data'))
      assert.is(readFileSync(path.join(dir, '.pgstrata/dev/elsewhere'), 'utf8'), `${elsewhere}\n`)
      assert.equal(await query(server.url, 'select current_database() as db'), [{ db: 'development' }])
      assert.is(relocatedDir(dir), elsewhere, 'the same project path gives the same folder')
      const again = await ensureDevServer(dir)
      assert.equal([again.started, again.port, again.dataDir], [false, server.port, server.dataDir])
      assert.equal(await devServerStatus(dir), { running: true, port: server.port, dataDir: server.dataDir, initialised: true })
      // The CLI names the folder in its announce line.
      const cli = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(repo, 'src/cli/main.ts'), 'status'], { cwd: dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } })
      assert.match(cli.stderr, `data in ${elsewhere}/data (the postgres OS user cannot reach the project)`, cli.stderr + cli.stdout)
      assert.is(await stopDevServer(dir), true)
      assert.is((await devServerStatus(dir)).running, false)
    } finally {
      await stopDevServer(dir).catch(() => false)
      await rm(elsewhere, { recursive: true, force: true })
    }
  })
}

test.run()
