// `pgstrata check` on a fleet: the folder and schema/ once, then each
// target's ledger and drift. Targets at the same applied versions share one
// replay of them, so a fleet of a hundred costs a replay or two, not a hundred.
import { forEachTarget } from '../engine/fleet.ts'
import { modelOfApplied } from '../engine/check.ts'
import type { FleetTarget } from '../engine/targets.ts'
import { modelOfMigrations } from '../engine/scratch.ts'
import * as runner from '../engine/runner.ts'
import { PgstrataError } from '../errors.ts'
import { introspectTarget } from '../introspect/index.ts'
import { driftCheck, findingLines, ledgerResult, replayed, schemaAgainst, type CheckContext, type CheckFlags, type CheckResult, type Replay } from './check.ts'
import { configFor, loadSettings } from './context.ts'
import { concurrencyOf, countsOf, errorJson, live, oneLine } from './fleet.ts'
import { plural, table } from './format.ts'
import { pgstrata } from '../invocation.ts'

interface TargetChecks {
  readonly ledger: CheckResult
  readonly drift: CheckResult
}

/** `blocked`: the folder's result when it has problems (nothing else is checked then). */
export async function checkFleet(fleet: readonly FleetTarget[], flags: CheckFlags, ctx: CheckContext, files: CheckResult, blocked: CheckResult | null): Promise<void> {
  const { output } = ctx
  const settings = await loadSettings(flags)
  // One replay per set of applied versions ('(all)': every migration), started by the first target that needs it.
  const replays = new Map<string, Promise<Replay>>()
  const replay = (key: string, start: () => Promise<Replay>) => {
    if (!replays.has(key)) replays.set(key, start())
    return replays.get(key)!
  }
  const replayAll = () => replay('(all)', () => replayed(modelOfMigrations(ctx.replayConfig, ctx.scratch), `${ctx.migrationsName} replayed`))
  const schema = blocked ?? await schemaAgainst(ctx, replayAll)
  const view = live(output, 'check', fleet.length)
  const outcomes = blocked !== null ? [] : await forEachTarget(fleet, { concurrency: concurrencyOf(flags), failFast: flags.failFast }, async (target): Promise<TargetChecks> => {
    const statuses = (await runner.status(configFor(settings, target.target))).statuses
    const everything = statuses.every((s) => s.state === 'applied' || s.state === 'changed')
    const applied = statuses.filter((s) => s.row !== undefined).map((s) => s.version).join(',')
    const expected = () => everything ? replayAll()
      : replay(applied, () => replayed(modelOfApplied(ctx.replayConfig, statuses, ctx.scratch), 'the applied migrations replayed'))
    const drift = await driftCheck(statuses, target.name, output, { live: () => introspectTarget(target.target, ctx.introspect), expected })
    return { ledger: ledgerResult(statuses, target.name), drift }
  }, {
    onStart: (target) => view.start(target),
    onFinish: (o) => view.finish(o.result === 'failed' ? `  failed  ${o.target.name}  ${oneLine(o.error).line}` : null, o.result === 'failed'),
  })
  const perTarget = outcomes.flatMap((o) => (o.value ? [o.value] : []))
  const findings = [...new Set([files, schema, ...perTarget.flatMap((t) => [t.ledger, t.drift])].flatMap((r) => r.findings))]
  // The folder's and schema/'s findings, then each target's under its name.
  for (const finding of [...files.findings, ...schema.findings]) output.out(findingLines(finding).join('\n'))
  for (const o of outcomes) {
    const own = o.value ? [...o.value.ledger.findings, ...o.value.drift.findings] : []
    if (own.length > 0) output.out([`${o.target.name}:`, ...own.flatMap(findingLines).map((line) => (line === '' ? '' : `  ${line}`))].join('\n'))
  }
  if (findings.length > 0) output.out('')
  output.out(`files   ${files.status.padEnd(7)}  ${files.summary}`)
  output.out(`schema  ${schema.status.padEnd(7)}  ${schema.summary}`)
  if (outcomes.length > 0) {
    output.out('')
    output.out(table(['target', 'ledger', 'drift', 'summary'], outcomes.map((o) => o.value
      ? [o.target.name, o.value.ledger.status, o.value.drift.status, [o.value.ledger, o.value.drift].filter((r) => r.status !== 'ok').map((r) => r.summary).join('; ') || o.value.ledger.summary]
      : [o.target.name, '', '', o.result === 'failed' ? `unreachable: ${oneLine(o.error).line}` : 'skipped'])))
  }
  const counts = countsOf(outcomes)
  const document = {
    checks: { files: { status: files.status, summary: files.summary }, schema: { status: schema.status, summary: schema.summary } },
    counts,
    targets: outcomes.map((o) => ({
      target: o.target.name, database: o.target.target.display, result: o.result,
      ...(o.value ? {
        ledger: { status: o.value.ledger.status, summary: o.value.ledger.summary },
        drift: { status: o.value.drift.status, summary: o.value.drift.summary },
        findings: [...o.value.ledger.findings, ...o.value.drift.findings],
      } : {}),
      ...(o.error === undefined ? {} : { error: errorJson(o.error) }),
    })),
    findings: [...files.findings, ...schema.findings],
  }
  const unreachable = counts.failed + counts.skipped
  if (findings.length === 0 && unreachable === 0) {
    output.out('')
    output.out(`check passed on ${plural(fleet.length, 'target')}`)
    output.result({ ok: true, ...document })
    return
  }
  const codes = [...new Set(findings.map((f) => f.code))]
  const parts = [findings.length ? `${plural(findings.length, 'finding')}: ${codes.join(', ')}` : '', unreachable ? `${unreachable} of ${plural(fleet.length, 'target')} not checked` : ''].filter(Boolean)
  throw Object.assign(new PgstrataError('CHECK_FAILED', parts.join('; '), {
    hint: `each finding above says what is wrong and where${unreachable ? ', and the table which targets were not checked' : ''}; fix them and run ${pgstrata('check')} again`,
  }), { partial: document })
}
