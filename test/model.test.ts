import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { describeKey, keyOf, partsOf } from '../src/model/key.ts'
import { modelFromJson, modelToJson } from '../src/model/json.ts'
import type { Model, Schema, Table } from '../src/model/types.ts'
import { displayIdent } from '../src/sql/quote.ts'

test('keys stay distinct and readable when names contain dots, quotes and spaces', () => {
  const a = keyOf('table', 'a.b', 'c')
  const b = keyOf('table', 'a', 'b.c')
  assert.is.not(a, b)
  assert.equal(partsOf(keyOf('constraint', 'my "s"', 'pk', { table: 't t' })), { kind: 'constraint', schema: 'my "s"', table: 't t', name: 'pk', args: '' })
  assert.is(describeKey(keyOf('function', 'public', 'add', { args: 'integer, integer' })), 'function public.add(integer, integer)')
  assert.is(describeKey(keyOf('trigger', 'app', 'touch', { table: 'users' })), 'trigger app.users.touch')
})

test('overloaded functions have different keys', () => {
  assert.is.not(keyOf('function', 'public', 'f', { args: 'integer' }), keyOf('function', 'public', 'f', { args: 'text' }))
})

test('a model survives JSON both ways, and its JSON lists objects in key order', () => {
  const schema: Schema = { key: keyOf('schema', '', 'public'), name: 'public', comment: null }
  const table = (name: string): Table => ({
    key: keyOf('table', 'public', name), schema: 'public', name, comment: null, persistence: 'permanent', columns: [],
    partitionKey: null, partitionOf: null, inherits: [], rowSecurity: false, forceRowSecurity: false, options: [], accessMethod: null,
  })
  const empty = new Map()
  const model: Model = {
    server: { version: '18.4', versionNum: 180004 },
    schemas: new Map([[schema.key, schema]]),
    extensions: empty, collations: empty, enums: empty, domains: empty, composites: empty, ranges: empty, sequences: empty,
    tables: new Map([['zeta', 'alpha'].map((n) => [table(n).key, table(n)] as const)].flat()),
    constraints: empty, indexes: empty, views: empty, materializedViews: empty, routines: empty, triggers: empty, policies: empty,
    grants: null, owners: null, dependencies: [], unmodeled: [],
  }
  const json = modelToJson(model)
  assert.equal(json.tables.map((t) => t.name), ['alpha', 'zeta'])
  assert.equal(modelToJson(modelFromJson(JSON.parse(JSON.stringify(json)))), json)
})

test('names are shown without quotes only when they need none', () => {
  assert.is(displayIdent('users'), 'users')
  assert.is(displayIdent('Users'), '"Users"')
  assert.is(displayIdent('odd "name"'), '"odd ""name"""')
})

test.run()
