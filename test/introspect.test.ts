// Live introspection: a fixture that uses every kind the model covers (with
// awkward names, and a few kinds it does not cover) is created on a real
// server, introspected, and checked kind by kind.
import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { keyColumns } from '../src/introspect/constraints.ts'
import { introspect } from '../src/introspect/index.ts'
import { modelToJson } from '../src/model/json.ts'
import { keyOf as k, type Key } from '../src/model/key.ts'
import type { Column, Model } from '../src/model/types.ts'
import { freshDatabase, type FreshDatabase } from './helpers/database.ts'

const FIXTURE = readFileSync(new URL('fixtures/introspect/everything.sql', import.meta.url), 'utf8')
const LONG_TABLE = 'Ünïcödé table, "quoted" & CAPS — 63 bytes exactly........'
const LONG_INDEX = 'an index name that is exactly sixty-three bytes long, no more!!'
const AUDIT = 'Audit "Log"'

/** A fresh database holding the fixture, its model, and the database dropped afterwards. */
async function withFixture(fn: (model: Model, db: FreshDatabase) => Promise<void>): Promise<void> {
  const db = await freshDatabase('pgstrata_introspect')
  try {
    await db.sql.unsafe(FIXTURE)
    await fn(await introspect(db.sql), db)
  } finally {
    await db.drop()
  }
}

const keys = (map: ReadonlyMap<Key, unknown>): Key[] => [...map.keys()]
const sorted = (list: Key[]): Key[] => [...list].sort()

function get<V>(map: ReadonlyMap<Key, V>, key: Key): V {
  const found = map.get(key)
  if (found === undefined) throw new Error(`missing ${key}; present: ${keys(map).join(', ')}`)
  return found
}

const column = (model: Model, table: Key, name: string): Column => {
  const found = get(model.tables, table).columns.find((c) => c.name === name)
  if (found === undefined) throw new Error(`${table} has no column ${name}`)
  return found
}

const plain = { default: null, identity: null, generated: null, collation: null, inherited: false, comment: null }

test('schemas, extensions and collations are read with their comments, versions and providers', () => withFixture(async (model) => {
  assert.equal(keys(model.schemas), sorted([k('schema', '', AUDIT), k('schema', '', 'app'), k('schema', '', 'extras'), k('schema', '', 'misc'), k('schema', '', 'public')]))
  assert.equal(get(model.schemas, k('schema', '', 'app')), { key: k('schema', '', 'app'), name: 'app', comment: 'the application' })
  assert.is(get(model.schemas, k('schema', '', AUDIT)).comment, null)

  assert.equal(keys(model.extensions), [k('extension', '', 'citext'), k('extension', '', 'pgcrypto')])
  const citext = get(model.extensions, k('extension', '', 'citext'))
  assert.equal([citext.name, citext.schema, citext.comment], ['citext', 'extras', 'case-insensitive text'])
  assert.match(citext.version, /^\d+\.\d+$/)
  assert.is(get(model.extensions, k('extension', '', 'pgcrypto')).schema, 'extras')

  assert.equal(keys(model.collations), [k('collation', 'app', 'Case Insensitive'), k('collation', 'app', 'posix_c')])
  const named = get(model.collations, k('collation', 'app', 'Case Insensitive'))
  assert.is(named.comment, 'for names')
  if (named.provider === 'i') {
    assert.is(named.deterministic, false)
    // PostgreSQL 15 moved an ICU collation's locale out of collcollate/collctype.
    const expected = model.server.versionNum >= 150000 ? ['und-u-ks-level2', null, null] : [null, 'und-u-ks-level2', 'und-u-ks-level2']
    assert.equal([named.locale, named.lcCollate, named.lcCtype], expected)
  } else {
    assert.equal([named.provider, named.lcCollate, named.deterministic], ['c', 'C', true])
  }
  const posix = get(model.collations, k('collation', 'app', 'posix_c'))
  assert.equal([posix.provider, posix.locale, posix.lcCollate, posix.lcCtype, posix.deterministic], ['c', null, 'C', 'C', true])
}))

test('enums keep their labels in sort order, and domains their base type, default, NOT NULL, collation and named checks', () => withFixture(async (model) => {
  assert.equal(keys(model.enums), [k('enum', 'app', 'Order Status'), k('enum', 'app', 'mood')])
  const mood = get(model.enums, k('enum', 'app', 'mood'))
  assert.equal(mood.labels, ['sad', 'meh', 'ok', 'happy'], 'ADD VALUE … BEFORE sorts between existing labels')
  assert.is(mood.comment, 'how it feels')
  assert.equal(get(model.enums, k('enum', 'app', 'Order Status')).labels, ['new', 'it\'s "done"', 'ünïcode'])

  assert.equal(keys(model.domains), [k('domain', 'app', 'positive_int'), k('domain', 'app', 'short_code')])
  assert.equal(get(model.domains, k('domain', 'app', 'positive_int')), {
    key: k('domain', 'app', 'positive_int'), schema: 'app', name: 'positive_int', comment: 'a count',
    type: 'integer', notNull: true, default: '1', collation: null,
    checks: [
      { name: 'below_million', definition: 'CHECK (VALUE < 1000000) NOT VALID', validated: false, comment: null },
      { name: 'must be positive', definition: 'CHECK (VALUE > 0)', validated: true, comment: 'no zero either' },
    ],
  })
  const code = get(model.domains, k('domain', 'app', 'short_code'))
  assert.equal([code.type, code.notNull, code.default, code.collation], ['text', false, null, 'app.posix_c'])
  assert.equal(code.checks, [{ name: 'short_code_check', definition: 'CHECK (length(VALUE) <= 8)', validated: true, comment: null }])
}))

test('composite types keep their attributes in order, and range types their subtype, opclass, collation and functions', () => withFixture(async (model) => {
  assert.equal(keys(model.composites), [k('composite', 'app', 'address')])
  assert.equal(get(model.composites, k('composite', 'app', 'address')), {
    key: k('composite', 'app', 'address'), schema: 'app', name: 'address', comment: 'a postal address',
    attributes: [
      { name: 'street', type: 'text', collation: null, comment: 'street and number' },
      { name: 'zip code', type: 'character varying(10)', collation: 'app.posix_c', comment: null },
      { name: 'select', type: 'app.mood', collation: null, comment: null },
    ],
  })

  assert.equal(keys(model.ranges), [k('range', 'app', 'floatrange'), k('range', 'app', 'pattern_range'), k('range', 'app', 'text_range')])
  assert.equal(get(model.ranges, k('range', 'app', 'floatrange')), {
    key: k('range', 'app', 'floatrange'), schema: 'app', name: 'floatrange', comment: 'a range of doubles',
    subtype: 'double precision', subtypeOpclass: null, collation: null, canonical: null, subtypeDiff: 'float8mi', multirange: 'app.floatmultirange',
  })
  const pattern = get(model.ranges, k('range', 'app', 'pattern_range'))
  assert.equal([pattern.subtype, pattern.subtypeOpclass, pattern.collation, pattern.multirange],
    ['text', 'pg_catalog.text_pattern_ops', 'app.posix_c', 'app.pattern_multirange'])
  assert.is(get(model.ranges, k('range', 'app', 'text_range')).collation, null, 'the subtype\'s own collation is no collation')
}))

test('sequences keep their options and OWNED BY column, and identity sequences belong to their column', () => withFixture(async (model) => {
  assert.equal(keys(model.sequences), sorted([
    k('sequence', AUDIT, 'Entry "1"_id_seq'), k('sequence', 'app', 'Invoice Numbers'), k('sequence', 'app', 'orders_serial_no_seq'), k('sequence', 'app', 'plain_seq'),
  ]))
  assert.equal(get(model.sequences, k('sequence', 'app', 'Invoice Numbers')), {
    key: k('sequence', 'app', 'Invoice Numbers'), schema: 'app', name: 'Invoice Numbers', comment: 'invoice numbers',
    type: 'integer', start: '105', increment: '5', min: '100', max: '100000', cache: '10', cycle: true,
    ownedBy: { table: k('table', 'app', 'orders'), column: 'number' },
  })
  assert.equal(get(model.sequences, k('sequence', 'app', 'orders_serial_no_seq')).ownedBy, { table: k('table', 'app', 'orders'), column: 'serial_no' })
  const plainSeq = get(model.sequences, k('sequence', 'app', 'plain_seq'))
  assert.equal([plainSeq.type, plainSeq.start, plainSeq.max, plainSeq.cycle, plainSeq.ownedBy], ['bigint', '1', '9223372036854775807', false, null])
  assert.equal(get(model.sequences, k('sequence', AUDIT, 'Entry "1"_id_seq')).ownedBy, { table: k('table', AUDIT, 'Entry "1"'), column: 'id' })
}))

test('columns keep their order, type, NOT NULL, default, identity, generated expression, collation and comment', () => withFixture(async (model) => {
  const customers = k('table', 'app', 'customers')
  assert.equal(get(model.tables, customers).columns, [
    { ...plain, name: 'id', type: 'bigint', notNull: true,
      identity: { always: true, type: 'bigint', start: '1000', increment: '10', min: '1000', max: '9999999', cache: '5', cycle: true } },
    { ...plain, name: 'email', type: 'extras.citext', notNull: true, comment: 'login' },
    { ...plain, name: 'name', type: 'text', notNull: true, collation: 'app."Case Insensitive"' },
    { ...plain, name: 'first_name', type: 'text', notNull: true, default: "''::text" },
    { ...plain, name: 'last_name', type: 'text', notNull: true, default: "''::text" },
    { ...plain, name: 'full_name', type: 'text', notNull: false, generated: { expression: "((first_name || ' '::text) || last_name)", stored: true } },
    { ...plain, name: 'select', type: 'text', notNull: false },
    { ...plain, name: 'Display "Name"', type: 'character varying(80)', notNull: false, default: "'nobody'::character varying", comment: 'shown in the UI' },
    { ...plain, name: 'mood', type: 'app.mood', notNull: true, default: "'ok'::app.mood" },
    { ...plain, name: 'moods', type: 'app.mood[]', notNull: false },
    { ...plain, name: 'tags', type: 'text[]', notNull: true, default: "'{}'::text[]" },
    { ...plain, name: 'code', type: 'app.short_code', notNull: false },
    { ...plain, name: 'home', type: 'app.address', notNull: false },
    { ...plain, name: 'visits', type: 'app.positive_int', notNull: false },
    { ...plain, name: 'created_at', type: 'timestamp with time zone', notNull: true, default: 'now()' },
  ])

  const orders = k('table', 'app', 'orders')
  assert.equal(column(model, orders, 'id').identity, { always: false, type: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cache: '1', cycle: false })
  assert.is(column(model, orders, 'number').default, `nextval('app."Invoice Numbers"'::regclass)`)
  assert.is(column(model, orders, 'serial_no').default, "nextval('app.orders_serial_no_seq'::regclass)")
  assert.is(column(model, orders, 'status').default, `'new'::app."Order Status"`)
  assert.equal([column(model, orders, 'order').comment, column(model, orders, 'placed_on').default], ['a reserved word', 'CURRENT_DATE'])

  // Constants print in pgstrata's fixed session settings (UTC, ISO, postgres intervals), names qualified.
  const cache = k('table', 'app', 'Session Cache')
  assert.is(column(model, cache, 'ttl').default, "'1 day 02:00:00'::interval")
  assert.is(column(model, cache, 'expires_at').default, "'2030-01-01 10:00:00+00'::timestamp with time zone")
  assert.is(column(model, cache, 'ratio').default, '0.1')
  assert.is(column(model, k('table', 'public', 'settings'), 'since').default, "'2024-02-29'::date")
  assert.is(column(model, k('table', AUDIT, 'Entry "1"'), 'id').default, `nextval('"Audit ""Log"""."Entry ""1""_id_seq"'::regclass)`)

  // Inherited columns: from a partitioned table, and from an INHERITS parent.
  assert.equal(get(model.tables, k('table', 'app', 'events_2024')).columns.map((c) => [c.name, c.inherited]),
    [['id', true], ['happened_on', true], ['kind', true], ['customer_id', true]])
  assert.equal(get(model.tables, k('table', 'app', 'cars')).columns.map((c) => [c.name, c.inherited]), [['id', true], ['wheels', true], ['doors', false]])

  const measurements = k('table', 'app', 'measurements')
  if (model.server.versionNum >= 180000) {
    assert.equal(column(model, measurements, 'fahrenheit').generated,
      { expression: '(((celsius * (9)::numeric) / (5)::numeric) + (32)::numeric)', stored: false })
  } else {
    assert.not.ok(model.tables.has(measurements))
  }
}))

test('tables keep persistence, partitioning, inheritance, row security, storage parameters and comments', () => withFixture(async (model) => {
  const app = (name: string) => k('table', 'app', name)
  assert.equal(keys(model.tables), sorted([
    k('table', AUDIT, 'Entry "1"'), app('Session Cache'), app('bookings'), app('cars'), app('coupons'), app('customers'), app('documents'),
    app('event_notes'), app('events'), app('events_2024'), app('events_default'), app('order_lines'), app('orders'), app('regional_sales'),
    app('regional_sales_europe'), app('regional_sales_other'), app('shipments'), app('vehicles'), app(LONG_TABLE),
    k('table', 'misc', 'audit'), k('table', 'public', 'settings'),
    ...(model.server.versionNum >= 180000 ? [app('measurements')] : []),
  ]))
  assert.is(Buffer.byteLength(LONG_TABLE), 63)
  assert.equal(get(model.tables, app(LONG_TABLE)).columns.map((c) => c.name), ['Id', 'from'])

  const customers = get(model.tables, app('customers'))
  assert.equal([customers.persistence, customers.rowSecurity, customers.forceRowSecurity, customers.options, customers.comment, customers.accessMethod],
    ['permanent', true, true, ['autovacuum_enabled=false', 'fillfactor=70'], 'people who buy', null])
  assert.is(get(model.tables, app('Session Cache')).persistence, 'unlogged')

  const events = get(model.tables, app('events'))
  assert.equal([events.partitionKey, events.partitionOf, events.comment], ['RANGE (happened_on)', null, 'partitioned by day'])
  assert.equal(get(model.tables, app('events_2024')).partitionOf, { parent: app('events'), bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" })
  assert.equal(get(model.tables, app('events_default')).partitionOf, { parent: app('events'), bound: 'DEFAULT' })
  assert.is(get(model.tables, app('regional_sales')).partitionKey, 'LIST (region)')
  assert.equal(get(model.tables, app('regional_sales_europe')).partitionOf, { parent: app('regional_sales'), bound: "FOR VALUES IN ('eu', 'uk')" })
  assert.equal(get(model.tables, app('events_2024')).inherits, [], 'a partition parent is in partitionOf, not inherits')

  assert.equal(get(model.tables, app('cars')).inherits, [app('vehicles')])
  assert.equal([get(model.tables, app('vehicles')).inherits, get(model.tables, app('vehicles')).rowSecurity], [[], false])
}))

test('constraints keep their type, definition, columns, foreign key actions, deferrability and validation', () => withFixture(async (model) => {
  const on = (table: string, name: string, schema = 'app') => k('constraint', schema, name, { table })
  assert.equal(keys(model.constraints), sorted([
    on('Entry "1"', 'Entry "1"_customer_id_fkey', AUDIT), on('Entry "1"', 'Entry "1"_pkey', AUDIT),
    on('Session Cache', 'Session Cache_pkey'), on('bookings', 'bookings_pkey'), on('bookings', 'no_double_booking'), on('cars', 'wheels_nonnegative'),
    on('coupons', 'coupons_code_region_key'), on('customers', 'customers pkey'), on('customers', 'customers_email_key'), on('customers', 'name_not_blank'),
    on('documents', 'documents_pkey'), on('event_notes', 'event_notes_event_fkey'), on('event_notes', 'event_notes_pkey'),
    on('events', 'events_customer_id_fkey'), on('events', 'events_pkey'), on('events_2024', 'events_2024_pkey'), on('events_2024', 'events_customer_id_fkey'),
    on('events_default', 'events_customer_id_fkey'), on('events_default', 'events_default_pkey'),
    on('order_lines', 'order_lines_order_id_fkey'), on('order_lines', 'order_lines_pkey'), on('order_lines', 'order_lines_price_check'),
    on('orders', 'orders_customer_fkey'), on('orders', 'orders_pkey'),
    on('shipments', 'shipments_line_fkey'), on('shipments', 'shipments_order_fkey'), on('shipments', 'shipments_pkey'), on('shipments', 'shipments_tracking_check'),
    on('vehicles', 'vehicles_only_check'), on('vehicles', 'wheels_nonnegative'),
    on(LONG_TABLE, 'Ünïcödé table, "quoted" & CAPS — 63 bytes exactly..._pkey'), on('settings', 'settings_pkey', 'public'),
  ]), 'no hidden per-partition copies of event_notes_event_fkey, which references a partitioned table')

  const none = { foreignKey: null, validated: true, deferrable: false, initiallyDeferred: false, noInherit: false, nullsNotDistinct: false, inherited: false, attachedTo: null, comment: null }
  assert.equal(get(model.constraints, on('customers', 'customers pkey')), {
    ...none, key: on('customers', 'customers pkey'), schema: 'app', name: 'customers pkey', table: k('table', 'app', 'customers'),
    type: 'primaryKey', definition: 'PRIMARY KEY (id)', columns: ['id'],
  })
  assert.equal(get(model.constraints, on('orders', 'orders_customer_fkey')), {
    ...none, key: on('orders', 'orders_customer_fkey'), schema: 'app', name: 'orders_customer_fkey', table: k('table', 'app', 'orders'), type: 'foreignKey',
    definition: 'FOREIGN KEY (customer_id) REFERENCES app.customers(id) ON UPDATE RESTRICT ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED',
    columns: ['customer_id'],
    foreignKey: { references: k('table', 'app', 'customers'), columns: ['id'], onUpdate: 'r', onDelete: 'c', match: 's' },
    deferrable: true, initiallyDeferred: true,
  })
  const line = get(model.constraints, on('shipments', 'shipments_line_fkey'))
  assert.equal([line.definition, line.columns, line.foreignKey], [
    'FOREIGN KEY (order_id, line_no) REFERENCES app.order_lines(order_id, line_no) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL',
    ['order_id', 'line_no'],
    { references: k('table', 'app', 'order_lines'), columns: ['order_id', 'line_no'], onUpdate: 'c', onDelete: 'n', match: 'f' },
  ])
  const notValidFk = get(model.constraints, on('shipments', 'shipments_order_fkey'))
  assert.equal([notValidFk.definition, notValidFk.validated], ['FOREIGN KEY (order_id) REFERENCES app.orders(id) NOT VALID', false])
  const notValidCheck = get(model.constraints, on('shipments', 'shipments_tracking_check'))
  assert.equal([notValidCheck.type, notValidCheck.definition, notValidCheck.validated], ['check', "CHECK (tracking ~ '^[A-Z0-9]+$'::text) NOT VALID", false])
  assert.equal(get(model.constraints, on('event_notes', 'event_notes_event_fkey')).foreignKey?.references, k('table', 'app', 'events'))

  const named = get(model.constraints, on('customers', 'name_not_blank'))
  assert.equal([named.definition, named.columns, named.comment], ["CHECK (name <> ''::text)", ['name'], 'names are required'])
  const noInherit = get(model.constraints, on('vehicles', 'vehicles_only_check'))
  assert.equal([noInherit.definition, noInherit.noInherit], ['CHECK (id > 0) NO INHERIT', true])
  assert.equal([get(model.constraints, on('vehicles', 'wheels_nonnegative')).inherited, get(model.constraints, on('cars', 'wheels_nonnegative')).inherited], [false, true])
  assert.equal([get(model.constraints, on('events_2024', 'events_2024_pkey')).inherited, get(model.constraints, on('events_2024', 'events_customer_id_fkey')).inherited], [true, true])

  const exclusion = get(model.constraints, on('bookings', 'no_double_booking'))
  assert.equal([exclusion.type, exclusion.definition, exclusion.columns, exclusion.deferrable, exclusion.comment],
    ['exclusion', 'EXCLUDE USING gist (during WITH &&) WHERE (room > 0) DEFERRABLE', ['during'], true, 'one booking at a time'])

  const coupons = get(model.constraints, on('coupons', 'coupons_code_region_key'))
  assert.equal([coupons.type, coupons.columns], ['unique', ['code', 'region']])
  if (model.server.versionNum >= 150000) {
    assert.equal([coupons.definition, coupons.nullsNotDistinct], ['UNIQUE NULLS NOT DISTINCT (code, region)', true])
  } else {
    assert.equal([coupons.definition, coupons.nullsNotDistinct], ['UNIQUE (code, region)', false])
  }
}))

test('indexes not backing a constraint keep their method, key columns with collation, opclass and order, INCLUDE and predicate', () => withFixture(async (model) => {
  const index = (name: string) => k('index', 'app', name)
  const partitionIndexes = [...model.indexes.values()].filter((i) => i.attachedTo !== null)
  assert.ok(partitionIndexes.length > 0, 'the partitions of events have their own indexes')
  for (const i of partitionIndexes) assert.is(i.attachedTo, index('events_kind'), `${i.name} is attached to events_kind`)
  assert.equal(keys(new Map([...model.indexes].filter(([, i]) => i.attachedTo === null))), sorted([
    index('Documents Body'), index(LONG_INDEX), index('customers name pattern'), index('customers_active'), index('customers_created_desc'),
    index('customers_lower_email'), index('customers_mood_include'), index('customers_tags'), index('documents_search'), index('events_kind'),
    index('order_totals_customer'), index('orders_status_hash'),
  ]), 'no index behind a constraint; the partitions\' indexes are attached to events_kind')
  assert.is(Buffer.byteLength(LONG_INDEX), 63)

  const shape = (name: string) => {
    const i = get(model.indexes, index(name))
    return { table: i.table, unique: i.unique, method: i.method, columns: i.columns, include: i.include, predicate: i.predicate }
  }
  const customers = k('table', 'app', 'customers')
  const btree = { table: customers, unique: false, method: 'btree', include: [], predicate: null }
  assert.equal(shape('customers_lower_email'), { ...btree, unique: true, columns: ['lower(email::text)'] })
  assert.is(get(model.indexes, index('customers_lower_email')).definition, 'CREATE UNIQUE INDEX customers_lower_email ON app.customers USING btree (lower(email::text))')
  assert.equal(shape('customers name pattern'), { ...btree, columns: ['last_name text_pattern_ops', 'first_name COLLATE app.posix_c'] })
  assert.equal(shape('customers_created_desc'), { ...btree, columns: ['created_at DESC NULLS LAST', 'id DESC', '"select" NULLS FIRST'] })
  assert.equal(shape('customers_mood_include'), { ...btree, columns: ['mood'], include: ['email', '"Display ""Name"""'] })
  assert.equal(shape('customers_active'), { ...btree, columns: ['id'], predicate: "mood <> 'sad'::app.mood" })
  assert.equal(shape('customers_tags'), { ...btree, method: 'gin', columns: ['tags'] })
  assert.equal(shape('orders_status_hash'), { ...btree, table: k('table', 'app', 'orders'), method: 'hash', columns: ['status'] })
  assert.equal(shape(LONG_INDEX), { ...btree, table: k('table', 'app', 'orders'), columns: ['placed_on', '"order"'] })
  assert.equal(shape('Documents Body'), { ...btree, table: k('table', 'app', 'documents'), columns: ['lower(body) COLLATE "C" text_pattern_ops DESC', 'id NULLS FIRST'] })
  assert.equal(shape('documents_search'), { ...btree, table: k('table', 'app', 'documents'), method: 'gist', columns: ["search tsvector_ops (siglen='100')"] })
  assert.equal(shape('events_kind'), { ...btree, table: k('table', 'app', 'events'), columns: ['kind'] })
  assert.is(get(model.indexes, index('events_kind')).definition, 'CREATE INDEX events_kind ON ONLY app.events USING btree (kind)')
  assert.equal(shape('order_totals_customer'), { ...btree, table: k('materializedView', 'app', 'order_totals'), unique: true, columns: ['customer_id'] })

  const tags = get(model.indexes, index('customers_tags'))
  assert.equal([tags.comment, tags.valid, tags.nullsNotDistinct], ['tag search', true, false])
}))

test('key columns are cut out of an index definition with their collation, opclass options, order and nulls, however awkward the names', () => {
  const before = 'CREATE INDEX "i, (x)" ON s."t)" USING gist ('
  const definition = `${before}a COLLATE "we, ird)" DESC, (b || ', c'::text) x."my ops" (siglen='1)', "n"="v") NULLS FIRST, "C, d" DESC NULLS LAST) INCLUDE (e) WHERE (a > 0)`
  assert.equal(keyColumns(definition, before, ['a', "(b || ', c'::text)", '"C, d"']),
    ['a COLLATE "we, ird)" DESC', `(b || ', c'::text) x."my ops" (siglen='1)', "n"="v") NULLS FIRST`, '"C, d" DESC NULLS LAST'])
  assert.equal(keyColumns('CREATE INDEX i ON s.t USING btree (a)', 'CREATE INDEX i ON s.t USING btree (', ['a']), ['a'])
  const unexpected = [['btree (a ASC)', ['a']], ['btree (a, b)', ['a']], ['btree (b)', ['a']], ['hash (a)', ['a']]] as const
  for (const [text, bare] of unexpected) {
    try {
      keyColumns(`CREATE INDEX i ON s.t USING ${text}`, 'CREATE INDEX i ON s.t USING btree (', bare)
      assert.unreachable(`${text} should not be cut into ${bare.join(', ')}`)
    } catch (error) {
      assert.is((error as { code?: string }).code, 'INTROSPECT_UNEXPECTED_INDEXDEF')
    }
  }
})

test('views keep their definition, columns, check option and security flags, and materialized views whether they hold data', () => withFixture(async (model) => {
  assert.equal(keys(model.views), sorted([k('view', AUDIT, 'Recent'), k('view', 'app', 'Happy "Customers"'), k('view', 'app', 'active_customers'), k('view', 'app', 'customer_names')]))
  // PostgreSQL 16 stopped qualifying columns with the table name when one table is in FROM.
  const q = model.server.versionNum >= 160000 ? '' : 'customers.'
  const active = get(model.views, k('view', 'app', 'active_customers'))
  assert.equal(active, {
    key: k('view', 'app', 'active_customers'), schema: 'app', name: 'active_customers', comment: 'who is around',
    definition: ` SELECT ${q}id,\n    ${q}email,\n    ${q}name\n   FROM app.customers\n  WHERE ${q}mood <> 'sad'::app.mood;`,
    columns: [{ name: 'id', type: 'bigint', comment: null }, { name: 'email', type: 'extras.citext', comment: 'their login' }, { name: 'name', type: 'text', comment: null }],
    checkOption: 'local', securityBarrier: true, securityInvoker: false, options: [],
  })
  const happy = get(model.views, k('view', 'app', 'Happy "Customers"'))
  assert.equal([happy.checkOption, happy.securityBarrier, happy.securityInvoker], ['cascaded', false, model.server.versionNum >= 150000])
  assert.is(get(model.views, k('view', 'app', 'customer_names')).definition, ` SELECT app.full_name(${q}first_name, ${q}last_name) AS "full"\n   FROM app.customers;`)
  const recent = get(model.views, k('view', AUDIT, 'Recent'))
  assert.equal([recent.checkOption, recent.columns.map((c) => c.name)], [null, ['id', 'when']])
  assert.match(recent.definition, 'FROM "Audit ""Log"""."Entry ""1""";')

  assert.equal(keys(model.materializedViews), [k('materializedView', 'app', 'mood_counts'), k('materializedView', 'app', 'order_totals')])
  const totals = get(model.materializedViews, k('materializedView', 'app', 'order_totals'))
  assert.equal([totals.populated, totals.comment, totals.columns], [false, 'per customer',
    [{ name: 'customer_id', type: 'bigint', comment: null }, { name: 'orders', type: 'bigint', comment: null }, { name: 'total', type: 'numeric', comment: 'sum of line prices' }]])
  assert.match(totals.definition, 'JOIN app.order_lines l ON l.order_id = o.id')
  assert.is(get(model.materializedViews, k('materializedView', 'app', 'mood_counts')).populated, true)
}))

test('functions and procedures keep identity arguments, defaults, volatility, security, parallel safety and the full definition', () => withFixture(async (model) => {
  const fn = (name: string, args = '', schema = 'app') => k('function', schema, name, { args })
  assert.equal(keys(model.routines), sorted([
    fn('record', '', AUDIT), fn('Current "Tenant"'), fn('archive_orders', 'date'), fn('area', 'double precision'),
    fn('area', 'double precision, double precision'), fn('customer_count'), fn('full_name', 'text, text'),
    fn('insert_active_customer'), fn('note_change'), fn('row_number_again'), fn('touch'),
    fn('square_sum', 'double precision, double precision', 'misc'),
  ]), 'no aggregate, and no constructor of a range type')

  assert.equal(get(model.routines, fn('full_name', 'text, text')), {
    key: fn('full_name', 'text, text'), schema: 'app', name: 'full_name', comment: 'first and last', kind: 'function',
    identityArguments: 'first text, last text', arguments: "first text, last text DEFAULT ''::text", returns: 'text', language: 'sql',
    volatility: 'immutable', strict: true, securityDefiner: false, leakproof: true, parallel: 'safe',
    definition: "CREATE OR REPLACE FUNCTION app.full_name(first text, last text DEFAULT ''::text)\n RETURNS text\n LANGUAGE sql\n IMMUTABLE PARALLEL SAFE STRICT LEAKPROOF\nAS $function$ select first || ' ' || last $function$\n",
  })
  const tenant = get(model.routines, fn('Current "Tenant"'))
  assert.equal([tenant.language, tenant.volatility, tenant.securityDefiner, tenant.returns], ['plpgsql', 'stable', true, 'text'])
  assert.match(tenant.definition, `CREATE OR REPLACE FUNCTION app."Current ""Tenant"""()\n RETURNS text\n LANGUAGE plpgsql\n STABLE SECURITY DEFINER\n SET search_path TO 'pg_catalog'\n`)
  const archive = get(model.routines, fn('archive_orders', 'date'))
  assert.equal([archive.kind, archive.returns, archive.arguments, archive.comment], ['procedure', null, 'IN before date', 'moves old orders away'])
  assert.match(archive.definition, 'CREATE OR REPLACE PROCEDURE app.archive_orders(IN before date)')
  assert.equal([get(model.routines, fn('area', 'double precision')).definition.includes('pi() * r * r'),
    get(model.routines, fn('area', 'double precision, double precision')).definition.includes('w * h')], [true, true])
  const windowed = get(model.routines, fn('row_number_again'))
  assert.equal([windowed.kind, windowed.language, windowed.returns], ['function', 'internal', 'bigint'])
  assert.match(windowed.definition, '\n WINDOW\n')
  assert.match(get(model.routines, fn('customer_count')).definition, 'BEGIN ATOMIC\n SELECT count(*) AS count\n    FROM app.customers;\nEND')
}))

test('triggers keep their definition, function and enabled state, on tables, partitioned tables and views', () => withFixture(async (model) => {
  const on = (table: string, name: string) => k('trigger', 'app', name, { table })
  assert.equal(keys(model.triggers), sorted([
    on('active_customers', 'active_customers_insert'), on('customers', 'Audit "it"'), on('customers', 'customers_touch'), on('events', 'events_note'),
    on('orders', 'Orders Changed'), on('orders', 'orders_always'), on('orders', 'orders_disabled'), on('orders', 'orders_late_check'),
  ]), 'no clone of events_note on the partitions, and no internal foreign-key triggers')

  assert.equal(get(model.triggers, on('customers', 'customers_touch')), {
    key: on('customers', 'customers_touch'), schema: 'app', name: 'customers_touch', comment: 'keeps created_at fresh', table: k('table', 'app', 'customers'),
    definition: 'CREATE TRIGGER customers_touch BEFORE UPDATE ON app.customers FOR EACH ROW WHEN (old.email::text IS DISTINCT FROM new.email::text) EXECUTE FUNCTION app.touch()',
    function: k('function', 'app', 'touch'), enabled: 'O',
  })
  const statement = get(model.triggers, on('orders', 'Orders Changed'))
  assert.is(statement.definition, 'CREATE TRIGGER "Orders Changed" AFTER INSERT OR DELETE ON app.orders FOR EACH STATEMENT EXECUTE FUNCTION app.note_change()')
  assert.equal([get(model.triggers, on('orders', 'orders_disabled')).enabled, get(model.triggers, on('orders', 'orders_always')).enabled], ['D', 'A'])
  const insteadOf = get(model.triggers, on('active_customers', 'active_customers_insert'))
  assert.equal([insteadOf.table, insteadOf.function], [k('view', 'app', 'active_customers'), k('function', 'app', 'insert_active_customer')])
  assert.match(insteadOf.definition, 'INSTEAD OF INSERT ON app.active_customers FOR EACH ROW')
  assert.is(get(model.triggers, on('customers', 'Audit "it"')).function, k('function', AUDIT, 'record'))
  assert.match(get(model.triggers, on('orders', 'orders_late_check')).definition, 'CREATE CONSTRAINT TRIGGER orders_late_check AFTER INSERT ON app.orders DEFERRABLE INITIALLY DEFERRED')
  assert.is(get(model.triggers, on('events', 'events_note')).table, k('table', 'app', 'events'))
}))

test('policies keep permissive or restrictive, command, roles, USING and WITH CHECK', () => withFixture(async (model) => {
  const on = (name: string) => k('policy', 'app', name, { table: 'customers' })
  assert.equal(keys(model.policies), sorted([on('Customers: happy only'), on('customers_insert'), on('customers_read')]))
  assert.equal(get(model.policies, on('Customers: happy only')), {
    key: on('Customers: happy only'), schema: 'app', name: 'Customers: happy only', comment: null, table: k('table', 'app', 'customers'),
    permissive: false, command: 'update', roles: ['pg_monitor', 'pg_read_all_stats'], using: "mood = 'happy'::app.mood", withCheck: "mood <> 'sad'::app.mood",
  })
  const read = get(model.policies, on('customers_read'))
  assert.equal([read.permissive, read.command, read.roles, read.using, read.withCheck, read.comment], [true, 'select', ['public'], 'true', null, 'everyone may read'])
  const insert = get(model.policies, on('customers_insert'))
  assert.equal([insert.command, insert.roles, insert.using, insert.withCheck], ['insert', ['pg_monitor'], null, 'visits::integer > 0'])
}))

test('dependencies link views to tables, triggers to functions, defaults to sequences, foreign keys to their target, and columns to their types', () => withFixture(async (model) => {
  const edges = new Set(model.dependencies.map((d) => `${d.from} -> ${d.to}`))
  const expect = (from: Key, to: Key) => assert.ok(edges.has(`${from} -> ${to}`), `expected the dependency ${from} -> ${to}`)
  const table = (name: string) => k('table', 'app', name)
  expect(k('view', 'app', 'active_customers'), table('customers'))
  expect(k('view', 'app', 'customer_names'), k('function', 'app', 'full_name', { args: 'text, text' }))
  expect(k('materializedView', 'app', 'order_totals'), table('order_lines'))
  expect(k('view', AUDIT, 'Recent'), k('table', AUDIT, 'Entry "1"'))
  expect(k('trigger', 'app', 'customers_touch', { table: 'customers' }), k('function', 'app', 'touch'))
  expect(k('trigger', 'app', 'Audit "it"', { table: 'customers' }), k('function', AUDIT, 'record'))
  expect(table('orders'), k('sequence', 'app', 'orders_serial_no_seq'))
  expect(table('orders'), k('sequence', 'app', 'Invoice Numbers'))
  expect(k('sequence', 'app', 'Invoice Numbers'), table('orders'))
  expect(k('constraint', 'app', 'orders_customer_fkey', { table: 'orders' }), table('customers'))
  expect(k('constraint', 'app', 'orders_customer_fkey', { table: 'orders' }), k('constraint', 'app', 'customers pkey', { table: 'customers' }))
  expect(k('constraint', 'app', 'event_notes_event_fkey', { table: 'event_notes' }), k('constraint', 'app', 'events_pkey', { table: 'events' }))
  expect(table('customers'), k('enum', 'app', 'mood'))
  expect(table('orders'), k('enum', 'app', 'Order Status'))
  expect(table('customers'), k('domain', 'app', 'positive_int'))
  expect(table('customers'), k('composite', 'app', 'address'))
  expect(table('customers'), k('collation', 'app', 'Case Insensitive'))
  expect(table('customers'), k('extension', '', 'citext'))
  expect(k('composite', 'app', 'address'), k('enum', 'app', 'mood'))
  expect(k('domain', 'app', 'short_code'), k('collation', 'app', 'posix_c'))
  expect(k('function', 'app', 'customer_count'), table('customers'))
  expect(k('index', 'app', 'customers_active'), k('enum', 'app', 'mood'))
  expect(k('index', 'app', 'order_totals_customer'), k('materializedView', 'app', 'order_totals'))
  expect(table('events_2024'), table('events'))
  expect(table('cars'), table('vehicles'))

  const known = new Set<string>(model.dependencies.flatMap((d) => [d.from, d.to]))
  const maps = [model.schemas, model.extensions, model.collations, model.enums, model.domains, model.composites, model.ranges, model.sequences,
    model.tables, model.constraints, model.indexes, model.views, model.materializedViews, model.routines, model.triggers, model.policies]
  assert.equal([...known].filter((key) => !maps.some((map) => map.has(key as Key))), [], 'every dependency is between modeled objects')
  const order = model.dependencies.map((d) => `${d.from}\n${d.to}`)
  assert.equal(order, [...new Set(order)].sort(), 'sorted, without duplicates')
}))

test('every object in a managed schema that the model does not cover is reported with its kind', () => withFixture(async (model) => {
  assert.equal(model.unmodeled, [
    { kind: 'aggregate', schema: 'misc', name: 'sum_squares(double precision)' },
    { kind: 'operator', schema: 'misc', name: '===(text, text)' },
    { kind: 'rule', schema: 'misc', name: 'audit.keep everything' },
    { kind: 'statistics object', schema: 'misc', name: 'audit_stats' },
    { kind: 'text search configuration', schema: 'misc', name: 'english_simple' },
  ])
}))

test('objects an extension owns do not appear, though the extension does', () => withFixture(async (model, db) => {
  const [owned] = await db.sql`
    select count(*) filter (where classid = 'pg_proc'::regclass)::int as functions,
           count(*) filter (where classid = 'pg_type'::regclass)::int as types,
           count(*) filter (where classid = 'pg_operator'::regclass)::int as operators
      from pg_depend where deptype = 'e' and refobjid in (select oid from pg_extension where extname in ('pgcrypto', 'citext'))`
  assert.ok(owned!.functions > 10 && owned!.types > 0 && owned!.operators > 0, 'the extensions own functions, a type and operators')
  const inExtras = (map: ReadonlyMap<Key, { schema: string }>) => [...map.values()].filter((o) => o.schema === 'extras')
  for (const map of [model.collations, model.enums, model.domains, model.composites, model.ranges, model.sequences, model.tables,
    model.indexes, model.views, model.materializedViews, model.routines]) assert.equal(inExtras(map), [])
  assert.equal(model.unmodeled.filter((u) => u.schema === 'extras'), [], 'citext\'s type, operators and casts are not unmodeled either')
  assert.ok(model.schemas.has(k('schema', '', 'extras')))
  assert.equal(keys(model.extensions), [k('extension', '', 'citext'), k('extension', '', 'pgcrypto')])
}))

test('introspecting twice gives the same JSON, whatever the session\'s search_path, TimeZone, DateStyle and IntervalStyle', () => withFixture(async (model, db) => {
  const first = JSON.stringify(modelToJson(model))
  assert.is(JSON.stringify(modelToJson(await introspect(db.sql))), first)
  const settings = { search_path: 'app, public, extras, misc', TimeZone: 'Asia/Tokyo', DateStyle: 'SQL, DMY', IntervalStyle: 'iso_8601', extra_float_digits: '0', bytea_output: 'escape' }
  const other = postgres(db.url, { max: 1, onnotice: () => {}, connection: settings })
  try {
    assert.is(JSON.stringify(modelToJson(await introspect(other))), first)
    const [after] = await other`select current_setting('search_path') as search_path, current_setting('TimeZone') as tz`
    assert.equal([after!.search_path, after!.tz], [settings.search_path, settings.TimeZone], 'introspection leaves the session as it was')
  } finally {
    await other.end({ timeout: 5 })
  }
}))

test('--schema keeps only the schemas asked for, and --exclude-schema leaves schemas out', () => withFixture(async (model, db) => {
  assert.ok(model.tables.has(k('table', 'misc', 'audit')))
  const only = await introspect(db.sql, { schemas: ['app'] })
  assert.equal(keys(only.schemas), [k('schema', '', 'app')])
  assert.equal(keys(only.extensions), [], 'extensions live in extras')
  for (const map of [only.enums, only.tables, only.constraints, only.indexes, only.views, only.routines, only.triggers, only.policies]) {
    assert.equal([...map.values()].filter((o) => o.schema !== 'app'), [])
  }
  assert.ok(only.tables.has(k('table', 'app', 'customers')))
  assert.equal(only.unmodeled, [])

  const except = await introspect(db.sql, { excludeSchemas: ['app', 'misc'] })
  assert.equal(keys(except.schemas), sorted([k('schema', '', AUDIT), k('schema', '', 'extras'), k('schema', '', 'public')]))
  assert.equal(keys(except.tables), sorted([k('table', AUDIT, 'Entry "1"'), k('table', 'public', 'settings')]))
  assert.equal(keys(except.routines), [k('function', AUDIT, 'record')])
  assert.equal(keys(except.triggers), [], 'the trigger calling "Audit ""Log""".record() is on app.customers')
  assert.equal(except.unmodeled, [])
}))

test('an excluded relation leaves out its constraints, indexes, triggers, policies and owned sequences', () => withFixture(async (model, db) => {
  const orders = k('table', 'app', 'orders')
  const customers = k('table', 'app', 'customers')
  const on = (m: Model) => [
    ...[...m.constraints.values()].filter((c) => c.table === orders || c.table === customers),
    ...[...m.indexes.values()].filter((i) => i.table === orders || i.table === customers),
    ...[...m.triggers.values()].filter((t) => t.table === orders || t.table === customers),
    ...[...m.policies.values()].filter((p) => p.table === customers),
  ].map((o) => o.name)
  assert.is(on(model).length, 22, 'without the option, both tables come with their constraints, indexes, triggers and policies')

  const without = await introspect(db.sql, { excludeRelations: [{ schema: 'app', name: 'orders' }, { schema: 'app', name: 'customers' }] })
  assert.not.ok(without.tables.has(orders) || without.tables.has(customers))
  assert.equal(on(without), [])
  assert.equal(keys(without.sequences), sorted([k('sequence', AUDIT, 'Entry "1"_id_seq'), k('sequence', 'app', 'plain_seq')]), 'serial and OWNED BY sequences go with their table')
  assert.equal(without.dependencies.filter((d) => [d.from, d.to].some((key) => key === orders || key === customers)), [])
  assert.ok(without.tables.has(k('table', 'app', 'order_lines')), 'other tables stay')
  assert.ok(without.constraints.has(k('constraint', 'app', 'order_lines_order_id_fkey', { table: 'order_lines' })), 'so do foreign keys that reference a left-out table')
}))

test('privileges: what others than the owner hold, a default acl as what it grants; left out when not asked for', () => withFixture(async (model, db) => {
  const grants = model.grants!
  const owner = (await db.sql<{ owner: string }[]>`select current_user as owner`)[0]!.owner
  const g = (grantee: string, privilege: string, grantable = false, column: string | null = null) => ({ grantee, privilege, grantable, column })
  assert.equal(get(grants, k('table', 'app', 'customers')), [g('pg_monitor', 'INSERT'), g('pg_monitor', 'SELECT')])
  assert.not.ok([...grants.values()].flat().some((x) => x.grantee === owner), 'the owner\'s own privileges are left out')
  assert.equal(get(grants, k('view', 'app', 'active_customers')), [g('pg_monitor', 'SELECT', true)])
  assert.equal(get(grants, k('sequence', 'app', 'Invoice Numbers')), [g('pg_monitor', 'USAGE')])
  assert.equal(get(grants, k('function', 'app', 'area', { args: 'double precision' })), [g('pg_monitor', 'EXECUTE')], 'EXECUTE was revoked from PUBLIC')
  assert.equal(get(grants, k('function', 'app', 'area', { args: 'double precision, double precision' })), [g('public', 'EXECUTE')], 'a default acl: PUBLIC may execute')
  assert.equal(get(grants, k('schema', '', 'app')), [g('pg_read_all_stats', 'USAGE')])
  assert.not.ok(grants.has(k('table', 'app', 'orders')), 'a table with default privileges grants nothing to others')
  assert.equal(model.owners!.get(k('table', 'app', 'orders')), owner)

  await db.sql.unsafe('grant update (email) on app.customers to pg_monitor with grant option')
  const again = await introspect(db.sql)
  assert.equal(get(again.grants!, k('table', 'app', 'customers')), [g('pg_monitor', 'INSERT'), g('pg_monitor', 'SELECT'), g('pg_monitor', 'UPDATE', true, 'email')].sort((x, y) => (x.column ?? '').localeCompare(y.column ?? '')))
  const without = await introspect(db.sql, { privileges: false })
  assert.is(without.grants, null)
  assert.is(without.owners, null)
}))

test.run()
