// `pgstrata diff --from <source> --to <source>`: the SQL that turns one
// database's schema into another's. SQL (with hazards as comments) on stdout,
// messages on stderr.
import { plan, type Renames } from '../diff/index.ts'
import { maskPassword } from '../db/connect.ts'
import { pendingRenames } from '../dsl/renames.ts'
import { UsageError } from '../errors.ts'
import { displayIdent } from '../sql/quote.ts'
import { renderScript } from '../sql/render/script.ts'
import { loadSettings, type GlobalFlags, type Output } from './context.ts'
import { list, type InspectFlags } from './inspect.ts'
import { describeSource, introspectOptions, loadSources, parseSource, refuseMissingRoles, warnOwners, type SourceFlags } from './sources.ts'
import { pgstrata } from '../invocation.ts'

export interface DiffFlags extends GlobalFlags, SourceFlags, Pick<InspectFlags, 'schema' | 'excludeSchema'> {
  readonly from?: string
  readonly to?: string
  readonly rename?: string | string[]
  /** false with --no-privileges. */
  readonly privileges?: boolean
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

export async function diffCommand(flags: DiffFlags, output: Output): Promise<void> {
  const settings = await loadSettings(flags)
  const from = parseSource('--from', flags.from, flags, settings)
  const to = parseSource('--to', flags.to, flags, settings)
  const renames = parseRenames([flags.rename ?? []].flat().map(String))
  const introspect = introspectOptions(settings, { schemas: list(flags.schema), excludeSchemas: list(flags.excludeSchema), privileges: flags.privileges !== false })
  // Scratch databases go on a server already in play: a side that is a database, else --url / DATABASE_URL.
  const given = flags.url ?? process.env.DATABASE_URL
  const server = [from, to].find((s) => s.kind === 'database')?.target ??
    (given ? { url: given, source: flags.url ? '--url' as const : 'DATABASE_URL' as const, display: maskPassword(given) } : undefined)
  const context = { flags, settings, output, server, introspect }
  const [start, goal] = await loadSources(from, to, context)
  const before = start.model
  const after = goal.model
  // schema/'s renamedFrom, where the start still has the old names; --rename adds to them.
  const declared = goal.schema ? pendingRenames(goal.schema.renames, before) : {}
  const result = plan(before, after, { renames: mergeRenames(declared, renames), usings: goal.schema?.usings ?? [] })
  // What the model leaves out is not compared: say so, rather than imply the databases match there.
  for (const [side, model] of [['--from', before], ['--to', after]] as const) {
    if (model.unmodeled.length === 0) continue
    const names = model.unmodeled.slice(0, 5).map((u) => `${u.kind} ${u.schema ? `${displayIdent(u.schema)}.` : ''}${u.name}`)
    output.err(`pgstrata: warning: ${side} has ${model.unmodeled.length} object${model.unmodeled.length === 1 ? '' : 's'} pgstrata does not model, left out of the diff: ${names.join(', ')}${model.unmodeled.length > 5 ? ', …' : ''} (${pgstrata('inspect')} lists them)`)
  }
  warnOwners(output, before, after, describeSource(from), describeSource(to))
  // The migration runs where --from is: its grantees must be roles there.
  await refuseMissingRoles(from.kind === 'database' ? from.target : server, [result])
  const hazards = result.steps.reduce((n, s) => n + s.hazards.length, 0)
  output.err(result.steps.length === 0
    ? `pgstrata: no differences between ${describeSource(from)} and ${describeSource(to)}`
    : `pgstrata: ${result.steps.length} change${result.steps.length === 1 ? '' : 's'} from ${describeSource(from)} to ${describeSource(to)}${hazards ? `, ${hazards} hazard${hazards === 1 ? '' : 's'}` : ''}`)
  if (output.json) {
    output.result({
      ok: true, from: describeSource(from), to: describeSource(to), transactions: result.transactions,
      steps: result.steps.map((s) => ({ id: s.id, kind: s.change.kind, transaction: s.transaction, sql: s.sql, hazards: s.hazards })),
    })
  } else {
    process.stdout.write(renderScript(result))
  }
}

/** Both rename maps, kind by kind: schema/'s renamedFrom first, then --rename. */
export function mergeRenames(a: Renames, b: Renames): Renames {
  const kinds = ['schemas', 'tables', 'columns', 'constraints', 'indexes', 'views', 'enumValues'] as const
  return Object.fromEntries(kinds.map((k) => [k, [...(a[k] ?? []), ...(b[k] ?? [])]])) as Renames
}
