// `pgstrata erd`: the Mermaid ER diagram of a model, read back with Mermaid's
// own parser (the one mermaid.render uses), so a diagram that a renderer
// would refuse, or read differently from what was meant, fails here.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import mermaid from 'mermaid'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { erDiagram } from '../src/erd.ts'
import type { Model } from '../src/model/types.ts'
import { column, enumType, foreignKey, index, modelOf, primaryKey, table, unique, type ModelParts } from './helpers/models.ts'
import { cli, withProject } from './helpers/project.ts'

interface Parsed {
  /** Entity name (codes decoded) → its attributes as `type name keys "comment"`. */
  readonly entities: Record<string, string[]>
  /** `child childCard--parentCard parent : label`, cardinalities as Mermaid names them. */
  readonly relationships: string[]
}

interface ErDb {
  getEntities(): Map<string, { id: string; attributes: { type: string; name: string; keys: string[]; comment: string }[] }>
  getRelationships(): { entityA: string; entityB: string; roleA: string; relSpec: { cardA: string; cardB: string } }[]
}

/** What Mermaid reads from `text`: parse() must accept it, and the diagram it renders from holds these entities and relationships. */
async function parsed(text: string): Promise<Parsed> {
  await mermaid.parse(text)
  // getDiagramFromText is what render() parses: entity codes (#34;) are encoded first, and decoded in the SVG.
  const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db as unknown as ErDb
  const decode = (s: string) => s.replace(/ﬂ°°(\d+)¶ß/g, (_, n: string) => String.fromCodePoint(Number(n)))
  const names = new Map([...db.getEntities()].map(([name, e]) => [e.id, decode(name)]))
  return {
    entities: Object.fromEntries([...db.getEntities()].map(([name, e]) => [decode(name), e.attributes.map((a) =>
      [a.type, decode(a.name), a.keys.join(','), a.comment ? `"${a.comment}"` : ''].filter(Boolean).join(' '))])),
    // `child }o--|| parent`: cardB is the symbol beside the first entity, cardA the one beside the second.
    relationships: db.getRelationships().map((r) =>
      `${names.get(r.entityA)} ${r.relSpec.cardB}--${r.relSpec.cardA} ${names.get(r.entityB)} : ${decode(r.roleA)}`),
  }
}

const users = table('public', 'users', [
  column('id', 'uuid', { notNull: true }),
  column('email', 'character varying', { notNull: true }),
  column('google_id', 'character varying'),
])
const sessions = table('public', 'sessions', [
  column('id', 'uuid', { notNull: true }),
  column('user_id', 'uuid', { notNull: true }),
  column('expires_at', 'timestamp with time zone', { notNull: true }),
])
const example: ModelParts = {
  tables: [users, sessions],
  constraints: [
    primaryKey(users, 'users_pkey', ['id']), unique(users, 'users_email_key', ['email']), unique(users, 'users_google_id_key', ['google_id']),
    primaryKey(sessions, 'sessions_pkey', ['id']), foreignKey(sessions, 'sessions_user_id_fkey', ['user_id'], users, ['id']),
  ],
}

test('the example schema: sessions }o--|| users, keys marked, NOT NULL columns outside the key commented', async () => {
  const text = erDiagram(modelOf(example))
  assert.is(text, `erDiagram
    sessions {
        uuid id PK
        uuid user_id FK "not null"
        timestamptz expires_at "not null"
    }
    users {
        uuid id PK
        varchar email UK "not null"
        varchar google_id UK
    }
    sessions }o--|| users : "sessions_user_id_fkey"
`)
  assert.equal(await parsed(text), {
    entities: {
      sessions: ['uuid id PK', 'uuid user_id FK "not null"', 'timestamptz expires_at "not null"'],
      users: ['uuid id PK', 'varchar email UK "not null"', 'varchar google_id UK'],
    },
    relationships: ['sessions ZERO_OR_MORE--ONLY_ONE users : sessions_user_id_fkey'],
  })
})

test('the same model built in another order gives the same bytes', () => {
  assert.is(erDiagram(modelOf(example, { reverse: true })), erDiagram(modelOf(example)))
})

test('a nullable foreign key points at zero or one parent', async () => {
  const notes = table('public', 'notes', [column('id', 'integer', { notNull: true }), column('author_id', 'uuid')])
  const text = erDiagram(modelOf({ tables: [users, notes], constraints: [primaryKey(users, 'users_pkey', ['id']), foreignKey(notes, 'notes_author', ['author_id'], users, ['id'])] }))
  assert.match(text, '    notes }o--o| users : "notes_author"\n')
  assert.equal((await parsed(text)).relationships, ['notes ZERO_OR_MORE--ZERO_OR_ONE users : notes_author'])
})

test('a foreign key whose columns hold a unique key is one-to-one: a unique constraint, a plain unique index or the primary key', async () => {
  const profile = (name: string) => table('public', name, [column('id', 'integer', { notNull: true }), column('user_id', 'uuid', { notNull: true })])
  const [byConstraint, byIndex, byKey, partial] = [profile('by_constraint'), profile('by_index'), profile('by_key'), profile('partial')]
  const text = erDiagram(modelOf({
    tables: [users, byConstraint, byIndex, byKey, partial],
    constraints: [
      primaryKey(users, 'users_pkey', ['id']),
      unique(byConstraint, 'by_constraint_user', ['user_id']), foreignKey(byConstraint, 'by_constraint_fk', ['user_id'], users, ['id']),
      foreignKey(byIndex, 'by_index_fk', ['user_id'], users, ['id']),
      primaryKey(byKey, 'by_key_pkey', ['user_id']), foreignKey(byKey, 'by_key_fk', ['user_id'], users, ['id']),
      foreignKey(partial, 'partial_fk', ['user_id'], users, ['id']),
    ],
    indexes: [{ ...index(byIndex, 'by_index_user', ['user_id']), unique: true }, { ...index(partial, 'partial_user', ['user_id']), unique: true, predicate: 'id > 0' as never }],
  }))
  assert.match(text, '        uuid user_id PK, FK\n')
  assert.equal((await parsed(text)).relationships, [
    'by_constraint ZERO_OR_ONE--ONLY_ONE users : by_constraint_fk',
    'by_index ZERO_OR_ONE--ONLY_ONE users : by_index_fk',
    'by_key ZERO_OR_ONE--ONLY_ONE users : by_key_fk',
    'partial ZERO_OR_MORE--ONLY_ONE users : partial_fk',
  ])
})

test('a composite foreign key is optional when any of its columns is nullable', async () => {
  const parent = table('public', 'parent', [column('a', 'integer', { notNull: true }), column('b', 'integer', { notNull: true })])
  const child = table('public', 'child', [column('a', 'integer', { notNull: true }), column('b', 'integer')])
  const text = erDiagram(modelOf({ tables: [parent, child], constraints: [primaryKey(parent, 'parent_pkey', ['a', 'b']), foreignKey(child, 'child_fk', ['a', 'b'], parent, ['a', 'b'])] }))
  assert.equal((await parsed(text)).relationships, ['child ZERO_OR_MORE--ZERO_OR_ONE parent : child_fk'])
})

/** Tables named like nothing Mermaid takes bare, each with columns named the same way. */
const AWKWARD = ['order', 'Customer Notes', 'say "hi"', 'a.b', 'one', 'end', 'class', 'style', 'accDescr', 'direction tb', '50% off', 'back\\slash', 'x~y~z', '#quot;', 'tab\there', 'café']

test('awkward table, column and constraint names parse, and Mermaid reads back exactly those names', async () => {
  const tables = AWKWARD.map((name) => table('public', name, [
    column('id', 'integer', { notNull: true }), column(name, 'text'), column('pk', 'text'), column('x~y', 'text'), column('ref', 'integer'),
  ]))
  const constraints = tables.flatMap((t, i) => [
    primaryKey(t, `${t.name}_pkey`, ['id']),
    foreignKey(t, `${t.name} "fk" direction LR`, ['ref'], tables[(i + 1) % tables.length]!, ['id']),
  ])
  const result = await parsed(erDiagram(modelOf({ tables, constraints })))
  const label = (name: string) => (/[."]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name)
  assert.equal(Object.keys(result.entities).sort(), AWKWARD.map(label).sort())
  for (const name of AWKWARD) {
    assert.equal(result.entities[label(name)], ['integer id PK', `text ${name}`, 'text pk', 'text x~y', 'integer ref FK'], name)
  }
  assert.is(result.relationships.length, AWKWARD.length)
  assert.ok(result.relationships.includes(`order ZERO_OR_MORE--ZERO_OR_ONE Customer Notes : order "fk" direction LR`), result.relationships.join('\n'))
})

test('types become single Mermaid words: short names, modifiers kept, no spaces, commas or quotes', async () => {
  const mood = enumType('public', 'Mood', ['ok'])
  const t = table('public', 'types', [
    ['varchar(255)', 'character varying(255)'], ['char(1)', 'character(1)'], ['timestamptz(3)', 'timestamp(3) with time zone'],
    ['timestamp', 'timestamp without time zone'], ['timetz', 'time with time zone'], ['float8', 'double precision'],
    ['numeric(10_2)', 'numeric(10,2)'], ['varchar(20)[]', 'character varying(20)[]'], ['interval_year_to_month', 'interval year to month'],
    ['Mood', '"Mood"'], ['billing_status', 'billing.status'], ['varbit(4)', 'bit varying(4)'], ['_1st', '"1st"'], ['uk_', 'uk'],
  ].map(([, type], i) => column(`c${i}`, type!)))
  const result = await parsed(erDiagram(modelOf({ enums: [mood], tables: [t] })))
  assert.equal(result.entities.types, ['varchar(255)', 'char(1)', 'timestamptz(3)', 'timestamp', 'timetz', 'float8', 'numeric(10_2)', 'varchar(20)[]',
    'interval_year_to_month', 'Mood', 'billing_status', 'varbit(4)', '_1st', 'uk_'].map((type, i) => `${type} c${i}`))
})

const billing = (model: (parts: ModelParts) => Model = modelOf) => {
  const invoices = table('billing', 'invoices', [column('id', 'bigint', { notNull: true }), column('user_id', 'uuid')])
  return model({ tables: [users, invoices], constraints: [primaryKey(users, 'users_pkey', ['id']), foreignKey(invoices, 'invoices_user', ['user_id'], users, ['id'])] })
}

test('names are schema-qualified when the diagram shows several schemas, and a table outside public is always', async () => {
  assert.equal(Object.keys((await parsed(erDiagram(billing()))).entities), ['billing.invoices', 'public.users'])
  assert.equal(Object.keys((await parsed(erDiagram(modelOf(example)))).entities), ['sessions', 'users'])
})

test('options.schemas keeps only those tables; a foreign key to a table left out still points at it, as an entity without columns', async () => {
  const text = erDiagram(billing(), { schemas: ['billing'] })
  assert.not.match(text, 'public.users {')
  assert.equal(await parsed(text), {
    entities: { 'billing.invoices': ['bigint id "not null"', 'uuid user_id FK'], 'public.users': [] },
    relationships: ['billing.invoices ZERO_OR_MORE--ZERO_OR_ONE public.users : invoices_user'],
  })
  assert.equal(Object.keys((await parsed(erDiagram(billing(), { schemas: ['public'] }))).entities), ['users'])
})

test('partitions are left out: the partitioned table stands for them', async () => {
  const events = table('public', 'events', [column('id', 'bigint', { notNull: true }), column('at', 'date', { notNull: true })], { partitionKey: 'RANGE (at)' })
  const y2024 = table('public', 'events_2024', events.columns, { partitionOf: { parent: events.key, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" } })
  assert.equal(Object.keys((await parsed(erDiagram(modelOf({ tables: [events, y2024] })))).entities), ['events'])
})

test('an empty model is an empty diagram that parses', async () => {
  assert.is(erDiagram(modelOf({})), 'erDiagram\n')
  assert.equal(await parsed('erDiagram\n'), { entities: {}, relationships: [] })
})

// The command, against a real PostgreSQL.

const SCHEMA = `
create schema billing;
create table public.users (id uuid primary key, email text not null unique);
create table public."Order Lines" ("Line No" int primary key, "order" int, user_id uuid references public.users);
create unique index on public."Order Lines" ("order");
create table billing.invoices (id bigint generated always as identity primary key, user_id uuid not null unique references public.users);`

test('erd --from schema draws the example project: sessions }o--|| users', () => withProject(async (db, project) => {
  await project.copyFromRepo('schema')
  const result = await cli(['erd', '--from', 'schema'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 0, result.stderr)
  assert.match(result.stderr, 'pgstrata: 2 tables, 1 relationship from schema/')
  const diagram = await parsed(result.stdout)
  assert.equal(Object.keys(diagram.entities), ['sessions', 'users'])
  assert.equal(diagram.entities.sessions, ['uuid id PK', 'uuid user_id FK "not null"', 'varchar session_token UK "not null"', 'timestamptz expires_at "not null"', 'timestamptz created_at'])
  assert.equal(diagram.relationships, ['sessions ZERO_OR_MORE--ONLY_ONE users : sessions_user_id_fkey'])
}, { dsl: true }))

test('erd reads the database by default; --schema filters, repeatable or comma-separated', () => withProject(async (db, project) => {
  await db.sql.unsafe(SCHEMA)
  const all = await cli(['erd'], { cwd: project.dir, url: db.url })
  assert.is(all.code, 0, all.stderr)
  const diagram = await parsed(all.stdout)
  assert.equal(Object.keys(diagram.entities), ['billing.invoices', 'public.Order Lines', 'public.users'])
  assert.equal(diagram.entities['public.Order Lines'], ['integer Line No PK', 'integer order UK', 'uuid user_id FK'])
  assert.equal(diagram.relationships, [
    'billing.invoices ZERO_OR_ONE--ONLY_ONE public.users : invoices_user_id_fkey',
    'public.Order Lines ZERO_OR_MORE--ZERO_OR_ONE public.users : Order Lines_user_id_fkey',
  ])
  const json = JSON.parse((await cli(['erd', '--json'], { cwd: project.dir, url: db.url })).stdout)
  assert.equal({ ...json, from: undefined }, { ok: true, from: undefined, tables: 3, relationships: 2, diagram: all.stdout })
  const publicOnly = await cli(['erd', '--schema', 'public'], { cwd: project.dir, url: db.url })
  assert.equal(Object.keys((await parsed(publicOnly.stdout)).entities), ['Order Lines', 'users'])
  for (const args of [['--schema', 'billing', '--schema', 'public'], ['--schema', 'billing,public']]) {
    assert.is((await cli(['erd', ...args], { cwd: project.dir, url: db.url })).stdout, all.stdout)
  }
  const unknown = await cli(['erd', '--schema', 'Billing'], { cwd: project.dir, url: db.url })
  assert.is(unknown.code, 2)
  assert.match(unknown.stderr, 'error UNKNOWN_SCHEMA')
}))

test('erd --out writes the file and says so; a .md file gets a mermaid fence', () => withProject(async (db, project) => {
  await db.sql.unsafe(SCHEMA)
  const plain = await cli(['erd', '--out', 'schema.mmd'], { cwd: project.dir, url: db.url })
  assert.is(plain.code, 0, plain.stderr)
  assert.is(plain.stdout, '')
  assert.match(plain.stderr, 'pgstrata: wrote schema.mmd (3 tables, 2 relationships)')
  const text = await readFile(path.join(project.dir, 'schema.mmd'), 'utf8')
  assert.ok(text.startsWith('erDiagram\n'))
  await parsed(text)
  assert.is((await cli(['erd', '--out', 'schema.md'], { cwd: project.dir, url: db.url })).code, 0)
  assert.is(await readFile(path.join(project.dir, 'schema.md'), 'utf8'), `\`\`\`mermaid\n${text}\`\`\`\n`)
  const missing = await cli(['erd', '--out', 'no/such/dir/x.mmd'], { cwd: project.dir, url: db.url })
  assert.is(missing.code, 2)
  assert.match(missing.stderr, 'error WRITE_FAILED')
}))

test('erd --from migrations replays the folder on a scratch database', () => withProject(async (db, project) => {
  await project.write('20240101_001', 'teams', 'create table teams (id int primary key);\ncreate table members (id int primary key, team_id int references teams);')
  const result = await cli(['erd', '--from', 'migrations'], { cwd: project.dir, url: db.url })
  assert.is(result.code, 0, result.stderr)
  assert.equal((await parsed(result.stdout)).relationships, ['members ZERO_OR_MORE--ZERO_OR_ONE teams : members_team_id_fkey'])
}))

test.run()
