// `pgstrata diff --from <source> --to <source>`: the SQL that turns one
// database's schema into another's. SQL (with hazards as comments) on stdout,
// messages on stderr.
import { plan } from '../diff/index.ts'
import type { Target } from '../db/connect.ts'
import { maskPassword } from '../db/connect.ts'
import { ledgerNames } from '../engine/ledger.ts'
import { UsageError } from '../errors.ts'
import { introspectTarget } from '../introspect/index.ts'
import { renderScript } from '../sql/render/script.ts'
import { loadSettings, type GlobalFlags, type Output } from './context.ts'
import { list, type InspectFlags } from './inspect.ts'

export interface DiffFlags extends GlobalFlags, Pick<InspectFlags, 'schema' | 'excludeSchema'> {
  readonly from?: string
  readonly to?: string
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
  const settings = await loadSettings(flags)
  const ledger = ledgerNames(settings.ledgerSchema, settings.ledgerTable)
  const options = {
    schemas: list(flags.schema),
    excludeSchemas: list(flags.excludeSchema),
    excludeRelations: ['', '_log', '_progress'].map((suffix) => ({ schema: ledger.schema, name: `${ledger.table}${suffix}` })),
  }
  const [before, after] = await Promise.all([introspectTarget(from, options), introspectTarget(to, options)])
  const result = plan(before, after)
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
