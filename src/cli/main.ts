// The pgstrata command line. Commands stay thin: parse flags, call the engine,
// print. Exit codes: 0 success, 1 a failed run or check, 2 bad usage or input.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { cac } from 'cac'
import { PgstrataError } from '../errors.ts'
import { FLEET_OPTIONS } from './config.ts'
import { makeOutput, type Output } from './context.ts'
import { useProject } from '../invocation.ts'
import { onProgress } from '../progress.ts'

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

const GLOBAL_OPTIONS: [string, string][] = [
  ['--url <url>', 'Database URL (default: DATABASE_URL, then the PG* variables, then the local development database)'],
  ['--migrations <dir>', 'Folder of migration pairs (default: migrations)'],
  ['--json', 'Print one JSON document on stdout instead of text'],
  ['--config <file>', 'Settings file (default: pgstrata.config.json when present)'],
  ['--ledger-schema <name>', 'Schema of the ledger tables (default: public)'],
  ['--ledger-table <name>', 'Name of the ledger table (default: pgstrata_migrations)'],
]

const RUN_OPTIONS: [string, string][] = [
  ['--dry-run', 'Show what would run, change nothing'],
  ['--lock-wait <seconds>', 'How long to wait for another run to release the migration lock (default: 120)'],
  ['--lock-timeout <duration>', 'lock_timeout for each migration\'s statements (default: 50ms, so that writers never queue long behind a waiting ALTER)'],
  ['--lock-retries <n>', 'Times a migration whose lock_timeout fired is tried again (a file that runs in parts: from the part that timed out), after 0.25 s, 0.5 s, 1 s, … up to 5 s apart (default: 20, about 80 s in all)'],
  ['--statement-timeout <duration>', 'statement_timeout for each migration\'s statements (default: none)'],
]

function build(output: Output, setExit: (code: number) => void) {
  const cli = cac('pgstrata')
  const command = (raw: string, description: string, options: [string, string][] = []) => {
    const c = cli.command(raw, description)
    for (const [flag, text] of [...options, ...GLOBAL_OPTIONS]) c.option(flag, text)
    return c
  }
  const run = (fn: () => Promise<void>) => fn().then(() => setExit(0))

  command('up', 'Apply pending migrations, in version order, each in its own transaction', [
    ['--to <version>', 'Stop after this version'],
    ['--step <n>', 'Apply at most n migrations'],
    ['--allow-out-of-order', 'Also apply pending migrations older than the newest applied one'],
    ...RUN_OPTIONS,
    ...FLEET_OPTIONS,
  ]).example('pgstrata up').example('pgstrata up --to 20230921_001 --dry-run')
    .action((flags) => run(async () => (await import('./commands.ts')).up(flags, output)))

  command('down', 'Revert applied migrations with their down files, newest first (default: one)', [
    ['--step <n>', 'Revert n migrations (default: 1)'],
    ['--to <version>', 'Revert everything applied after this version (base: everything)'],
    ...RUN_OPTIONS,
    ...FLEET_OPTIONS,
  ]).example('pgstrata down').example('pgstrata down --to base')
    .action((flags) => run(async () => (await import('./commands.ts')).down(flags, output)))

  command('status', 'Every version: applied, pending, changed, missing, out-of-order or partial; on a fleet, each target\'s version and whether it is behind, ahead, diverged or holds edited files', FLEET_OPTIONS)
    .example('pgstrata status').example('pgstrata status --targets tenants.txt')
    .action((flags) => run(async () => (await import('./commands.ts')).status(flags, output)))

  command('history', 'The ledger: applied migrations with when, how long and who', [
    ['--events', 'Show the full event log instead (ups, downs, baselines, accepts)'],
  ]).action((flags) => run(async () => (await import('./commands.ts')).history(flags, output)))

  command('baseline <version>', 'Mark an existing database as being at <version> without running anything', [
    ['--lock-wait <seconds>', 'How long to wait for the migration lock (default: 120)'],
  ]).action((v, flags) => run(async () => (await import('./commands.ts')).baseline(v, flags, output)))

  command('accept <version>', 'Accept the edited files of an applied migration, recording why', [
    ['--reason <text>', 'Why the edit is safe (required; kept in the event log)'],
    ['--lock-wait <seconds>', 'How long to wait for the migration lock (default: 120)'],
  ]).action((v, flags) => run(async () => (await import('./commands.ts')).accept(v, flags, output)))

  command('inspect', 'Read the live database into pgstrata\'s model: a summary per schema, or the model as JSON', [
    ['--schema <name>', 'Only this schema (repeatable, or comma-separated)'],
    ['--exclude-schema <name>', 'Leave this schema out (repeatable, or comma-separated)'],
    ['--privileges', 'Include GRANTs and owners (the default; --no-privileges leaves them out)'],
  ]).example('pgstrata inspect').example('pgstrata inspect --json --schema billing')
    .action((flags) => run(async () => (await import('./inspect.ts')).inspect(flags, output)))

  command('erd', 'Write the schema as a Mermaid ER diagram: tables, columns, keys and foreign keys', [
    ['--from <source>', 'The schema to draw: a PostgreSQL URL, schema (the DSL folder) or migrations (the folder, replayed) (default: the database)'],
    ['--out <file>', 'Write the diagram to this file instead of stdout (a .md file gets a ```mermaid fence)'],
    ['--markdown', 'Wrap the diagram in a ```mermaid fence (default: when --out ends in .md; --no-markdown never)'],
    ['--schema <name>', 'Only this schema (repeatable, or comma-separated)'],
    ['--schema-dir <dir>', 'The schema DSL folder for the schema source (default: schema)'],
    ['--shadow-url <url>', 'A scratch database pgstrata may empty, for the schema and migrations sources'],
  ]).example('pgstrata erd --out docs/schema.md').example('pgstrata erd --from schema --schema billing')
    .action((flags) => run(async () => (await import('./erd.ts')).erd(flags, output)))

  command('diff', 'Print the SQL that turns the --from schema into the --to schema', [
    ['--from <source>', 'The schema as it is: a PostgreSQL URL, schema (the DSL folder) or migrations (the folder, replayed)'],
    ['--to <source>', 'The schema as it should be: the same kinds of source'],
    ['--schema-dir <dir>', 'The schema DSL folder for the schema source (default: schema)'],
    ['--shadow-url <url>', 'A scratch database pgstrata may empty, for the schema and migrations sources'],
    ['--schema <name>', 'Only this schema (repeatable, or comma-separated)'],
    ['--exclude-schema <name>', 'Leave this schema out (repeatable, or comma-separated)'],
    ['--privileges', 'Compare GRANTs on schemas, tables, columns, views, sequences, routines and types (the default; --no-privileges leaves them out)'],
    ['--rename <kind:path=new>', 'Renamed, not dropped and created (repeatable): table:public.orders=purchases, column:public.users.name=full_name; kinds: schema, table, view, index, column, constraint, enum-value'],
  ]).example('pgstrata diff --from postgres://localhost/app --to postgres://localhost/app_next > change.sql')
    .action((flags) => run(async () => (await import('./diff.ts')).diffCommand(flags, output)))

  command('create <name>', 'Write a new migration pair: the SQL that turns the database (all migrations applied) into schema/', [
    ['--empty', 'Write a blank pair to fill in by hand'],
    ['--schema-dir <dir>', 'The schema DSL folder (default: schema)'],
    ['--from <start>', 'database (default: the live database, with every migration applied) or migrations (the folder replayed on a scratch database)'],
    ['--shadow-url <url>', 'A scratch database pgstrata may empty, to build schema/ on (default: SHADOW_DATABASE_URL, else a temporary database on the target server)'],
    ['--privileges', 'Compare GRANTs on schemas, tables, columns, views, sequences, routines and types (the default; --no-privileges leaves them out)'],
    ['--fail-on-hazards', 'Exit 1 when the new migration has hazards (for CI); the pair is still written'],
    ['--online', 'Online-safe SQL: indexes CONCURRENTLY in a pair of their own, foreign keys and checks NOT VALID then VALIDATE, SET NOT NULL through a validated check (default: config "online"; --no-online turns it off)'],
  ]).example('pgstrata create "add orders"').example('pgstrata create "add orders" --from migrations').example('pgstrata create "backfill totals" --empty')
    .action((name, flags) => run(async () => (await import('./create.ts')).create(name, flags, output)))

  command('check', 'CI gate: the migrations folder, schema/ against the migrations, and with a database its ledger and drift; exit 1 on any finding', [
    ['--schema-dir <dir>', 'The schema DSL folder (default: schema; skipped when there is none)'],
    ['--shadow-url <url>', 'A scratch database pgstrata may empty, for the replays (default: SHADOW_DATABASE_URL, else a temporary database on the target server)'],
    ...FLEET_OPTIONS,
  ]).example('pgstrata check').example('pgstrata check --url "$DATABASE_URL" --json')
    .action((flags) => run(async () => (await import('./check.ts')).check(flags, output)))

  command('verify', 'Run every migration up, down and up again on a scratch database: down must undo up, and up must replay; exit 1 on any finding', [
    ['--since <version>', 'Verify from this version on; the migrations before it are applied once, without the cycle'],
    ['--shadow-url <url>', 'A scratch database pgstrata may empty (default: SHADOW_DATABASE_URL, else a temporary database on the --url / DATABASE_URL server)'],
  ]).example('pgstrata verify').example('pgstrata verify --since 20240101_001')
    .action((flags) => run(async () => (await import('./verify.ts')).verify(flags, output)))

  command('lint [...files]', 'Report dangerous DDL (locks, rewrites, breaking changes) in migration files: the given ones, or the up files not applied yet; exit 1 on any finding', [
    ['--lock-timeout <duration>', 'The lock_timeout migrations run with, to judge against (default: lockTimeout, else 50ms)'],
  ]).example('pgstrata lint').example('pgstrata lint migrations/20240101_001_add_orders.up.sql --json')
    .action((files: string[], flags) => run(async () => (await import('./lint.ts')).lint(files, flags, output)))

  cli.command('init', 'Set pgstrata up in this app: pgstrata.config.json, schema/ with an example, migrations/, Makefile targets, .pgstrata/ in .gitignore; never overwrites a file')
    .option('--docker', 'Also write a docker-compose.yml with a PostgreSQL db service (when there is no compose file)')
    .option('--json', 'Print one JSON document on stdout instead of text')
    .example('npx pgstrata init').example('npx pgstrata init --docker')
    .action((flags) => run(async () => (await import('./init.ts')).init(flags, output)))

  cli.command('dev <action>', 'The local development database (under .pgstrata/, or where .pgstrata/dev/elsewhere says when run as root): start, stop or status')
    .option('--json', 'Print one JSON document on stdout instead of text')
    .example('pgstrata dev status').example('pgstrata dev stop')
    .action((action) => run(async () => (await import('./commands.ts')).dev(action, output)))

  cli.help()
  cli.version(version)
  return cli
}

/** Runs pgstrata with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // A reader that goes away (`pgstrata status | head -3`) must not crash a run
  // half-way: what it would have read is dropped, the work goes on.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error
    })
  }
  const output = makeOutput(argv.includes('--json'))
  useProject(process.cwd())
  onProgress(output.status)
  let code = 0
  try {
    const cli = build(output, (c) => { code = c })
    cli.parse(['node', 'pgstrata', ...argv], { run: false })
    if (cli.options.help || cli.options.version) return 0
    if (!cli.matchedCommand) {
      if (cli.args.length > 0) throw new PgstrataError('BAD_USAGE', `unknown command: ${cli.args[0]}`, { hint: 'pgstrata --help lists the commands', exitCode: 2 })
      cli.outputHelp()
      return 2
    }
    await cli.runMatchedCommand()
    return code
  } catch (error) {
    return await report(output, error)
  } finally {
    output.flush()
  }
}

async function report(output: Output, error: unknown): Promise<number> {
  // Loaded only on the error path: they bring the database driver.
  const [{ asPgstrataError }, { maskPassword }] = await Promise.all([import('./failure.ts'), import('../db/connect.ts')])
  const known = asPgstrataError(error)
  const partial = (error as { partial?: Record<string, unknown> } | null)?.partial ?? {}
  if (output.json) output.result({ ok: false, error: known.toJSON(), ...partial })
  const lines = [`pgstrata: error ${known.code}: ${maskPassword(known.message)}`, ...known.context.map((line) => `  ${maskPassword(line)}`)]
  if (known.hint) lines.push(`  hint: ${known.hint}`)
  if (known.code === 'INTERNAL' && process.env.PGSTRATA_DEBUG) lines.push(String((error as Error)?.stack))
  output.err(lines.join('\n'))
  return known.exitCode
}

/**
 * Exits once stdout and stderr have been handed to the OS. A write to a pipe
 * that is full (64 kB) is queued, and process.exit() would drop it.
 */
export async function exit(code: number): Promise<never> {
  const drained = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()))
  await Promise.all([drained(process.stdout), drained(process.stderr)])
  process.exit(code)
}

// Run when started directly (`node src/cli/main.ts`); bin/pgstrata.js calls main() itself.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await exit(await main(process.argv.slice(2)))
}
