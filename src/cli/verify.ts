// `pgstrata verify`: every migration run up, down and up again on one scratch
// database; down must give back the schema from before up, and the second up
// the schema of the first. A line per migration as it finishes, exit 1 on
// any finding.
import path from 'node:path'
import { maskPassword } from '../db/connect.ts'
import type { Finding } from '../engine/check.ts'
import { verifyMigrations, type MigrationResult } from '../engine/verify.ts'
import { PgstrataError } from '../errors.ts'
import { findingLines, modelDifference } from './check.ts'
import { versionFlag } from './config.ts'
import { loadSettings, type GlobalFlags, type Output } from './context.ts'
import { formatMs, plural } from './format.ts'
import { introspectOptions, type SourceFlags } from './sources.ts'

export interface VerifyFlags extends GlobalFlags, Pick<SourceFlags, 'shadowUrl'> {
  readonly since?: unknown
}

const LABELS = { ok: 'ok     ', skipped: 'skipped', failed: 'FAILED ' } as const

export async function verify(flags: VerifyFlags, output: Output): Promise<void> {
  const settings = await loadSettings(flags)
  const since = flags.since === undefined ? undefined : versionFlag('--since', flags.since)
  const introspect = introspectOptions(settings)
  // The database named by --url or DATABASE_URL is only the server the scratch database is made on.
  const given = flags.url ?? process.env.DATABASE_URL
  const server = given ? { url: given, source: flags.url ? '--url' as const : 'DATABASE_URL' as const, display: maskPassword(given) } : undefined
  const migrationsDir = path.resolve(settings.migrations)
  const report = await verifyMigrations({
    migrationsDir, names: introspect.ledger, lockWaitSeconds: 0, lockTimeout: settings.lockTimeout, statementTimeout: settings.statementTimeout,
  }, {
    since,
    scratch: { shadowUrl: flags.shadowUrl, server, projectDir: process.cwd(), announce: output.err, introspect },
    compare: modelDifference,
  }, {
    onPrepared: (count, ms) => output.out(`applied  ${plural(count, 'migration')} before ${since} once, without the cycle (${formatMs(ms)})`),
    onResult: (result) => output.out(resultLines(result).join('\n')),
  })

  const findings = report.results.flatMap((r) => r.findings)
  const cycled = report.results.filter((r) => r.result !== 'skipped')
  const counts = (['ok', 'skipped', 'failed'] as const).map((k) => [k, report.results.filter((r) => r.result === k).length] as const)
  const each = cycled.length > 0 ? `, ${formatMs(cycled.reduce((t, r) => t + r.ms, 0) / cycled.length)} per migration` : ''
  if (report.notVerified.length > 0) {
    output.out(`stopped: the scratch database is in an unknown state after ${report.results.at(-1)!.migration.id}; ${plural(report.notVerified.length, 'later migration')} not verified (${report.notVerified.slice(0, 3).map((m) => m.id).join(', ')}${report.notVerified.length > 3 ? ', …' : ''})`)
  }
  output.out(`verified ${plural(report.results.length, 'migration')} in ${formatMs(report.ms)}${each}: ${counts.map(([k, n]) => `${n} ${k}`).join(', ')}`)
  const document = {
    since: since ?? null,
    prepared: report.prepared,
    ms: Math.round(report.ms),
    migrations: report.results.map((r) => ({
      version: r.migration.version, id: r.migration.id, result: r.result, ms: Math.round(r.ms),
      ...(r.note ? { note: r.note } : {}), findings: r.findings,
    })),
    notVerified: report.notVerified.map((m) => m.id),
    findings,
  }
  if (findings.length > 0) {
    const failed = report.results.filter((r) => r.result === 'failed').map((r) => r.migration.id)
    throw Object.assign(new PgstrataError('VERIFY_FAILED', `${plural(failed.length, 'migration')} failed verification: ${failed.join(', ')}`, {
      hint: 'fix the down (or up) file each finding names; the SQL under a finding is what would make the schemas equal',
    }), { partial: document })
  }
  output.result({ ok: true, ...document })
}

function resultLines(result: MigrationResult): string[] {
  const head = `${LABELS[result.result]}  ${result.migration.id} (${formatMs(result.ms)})${result.note ? `: ${result.note}` : ''}`
  return [head, ...result.findings.flatMap((f: Finding) => findingLines(f).map((line) => `  ${line}`))]
}
