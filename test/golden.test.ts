// Golden SQL: for a selection of the scenario corpus, the up and down scripts
// generated from two real databases are compared byte for byte with
// test/golden/<scenario>.{up,down}.sql, so a change in the rendered SQL shows
// up in review as a change to those files. UPDATE_GOLDEN=1 rewrites them.
//
// What PostgreSQL prints (view and function definitions, defaults) can differ
// between majors: the files are recorded on the major in test/golden/server-major
// (the CI server's). On another major a difference is reported on stderr, not failed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { generateMigration } from '../src/diff/index.ts'
import { introspect } from '../src/introspect/index.ts'
import { renderScript } from '../src/sql/render/script.ts'
import { freshDatabase, testServer, type FreshDatabase } from './helpers/database.ts'
import { REPO } from './helpers/project.ts'
import { loadScenarios, type Scenario } from './helpers/scenarios.ts'

const GOLDEN = path.join(REPO, 'test/golden')
const MAJOR_FILE = path.join(GOLDEN, 'server-major')

/** One or two scenarios per feature the renderer has; each name is a folder in test/scenarios. */
const SELECTED = [
  'table-create-with-everything', // identity, defaults, arrays, PK/FK/unique/check, comments, expression index; down drops it
  'column-awkward-names', // quoting
  'column-type-text-to-integer-with-using',
  'column-not-null-set-and-drop',
  'column-default-set-drop-change',
  'identity-add-to-existing-column', // down drops the identity
  'serial-to-identity', // down creates a sequence OWNED BY the column
  'sequence-alter-every-option',
  'enum-add-value-before',
  'enum-add-value-used-as-default', // two transactions
  'enum-reorder-values', // recreate (the downs of the two above recreate with a check for removed values)
  'domain-check-add-drop-change',
  'composite-add-attribute-used-by-column',
  'fk-circular-two-tables-create',
  'constraint-check-add-drop-change',
  'constraint-unique-add-drop',
  'constraint-exclusion-gist-range',
  'index-partial',
  'view-change-body-same-columns', // CREATE OR REPLACE
  'view-remove-column', // drop and create
  'matview-change-definition-recreates-index',
  'function-body-change', // CREATE OR REPLACE
  'function-signature-change', // drop and create
  'trigger-create-and-drop',
  'policy-with-rls-flags-together',
  'partition-list-attach-existing-table', // down detaches
  'table-and-column-comments',
  'table-rename-with-column-rename-awkward-names', // renames from scenario.json
  'extension-create-citext-and-retype-column',
]

const update = process.env.UPDATE_GOLDEN === '1'
const only = process.env.SCENARIO
const all = new Map(loadScenarios().map((s) => [s.name, s]))
const missing = SELECTED.filter((name) => !all.has(name))
if (missing.length > 0) throw new Error(`golden: no such scenario in test/scenarios: ${missing.join(', ')}`)
const scenarios = SELECTED.map((name) => all.get(name)!).filter((s) => !only || s.name.includes(only))

const { version } = await testServer()
const major = Number.parseInt(version, 10)
const recorded = existsSync(MAJOR_FILE) ? Number(readFileSync(MAJOR_FILE, 'utf8').trim()) : null
if (update) {
  // Files from two majors in one folder would make every difference look like a version difference.
  if (recorded !== null && recorded !== major) {
    throw new Error(`golden: the files were recorded on PostgreSQL ${recorded}, this server is ${major}; update them on ${recorded} (or delete ${path.relative(REPO, MAJOR_FILE)} to move every file to ${major})`)
  }
  mkdirSync(GOLDEN, { recursive: true })
  writeFileSync(MAJOR_FILE, `${major}\n`)
}

interface Scripts {
  readonly up: string
  readonly down: string
}

/** Databases to drop at the end, all at once: DROP DATABASE is slow, and no scenario needs to wait for it. */
const leftovers: FreshDatabase[] = []

/** Two fresh databases, one per side; the scripts generateMigration and renderScript give for them. */
async function generate(scenario: Scenario): Promise<Scripts> {
  const [a, b] = await Promise.all([freshDatabase('pgstrata_ga'), freshDatabase('pgstrata_gb')])
  try {
    await Promise.all([a.sql.unsafe(scenario.before), b.sql.unsafe(scenario.after)])
    const [start, target] = await Promise.all([introspect(a.sql), introspect(b.sql)])
    const { up, down } = generateMigration(start, target, scenario.renames ? { renames: scenario.renames } : {})
    return { up: renderScript(up), down: renderScript(down) }
  } finally {
    leftovers.push(a, b)
  }
}

/**
 * CREATE DATABASE dominates the run time, so every scenario starts now, in a
 * few lanes (the server runs one CREATE DATABASE at a time anyway), and each
 * test waits for its own result. The lane's catch also marks the result
 * handled: a rejection reaches its test, not the process.
 */
function startAll(list: readonly Scenario[], lanes: number): Map<string, Promise<Scripts>> {
  const results = new Map<string, Promise<Scripts>>()
  const tails: Promise<unknown>[] = Array.from({ length: lanes }, () => Promise.resolve())
  list.forEach((scenario, i) => {
    const result = tails[i % lanes]!.then(() => generate(scenario))
    tails[i % lanes] = result.catch(() => {})
    results.set(scenario.name, result)
  })
  return results
}

const pending = startAll(scenarios, 3)

/** Where two texts first differ, with a few lines of context on each side. */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n')
  const a = actual.split('\n')
  let line = 0
  while (line < e.length && line < a.length && e[line] === a[line]) line++
  const show = (lines: string[], from: number, to: number, mark: string) =>
    lines.slice(from, to).map((text, i) => `${mark} ${String(from + i + 1).padStart(4)} | ${text}`)
  return [
    `first difference at line ${line + 1}:`,
    ...show(e, Math.max(0, line - 3), line, ' '),
    ...show(e, line, line + 4, '-'),
    ...show(a, line, line + 4, '+'),
    `(- golden file, + generated; ${e.length} vs ${a.length} lines)`,
  ].join('\n')
}

/** Null when `actual` matches the golden file (or was written, or differs only on another major); else what differs. */
function compare(scenario: string, direction: 'up' | 'down', actual: string): string | null {
  const relative = `test/golden/${scenario}.${direction}.sql`
  const file = path.join(REPO, relative)
  if (update) {
    writeFileSync(file, actual)
    return null
  }
  if (!existsSync(file)) return `${relative} is missing: run the test with UPDATE_GOLDEN=1 and review the file`
  const expected = readFileSync(file, 'utf8')
  if (expected === actual) return null
  const difference = `${relative} does not match the generated ${direction} script; ${firstDifference(expected, actual)}`
  if (recorded !== null && recorded !== major) {
    process.stderr.write(`golden: skipped on PostgreSQL ${major} (recorded on ${recorded}): ${difference}\n`)
    return null
  }
  return difference
}

test('every file in test/golden belongs to a selected scenario', () => {
  if (only) return
  const expected = new Set([...SELECTED.flatMap((name) => [`${name}.up.sql`, `${name}.down.sql`]), path.basename(MAJOR_FILE)])
  const stray = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((file) => !expected.has(file)) : []
  if (update) for (const file of stray) rmSync(path.join(GOLDEN, file))
  else assert.equal(stray, [], 'files for scenarios no longer selected: delete them, or run with UPDATE_GOLDEN=1')
})

for (const scenario of scenarios) {
  test(`golden ${scenario.name}: the up and down SQL match test/golden/${scenario.name}.{up,down}.sql`, async () => {
    const scripts = await pending.get(scenario.name)!
    const differences = [compare(scenario.name, 'up', scripts.up), compare(scenario.name, 'down', scripts.down)].filter((d) => d !== null)
    if (differences.length > 0) assert.unreachable(`${differences.join('\n\n')}\nIf the change is intended, run with UPDATE_GOLDEN=1 and review the diff of the files.`)
  })
}

test.after(async () => {
  await Promise.all(leftovers.map((db) => db.drop()))
})

test.run()
