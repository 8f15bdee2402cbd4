// The only file that knows PostgreSQL's quoting rules. Every identifier that
// reaches SQL text goes through `ident` or `qualified`, even `public`.

/** A quoted identifier: `my "table"` → `"my ""table"""`. */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** A schema-qualified, quoted name. */
export const qualified = (schema: string, name: string): string => `${ident(schema)}.${ident(name)}`

/**
 * A string literal. With standard_conforming_strings on (the default since
 * PostgreSQL 9.1) backslashes are ordinary characters, so only quotes double.
 * NUL bytes cannot be stored in text at all, so they are refused here rather
 * than producing SQL the server rejects with a confusing message.
 */
export function literal(text: string): string {
  if (text.includes('\0')) throw new RangeError('a PostgreSQL string cannot contain a NUL character')
  return `'${text.replaceAll("'", "''")}'`
}

/** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes. */
export const MAX_IDENTIFIER_BYTES = 63

export const identifierBytes = (name: string): number => Buffer.byteLength(name, 'utf8')

/**
 * A dollar-quoted string (`$tag$…$tag$`) for a DO block's body, with a tag
 * that does not occur in the body, so no content can end the quote early.
 */
export function dollarQuoted(body: string, tag = 'pgstrata'): string {
  let candidate = tag
  for (let n = 1; body.includes(`$${candidate}$`); n++) candidate = `${tag}_${n}`
  return `$${candidate}$${body}$${candidate}$`
}

/** A `DO` block running the PL/pgSQL `body` (statements between BEGIN and END). */
export const doBlock = (body: string): string => `DO ${dollarQuoted(`\nBEGIN\n${body}\nEND\n`)}`

/**
 * The keywords PostgreSQL's quote_ident quotes (all but the unreserved ones),
 * from pg_get_keywords() on PostgreSQL 15, and those later versions added.
 */
const QUOTED_KEYWORDS = new Set(`all analyse analyze and any array as asc asymmetric authorization between bigint binary bit
  boolean both case cast char character check coalesce collate collation column concurrently constraint create cross
  current_catalog current_date current_role current_schema current_time current_timestamp current_user dec decimal
  default deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full
  grant greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull
  join lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not
  notnull null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary
  real references returning right row select session_user setof similar smallint some substring symmetric table
  tablesample then time timestamp to trailing treat trim true union unique user using values varchar variadic verbose
  when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot
  xmlserialize xmltable`.split(/\s+/))
const LATER_KEYWORDS: readonly (readonly [number, readonly string[]])[] = [
  [160000, ['json', 'json_array', 'json_arrayagg', 'json_object', 'json_objectagg', 'system_user']],
  [170000, ['json_exists', 'json_query', 'json_scalar', 'json_serialize', 'json_table', 'json_value', 'merge_action']],
]

/**
 * An identifier as PostgreSQL `versionNum` prints it (quote_ident, as in
 * pg_get_viewdef or format_type): bare when it is plain lower case and not a
 * keyword, else quoted. For matching and rewriting printed definitions.
 */
export function printedIdent(name: string, versionNum: number): string {
  const plain = /^[a-z_][a-z0-9_$]*$/.test(name) && !QUOTED_KEYWORDS.has(name) &&
    !LATER_KEYWORDS.some(([since, words]) => versionNum >= since && words.includes(name))
  return plain ? name : ident(name)
}

/** A name for people to read: bare when it needs no quotes, else quoted. Never for SQL: use `ident`. */
export const displayIdent = (name: string): string => printedIdent(name, Number.MAX_SAFE_INTEGER)
