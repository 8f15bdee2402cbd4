// The benchmark's workload: `count` small migrations, written once in each
// contender's format so that all three run exactly the same statements.
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
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
  /** One psql script: the ledger table, then BEGIN; statements; ledger row; COMMIT; per migration. */
  readonly psqlScript: string
}

/** The ledger the psql floor writes to, shaped like pgstrata's. */
export const PSQL_LEDGER = 'bench_ledger'

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
  return { migrations, pgstrataDir, nodePgMigrateDir, psqlScript }
}

// execution_ms uses the expression pgstrata's ledger write uses, so the floor pays for it too.
function psqlFloor(migrations: readonly BenchMigration[]): string {
  const ledger = `create table ${PSQL_LEDGER} (
  version text primary key,
  name text not null,
  up_checksum text not null,
  down_checksum text not null,
  applied_at timestamptz not null default now(),
  execution_ms integer not null,
  applied_by text not null
);\n`
  return ledger + migrations.map((m) => `begin;
${m.up}insert into ${PSQL_LEDGER} (version, name, up_checksum, down_checksum, execution_ms, applied_by)
  values (${[m.version, m.name, sha256(m.up), sha256(m.down)].map(literal).join(', ')},
          (extract(epoch from clock_timestamp() - now()) * 1000)::integer, 'bench');
commit;
`).join('')
}
