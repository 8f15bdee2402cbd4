// `pgstrata inspect`: what the model holds, per schema, or all of it as JSON.
import { resolveTarget } from '../db/connect.ts'
import { ledgerNames } from '../engine/ledger.ts'
import { introspectTarget } from '../introspect/index.ts'
import { modelToJson } from '../model/json.ts'
import type { Model } from '../model/types.ts'
import { displayIdent } from '../sql/quote.ts'
import { loadSettings, type GlobalFlags, type Output } from './context.ts'
import { plural } from './format.ts'

export interface InspectFlags extends GlobalFlags {
  readonly schema?: string | string[]
  readonly excludeSchema?: string | string[]
  readonly privileges?: boolean
}

/** Repeatable or comma-separated flag values. */
export const list = (value: string | string[] | undefined): string[] =>
  [value ?? []].flat().flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean)

export async function inspect(flags: InspectFlags, output: Output): Promise<void> {
  const settings = await loadSettings(flags)
  const target = await resolveTarget({ url: flags.url, projectDir: process.cwd(), announce: output.err })
  const ledger = ledgerNames(settings.ledgerSchema, settings.ledgerTable)
  const model = await introspectTarget(target, {
    schemas: list(flags.schema),
    excludeSchemas: list(flags.excludeSchema),
    privileges: flags.privileges !== false,
    excludeRelations: ['', '_log', '_progress'].map((suffix) => ({ schema: ledger.schema, name: `${ledger.table}${suffix}` })),
  })
  if (output.json) {
    await output.resultStream(modelToJson(model))
    return
  }
  output.out(`database: ${target.display} (${target.source}), PostgreSQL ${model.server.version}`)
  for (const line of summary(model)) output.out(line)
}

/** The kinds listed by name, and the table-scoped kinds that are only counted. */
const NAMED = [
  ['tables', 'table'], ['views', 'view'], ['materializedViews', 'materialized view'], ['sequences', 'sequence'],
  ['enums', 'enum'], ['domains', 'domain'], ['composites', 'composite type'], ['ranges', 'range type'],
  ['collations', 'collation'], ['routines', 'function'],
] as const
const COUNTED = [['constraints', 'constraint'], ['indexes', 'index'], ['triggers', 'trigger'], ['policies', 'policy']] as const

function summary(model: Model): string[] {
  const lines: string[] = []
  for (const schema of model.schemas.values()) {
    const inSchema = <T extends { schema: string }>(map: ReadonlyMap<unknown, T>) => [...map.values()].filter((o) => o.schema === schema.name)
    const counts = [...NAMED, ...COUNTED]
      .map(([field, noun]) => [inSchema(model[field] as ReadonlyMap<unknown, { schema: string }>).length, noun] as const)
      .filter(([n]) => n > 0)
      .map(([n, noun]) => plural(n, noun).replace(/indexs$/, 'indexes').replace(/policys$/, 'policies'))
    lines.push('', `schema ${displayIdent(schema.name)}: ${counts.join(', ') || 'empty'}`)
    for (const [field, noun] of NAMED) {
      const names = inSchema(model[field] as ReadonlyMap<unknown, { schema: string; name: string; identityArguments?: string }>)
        .map((o) => displayIdent(o.name) + (o.identityArguments === undefined ? '' : `(${o.identityArguments})`))
      if (names.length > 0) lines.push(`  ${`${noun}s`.padEnd(20)}${names.join(', ')}`)
    }
  }
  if (model.extensions.size > 0) {
    lines.push('', `extensions: ${[...model.extensions.values()].map((x) => `${x.name} ${x.version} (in ${displayIdent(x.schema)})`).join(', ')}`)
  }
  if (model.unmodeled.length > 0) {
    lines.push('', `not modeled (${model.unmodeled.length}): pgstrata does not manage these, and a diff will not see them`)
    for (const u of model.unmodeled) lines.push(`  ${u.kind.padEnd(26)}${u.schema ? `${displayIdent(u.schema)}.` : ''}${u.name}`)
  }
  return lines
}
