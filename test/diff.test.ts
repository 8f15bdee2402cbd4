// The diff engine without a database: models built in memory, changes,
// plans and SQL out. Names are chosen so that ordering by step id alone would
// give the wrong order wherever a test checks a dependency.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { generateMigration, plan, diff, type Plan } from '../src/diff/index.ts'
import { deepEqual, diffKeyed, without } from '../src/diff/keyed.ts'
import { attachedBelow } from '../src/diff/attached.ts'
import { invertUsings, usingFor } from '../src/diff/casts.ts'
import { parseTypeName } from '../src/diff/names.ts'
import { DependencyCycleError, planChanges } from '../src/diff/plan.ts'
import { appendOnly } from '../src/diff/types.ts'
import type { Change } from '../src/diff/change.ts'
import { PgstrataError } from '../src/errors.ts'
import { keyOf, type Key } from '../src/model/key.ts'
import { renderScript } from '../src/sql/render/script.ts'
import {
  check, column, dependsOn, emptyModel, enumType, expr, foreignKey, index, modelOf, primaryKey, schema, table, unique, view,
  type ModelOptions, type ModelParts,
} from './helpers/models.ts'

const ids = (p: Plan) => p.steps.map((s) => s.id)
const kinds = (p: Plan) => p.steps.map((s) => s.change.kind)
const sqlOf = (p: Plan) => p.steps.flatMap((s) => s.sql)

/** The position of the only step whose id starts with `prefix`; fails when there is none or more than one. */
function at(p: Plan, prefix: string): number {
  const found = p.steps.flatMap((s, i) => (s.id.startsWith(prefix) ? [i] : []))
  assert.is(found.length, 1, `expected one step ${prefix}, found ${found.length} in:\n${ids(p).join('\n')}`)
  return found[0]!
}

function before(p: Plan, first: string, second: string): void {
  assert.ok(at(p, first) < at(p, second), `${first} should come before ${second}; order:\n${ids(p).join('\n')}`)
}

// ---------------------------------------------------------------- diffKeyed, deepEqual, without

test('diffKeyed reports added, removed and changed objects, each in key order whatever the maps\' insertion order', () => {
  const m = (entries: [string, number][]) => new Map(entries.map(([key, v]) => [key as Key, { key, v }]))
  const from = m([['d', 1], ['b', 2], ['c', 3], ['a', 4]])
  const to = m([['f', 5], ['c', 30], ['a', 4], ['e', 1], ['b', 20]])
  const delta = diffKeyed(from, to)
  assert.equal(delta.added, [{ key: 'e', v: 1 }, { key: 'f', v: 5 }])
  assert.equal(delta.removed, [{ key: 'd', v: 1 }])
  assert.equal(delta.changed, [{ from: { key: 'b', v: 2 }, to: { key: 'b', v: 20 } }, { from: { key: 'c', v: 3 }, to: { key: 'c', v: 30 } }])
  assert.equal(diffKeyed(new Map([...from].reverse()), new Map([...to].reverse())), delta)
})

test('diffKeyed gives the same key order for maps already sorted (merged), one sorted and one not, and neither', () => {
  const keys = ['["table","public","","a",""]', '["table","public","","b",""]', '["table","public","","é",""]', '["table","public","","\u{1F600}",""]', '["table","public","","Z",""]']
  const m = (list: string[]) => new Map(list.map((key, i) => [key as Key, { key, v: i }]))
  const from = m([keys[0]!, keys[2]!, keys[3]!].sort())
  const to = m([keys[1]!, keys[2]!, keys[4]!].sort())
  const delta = diffKeyed(from, to, (a, b) => a.key === b.key)
  assert.equal(delta.added.map((o) => o.key), [keys[1], keys[4]].sort())
  assert.equal(delta.removed.map((o) => o.key), [keys[0], keys[3]].sort())
  assert.equal(diffKeyed(new Map([...from].reverse()), to, (a, b) => a.key === b.key), delta)
  assert.equal(diffKeyed(from, new Map([...to].reverse()), (a, b) => a.key === b.key), delta)
})

test('attachedBelow finds what is attached to an index or key, and theirs, all the way down, indexes before keys', () => {
  const parent = table('public', 'parent', [column('id', 'integer')])
  const child = table('public', 'child', [column('id', 'integer')])
  const grandchild = table('public', 'grandchild', [column('id', 'integer')])
  const top = index(parent, 'parent_id_idx', ['id'])
  const middle = { ...index(child, 'child_id_idx', ['id']), attachedTo: top.key }
  const bottom = { ...index(grandchild, 'grandchild_id_idx', ['id']), attachedTo: middle.key }
  const key = { ...primaryKey(child, 'child_pkey', ['id']), attachedTo: top.key }
  const model = modelOf({ tables: [parent, child, grandchild], indexes: [top, middle, bottom], constraints: [key] })
  assert.equal(attachedBelow(model, top.key).map((o) => o.key), [middle.key, bottom.key, key.key])
  assert.equal(attachedBelow(model, bottom.key), [])
  // Another model with other attachments: nothing carried over from the first.
  const other = modelOf({ tables: [parent, child], indexes: [top, { ...middle, attachedTo: null }] })
  assert.equal(attachedBelow(other, top.key), [])
})

test('diffKeyed uses the equality it is given: objects equal under it are not changed', () => {
  const from = new Map([['x' as Key, { name: 'x', comment: 'old' }]])
  const to = new Map([['x' as Key, { name: 'x', comment: 'new' }]])
  assert.is(diffKeyed(from, to).changed.length, 1)
  assert.equal(diffKeyed(from, to, (a, b) => a.name === b.name), { added: [], removed: [], changed: [] })
})

test('deepEqual compares nested plain data: key order does not count, array order does', () => {
  assert.ok(deepEqual({ a: 1, b: { c: [1, { d: 'x' }] } }, { b: { c: [1, { d: 'x' }] }, a: 1 }))
  assert.not.ok(deepEqual({ a: [1, 2] }, { a: [2, 1] }))
  assert.not.ok(deepEqual({ a: { b: { c: 1 } } }, { a: { b: { c: 2 } } }))
  assert.not.ok(deepEqual([1, [2, 3]], [1, [2, 3, 4]]))
  assert.ok(deepEqual([], []))
  assert.ok(deepEqual(null, null))
  assert.not.ok(deepEqual(null, {}))
  assert.not.ok(deepEqual(null, undefined))
  assert.not.ok(deepEqual(0, '0'))
  assert.not.ok(deepEqual([1], { 0: 1 }))
  assert.not.ok(deepEqual({ 0: 1, length: 1 }, [1]))
})

test('deepEqual tells a field set to undefined from a missing one, and from null', () => {
  assert.not.ok(deepEqual({ a: undefined }, {}))
  assert.not.ok(deepEqual({}, { a: undefined }))
  assert.not.ok(deepEqual({ a: undefined, b: 1 }, { b: 1, c: undefined }))
  assert.not.ok(deepEqual({ a: undefined }, { a: null }))
  assert.ok(deepEqual({ a: undefined }, { a: undefined }))
})

test('without leaves out the named fields and leaves the object itself alone', () => {
  const object = { a: 1, b: 2, c: { d: 3 } }
  assert.equal(without(object, 'a', 'c'), { b: 2 })
  assert.equal(object, { a: 1, b: 2, c: { d: 3 } })
  assert.ok(deepEqual(without({ x: 1, comment: 'a' }, 'comment'), without({ x: 1, comment: 'b' }, 'comment')))
})

// ---------------------------------------------------------------- appendOnly, parseTypeName

test('appendOnly places a new enum value before the next kept value, after the last one, or alone', () => {
  assert.equal(appendOnly(['a', 'b'], ['a', 'b']), [])
  assert.equal(appendOnly(['a', 'b'], ['a', 'b', 'c']), [{ value: 'c', position: { after: 'b' } }])
  assert.equal(appendOnly(['a', 'b'], ['z', 'a', 'b']), [{ value: 'z', position: { before: 'a' } }])
  assert.equal(appendOnly(['a', 'b'], ['a', 'm', 'b']), [{ value: 'm', position: { before: 'b' } }])
  assert.equal(appendOnly([], ['a', 'b']), [{ value: 'a', position: null }, { value: 'b', position: { after: 'a' } }])
})

test('appendOnly steps applied in turn build the target order when several values are inserted together', () => {
  const from = ['low', 'high']
  const to = ['lowest', 'low', 'mid1', 'mid2', 'high', 'top']
  const steps = appendOnly(from, to)!
  const labels = [...from]
  for (const { value, position } of steps) {
    if (position === null) labels.push(value)
    else if ('before' in position) labels.splice(labels.indexOf(position.before), 0, value)
    else labels.splice(labels.indexOf(position.after) + 1, 0, value)
  }
  assert.equal(labels, to)
  assert.equal(steps.map((s) => s.value), ['lowest', 'mid1', 'mid2', 'top'])
})

test('appendOnly refuses a removed or reordered value (null: the enum must be recreated)', () => {
  assert.is(appendOnly(['a', 'b', 'c'], ['a', 'c']), null)
  assert.is(appendOnly(['a', 'b', 'c'], ['b', 'a', 'c']), null)
  assert.is(appendOnly(['a', 'b'], ['b', 'x', 'a']), null)
  assert.is(appendOnly(['a', 'b'], ['a', 'x']), null)
})

test('parseTypeName reads schema, name and array dimensions as format_type prints them', () => {
  assert.equal(parseTypeName('public.mood'), { schema: 'public', name: 'mood', dimensions: 0 })
  assert.equal(parseTypeName('public.mood[]'), { schema: 'public', name: 'mood', dimensions: 1 })
  assert.equal(parseTypeName('"My Schema"."Odd ""Type"""[][]'), { schema: 'My Schema', name: 'Odd "Type"', dimensions: 2 })
  assert.equal(parseTypeName('app."select"'), { schema: 'app', name: 'select', dimensions: 0 })
  assert.equal(parseTypeName('"a.b".c'), { schema: 'a.b', name: 'c', dimensions: 0 })
})

test('parseTypeName returns null for built-in, modified and malformed type names', () => {
  for (const text of ['integer', 'integer[]', 'character varying(20)', 'numeric(10,2)', 'timestamp with time zone', 'a.b.c', 'public.', 'public.Mood', '"unterminated.x', 'public.mood[', '']) {
    assert.is(parseTypeName(text), null, text)
  }
})

// ---------------------------------------------------------------- ordering

const id = column('id', 'integer', { notNull: true })

test('a new enum is created before the column that uses it, and dropped after it on the way down', () => {
  const mood = enumType('public', 'mood', ['sad', 'happy'])
  const from = modelOf({ tables: [table('public', 't', [id])] })
  const to = modelOf({ enums: [mood], tables: [table('public', 't', [id, column('m', 'public.mood')])] })
  const { up, down } = generateMigration(from, to)
  assert.equal(kinds(up), ['createEnum', 'addColumn'])
  assert.equal(sqlOf(up), [
    `CREATE TYPE "public"."mood" AS ENUM ('sad', 'happy');`,
    `ALTER TABLE "public"."t" ADD COLUMN "m" public.mood;`,
  ])
  assert.equal(kinds(down), ['dropColumn', 'dropEnum'])
})

test('a primary key or unique key is added before the foreign keys that reference it', () => {
  const parent = table('public', 'z_parent', [id, column('code', 'text', { notNull: true })])
  const child = table('public', 'a_child', [id, column('parent_id', 'integer'), column('parent_code', 'text')])
  const keys = [primaryKey(parent, 'z_parent_pkey', ['id']), unique(parent, 'z_parent_code_key', ['code'])]
  const fks = [foreignKey(child, 'a_child_parent_fk', ['parent_id'], parent, ['id']), foreignKey(child, 'a_child_code_fk', ['parent_code'], parent, ['code'])]
  const from = modelOf({ tables: [parent, child] })
  const to = modelOf({ tables: [parent, child], constraints: [...keys, ...fks] })
  const up = plan(from, to)
  before(up, 'addConstraint:["constraint","public","z_parent","z_parent_pkey"', 'addConstraint:["constraint","public","a_child","a_child_parent_fk"')
  before(up, 'addConstraint:["constraint","public","z_parent","z_parent_code_key"', 'addConstraint:["constraint","public","a_child","a_child_code_fk"')
  assert.ok(sqlOf(up).includes('ALTER TABLE "public"."a_child" ADD CONSTRAINT "a_child_parent_fk" FOREIGN KEY (parent_id) REFERENCES public.z_parent(id);'))
})

test('two new tables with foreign keys to each other: both tables are created, then the foreign keys added, each after the key it references', () => {
  const a = table('public', 'a', [id, column('b_id', 'integer')])
  const b = table('public', 'b', [id, column('a_id', 'integer')])
  const to = modelOf({
    tables: [a, b],
    constraints: [primaryKey(a, 'a_pkey', ['id']), primaryKey(b, 'b_pkey', ['id']),
      foreignKey(a, 'a_b_fk', ['b_id'], b, ['id']), foreignKey(b, 'b_a_fk', ['a_id'], a, ['id'])],
  })
  const { up, down } = generateMigration(emptyModel(), to)
  assert.equal(kinds(up).sort(), ['addConstraint', 'addConstraint', 'addConstraint', 'addConstraint', 'createTable', 'createTable'])
  for (const fk of ['addConstraint:["constraint","public","a","a_b_fk"', 'addConstraint:["constraint","public","b","b_a_fk"']) {
    for (const t of ['createTable:["table","public","","a"', 'createTable:["table","public","","b"']) before(up, t, fk)
  }
  before(up, 'addConstraint:["constraint","public","a","a_pkey"', 'addConstraint:["constraint","public","b","b_a_fk"')
  before(up, 'addConstraint:["constraint","public","b","b_pkey"', 'addConstraint:["constraint","public","a","a_b_fk"')
  // Down: the foreign keys go first, then the tables (their own keys go with them).
  assert.equal(kinds(down), ['dropConstraint', 'dropConstraint', 'dropTable', 'dropTable'])
  assert.equal(down.steps.filter((s) => s.change.kind === 'dropConstraint').map((s) => (s.change as Extract<Change, { kind: 'dropConstraint' }>).constraint.type), ['foreignKey', 'foreignKey'])
})

test('a table referenced by a foreign key is dropped after the foreign key', () => {
  const parent = table('public', 'parent', [id])
  const child = table('public', 'child', [id, column('parent_id', 'integer')])
  const from = modelOf({ tables: [parent, child], constraints: [primaryKey(parent, 'parent_pkey', ['id']), foreignKey(child, 'child_parent_fk', ['parent_id'], parent, ['id'])] })
  const to = modelOf({ tables: [child] })
  const up = plan(from, to)
  assert.equal(ids(up), ['dropConstraint:["constraint","public","child","child_parent_fk",""]', 'dropTable:["table","public","","parent",""]'])
})

test('a view is created after the table it reads and dropped before it', () => {
  const t = table('public', 'items', [id])
  const v = view('public', 'a_items', 'SELECT items.id\n   FROM public.items', [['id', 'integer']])
  const full = modelOf({ tables: [t], views: [v], dependencies: [dependsOn(v, t)] })
  const { up, down } = generateMigration(emptyModel(), full)
  before(up, 'createTable:["table","public","","items"', 'createView:["view","public","","a_items"')
  assert.equal(sqlOf(up)[1], 'CREATE VIEW "public"."a_items" AS\nSELECT items.id\n   FROM public.items;')
  // Step ids alone would put dropTable before dropView.
  assert.equal(kinds(down), ['dropView', 'dropTable'])
})

test('a view reading a column whose type changes is dropped before the change and created again after it', () => {
  const v = (type: string) => view('public', 'v', 'SELECT t.n\n   FROM public.t', [['n', type]])
  const side = (type: string) => {
    const t = table('public', 't', [id, column('n', type)])
    return modelOf({ tables: [t], views: [v(type)], dependencies: [dependsOn(v(type), t)] })
  }
  const up = plan(side('integer'), side('bigint'))
  assert.equal(kinds(up), ['dropView', 'alterColumn', 'createView'])
  assert.equal(up.steps[1]!.sql, ['ALTER TABLE "public"."t" ALTER COLUMN "n" TYPE bigint USING "n"::bigint;'])
})

test('without the dependency the planner is told about, the same change is ordered by step id alone', () => {
  // The counterpart of the test above: shows that the order there comes from model.dependencies.
  const v = (type: string) => view('public', 'v', 'SELECT t.n\n   FROM public.t', [['n', type]])
  const side = (type: string) => modelOf({ tables: [table('public', 't', [id, column('n', type)])], views: [v(type)] })
  assert.equal(kinds(plan(side('integer'), side('bigint'))), ['alterColumn', 'dropView', 'createView'])
})

test('changes that need each other in a cycle throw DEPENDENCY_CYCLE naming the steps', () => {
  const a = view('public', 'a', 'SELECT 1 AS x', [['x', 'integer']])
  const b = view('public', 'b', 'SELECT 1 AS x', [['x', 'integer']])
  const c = view('public', 'c', 'SELECT 1 AS x', [['x', 'integer']])
  const to = modelOf({ views: [a, b, c], dependencies: [dependsOn(a, b), dependsOn(b, a)] })
  const changes: Change[] = [{ kind: 'createView', view: c }, { kind: 'createView', view: b }, { kind: 'createView', view: a }]
  let caught: unknown
  try {
    planChanges(changes, emptyModel(), to, 150000)
  } catch (error) {
    caught = error
  }
  assert.instance(caught, DependencyCycleError)
  assert.instance(caught, PgstrataError)
  const error = caught as DependencyCycleError
  assert.is(error.code, 'DEPENDENCY_CYCLE')
  // c is free to go; a and b wait for each other.
  assert.equal(error.context, [
    'the cycle: createView:["view","public","","a",""] waits for createView:["view","public","","b",""] waits for createView:["view","public","","a",""]',
    'createView:["view","public","","a",""]', 'createView:["view","public","","b",""]',
  ])
  assert.match(error.message, 'cannot order 2 changes')
  assert.ok(error.hint)
})

test('an enum value added and used in the same plan is committed first, in a transaction of its own', () => {
  const from = modelOf({ enums: [enumType('public', 'mood', ['sad', 'happy'])], tables: [table('public', 't', [id])] })
  const to = modelOf({
    enums: [enumType('public', 'mood', ['sad', 'ok', 'happy'])],
    tables: [table('public', 't', [id, column('m', 'public.mood', { default: expr("'ok'::public.mood") })])],
  })
  const up = plan(from, to)
  assert.is(up.transactions, 2)
  assert.equal(up.steps.map((s) => [s.change.kind, s.transaction]), [['addEnumValue', 0], ['addColumn', 1]])
  assert.is(renderScript(up), [
    `ALTER TYPE "public"."mood" ADD VALUE 'ok' BEFORE 'happy';`,
    '',
    '-- pgstrata:commit new enum values must be committed before they can be used',
    '',
    `ALTER TABLE "public"."t" ADD COLUMN "m" public.mood DEFAULT 'ok'::public.mood;`,
    '',
  ].join('\n'))
})

test('an enum value added but not used by anything else in the plan needs one transaction', () => {
  const from = modelOf({ enums: [enumType('public', 'mood', ['sad'])], tables: [table('public', 't', [id, column('m', 'public.mood')])] })
  const to = modelOf({ enums: [enumType('public', 'mood', ['sad', 'happy'])], tables: [table('public', 't', [id, column('m', 'public.mood')])] })
  const up = plan(from, to)
  assert.is(up.transactions, 1)
  assert.not.match(renderScript(up), 'pgstrata:commit')
})

test('an enum value counts as used only as a whole word: a column named book does not use a new value ok', () => {
  const before = (labels: string[], def: string | null) => modelOf({
    enums: [enumType('public', 'e', labels)],
    tables: [table('public', 't', [id, column('book', 'public.e', { default: def === null ? null : expr(def) })])],
  })
  const unused = plan(before(['x'], null), before(['x', 'ok'], "'x'::public.e"))
  assert.is(unused.transactions, 1, renderScript(unused))
  const used = plan(before(['x'], null), before(['x', 'ok'], "'ok'::public.e"))
  assert.is(used.transactions, 2, renderScript(used))
})

// ---------------------------------------------------------------- renames

const renamePair = () => ({
  from: modelOf({ tables: [table('public', 'people', [id, column('full_name', 'text')])] }),
  to: modelOf({ tables: [table('public', 'persons', [id, column('display name', 'text')])] }),
})

test('an explicit rename becomes ALTER … RENAME, with nothing dropped or added', () => {
  const { from, to } = renamePair()
  const renames = { tables: [['public', 'people', 'persons']] as const, columns: [['public', 'persons', 'full_name', 'display name']] as const }
  const { up, down } = generateMigration(from, to, { renames })
  assert.equal(sqlOf(up), [
    'ALTER TABLE "public"."people" RENAME TO "persons";',
    'ALTER TABLE "public"."persons" RENAME COLUMN "full_name" TO "display name";',
  ])
  assert.equal(sqlOf(down), [
    'ALTER TABLE "public"."persons" RENAME TO "people";',
    'ALTER TABLE "public"."people" RENAME COLUMN "display name" TO "full_name";',
  ])
})

test('without a rename map a renamed column is dropped and added, with the data-loss hazard', () => {
  const from = modelOf({ tables: [table('public', 't', [id, column('full_name', 'text')])] })
  const to = modelOf({ tables: [table('public', 't', [id, column('display_name', 'text')])] })
  const up = plan(from, to)
  assert.equal(kinds(up), ['addColumn', 'dropColumn'])
  assert.ok(up.steps[1]!.hazards.some((h) => h.kind === 'deletesData'))
})

test('renames run before the other changes, whatever their step ids', () => {
  const from = modelOf({ tables: [table('public', 't', [id, column('b', 'text')])] })
  const to = modelOf({ tables: [table('public', 't', [id, column('a', 'text'), column('c', 'integer')])] })
  const up = plan(from, to, { renames: { columns: [['public', 't', 'b', 'a']] } })
  assert.equal(kinds(up), ['renameColumn', 'addColumn'])
})

// ---------------------------------------------------------------- determinism

function richParts(): ModelParts {
  const mood = enumType('app', 'mood', ['sad', 'happy'])
  const users = table('app', 'users', [id, column('email', 'text', { notNull: true }), column('mood', 'app.mood')])
  const orders = table('app', 'orders', [id, column('user_id', 'integer'), column('total', 'numeric(10,2)', { default: expr('0') })])
  const audit = table('public', 'audit', [column('at', 'timestamp with time zone', { default: expr('now()') })])
  const v = view('app', 'big_orders', 'SELECT orders.id\n   FROM app.orders\n  WHERE (orders.total > (100)::numeric)', [['id', 'integer']])
  return {
    schemas: [schema('app', 'the application')],
    enums: [mood],
    tables: [users, orders, audit],
    constraints: [primaryKey(users, 'users_pkey', ['id']), unique(users, 'users_email_key', ['email']), primaryKey(orders, 'orders_pkey', ['id']),
      foreignKey(orders, 'orders_user_fk', ['user_id'], users, ['id']), check(orders, 'orders_total_check', 'total >= (0)::numeric')],
    indexes: [index(orders, 'orders_user_idx', ['user_id'])],
    views: [v],
    dependencies: [dependsOn(v, orders)],
  }
}

test('the same models give byte-identical SQL on every run, in both directions', () => {
  const start = modelOf({ tables: [table('public', 'audit', [column('at', 'timestamp with time zone')])] })
  const scripts = Array.from({ length: 3 }, () => {
    const { up, down } = generateMigration(start, modelOf(richParts()))
    return [renderScript(up), renderScript(down)]
  })
  assert.ok(scripts[0]![0]!.length > 500)
  assert.equal(scripts[1], scripts[0])
  assert.equal(scripts[2], scripts[0])
})

test('the SQL does not depend on the order the model maps were filled in', () => {
  const start = (options: ModelOptions) => modelOf({ tables: [table('public', 'legacy', [id]), table('public', 'old', [id])] }, options)
  const forward = generateMigration(start({}), modelOf(richParts()))
  const reversed = generateMigration(start({ reverse: true }), modelOf(richParts(), { reverse: true }))
  assert.is(renderScript(reversed.up), renderScript(forward.up))
  assert.is(renderScript(reversed.down), renderScript(forward.down))
  // And the maps really were filled in another order.
  assert.is.not([...modelOf(richParts(), { reverse: true }).tables.keys()].join(), [...modelOf(richParts()).tables.keys()].join())
})

test('the plan does not depend on the order of the changes it is given: ties break by step id', () => {
  const from = modelOf({ tables: [table('public', 'legacy', [id])] })
  const to = modelOf(richParts())
  const { changes, from: renamed } = diff(from, to)
  const forward = planChanges(changes, renamed, to, 150000)
  const backward = planChanges([...changes].reverse(), renamed, to, 150000)
  assert.ok(forward.steps.length > 10)
  assert.equal(ids(backward), ids(forward))
  assert.is(renderScript(backward), renderScript(forward))
})

// ---------------------------------------------------------------- quoting

test('names with quotes, spaces, capitals and reserved words are quoted wherever they appear', () => {
  const odd = 'Odd Schema'
  const mood = enumType(odd, 'Mood', ['happy', "it's"], 'a "mood"')
  const t = table(odd, 'select', [column('My "Col"', 'integer', { comment: "it's here" }), column('feeling', '"Odd Schema"."Mood"')])
  const { up, down } = generateMigration(emptyModel(), modelOf({ enums: [mood], tables: [t] }))
  const script = renderScript(up)
  for (const expected of [
    'CREATE SCHEMA "Odd Schema";',
    `CREATE TYPE "Odd Schema"."Mood" AS ENUM ('happy', 'it''s');`,
    `COMMENT ON TYPE "Odd Schema"."Mood" IS 'a "mood"';`,
    'CREATE TABLE "Odd Schema"."select" (\n    "My ""Col""" integer,\n    "feeling" "Odd Schema"."Mood"\n);',
    `COMMENT ON COLUMN "Odd Schema"."select"."My ""Col""" IS 'it''s here';`,
  ]) assert.ok(script.includes(expected), `missing ${expected} in:\n${script}`)
  assert.equal(sqlOf(down), ['DROP TABLE "Odd Schema"."select";', 'DROP TYPE "Odd Schema"."Mood";', 'DROP SCHEMA "Odd Schema";'])
})

test('column changes on an awkward table quote the table and the column', () => {
  const from = modelOf({ tables: [table('public', 'User Table', [column('Id', 'integer'), column('My "Col"', 'text')])] })
  const to = modelOf({ tables: [table('public', 'User Table', [column('Id', 'bigint', { notNull: true })])] })
  assert.equal(sqlOf(plan(from, to)), [
    'ALTER TABLE "public"."User Table" ALTER COLUMN "Id" TYPE bigint USING "Id"::bigint;',
    'ALTER TABLE "public"."User Table" ALTER COLUMN "Id" SET NOT NULL;',
    'ALTER TABLE "public"."User Table" DROP COLUMN "My ""Col""";',
  ])
})

// ---------------------------------------------------------------- hazards

test('dropping a column carries deletesData and irreversible hazards, written above its statement', () => {
  const from = modelOf({ tables: [table('public', 't', [id, column('gone', 'text')])] })
  const to = modelOf({ tables: [table('public', 't', [id])] })
  const up = plan(from, to)
  assert.equal(up.steps.map((s) => s.hazards.map((h) => h.kind)), [['deletesData', 'irreversible']])
  assert.is(renderScript(up), [
    '-- hazard deletesData: dropping column public.t.gone deletes its values',
    '-- hazard irreversible: the values cannot be restored by the down migration',
    'ALTER TABLE "public"."t" DROP COLUMN "gone";',
    '',
  ].join('\n'))
  // The way back adds the column again: no data-loss hazard there.
  assert.equal(plan(to, from).steps.flatMap((s) => s.hazards), [])
})

test('a virtual generated column is refused for a server before PostgreSQL 18, and planned for 18', () => {
  const virtual = (versionNum: number) => modelOf({
    tables: [table('public', 'boxes', [column('w', 'integer'), column('area', 'integer', { generated: { expression: expr('(w * w)'), stored: false } })])],
  }, { versionNum })
  for (const versionNum of [140000, 170000]) {
    try {
      plan(emptyModel({ versionNum }), virtual(versionNum))
      assert.unreachable('expected UNSUPPORTED_CHANGE')
    } catch (error) {
      assert.instance(error, PgstrataError)
      assert.is((error as PgstrataError).code, 'UNSUPPORTED_CHANGE')
      assert.match((error as PgstrataError).message, `public.boxes.area is a virtual generated column, which PostgreSQL ${versionNum / 10000} does not have`)
      assert.match((error as PgstrataError).hint ?? '', 'STORED')
    }
  }
  assert.match(renderScript(plan(emptyModel({ versionNum: 180000 }), virtual(180000))), 'GENERATED ALWAYS AS ((w * w)) VIRTUAL')
})

test('NULLS NOT DISTINCT is refused for a server before PostgreSQL 15', () => {
  const t = table('public', 'people', [column('email', 'text')])
  const target = (versionNum: number) => modelOf({
    tables: [t], constraints: [{ ...unique(t, 'people_email_key', ['email']), nullsNotDistinct: true, definition: expr('UNIQUE NULLS NOT DISTINCT (email)') }],
  }, { versionNum })
  try {
    plan(modelOf({ tables: [t] }, { versionNum: 140000 }), target(140000))
    assert.unreachable('expected UNSUPPORTED_CHANGE')
  } catch (error) {
    assert.is((error as PgstrataError).code, 'UNSUPPORTED_CHANGE')
    assert.match((error as PgstrataError).message, 'constraint people_email_key on public.people is UNIQUE NULLS NOT DISTINCT, which PostgreSQL 14 does not have')
  }
  assert.match(renderScript(plan(modelOf({ tables: [t] }, { versionNum: 150000 }), target(150000))), 'NULLS NOT DISTINCT')
})

test('no changes give an empty plan and an empty script', () => {
  const m = modelOf(richParts())
  const result = plan(m, modelOf(richParts(), { reverse: true }))
  assert.equal(result, { steps: [], transactions: 0 })
  assert.is(renderScript(result), '')
  assert.equal(diff(m, m).changes, [])
})


test('a USING pinned to a type matches its common spellings, and turns into the down migration\'s under the start\'s names', () => {
  const at = (from: string) => ({ schema: 'public', table: 'Events', column: 'at', expression: 'x', from })
  for (const [pin, live] of [['int8', 'bigint'], ['INT', 'integer'], ['varchar(20)', 'character varying(20)'], ['timestamptz(3)', 'timestamp(3) with time zone'],
    ['timestamp', 'timestamp without time zone'], ['text[]', 'text[]'], ['double precision', 'double precision']] as const) {
    assert.ok(usingFor([at(pin)], 'public', 'Events', 'at', live), `${pin} is ${live}`)
  }
  assert.is(usingFor([at('int4')], 'public', 'Events', 'at', 'bigint'), undefined, 'int4 is not bigint')
  assert.is(usingFor([at('varchar(20)')], 'public', 'Events', 'at', 'character varying(30)'), undefined, 'the modifier counts')
  assert.is(usingFor([at('bigint')], 'public', 'Events', 'other', 'bigint'), undefined, 'another column')
  const renames = { tables: [['public', 'events', 'Events']] as const, columns: [['public', 'Events', 'old at', 'at']] as const }
  assert.equal(invertUsings([{ ...at('bigint'), down: 'y' }, at('bigint')], renames), [{ schema: 'public', table: 'events', column: 'old at', expression: 'y' }])
})

test('a child column declared on one side and only inherited on the other gives no change: no ALTER reaches either from the other', () => {
  const parent = table('public', 'animals', [column('id', 'integer')])
  const child = (inherited: boolean) => table('public', 'cats', [column('id', 'integer', { inherited }), column('lives', 'integer')], { inherits: [parent.key] })
  for (const [a, b] of [[true, false], [false, true]] as const) {
    const { changes } = diff(modelOf({ tables: [parent, child(a)] }), modelOf({ tables: [parent, child(b)] }))
    assert.equal(changes, [], `inherited ${a} → ${b}`)
  }
  // Gone from the child altogether (the parent's too): that is a change.
  const gone = diff(modelOf({ tables: [parent, child(false)] }), modelOf({ tables: [table('public', 'animals', []), table('public', 'cats', [column('lives', 'integer')], { inherits: [parent.key] })] }))
  assert.ok(gone.changes.some((c) => c.kind === 'dropColumn' && c.table.name === 'cats'), 'the declared column is dropped')
})

test.run()
