// `pgstrata diff --from <source> --to <source>`: the SQL that turns one
// database's schema into another's. SQL (with hazards as comments) on stdout,
// messages on stderr.
import { plan, type Renames } from '../diff/index.ts'
import type { Target } from '../db/connect.ts'
import { maskPassword } from '../db/connect.ts'
import { ledgerNames } from '../engine/ledger.ts'
import { UsageError } from '../errors.ts'
import { introspectTarget } from '../introspect/index.ts'
import { displayIdent } from '../sql/quote.ts'
import { renderScript } from '../sql/render/script.ts'
import { loadSettings, type GlobalFlags, type Output } from './context.ts'
import { list, type InspectFlags } from './inspect.ts'

export interface DiffFlags extends GlobalFlags, Pick<InspectFlags, 'schema' | 'excludeSchema'> {
  readonly from?: string
  readonly to?: string
  readonly rename?: string | string[]
}

/** What each `--rename` kind takes before the `=`: the old name's path. */
const RENAME_PATHS = {
  schema: ['old'],
  table: ['schema', 'old'],
  view: ['schema', 'old'],
  index: ['schema', 'old'],
  column: ['schema', 'table', 'old'],
  constraint: ['schema', 'table', 'old'],
  'enum-value': ['schema', 'type', 'old'],
} as const

/**
 * `--rename table:public.order=purchases` and the like, as the diff engine's
 * rename map. A path's parts are names as stored (no case folding); a part
 * with a dot or a quote is written in double quotes, quotes doubled. A
 * column's, constraint's or enum value's table or type is named as in --to.
 */
export function parseRenames(values: readonly string[]): Renames {
  const renames: Record<string, (readonly string[])[]> = {}
  for (const value of values) {
    const bad = (why: string) => new UsageError('BAD_RENAME', `--rename ${value}: ${why}`, {
      hint: 'write --rename <kind>:<path>=<new name>, e.g. table:public.orders=purchases or column:public.users."Full Name"=full_name; kinds: schema, table, view, index, column, constraint, enum-value',
    })
    const colon = value.indexOf(':')
    const kind = value.slice(0, colon) as keyof typeof RENAME_PATHS
    if (colon === -1 || !(kind in RENAME_PATHS)) throw bad('unknown kind')
    const parts = splitPath(value.slice(colon + 1))
    if (parts === null) throw bad('cannot read the names: write a name holding a dot, a quote or "=" in double quotes, and leave none empty')
    const eq = parts.findIndex((p) => p.startsWith('='))
    if (eq === -1 || parts[eq] === '=') throw bad('no "=<new name>"')
    const path = parts.slice(0, eq)
    const to = parts[eq]!.slice(1)
    if (path.length !== RENAME_PATHS[kind].length || eq !== parts.length - 1) throw bad(`a ${kind} rename needs ${RENAME_PATHS[kind].join('.')}=<new name>`)
    const key = kind === 'enum-value' ? 'enumValues' : kind === 'index' ? 'indexes' : `${kind}s`
    ;(renames[key] ??= []).push([...path, to])
  }
  return renames as Renames
}

/** `a."b.c"=d` → ['a', 'b.c', '=d']; null when a quote is not closed or a part is empty. */
function splitPath(text: string): string[] | null {
  const parts: string[] = []
  let i = 0
  while (i < text.length) {
    const equals = text[i] === '='
    if (equals) i++
    let part = ''
    if (text[i] === '"') {
      const end = /^"((?:[^"]|"")*)"/.exec(text.slice(i))
      if (!end) return null
      part = end[1]!.replaceAll('""', '"')
      i += end[0].length
    } else {
      const end = /^[^."=]*/.exec(text.slice(i))![0]
      part = end
      i += end.length
    }
    if (part === '') return null
    parts.push(equals ? `=${part}` : part)
    if (equals) return i === text.length ? parts : null
    if (text[i] === '.') i++
    else if (text[i] !== '=') return i === text.length ? parts : null
  }
  return parts
}

/** A source named on the command line: for now, a PostgreSQL URL. */
function sourceTarget(flag: '--from' | '--to', value: string | undefined): Target {
  if (!value) throw new UsageError('BAD_USAGE', `diff needs ${flag} <source>`, { hint: 'pgstrata diff --from postgres://…/current --to postgres://…/target' })
  if (!/^postgres(ql)?:\/\//i.test(value)) {
    throw new UsageError('BAD_SOURCE', `${flag} ${maskPassword(value)}: a source is a PostgreSQL URL (schema/ and migrations/ sources come with the schema DSL)`, {
      hint: 'write it as postgres://user:password@host:5432/database',
    })
  }
  let display: string
  try {
    const url = new URL(value)
    display = `${decodeURIComponent(url.username) || '(default user)'}@${url.host}/${decodeURIComponent(url.pathname.slice(1))}`
  } catch {
    throw new UsageError('BAD_DATABASE_URL', `${flag}: not a valid URL: ${maskPassword(value)}`)
  }
  return { url: value, source: '--url', display }
}

export async function diffCommand(flags: DiffFlags, output: Output): Promise<void> {
  const from = sourceTarget('--from', flags.from)
  const to = sourceTarget('--to', flags.to)
  const renames = parseRenames([flags.rename ?? []].flat().map(String))
  const settings = await loadSettings(flags)
  const ledger = ledgerNames(settings.ledgerSchema, settings.ledgerTable)
  const options = {
    schemas: list(flags.schema),
    excludeSchemas: list(flags.excludeSchema),
    excludeRelations: ['', '_log', '_progress'].map((suffix) => ({ schema: ledger.schema, name: `${ledger.table}${suffix}` })),
  }
  const [before, after] = await Promise.all([introspectTarget(from, options), introspectTarget(to, options)])
  const result = plan(before, after, { renames })
  // What the model leaves out is not compared: say so, rather than imply the databases match there.
  for (const [side, model] of [['--from', before], ['--to', after]] as const) {
    if (model.unmodeled.length === 0) continue
    const names = model.unmodeled.slice(0, 5).map((u) => `${u.kind} ${u.schema ? `${displayIdent(u.schema)}.` : ''}${u.name}`)
    output.err(`pgstrata: warning: ${side} has ${model.unmodeled.length} object${model.unmodeled.length === 1 ? '' : 's'} pgstrata does not model, left out of the diff: ${names.join(', ')}${model.unmodeled.length > 5 ? ', …' : ''} (pgstrata inspect lists them)`)
  }
  const hazards = result.steps.reduce((n, s) => n + s.hazards.length, 0)
  output.err(result.steps.length === 0
    ? `pgstrata: no differences between ${from.display} and ${to.display}`
    : `pgstrata: ${result.steps.length} change${result.steps.length === 1 ? '' : 's'} from ${from.display} to ${to.display}${hazards ? `, ${hazards} hazard${hazards === 1 ? '' : 's'}` : ''}`)
  if (output.json) {
    output.result({
      ok: true, from: from.display, to: to.display, transactions: result.transactions,
      steps: result.steps.map((s) => ({ id: s.id, kind: s.change.kind, transaction: s.transaction, sql: s.sql, hazards: s.hazards })),
    })
  } else {
    process.stdout.write(renderScript(result))
  }
}
