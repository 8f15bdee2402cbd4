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

/** A name for people to read: as is when it needs no quotes, else quoted. */
export const displayIdent = (name: string): string => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : ident(name))
