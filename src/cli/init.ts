// `pgstrata init`: sets pgstrata up in an app. It writes only what is missing
// and never changes a file that exists, except to add one line to .gitignore;
// running it again changes nothing.
import { existsSync } from 'node:fs'
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { MAKE_TARGETS, makefileIn, makeTargetsIn, pgstrata, useProject } from '../invocation.ts'
import { CONFIG_FILE } from './config.ts'
import type { Output } from './context.ts'

export interface InitFlags {
  readonly docker?: boolean
  readonly json?: boolean
}

type Outcome = 'created' | 'kept' | 'added'

interface Step {
  readonly path: string
  readonly outcome: Outcome
  readonly note?: string
}

const CONFIG = `${JSON.stringify({ migrations: 'migrations', lockTimeout: '50ms', lockRetries: 20, online: false }, null, 2)}\n`

const EXAMPLE = `// pgstrata builds the database that the files under schema/ describe: every
// table (and enum, view, index, …) they export. Uncomment the table below, or
// write your own, then write the migration that makes it:
//   npx pgstrata create "add todos"
// Review the .up.sql and .down.sql it writes, then apply them: npx pgstrata up
// Every column type and option is in pgstrata's README ("The schema DSL").
//
// import { bigint, boolean, index, sql, table, text, timestamptz } from 'pgstrata'
//
// export const todos = table('todos', {
//   id: bigint().primaryKey().identity({ always: true }),
//   title: text().notNull().check(sql\`title <> ''\`),
//   done: boolean().notNull().default(false),
//   createdAt: timestamptz('created_at').notNull().default(sql\`now()\`),
// }, (t) => [
//   index('todos_created_at_idx').on(t.createdAt),
// ])
export {}
`

/** The workflow's make targets (all, or the ones named), running the installed pgstrata through npx. */
export function makefileTargets(only?: readonly string[]): string {
  const recipes: Record<string, string> = {
    up: '$(PGSTRATA) up $(args)',
    down: '$(PGSTRATA) down $(args)',
    history: '$(PGSTRATA) history $(args)',
    status: '$(PGSTRATA) status $(args)',
    create: '$(PGSTRATA) create "$(name)" $(if $(empty),--empty) $(args)',
    check: '$(PGSTRATA) check $(args)',
  }
  const wanted = Object.entries(MAKE_TARGETS).filter(([, target]) => only === undefined || only.includes(target))
  const lines = [
    '# pgstrata: make migrate-create name="add orders", make migrate-up, make migrate-down,',
    '# make migrate-history, make migrate-status, make migrate-check.',
    '# Extra flags go in args, e.g.  make migrate-down args="--step 2"',
    'PGSTRATA ?= npx --no-install pgstrata',
    '',
    `.PHONY: ${wanted.map(([, target]) => target).join(' ')}`,
  ]
  for (const [command, target] of wanted) lines.push('', `${target}:`, `\t${recipes[command]}`)
  return `${lines.join('\n')}\n`
}

function composeFile(database: string): string {
  return `# The development database:  docker compose up -d --wait db
# Then:  export DATABASE_URL=postgres://app:app@127.0.0.1:5432/${database}
services:
  db:
    image: postgres:18
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-app}
      POSTGRES_DB: ${database}
      PGDATA: /var/lib/postgresql/18/docker
    ports:
      - "127.0.0.1:\${POSTGRES_PORT:-5432}:5432"
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U app -d ${database}"]
      interval: 2s
      timeout: 5s
      retries: 30
    volumes:
      - db-data:/var/lib/postgresql

volumes:
  db-data:
`
}

/** The app's name from package.json, as a database name; 'app' when there is none. */
async function appName(dir: string): Promise<string> {
  try {
    const { name } = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }
    const cleaned = typeof name === 'string' ? name.replace(/^@[^/]*\//, '').replace(/[^a-z0-9_]+/gi, '_').replace(/^_+|_+$/g, '').toLowerCase() : ''
    return cleaned === '' ? 'app' : cleaned.slice(0, 63)
  } catch {
    return 'app'
  }
}

/** Writes `text` to `file` unless the file exists; 'wx' so that a file made meanwhile is not overwritten either. */
async function writeNew(dir: string, relative: string, text: string): Promise<Outcome> {
  try {
    await writeFile(path.join(dir, relative), text, { flag: 'wx' })
    return 'created'
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'kept'
    throw error
  }
}

async function ensureFolder(dir: string, relative: string): Promise<Outcome> {
  const full = path.join(dir, relative)
  if (existsSync(full)) return 'kept'
  await mkdir(full, { recursive: true })
  return 'created'
}

async function ignoreWorkFolder(dir: string): Promise<Outcome> {
  const file = path.join(dir, '.gitignore')
  const text = await readFile(file, 'utf8').catch(() => null)
  if (text !== null && text.split(/\r?\n/).some((line) => /^\/?\.pgstrata\/?$/.test(line.trim()))) return 'kept'
  if (text === null) {
    await writeFile(file, '# pgstrata\'s development database and scratch files\n.pgstrata/\n', { flag: 'wx' })
    return 'created'
  }
  await appendFile(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}.pgstrata/\n`)
  return 'added'
}

export async function init(flags: InitFlags, output: Output): Promise<void> {
  const dir = process.cwd()
  const steps: Step[] = []
  const step = (file: string, outcome: Outcome, note?: string) => steps.push({ path: file, outcome, ...(note ? { note } : {}) })

  step(CONFIG_FILE, await writeNew(dir, CONFIG_FILE, CONFIG))
  const schemaFolder = await ensureFolder(dir, 'schema')
  // The example goes only into a schema/ folder made now: an existing one is the user's.
  if (schemaFolder === 'created') step('schema/example.ts', await writeNew(dir, 'schema/example.ts', EXAMPLE), 'a commented example table')
  else step('schema/', 'kept')
  step('migrations/', await ensureFolder(dir, 'migrations'))
  step('.gitignore', await ignoreWorkFolder(dir), '.pgstrata/ (the development database)')

  const makefile = makefileIn(dir)
  let missingTargets: string[] = []
  if (makefile === undefined) {
    step('Makefile', await writeNew(dir, 'Makefile', makefileTargets()), 'the workflow targets')
  } else {
    const present = makeTargetsIn(await readFile(path.join(dir, makefile), 'utf8'))
    missingTargets = Object.values(MAKE_TARGETS).filter((target) => !present.has(target))
    step(makefile, 'kept', missingTargets.length === 0 ? 'it has the workflow targets' : `it lacks ${missingTargets.join(', ')}: add the targets printed below`)
  }
  if (flags.docker) {
    const compose = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'].find((name) => existsSync(path.join(dir, name)))
    if (compose === undefined) step('docker-compose.yml', await writeNew(dir, 'docker-compose.yml', composeFile(await appName(dir))), 'a db service')
    else {
      const text = await readFile(path.join(dir, compose), 'utf8')
      step(compose, 'kept', /image:\s*["']?postgres/.test(text) ? 'it has a PostgreSQL service' : 'add a PostgreSQL service to it yourself')
    }
  }

  useProject(dir)
  const next = steps.some((s) => s.path === 'schema/example.ts' && s.outcome === 'created')
    ? `write your tables in schema/ (schema/example.ts shows how), then run: ${pgstrata('create "initial schema"')}`
    : `describe your tables in schema/, then run: ${pgstrata('create "initial schema"')}`
  const database = flags.docker
    ? 'start the database with docker compose up -d --wait db and set DATABASE_URL as docker-compose.yml says'
    : process.env.DATABASE_URL ? 'pgstrata uses the database in DATABASE_URL'
      : 'without DATABASE_URL pgstrata starts a development database of its own under .pgstrata/'
  if (output.json) {
    output.result({ ok: true, steps, missingMakeTargets: missingTargets, next })
    return
  }
  const width = Math.max(...steps.map((s) => s.path.length))
  for (const s of steps) output.out(`${s.outcome.padEnd(7)} ${s.note ? `${s.path.padEnd(width)}  ${s.note}` : s.path}`)
  if (missingTargets.length > 0) {
    output.out('')
    output.out(`add these to ${makefile} for the make workflow (or run npx pgstrata directly):`)
    output.out(makefileTargets(missingTargets).trimEnd())
  }
  output.out('')
  output.out(steps.every((s) => s.outcome === 'kept') ? 'pgstrata is set up here already; nothing changed' : 'pgstrata is set up')
  output.out(`next: ${next}`)
  output.out(`(${database})`)
}
