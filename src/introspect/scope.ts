// Which schemas are managed, and the SQL fragments every catalog query uses
// to stay inside them and away from objects that extensions own.
import { literal } from '../sql/quote.ts'

export interface IntrospectOptions {
  /** Only these schemas (default: every schema that is not a system one). */
  readonly schemas?: readonly string[]
  readonly excludeSchemas?: readonly string[]
  /** Read privileges and owners (default: true). */
  readonly privileges?: boolean
  /** Relations to leave out, such as pgstrata's own ledger tables. */
  readonly excludeRelations?: readonly { readonly schema: string; readonly name: string }[]
}

/** PostgreSQL's own schemas and the per-session temporary ones. */
const SYSTEM_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    and n.nspname !~ '^pg_(toast_)?temp_'`

const textArray = (values: readonly string[]): string =>
  `array[${values.map(literal).join(', ')}]::text[]`

/**
 * A CTE `managed (oid, nspname)` of the schemas to introspect: not system
 * schemas, not schemas an extension created, and the --schema /
 * --exclude-schema filters.
 */
export function managedSchemas(options: IntrospectOptions): string {
  const only = options.schemas && options.schemas.length > 0 ? `\n    and n.nspname = any(${textArray(options.schemas)})` : ''
  const except = options.excludeSchemas && options.excludeSchemas.length > 0 ? `\n    and n.nspname <> all(${textArray(options.excludeSchemas)})` : ''
  return `managed as (
  select n.oid, n.nspname from pg_catalog.pg_namespace n
  where ${SYSTEM_SCHEMAS}${only}${except}
    and ${notExtensionMember('pg_namespace', 'n.oid')}
)`
}

/** True unless the object is a member of an extension (pg_depend deptype 'e'). */
export function notExtensionMember(catalog: string, oid: string): string {
  return `not exists (select from pg_catalog.pg_depend member where member.classid = 'pg_catalog.${catalog}'::regclass and member.objid = ${oid} and member.deptype = 'e')`
}

/**
 * True unless the object is a member of an extension or part of another
 * object (deptype 'i': a range type's constructor functions and casts come
 * and go with the type).
 */
export function notMemberOrPart(catalog: string, oid: string): string {
  return `not exists (select from pg_catalog.pg_depend member where member.classid = 'pg_catalog.${catalog}'::regclass and member.objid = ${oid} and member.deptype in ('e', 'i'))`
}

/** The name of a collation as PostgreSQL qualifies it in DDL, or null for the type's default. */
export function collationName(collation: string, typeCollation: string): string {
  return `case when ${collation} <> 0 and ${collation} <> ${typeCollation} then
    (select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
       from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace where co.oid = ${collation}) end`
}

/**
 * The comment on an object (or, with `subid`, a column), read from
 * pg_description by its index. obj_description() looks the catalog up by name
 * on every call: four times slower on a catalog of 50,000 columns.
 */
export function comment(catalog: string, oid: string, subid = '0'): string {
  return `(select ds.description from pg_catalog.pg_description ds
          where ds.objoid = ${oid} and ds.classoid = 'pg_catalog.${catalog}'::regclass and ds.objsubid = ${subid})`
}
