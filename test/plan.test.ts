import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { PgstrataError } from '../src/errors.ts'
import type { Migration } from '../src/engine/files.ts'
import type { LedgerRow, ProgressRow } from '../src/engine/ledger.ts'
import { computeStatus, planDown, planUp } from '../src/engine/plan.ts'

const file = (text: string, irreversible: string | null = null) =>
  ({ path: `m/${text}.sql`, text, checksum: `sum:${text}`, directives: { irreversible, noTransaction: false } })

function migration(version: string, options: { down?: string; irreversible?: string } = {}): Migration {
  const name = `m${version.slice(-3)}`
  return { version, name, id: `${version}_${name}`, up: file(`${version}.up`), down: file(options.down ?? `${version}.down`, options.irreversible ?? null) }
}

function row(m: Migration, at: number, changes: Partial<LedgerRow> = {}): LedgerRow {
  return { version: m.version, name: m.name, upChecksum: m.up.checksum, downChecksum: m.down.checksum, appliedAt: new Date(at), executionMs: 1, appliedBy: 'test', method: 'run', ...changes }
}

const progress = (version: string, direction: 'up' | 'down', done = 1): ProgressRow =>
  ({ version, direction, checksum: 'x', statementsTotal: 3, statementsDone: done, statementChecksums: [], startedAt: new Date(0), lastError: null })

const [a, b, c, d] = ['20230921_001', '20230921_002', '20230922_001', '20230923_001'].map((v) => migration(v)) as [Migration, Migration, Migration, Migration]

const code = (fn: () => unknown): string => {
  try {
    fn()
  } catch (error) {
    return (error as PgstrataError).code
  }
  return 'no error'
}

test('each version gets one state: applied, pending, changed, missing, out-of-order or partial', () => {
  const gone = migration('20230920_001')
  const edited = migration('20230921_002', { down: 'edited' })
  const statuses = computeStatus([a, edited, c, d], [row(gone, 1), row(a, 2), row(b, 3), row(d, 4)], [progress(d.version, 'down')])
  assert.equal(statuses.map((s) => [s.version, s.state]), [
    ['20230920_001', 'missing'],
    ['20230921_001', 'applied'],
    ['20230921_002', 'changed'],
    ['20230922_001', 'out-of-order'],
    ['20230923_001', 'partial'],
  ])
  assert.match(statuses[2]!.changes[0]!, 'm/edited.sql: ledger sha256 sum:20230921, file sum:edited')
})

test('up applies pending versions in order and honours --to and --step', () => {
  const statuses = computeStatus([a, b, c, d], [row(a, 1)], [])
  assert.equal(planUp(statuses).map((m) => m.version), [b.version, c.version, d.version])
  assert.equal(planUp(statuses, { to: c.version }).map((m) => m.version), [b.version, c.version])
  assert.equal(planUp(statuses, { step: 1 }).map((m) => m.version), [b.version])
  assert.is(code(() => planUp(statuses, { to: '20990101_001' })), 'UNKNOWN_VERSION')
})

test('up refuses edited history and late files, and resumes a partial file first', () => {
  assert.is(code(() => planUp(computeStatus([a, b], [row({ ...a, up: file('other') }, 1)], []))), 'CHECKSUM_MISMATCH')
  const late = computeStatus([a, b, c], [row(a, 1), row(c, 2)], [])
  assert.is(code(() => planUp(late)), 'OUT_OF_ORDER')
  assert.equal(planUp(late, { allowOutOfOrder: true }).map((m) => m.version), [b.version])
  const partial = computeStatus([a, b], [], [progress(a.version, 'up')])
  assert.equal(planUp(partial).map((m) => m.version), [a.version, b.version])
  assert.is(code(() => planUp(computeStatus([a, b], [row(a, 1)], [progress(a.version, 'down')]))), 'PARTIAL_DOWN')
})

test('down reverts the most recently applied first, one by default', () => {
  const statuses = computeStatus([a, b, c], [row(a, 1), row(c, 2), row(b, 3)], [])
  assert.equal(planDown(statuses).map((s) => s.version), [b.version])
  assert.equal(planDown(statuses, { step: 2 }).map((s) => s.version), [b.version, c.version])
  assert.equal(planDown(statuses, { to: a.version }).map((s) => s.version), [b.version, c.version])
  assert.equal(planDown(statuses, { to: 'base' }).map((s) => s.version), [b.version, c.version, a.version])
  assert.is(code(() => planDown(statuses, { to: a.version, step: 1 })), 'BAD_USAGE')
  assert.is(code(() => planDown(computeStatus([a, b], [row(a, 1)], []), { to: b.version })), 'NOT_APPLIED')
})

test('down refuses an irreversible migration, missing files and a half-applied up', () => {
  const once = migration('20230924_001', { irreversible: 'drops customer data' })
  assert.is(code(() => planDown(computeStatus([a, once], [row(a, 1), row(once, 2)], []), { step: 2 })), 'IRREVERSIBLE')
  assert.is(code(() => planDown(computeStatus([b], [row(a, 1)], []))), 'MISSING_FILES')
  assert.is(code(() => planDown(computeStatus([a, b], [row(a, 1)], [progress(b.version, 'up')]))), 'PARTIAL_UP')
})

test('down finishes a half-reverted file before anything else', () => {
  const statuses = computeStatus([a, b], [row(a, 1), row(b, 2)], [progress(a.version, 'down')])
  assert.equal(planDown(statuses).map((s) => s.version), [a.version])
  assert.equal(planDown(statuses, { step: 2 }).map((s) => s.version), [a.version, b.version])
})

test.run()
