// The benchmark's workload: `count` small migrations, written once in each
// contender's format so that all three run exactly the same statements.
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createLedgerSql, ledgerNames, recordApplied } from '../src/engine/ledger.ts'
import { literal } from '../src/sql/quote.ts'

export interface BenchMigration {
  /** `YYYYMMDD_NNN`, as pgstrata names files. */
  readonly version: string
  readonly name: string
  readonly up: string
  readonly down: string
}

export interface Workload {
  readonly migrations: readonly BenchMigration[]
  /** A pgstrata migrations folder. */
  readonly pgstrataDir: string
  /** A node-pg-migrate migrations folder (`.sql` files with Up/Down sections). */
  readonly nodePgMigrateDir: string
  /** One psql script: pgstrata's ledger tables, then BEGIN; statements; pgstrata's ledger write; COMMIT; per migration. */
  readonly psqlScript: string
  /** The same with one row per migration in a one-table ledger (the floor before it wrote the log event too). */
  readonly psqlRowOnlyScript: string
}

/** The ledger the psql floor writes to: pgstrata's tables (ledger, log, progress) under another name. */
export const PSQL_LEDGER = 'bench_ledger'
/** The one-table ledger of the row-only psql script. */
export const PSQL_ROW_ONLY_LEDGER = 'bench_row_ledger'

/**
 * Migration `n` creates table `bench_<n>`; even ones add an index, odd ones
 * insert a row, so the mix resembles real schema changes rather than one
 * repeated statement.
 */
export function benchMigrations(count: number): BenchMigration[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1
    const table = `bench_${n}`
    const extra = n % 2 === 0
      ? `create index ${table}_name_idx on ${table} (name);`
      : `insert into ${table} (name) values (${literal(`row ${n}`)});`
    return {
      version: versionOf(index),
      name: `create_${table}`,
      up: `create table ${table} (\n  id bigint generated always as identity primary key,\n  name text not null,\n  created_at timestamptz default now()\n);\n${extra}\n`,
      down: `drop table ${table};\n`,
    }
  })
}

// A version's NNN part runs from 001 to 999, so every 999 migrations move to the next day.
function versionOf(index: number): string {
  const day = new Date(Date.UTC(2024, 0, 1 + Math.floor(index / 999)))
  return `${day.toISOString().slice(0, 10).replaceAll('-', '')}_${String((index % 999) + 1).padStart(3, '0')}`
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** Writes the three formats under `dir`. */
export async function writeWorkload(dir: string, migrations: readonly BenchMigration[]): Promise<Workload> {
  const pgstrataDir = path.join(dir, 'pgstrata')
  const nodePgMigrateDir = path.join(dir, 'node-pg-migrate')
  await mkdir(pgstrataDir, { recursive: true })
  await mkdir(nodePgMigrateDir, { recursive: true })
  for (const m of migrations) {
    await writeFile(path.join(pgstrataDir, `${m.version}_${m.name}.up.sql`), m.up)
    await writeFile(path.join(pgstrataDir, `${m.version}_${m.name}.down.sql`), m.down)
    // node-pg-migrate orders files by their numeric prefix, which stops at the first `_`.
    await writeFile(path.join(nodePgMigrateDir, `${m.version.replace('_', '')}_${m.name}.sql`),
      `-- Up Migration\n${m.up}\n-- Down Migration\n${m.down}`)
  }
  const psqlScript = path.join(dir, 'psql-floor.sql')
  await writeFile(psqlScript, psqlFloor(migrations))
  const psqlRowOnlyScript = path.join(dir, 'psql-row-only.sql')
  await writeFile(psqlRowOnlyScript, psqlRowOnly(migrations))
  return { migrations, pgstrataDir, nodePgMigrateDir, psqlScript, psqlRowOnlyScript }
}

// The floor writes what pgstrata writes in each migration's transaction, with
// pgstrata's own SQL: the ledger row and its log event (execution_ms by the same
// expression). It leaves out only what pgstrata adds for safety: the lock and
// its fence, the check that the previous migration committed, lock_timeout.
function psqlFloor(migrations: readonly BenchMigration[]): string {
  const names = ledgerNames('public', PSQL_LEDGER)
  return `${createLedgerSql(names)}\n` + migrations.map((m) => `begin;
${m.up}${recordApplied(names, { version: m.version, name: m.name, upChecksum: sha256(m.up), downChecksum: sha256(m.down) }, 'bench')};
commit;
`).join('')
}

// The floor as it was until it wrote the log event as well: one insert into a
// one-table ledger, so a report shows what the log event costs.
function psqlRowOnly(migrations: readonly BenchMigration[]): string {
  const ledger = `create table ${PSQL_ROW_ONLY_LEDGER} (
  version text primary key,
  name text not null,
  up_checksum text not null,
  down_checksum text not null,
  applied_at timestamptz not null default now(),
  execution_ms integer not null,
  applied_by text not null
);\n`
  return ledger + migrations.map((m) => `begin;
${m.up}insert into ${PSQL_ROW_ONLY_LEDGER} (version, name, up_checksum, down_checksum, execution_ms, applied_by)
  values (${[m.version, m.name, sha256(m.up), sha256(m.down)].map(literal).join(', ')},
          (extract(epoch from clock_timestamp() - now()) * 1000)::integer, 'bench');
commit;
`).join('')
}
