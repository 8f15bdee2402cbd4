// The estimated rows and total size of a few tables, for hazards and lint
// findings that depend on how big a table is (src/diff/sizes.ts). One query
// for the tables asked about, never the whole catalog; estimates, as the
// planner makes them, so nothing is counted or scanned.
import type postgres from 'postgres'
import { connectionFailure, isConnectionError, openConnection, type Target } from '../db/connect.ts'
import { partsOf, type Key } from '../model/key.ts'
import { literal } from '../sql/quote.ts'

// Per leaf (a plain table is its own; a partitioned table's are its
// partitions at every level, pg_partition_tree):
//   - rows: reltuples scaled to the pages the heap has now, as the planner
//     does (estimate_rel_size), so growth since the last ANALYZE counts;
//   - reltuples is -1 until the first VACUUM or ANALYZE (PostgreSQL 14+). A
//     never-analysed leaf with no heap pages is empty (a partition made ahead
//     of time); one with pages holds rows nobody counted, and then the whole
//     table's rows are unknown. A table with no analysed leaf is unknown too.
//   - bytes: pg_total_relation_size (heap, indexes, TOAST).
/** A table's size as the statistics estimate it. */
export interface TableSize {
  /** Estimated rows, or null when the table (or a partition that holds data) was never analysed. */
  readonly rows: number | null
  /** Heap, indexes and TOAST, summed over partitions. */
  readonly bytes: number
}

const query = (wanted: string) => `with wanted (key, schema, name) as (values ${wanted}),
tables as (
  select w.key, c.oid, c.relkind
    from wanted w
    join pg_catalog.pg_namespace n on n.nspname = w.schema
    join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = w.name
   where c.relkind in ('r', 'p', 'm')
),
leaves as (
  select t.key, l.oid, l.reltuples, l.relpages, pg_catalog.pg_relation_size(l.oid) as heap, pg_catalog.pg_total_relation_size(l.oid) as total
    from tables t
    join lateral (select t.oid as relid where t.relkind <> 'p'
                  union all select p.relid from pg_catalog.pg_partition_tree(t.oid) p where t.relkind = 'p' and p.isleaf) tree on true
    join pg_catalog.pg_class l on l.oid = tree.relid and l.relkind in ('r', 'm')
)
select t.key,
       coalesce(sum(case when l.reltuples < 0 then 0
                         when l.relpages = 0 then l.reltuples
                         else l.reltuples / l.relpages * (l.heap / pg_catalog.current_setting('block_size')::int) end), 0)::float8 as rows,
       coalesce(bool_or(l.reltuples >= 0), false) and coalesce(bool_and(l.reltuples >= 0 or l.heap = 0), true) as analysed,
       coalesce(sum(l.total), 0)::float8 as bytes
  from tables t
  left join leaves l on l.key = t.key
 group by t.key`

/**
 * The sizes of `tables` (keys of tables or materialized views) in the
 * database `sql` is connected to. Tables that do not exist there are left out.
 */
export async function readTableSizes(sql: postgres.Sql, tables: readonly Key[]): Promise<Map<Key, TableSize>> {
  const sizes = new Map<Key, TableSize>()
  if (tables.length === 0) return sizes
  const wanted = [...new Set(tables)].map((key) => {
    const { schema, name } = partsOf(key)
    return `(${literal(key)}, ${literal(schema)}, ${literal(name)})`
  })
  const rows = await sql.unsafe(query(wanted.join(', ')))
  for (const row of rows) {
    sizes.set(row.key as Key, { rows: row.analysed ? Math.round(Number(row.rows)) : null, bytes: Number(row.bytes) })
  }
  return sizes
}

/** Connects to `target`, reads the sizes of `tables`, and disconnects. Throws CONNECTION_FAILED with a readable reason. */
export async function tableSizesOf(target: Target, tables: readonly Key[]): Promise<Map<Key, TableSize>> {
  if (tables.length === 0) return new Map()
  const sql = openConnection(target)
  try {
    return await readTableSizes(sql, tables)
  } catch (error) {
    throw isConnectionError(error) ? connectionFailure(target, error) : error
  } finally {
    await sql.end({ timeout: 2 }).catch(() => {})
  }
}
