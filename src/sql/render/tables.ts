// Rendering tables, columns, constraints and indexes.
import type { Change } from '../../diff/change.ts'
import { partsOf, type Key } from '../../model/key.ts'
import type { Column, Table } from '../../model/types.ts'
import { attachedBelow } from '../../diff/attached.ts'
import { ident, literal, qualified } from '../quote.ts'
import { restartIfOutside } from './types.ts'
import { columnDefinition, doBlock, identityClause, nameOfKey, statement, withOptions, type RenderContext } from './common.ts'

type Of<K extends Change['kind']> = Extract<Change, { kind: K }>

const tableName = (t: { schema: string; name: string }) => qualified(t.schema, t.name)

export const tableRenderers = {
  createTable: ({ table }: Of<'createTable'>, ctx: RenderContext) => createTable(table, ctx),
  dropTable: ({ table }: Of<'dropTable'>, ctx: RenderContext) => [
    // A partition of a table that foreign keys reference, the parent staying: the
    // keys' clones hold on to it until it is detached.
    ...(table.partitionOf && ctx.to.tables.has(table.partitionOf.parent) && referenced(ctx, table.partitionOf.parent)
      ? [statement(`ALTER TABLE ${nameOfKey(table.partitionOf.parent)} DETACH PARTITION ${tableName(table)}`)] : []),
    statement(`DROP TABLE ${tableName(table)}`),
  ],
  renameTable: ({ schema, from, to }: Of<'renameTable'>) => [statement(`ALTER TABLE ${qualified(schema, from)} RENAME TO ${ident(to)}`)],
  alterTable: ({ from, to }: Of<'alterTable'>, ctx: RenderContext) => alterTable(from, to, ctx),
  setReplicaIdentity: ({ table, to }: Of<'setReplicaIdentity'>) => [statement(`ALTER TABLE ${tableName(table)} ${replicaIdentity(to)}`)],
  attachPartition: ({ table, parent, bound }: Of<'attachPartition'>) =>
    [statement(`ALTER TABLE ${nameOfKey(parent)} ATTACH PARTITION ${tableName(table)} ${bound}`)],
  detachPartition: ({ table, parent }: Of<'detachPartition'>) => [statement(`ALTER TABLE ${nameOfKey(parent)} DETACH PARTITION ${tableName(table)}`)],
  addColumn: ({ table, column }: Of<'addColumn'>, ctx: RenderContext) =>
    [statement(`ALTER TABLE ${tableName(table)} ADD COLUMN ${columnDefinition(column)}`), ...columnSettings(table, { compression: column.compression }, column, ctx)],
  dropColumn: ({ table, column }: Of<'dropColumn'>) => [statement(`ALTER TABLE ${tableName(table)} DROP COLUMN ${ident(column.name)}`)],
  renameColumn: ({ table, from, to }: Of<'renameColumn'>) => [statement(`ALTER TABLE ${tableName(table)} RENAME COLUMN ${ident(from)} TO ${ident(to)}`)],
  alterColumn: ({ table, from, to, conversion, using }: Of<'alterColumn'>, ctx: RenderContext) => alterColumn(table, from, to, ctx, conversion, using),
}

function createTable(t: Table, ctx: RenderContext): string[] {
  const name = tableName(t)
  let head: string
  if (t.partitionOf) {
    // The parent's columns, with what the partition holds of its own: NOT NULL, a default.
    const parent = ctx.to.tables.get(t.partitionOf.parent) ?? ctx.from.tables.get(t.partitionOf.parent)
    const own = t.columns.flatMap((c) => {
      const p = parent?.columns.find((x) => x.name === c.name)
      if (p === undefined) return []
      const parts = [...(c.notNull && !p.notNull ? ['NOT NULL'] : []), ...(c.default !== null && c.default !== p.default && c.identity === null && c.generated === null ? [`DEFAULT ${c.default}`] : [])]
      return parts.length > 0 ? [`${ident(c.name)} WITH OPTIONS ${parts.join(' ')}`] : []
    })
    head = `CREATE TABLE ${name} PARTITION OF ${nameOfKey(t.partitionOf.parent)}${own.length > 0 ? ` (${own.join(', ')})` : ''} ${t.partitionOf.bound}`
  } else {
    const columns = t.columns.filter((c) => !c.inherited).map((c) => `    ${columnDefinition(c)}`)
    head = `CREATE ${t.persistence === 'unlogged' ? 'UNLOGGED ' : ''}TABLE ${name} (\n${columns.join(',\n')}${columns.length ? '\n' : ''})`
    if (t.inherits.length > 0) head += ` INHERITS (${t.inherits.map(nameOfKey).join(', ')})`
  }
  if (t.partitionKey) head += ` PARTITION BY ${t.partitionKey}`
  if (t.accessMethod) head += ` USING ${ident(t.accessMethod)}`
  if (t.options.length > 0) head += ` WITH ${withOptions(t.options)}`
  const out = [statement(head)]
  if (t.partitionOf && t.persistence === 'unlogged') out.push(statement(`ALTER TABLE ${name} SET UNLOGGED`))
  if (t.rowSecurity) out.push(statement(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`))
  if (t.forceRowSecurity) out.push(statement(`ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`))
  // USING INDEX waits for its index: the differ sets it with an alterTable.
  if (typeof t.replicaIdentity === 'string') out.push(statement(`ALTER TABLE ${name} ${replicaIdentity(t.replicaIdentity)}`))
  // CREATE TABLE takes COMPRESSION (not STORAGE before 16) in a column; a
  // partition's columns come from its parent, with the parent's settings.
  for (const c of t.columns) {
    const spelled = t.partitionOf || c.inherited ? {} : { compression: c.compression }
    out.push(...columnSettings(t, spelled, c, ctx))
  }
  return out
}

const replicaIdentity = (to: Table['replicaIdentity'] | null): string =>
  `REPLICA IDENTITY ${to == null ? 'DEFAULT' : typeof to === 'object' ? `USING INDEX ${ident(to.index)}` : to.toUpperCase()}`

/**
 * SET STORAGE, COMPRESSION and STATISTICS where `to` differs from `from`. Back
 * to the type's storage is SET STORAGE DEFAULT from 16; before, the type's
 * typstorage is read on the server.
 */
type Settings = { readonly [K in 'storage' | 'compression' | 'statistics']?: Column[K] | undefined }

function columnSettings(table: Table, from: Settings, to: Column, ctx: RenderContext): string[] {
  const t = tableName(table)
  const c = ident(to.name)
  const alter = (action: string) => statement(`ALTER TABLE ${t} ALTER COLUMN ${c} ${action}`)
  const out: string[] = []
  if (from.storage !== to.storage) {
    if (to.storage !== undefined) out.push(alter(`SET STORAGE ${to.storage.toUpperCase()}`))
    else if (ctx.versionNum >= 160000) out.push(alter('SET STORAGE DEFAULT'))
    else {
      const typstorage = `SELECT CASE t.typstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END
    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
   WHERE a.attrelid = ${literal(t)}::regclass AND a.attname = ${literal(to.name)}`
      out.push(statement(doBlock(`EXECUTE pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I SET STORAGE %s', ${literal(t)}, ${literal(to.name)}, (${typstorage}));`)))
    }
  }
  if (from.compression !== to.compression) out.push(alter(`SET COMPRESSION ${to.compression === undefined ? 'DEFAULT' : ident(to.compression)}`))
  if (from.statistics !== to.statistics) out.push(alter(`SET STATISTICS ${to.statistics ?? -1}`))
  return out
}

function alterTable(from: Table, to: Table, ctx: RenderContext): string[] {
  const name = tableName(to)
  const out: string[] = []
  if (from.persistence !== to.persistence) out.push(statement(`ALTER TABLE ${name} SET ${to.persistence === 'unlogged' ? 'UNLOGGED' : 'LOGGED'}`))
  if (from.rowSecurity !== to.rowSecurity) out.push(statement(`ALTER TABLE ${name} ${to.rowSecurity ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`))
  if (from.forceRowSecurity !== to.forceRowSecurity) out.push(statement(`ALTER TABLE ${name} ${to.forceRowSecurity ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`))
  const optionName = (o: string) => o.slice(0, o.indexOf('='))
  const removed = from.options.filter((o) => !to.options.some((p) => optionName(p) === optionName(o)))
  const set = to.options.filter((o) => !from.options.includes(o))
  if (removed.length > 0) out.push(statement(`ALTER TABLE ${name} RESET (${removed.map(optionName).join(', ')})`))
  if (set.length > 0) out.push(statement(`ALTER TABLE ${name} SET ${withOptions(set)}`))
  for (const parent of from.inherits) if (!to.inherits.includes(parent)) out.push(statement(`ALTER TABLE ${name} NO INHERIT ${nameOfKey(parent)}`))
  for (const parent of to.inherits) if (!from.inherits.includes(parent)) out.push(statement(`ALTER TABLE ${name} INHERIT ${nameOfKey(parent)}`))
  if (from.accessMethod !== to.accessMethod && ctx.versionNum >= 150000) out.push(statement(`ALTER TABLE ${name} SET ACCESS METHOD ${ident(to.accessMethod ?? 'heap')}`))
  return out
}

/**
 * One column's changes, each its own statement and in an order PostgreSQL
 * accepts: a default that may not survive a type change goes first; NOT NULL
 * comes before an identity (which requires it); a new default comes last.
 */
function alterColumn(table: Table, from: Column, to: Column, ctx: RenderContext, conversion?: 'text' | 'none', given?: string): string[] {
  const t = tableName(table)
  const c = ident(to.name)
  const alter = (action: string) => statement(`ALTER TABLE ${t} ALTER COLUMN ${c} ${action}`)
  const generatedChanged = from.generated?.expression !== to.generated?.expression || from.generated?.stored !== to.generated?.stored
  if (generatedChanged) {
    if (from.generated && !to.generated) {
      // DROP EXPRESSION keeps the values as plain data.
      return [alter('DROP EXPRESSION'), ...alterColumn(table, { ...from, generated: null }, to, ctx)]
    }
    if (from.generated && to.generated && from.generated.stored && to.generated.stored && ctx.versionNum >= 170000 && from.type === to.type) {
      return [alter(`SET EXPRESSION AS (${to.generated.expression})`), ...alterColumn(table, { ...from, generated: to.generated }, to, ctx)]
    }
    // Before PostgreSQL 17 a generation expression cannot change, and a plain
    // column cannot become generated: the column is dropped and added again.
    return [statement(`ALTER TABLE ${t} DROP COLUMN ${c}`), statement(`ALTER TABLE ${t} ADD COLUMN ${columnDefinition(to)}`),
      ...columnSettings(table, { ...to, storage: undefined, statistics: undefined }, to, ctx)]
  }
  const out: string[] = []
  const typeChanged = from.type !== to.type || from.collation !== to.collation
  const defaultChanged = from.default !== to.default
  // SET DEFAULT replaces a default, unless the type changes: the old one may not cast.
  if (from.default !== null && (typeChanged || (defaultChanged && to.default === null))) out.push(alter('DROP DEFAULT'))
  if (from.identity && !to.identity) out.push(alter('DROP IDENTITY'))
  if (typeChanged) out.push(alter(`TYPE ${to.type}${to.collation ? ` COLLATE ${to.collation}` : ''} USING ${given ?? using(c, to, conversion)}`))
  // An identity column is NOT NULL in the catalog (and in the model) already.
  if (!from.notNull && to.notNull) out.push(alter('SET NOT NULL'))
  if (to.identity && !from.identity) {
    out.push(alter(`ADD ${identityClause(to.identity)}`))
    out.push(...continueAfterValues(t, to, `pg_catalog.pg_get_serial_sequence(${literal(t)}, ${literal(to.name)})::regclass`))
  }
  if (to.identity && from.identity) {
    if (from.identity.always !== to.identity.always) out.push(alter(`SET GENERATED ${to.identity.always ? 'ALWAYS' : 'BY DEFAULT'}`))
    const o = to.identity
    const p = from.identity
    if (o.start !== p.start || o.increment !== p.increment || o.min !== p.min || o.max !== p.max || o.cache !== p.cache || o.cycle !== p.cycle) {
      const options = `SET START WITH ${o.start} SET INCREMENT BY ${o.increment} SET MINVALUE ${o.min} SET MAXVALUE ${o.max} SET CACHE ${o.cache} SET ${o.cycle ? 'CYCLE' : 'NO CYCLE'}`
      if (o.min === p.min && o.max === p.max) out.push(alter(options))
      else {
        const sequence = `pg_catalog.pg_get_serial_sequence(${literal(t)}, ${literal(to.name)})`
        const keep = `ALTER TABLE ${t} ALTER COLUMN ${c} ${options}`
        // A sequence never called has no last value yet: it would start at its old START.
        const current = `SELECT coalesce(pg_catalog.pg_sequence_last_value(${sequence}::regclass),
    (SELECT seqstart FROM pg_catalog.pg_sequence WHERE seqrelid = ${sequence}::regclass))`
        out.push(statement(restartIfOutside(current, o, keep, `${keep} RESTART`)))
      }
    }
  }
  if (from.notNull && !to.notNull) out.push(alter('DROP NOT NULL'))
  if (to.default !== null && (defaultChanged || typeChanged)) out.push(alter(`SET DEFAULT ${to.default}`))
  const sequence = /^nextval\((.+)\)$/.exec(to.default ?? '')?.[1]
  if (sequence !== undefined && to.default !== from.default) out.push(...continueAfterValues(t, to, sequence))
  // A new type brings its own storage and the default compression; the statistics target stays.
  out.push(...columnSettings(table, typeChanged ? { ...from, storage: undefined, compression: undefined } : from, to, ctx))
  return out
}

/**
 * How the values reach the new type: a cast; through text, for two enums,
 * ranges or composite types (no cast between them, one text form); or, with
 * no cast at all, the column's new default (or NULL), as if it were dropped
 * and added again. Indexes and constraints on it are rebuilt either way.
 */
function using(c: string, to: Column, conversion: 'text' | 'none' | undefined): string {
  if (conversion === 'none') return to.default !== null ? `(${to.default})` : `NULL::${to.type}`
  if (conversion === 'text') {
    const dims = /(\[\])*$/.exec(to.type)![0].length / 2
    return `${c}::text${'[]'.repeat(dims)}::${to.type}`
  }
  return `${c}::${to.type}`
}

/**
 * A column that starts drawing from a sequence (a new identity, or a default
 * calling nextval) keeps the values it holds: the sequence moves past the
 * largest of them, never backwards, so the next insert does not collide.
 */
function continueAfterValues(table: string, column: Column, sequence: string): string[] {
  if (!['smallint', 'integer', 'bigint'].includes(column.type)) return []
  const c = ident(column.name)
  return [statement(`SELECT pg_catalog.setval(seq, top) FROM (SELECT ${sequence} AS seq, max(${c}) AS top FROM ${table}) AS v
  WHERE top >= coalesce(pg_catalog.pg_sequence_last_value(seq), 0)
    AND (SELECT seqincrement FROM pg_catalog.pg_sequence WHERE seqrelid = seq) > 0`)]
}

export const constraintRenderers = {
  addConstraint: ({ constraint: k, cloned }: Of<'addConstraint'>, ctx: RenderContext) => cloned !== undefined ? renameClone(k.schema, cloned, k.name)
    // On a partitioned table the key is the parent's alone: each partition's is made and attached on its own.
    : [statement(`ALTER TABLE ${isPartitioned(k.table, ctx) && k.type !== 'foreignKey' && k.type !== 'check' ? 'ONLY ' : ''}${nameOfKey(k.table)} ADD CONSTRAINT ${ident(k.name)} ${k.definition}`)],
  // A detached partition's foreign key cloned from its parent's: PostgreSQL 14 drops it with the parent's, 15+ leaves it.
  dropConstraint: ({ constraint: k }: Of<'dropConstraint'>, ctx: RenderContext) => {
    const moved = k.type === 'foreignKey' && k.inherited && ctx.from.tables.get(k.table)?.partitionOf != null &&
      ctx.to.tables.get(k.table)?.partitionOf?.parent !== ctx.from.tables.get(k.table)?.partitionOf?.parent
    return [statement(`ALTER TABLE ${nameOfKey(k.table)} DROP CONSTRAINT ${moved ? 'IF EXISTS ' : ''}${ident(k.name)}`)]
  },
  renameConstraint: ({ constraint: k, from }: Of<'renameConstraint'>) =>
    [statement(`ALTER TABLE ${nameOfKey(k.table)} RENAME CONSTRAINT ${ident(from)} TO ${ident(k.name)}`)],
  validateConstraint: ({ constraint: k }: Of<'validateConstraint'>) => [statement(`ALTER TABLE ${nameOfKey(k.table)} VALIDATE CONSTRAINT ${ident(k.name)}`)],
  alterConstraintDeferrable: ({ to: k }: Of<'alterConstraintDeferrable'>) =>
    [statement(`ALTER TABLE ${nameOfKey(k.table)} ALTER CONSTRAINT ${ident(k.name)} ${k.deferrable ? 'DEFERRABLE' : 'NOT DEFERRABLE'} INITIALLY ${k.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}`)],
  // pg_get_indexdef prints ON ONLY for an index on a partitioned table (as
  // pg_dump restores it): each partition's index is made and attached on its own.
  createIndex: ({ index, cloned }: Of<'createIndex'>) => cloned !== undefined ? renameClone(index.schema, cloned, index.name) : [statement(index.definition)],
  // A partition's key attached to this index depends on it: CASCADE drops that
  // key with it (the plan has dropped what needs the key, and makes it again).
  dropIndex: ({ index }: Of<'dropIndex'>, ctx: RenderContext) =>
    [statement(`DROP INDEX ${qualified(index.schema, index.name)}${attachedBelow(ctx.from, index.key).some((o) => 'type' in o) ? ' CASCADE' : ''}`)],
  attachIndex: ({ child, parent }: Of<'attachIndex'>) =>
    [statement(`ALTER INDEX ${indexName(parent)} ATTACH PARTITION ${qualified(child.schema, child.name)}`)],
  renameIndex: ({ schema, from, to }: Of<'renameIndex'>) => [statement(`ALTER INDEX ${qualified(schema, from)} RENAME TO ${ident(to)}`)],
}

const isPartitioned = (table: Key, ctx: RenderContext) => (ctx.to.tables.get(table) ?? ctx.from.tables.get(table))?.partitionKey != null

/** The qualified name of an index, or of the index behind a constraint, by key. */
const indexName = (key: Key) => qualified(partsOf(key).schema, partsOf(key).name)

/** PostgreSQL named the clone on a new partition; the target may name it otherwise (renaming the index renames its constraint). */
const renameClone = (schema: string, cloned: string, name: string) =>
  cloned === name ? [] : [statement(`ALTER INDEX ${qualified(schema, cloned)} RENAME TO ${ident(name)}`)]

/** Whether a foreign key of the start references `table` (or a table it is a partition of). */
function referenced(ctx: RenderContext, table: Key): boolean {
  const chain = new Set<Key>()
  for (let at: Key | undefined = table; at !== undefined && !chain.has(at); at = ctx.from.tables.get(at)?.partitionOf?.parent) chain.add(at)
  return [...ctx.from.constraints.values()].some((c) => c.foreignKey !== null && chain.has(c.foreignKey.references))
}
