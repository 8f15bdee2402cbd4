// renamedFrom stays in schema/ after its migration has run. A rename applies
// only while the database still has the old name and not the new one; once
// applied it is history, and the diff must not try it again.
import type { Renames } from '../diff/renames.ts'
import { keyOf } from '../model/key.ts'
import type { Model } from '../model/types.ts'

/** The renames of `renames` that `live` still needs. */
export function pendingRenames(renames: Renames, live: Model): Renames {
  const schemas = (renames.schemas ?? []).filter(([from, to]) => live.schemas.has(keyOf('schema', '', from)) && !live.schemas.has(keyOf('schema', '', to)))
  // Names as they are in `live`, for objects inside a schema or table that is renamed too.
  const schemaIn = (s: string) => schemas.find(([, to]) => to === s)?.[0] ?? s
  const relation = (kind: 'table' | 'view', s: string, name: string) => (kind === 'table' ? live.tables : live.views).has(keyOf(kind, schemaIn(s), name))
  const tables = (renames.tables ?? []).filter(([s, from, to]) => relation('table', s, from) && !relation('table', s, to))
  const tableIn = (s: string, t: string) => tables.find(([rs, , to]) => rs === s && to === t)?.[1] ?? t
  const columns = (renames.columns ?? []).filter(([s, t, from, to]) => {
    const table = live.tables.get(keyOf('table', schemaIn(s), tableIn(s, t)))
    return table !== undefined && table.columns.some((c) => c.name === from) && !table.columns.some((c) => c.name === to)
  })
  const views = (renames.views ?? []).filter(([s, from, to]) => relation('view', s, from) && !relation('view', s, to))
  const enumValues = (renames.enumValues ?? []).filter(([s, type, from, to]) => {
    const values = live.enums.get(keyOf('enum', schemaIn(s), type))?.labels ?? []
    return values.includes(from) && !values.includes(to)
  })
  return { schemas, tables, columns, views, enumValues, constraints: renames.constraints ?? [], indexes: renames.indexes ?? [] }
}
