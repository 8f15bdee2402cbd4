// Tables, their columns, partitions and parents; views and materialized
// views; sequences, including the ones behind identity columns.
import { keyOf, type Key } from '../model/key.ts'
import type { Column, Identity, SqlExpr, Table, ViewColumn } from '../model/types.ts'
import { option, options, text, type ModelBuilder, type Row } from './builder.ts'
import { collationName, comment, notExtensionMember } from './scope.ts'

export function relationQueries(scope: string): Record<'relations' | 'columns' | 'inherits' | 'sequences', string> {
  return {
    // In this order: a column's identity comes from its sequence, and a
    // relation holds its columns and parents; sequences and columns are read
    // row by row as they arrive (relationReader).
    sequences: `with ${scope}
select c.oid, n.nspname as schema, c.relname as name, pg_catalog.format_type(s.seqtypid, null) as type,
       s.seqstart as start, s.seqincrement as increment, s.seqmin as min, s.seqmax as max, s.seqcache as cache, s.seqcycle as cycle,
       d.deptype as owner_kind, d.refobjid as owner_relid, d.refobjsubid as owner_column,
       on_.nspname as owner_schema, oc.relname as owner_table, oa.attname as owner_column_name,
       ${comment('pg_class', 'c.oid')} as comment
  from pg_catalog.pg_sequence s
  join pg_catalog.pg_class c on c.oid = s.seqrelid
  join managed n on n.oid = c.relnamespace
  left join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid
       and d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjsubid > 0 and d.deptype in ('a', 'i')
  left join pg_catalog.pg_class oc on oc.oid = d.refobjid
  left join pg_catalog.pg_namespace on_ on on_.oid = oc.relnamespace
  left join pg_catalog.pg_attribute oa on oa.attrelid = d.refobjid and oa.attnum = d.refobjsubid
 where ${notExtensionMember('pg_class', 'c.oid')}`,

    columns: `with ${scope}
select a.attrelid as relid, a.attnum as num, a.attname as name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid) as default, a.attidentity as identity, a.attgenerated as generated,
       ${collationName('a.attcollation', 't.typcollation')} as collation,
       a.attislocal as local, ${comment('pg_class', 'a.attrelid', 'a.attnum')} as comment,
       case when a.attstorage <> t.typstorage then a.attstorage end as storage,
       nullif(a.attcompression, '') as compression, nullif(a.attstattarget, -1) as statistics
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_class c on c.oid = a.attrelid
  join managed n on n.oid = c.relnamespace
  join pg_catalog.pg_type t on t.oid = a.atttypid
  left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
 where c.relkind in ('r', 'p', 'v', 'm') and a.attnum > 0 and not a.attisdropped
 order by a.attrelid, a.attnum`,

    inherits: `with ${scope}
select i.inhrelid as child, i.inhparent as parent, i.inhseqno as seq, pn.nspname as parent_schema, p.relname as parent_name
  from pg_catalog.pg_inherits i
  join pg_catalog.pg_class c on c.oid = i.inhrelid
  join managed n on n.oid = c.relnamespace
  join pg_catalog.pg_class p on p.oid = i.inhparent
  join pg_catalog.pg_namespace pn on pn.oid = p.relnamespace
 where c.relkind in ('r', 'p')
 order by i.inhrelid, i.inhseqno`,

    relations: `with ${scope}
select c.oid, c.reltype as row_type, n.nspname as schema, c.relname as name, c.relkind as kind, c.relpersistence as persistence,
       c.relrowsecurity as row_security, c.relforcerowsecurity as force_row_security, pg_catalog.to_json(c.reloptions ||
         (select pg_catalog.array_agg('toast.' || o) from pg_catalog.unnest(tc.reloptions) o)) as options,
       c.relreplident as replica_identity,
       (select ic.relname from pg_catalog.pg_index ri join pg_catalog.pg_class ic on ic.oid = ri.indexrelid
         where ri.indrelid = c.oid and ri.indisreplident) as replica_identity_index,
       case when am.amname <> 'heap' then am.amname end as access_method,
       case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end as partition_key,
       case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end as partition_bound,
       case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid, true) end as definition,
       c.relispopulated as populated,
       ${comment('pg_class', 'c.oid')} as comment
  from pg_catalog.pg_class c
  join managed n on n.oid = c.relnamespace
  left join pg_catalog.pg_am am on am.oid = c.relam
  -- A TOAST table's parameters are set and printed through its table, as toast.*.
  left join pg_catalog.pg_class tc on tc.oid = c.reltoastrelid
 where c.relkind in ('r', 'p', 'v', 'm') and ${notExtensionMember('pg_class', 'c.oid')}`,
  }
}

const sequenceOptions = (row: Row) => ({
  type: String(row.type), start: String(row.start), increment: String(row.increment),
  min: String(row.min), max: String(row.max), cache: String(row.cache), cycle: Boolean(row.cycle),
})

type RelationQuery = 'relations' | 'columns' | 'inherits' | 'sequences'

/**
 * Reads relations in two parts: `stream` takes the rows of sequences and then
 * of columns one by one, as the driver parses them, so the 25,000 column rows
 * of a large catalog are never held at once, only the columns made of them;
 * `build` takes the rest when it has come.
 */
export function relationReader(b: ModelBuilder, excluded: ReadonlySet<string>): {
  readonly stream: Readonly<Record<'sequences' | 'columns', (row: Row) => void>>
  build(rows: Pick<Record<RelationQuery, Row[]>, 'relations' | 'inherits'>): void
} {
  const sequences: Row[] = []
  // Identity sequences belong to their column, not to the sequences map.
  let identities: Map<string, Omit<Identity, 'always'>> | null = null
  const identitiesOf = (): Map<string, Omit<Identity, 'always'>> => {
    const found = new Map<string, Omit<Identity, 'always'>>()
    for (const row of sequences) if (row.owner_kind === 'i') found.set(`${row.owner_relid}:${row.owner_column}`, sequenceOptions(row))
    return found
  }
  const columns = new Map<unknown, Column[]>()
  const column = (row: Row) => {
    identities ??= identitiesOf()
    const identity = row.identity === 'a' || row.identity === 'd'
      ? { always: row.identity === 'a', ...identities.get(`${row.relid}:${row.num}`)! }
      : null
    const generated = row.generated === 's' || row.generated === 'v'
      ? { expression: String(row.default) as SqlExpr, stored: row.generated === 's' }
      : null
    const list = columns.get(row.relid)
    const made: Column = {
      name: String(row.name), type: String(row.type), notNull: Boolean(row.not_null),
      default: generated === null ? (text(row.default) as SqlExpr | null) : null,
      identity, generated, collation: text(row.collation), inherited: !row.local, comment: text(row.comment),
      ...storageOf(row),
    }
    if (list === undefined) columns.set(row.relid, [made])
    else list.push(made)
  }
  return {
    stream: { sequences: (row) => { sequences.push(row) }, columns: column },
    build: (rows) => buildRelationsFrom(b, { sequences, columns, relations: rows.relations, inherits: rows.inherits }, excluded),
  }
}

function buildRelationsFrom(b: ModelBuilder, rows: { sequences: readonly Row[]; columns: ReadonlyMap<unknown, Column[]>; relations: readonly Row[]; inherits: readonly Row[] },
                            excluded: ReadonlySet<string>): void {
  const { columns } = rows
  // A sequence OWNED BY a left-out table (a serial column's) is left out with it.
  for (const row of rows.sequences) {
    if (row.owner_kind === 'i') continue
    if (row.owner_kind === 'a' && excluded.has(JSON.stringify([String(row.owner_schema), String(row.owner_table)]))) continue
    const key = keyOf('sequence', String(row.schema), String(row.name))
    b.remember('pg_class', row.oid, key)
    b.sequences.set(key, {
      key, schema: String(row.schema), name: String(row.name), ...sequenceOptions(row),
      ownedBy: row.owner_kind === 'a' ? { table: keyOf('table', String(row.owner_schema), String(row.owner_table)), column: String(row.owner_column_name) } : null,
      comment: text(row.comment),
    })
  }

  const parents = new Map<unknown, Key[]>()
  for (const row of rows.inherits) {
    const list = parents.get(row.child) ?? []
    list.push(keyOf('table', String(row.parent_schema), String(row.parent_name)))
    parents.set(row.child, list)
  }

  for (const row of rows.relations) {
    const schema = String(row.schema)
    const name = String(row.name)
    if (excluded.has(JSON.stringify([schema, name]))) continue
    const comment = text(row.comment)
    if (row.kind === 'r' || row.kind === 'p') {
      const key = keyOf('table', schema, name)
      b.remember('pg_class', row.oid, key)
      // A function returning or taking the table's row type depends on it through pg_type.
      b.remember('pg_type', row.row_type, key)
      const inherits = parents.get(row.oid) ?? []
      const bound = text(row.partition_bound)
      b.tables.set(key, {
        key, schema, name, comment,
        persistence: row.persistence === 'u' ? 'unlogged' : 'permanent',
        columns: columns.get(row.oid) ?? [],
        partitionKey: text(row.partition_key),
        partitionOf: bound === null ? null : { parent: inherits[0]!, bound },
        inherits: bound === null ? inherits : [],
        rowSecurity: Boolean(row.row_security),
        forceRowSecurity: Boolean(row.force_row_security),
        options: options(row.options),
        accessMethod: text(row.access_method),
        ...replicaIdentityOf(row),
      })
      continue
    }
    const viewColumns: ViewColumn[] = (columns.get(row.oid) ?? []).map((c) => ({ name: c.name, type: c.type, comment: c.comment }))
    const definition = String(row.definition) as SqlExpr
    if (row.kind === 'v') {
      const key = keyOf('view', schema, name)
      b.remember('pg_class', row.oid, key)
      b.remember('pg_type', row.row_type, key)
      const checkOption = option(row.options, 'check_option')
      b.views.set(key, {
        key, schema, name, comment, definition, columns: viewColumns,
        checkOption: checkOption === 'local' || checkOption === 'cascaded' ? checkOption : null,
        securityBarrier: isTrue(option(row.options, 'security_barrier')),
        securityInvoker: isTrue(option(row.options, 'security_invoker')),
        options: options(row.options, ['check_option', 'security_barrier', 'security_invoker']),
      })
    } else {
      const key = keyOf('materializedView', schema, name)
      b.remember('pg_class', row.oid, key)
      b.remember('pg_type', row.row_type, key)
      b.materializedViews.set(key, {
        key, schema, name, comment, definition, columns: viewColumns,
        populated: Boolean(row.populated), options: options(row.options), accessMethod: text(row.access_method),
      })
    }
  }
}

const STORAGE = { p: 'plain', e: 'external', x: 'extended', m: 'main' } as const

/** A column's storage settings, each only where it is not the default. */
function storageOf(row: Row): Pick<Column, 'storage' | 'compression' | 'statistics'> {
  const out: { -readonly [K in 'storage' | 'compression' | 'statistics']?: Column[K] } = {}
  const storage = STORAGE[String(row.storage) as keyof typeof STORAGE]
  if (storage !== undefined) out.storage = storage
  if (row.compression !== null && row.compression !== undefined) out.compression = row.compression === 'l' ? 'lz4' : row.compression === 'p' ? 'pglz' : String(row.compression)
  if (row.statistics !== null && row.statistics !== undefined) out.statistics = Number(row.statistics)
  return out
}

/**
 * REPLICA IDENTITY other than DEFAULT. USING INDEX whose index is gone acts
 * as NOTHING and prints as DEFAULT in pg_dump: it is left out too.
 */
function replicaIdentityOf(row: Row): Pick<Table, 'replicaIdentity'> {
  if (row.replica_identity === 'f') return { replicaIdentity: 'full' }
  if (row.replica_identity === 'n') return { replicaIdentity: 'nothing' }
  if (row.replica_identity === 'i' && row.replica_identity_index !== null && row.replica_identity_index !== undefined) {
    return { replicaIdentity: { index: String(row.replica_identity_index) } }
  }
  return {}
}

/** Boolean reloptions accept true/on/yes/1 in any case. */
const isTrue = (value: string | null): boolean => value !== null && ['true', 'on', 'yes', '1'].includes(value.toLowerCase())
