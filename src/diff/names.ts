// Reading names back out of what PostgreSQL prints (format_type output).

export interface TypeName {
  readonly schema: string
  readonly name: string
  /** Array dimensions: `public.mood[]` has 1. */
  readonly dimensions: number
}

const PART = /^(?:"((?:[^"]|"")*)"|([a-z_][a-z0-9_$]*))/

/**
 * `public.mood[]` or `"My Schema"."Odd ""Type"""` → schema, name and array
 * dimensions; null for anything else (built-in types print unqualified, and
 * types with modifiers such as `character varying(20)` are never user types).
 */
export function parseTypeName(text: string): TypeName | null {
  const parts: string[] = []
  let rest = text
  for (;;) {
    const match = PART.exec(rest)
    if (!match) return null
    parts.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : match[2]!)
    rest = rest.slice(match[0].length)
    if (!rest.startsWith('.')) break
    rest = rest.slice(1)
  }
  let dimensions = 0
  while (rest.startsWith('[]')) {
    dimensions++
    rest = rest.slice(2)
  }
  if (rest !== '' || parts.length !== 2) return null
  return { schema: parts[0]!, name: parts[1]!, dimensions }
}
