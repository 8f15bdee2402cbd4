// Running one diff scenario the way a user would check a generated pair:
// apply up to the start, compare with the target; apply down, compare with
// the start; both directions diff empty afterwards; rows survive.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { generateMigration, plan, type Plan, type Renames } from '../../src/diff/index.ts'
import { introspect } from '../../src/introspect/index.ts'
import { modelToJson } from '../../src/model/json.ts'
import type { Model } from '../../src/model/types.ts'
import { loadParser, splitStatements } from '../../src/sql/parse.ts'
import { renderScript } from '../../src/sql/render/script.ts'
import { freshDatabase } from './database.ts'
import { REPO } from './project.ts'

export const SCENARIOS = path.join(REPO, 'test/scenarios')

export interface Scenario {
  readonly name: string
  readonly before: string
  readonly after: string
  readonly minVersion: number
  readonly renames?: Renames
  readonly expectEmpty: boolean
  readonly destructive: boolean
  readonly expectError?: string
  /** SQL that must succeed after up (and after down): an insert that would collide with a sequence left behind. */
  readonly checkUp?: string
  readonly checkDown?: string
  /** How many transactions the up migration must take (2 when a new enum value is used right away). */
  readonly transactions?: number
  /** Change kinds that must not appear in up or down (a rename that must not drop and re-add). */
  readonly forbid?: readonly string[]
}

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIOS).sort().filter((name) => existsSync(path.join(SCENARIOS, name, 'before.sql'))).map((name) => {
    const dir = path.join(SCENARIOS, name)
    const read = (file: string) => readFileSync(path.join(dir, file), 'utf8')
    const config = existsSync(path.join(dir, 'scenario.json')) ? JSON.parse(read('scenario.json')) as Record<string, unknown> : {}
    return {
      name,
      before: read('before.sql'),
      after: read('after.sql'),
      minVersion: existsSync(path.join(dir, 'min-version')) ? Number(read('min-version').trim()) : 0,
      ...(config.renames ? { renames: config.renames as Renames } : {}),
      expectEmpty: config.expectEmpty === true,
      destructive: config.destructive === true,
      ...(typeof config.expectError === 'string' ? { expectError: config.expectError } : {}),
      ...(typeof config.checkUp === 'string' ? { checkUp: config.checkUp } : {}),
      ...(typeof config.checkDown === 'string' ? { checkDown: config.checkDown } : {}),
      ...(typeof config.transactions === 'number' ? { transactions: config.transactions } : {}),
      ...(Array.isArray(config.forbid) ? { forbid: config.forbid as string[] } : {}),
    }
  })
}

/** The model as compared: column order and the server's version do not count. */
export function canonical(model: Model): unknown {
  const json = modelToJson(model)
  return {
    ...json,
    server: null,
    tables: json.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) })),
  }
}

/** Runs a migration script as the runner does: each `-- pgstrata:commit` segment in its own transaction. */
export async function applyScript(sql: postgres.Sql, script: string): Promise<void> {
  for (const segment of script.split(/^-- pgstrata:commit.*$/m)) {
    if (segment.trim() === '') continue
    try {
      await sql.unsafe(`begin;\n${segment}\ncommit;`)
    } catch (error) {
      await sql.unsafe('rollback').catch(() => {})
      throw error
    }
  }
}

async function rowCounts(sql: postgres.Sql, model: Model): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const table of model.tables.values()) {
    if (table.partitionKey !== null) continue
    const [row] = await sql.unsafe(`select count(*)::int as n from only ${q(table.schema)}.${q(table.name)}`)
    counts.set(table.key, row!.n as number)
  }
  return counts
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`

export interface Outcome {
  readonly up: Plan
  readonly down: Plan
  readonly upScript: string
  readonly downScript: string
  /** Set when the up migration failed (expected for expectError scenarios). */
  readonly upError?: Error
  readonly downError?: Error
  readonly afterUp?: unknown
  readonly target: unknown
  readonly afterDown?: unknown
  readonly start: unknown
  readonly residualUp?: readonly string[]
  readonly residualDown?: readonly string[]
  readonly lostRows: readonly string[]
  readonly unparsable: readonly string[]
  /** Errors from checkUp and checkDown. */
  readonly checkErrors: readonly string[]
}

export async function runScenario(scenario: Scenario): Promise<Outcome> {
  await loadParser()
  const [a, b] = await Promise.all([freshDatabase('pgstrata_sa'), freshDatabase('pgstrata_sb')])
  // One connection, so BEGIN and COMMIT sent as statements stay on it.
  const single = postgres(a.url, { max: 1, onnotice: () => {}, fetch_types: false })
  try {
    await a.sql.unsafe(scenario.before)
    await b.sql.unsafe(scenario.after)
    const [start, target] = await Promise.all([introspect(a.sql), introspect(b.sql)])
    const { up, down } = generateMigration(start, target, scenario.renames ? { renames: scenario.renames } : {})
    const upScript = renderScript(up)
    const downScript = renderScript(down)
    const unparsable: string[] = []
    for (const [name, script] of [['up', upScript], ['down', downScript]] as const) {
      try {
        splitStatements(script, `${scenario.name}/${name}.sql`)
      } catch (error) {
        unparsable.push(`${name}: ${(error as Error).message}`)
      }
    }
    const checkErrors: string[] = []
    const check = async (name: string, text: string | undefined) => {
      if (text !== undefined) await a.sql.unsafe(text).catch((error: Error) => checkErrors.push(`${name}: ${error.message}`))
    }
    const base = { up, down, upScript, downScript, target: canonical(target), start: canonical(start), unparsable, checkErrors }
    const rowsBefore = await rowCounts(a.sql, start)
    try {
      await applyScript(single, upScript)
    } catch (error) {
      return { ...base, upError: error as Error, lostRows: [] }
    }
    const afterUp = await introspect(a.sql)
    const rowsAfter = await rowCounts(a.sql, afterUp)
    const lostRows = [...rowsBefore].filter(([key, n]) => {
      const after = rowsAfter.get(key)
      return after !== undefined && after < n
    }).map(([key, n]) => `${key}: ${n} rows before, ${rowsAfter.get(key)} after`)
    const residualUp = plan(afterUp, target).steps.map((s) => s.id)
    await check('checkUp', scenario.checkUp)
    try {
      await applyScript(single, downScript)
    } catch (error) {
      // A down after a destructive up may fail for want of the data it lost.
      return { ...base, afterUp: canonical(afterUp), residualUp, lostRows, downError: error as Error }
    }
    const afterDown = await introspect(a.sql)
    const residualDown = plan(afterDown, start).steps.map((s) => s.id)
    await check('checkDown', scenario.checkDown)
    return { ...base, afterUp: canonical(afterUp), afterDown: canonical(afterDown), residualUp, residualDown, lostRows }
  } finally {
    await single.end({ timeout: 2 })
    await Promise.all([a.drop(), b.drop()])
  }
}
