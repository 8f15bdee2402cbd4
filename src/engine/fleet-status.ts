// A fleet's versions side by side: which targets are behind the folder,
// ahead of it, diverged from the others, or hold edited files. Pure: the
// statuses come from each target's ledger.
import type { VersionStatus } from './plan.ts'

export type FlagKind = 'behind' | 'ahead' | 'diverged' | 'changed' | 'partial'

export interface Flag {
  readonly kind: FlagKind
  readonly versions: readonly string[]
  /** One phrase for a table cell: `behind: 2 pending (to 20240102_020)`. */
  readonly text: string
}

export interface TargetVersions {
  /** The newest applied version, or null when nothing is. */
  readonly version: string | null
  readonly applied: readonly string[]
  readonly pending: readonly string[]
  readonly flags: readonly Flag[]
}

export interface VersionSpread {
  readonly version: string
  readonly name: string
  /** Indexes (into the statuses given) of the targets that have it applied, and of those that lack it. */
  readonly appliedOn: readonly number[]
  readonly lacking: readonly number[]
}

export interface FleetVersions {
  readonly targets: readonly TargetVersions[]
  /** The versions some targets have applied and others lack, in version order. */
  readonly disagreements: readonly VersionSpread[]
}

const isApplied = (s: VersionStatus) => s.row !== undefined
const list = (versions: readonly string[]) => versions.length <= 3 ? versions.join(', ') : `${versions.slice(0, 3).join(', ')} and ${versions.length - 3} more`

/** `statuses[i]`: target i's status, or null when it could not be read (it is left out of every comparison). */
export function compareFleet(statuses: readonly (readonly VersionStatus[] | null)[]): FleetVersions {
  // Versions each target lacks although it applied a newer one: a gap.
  const gaps = statuses.map((s) => new Set((s ?? []).filter((x) => x.state === 'out-of-order').map((x) => x.version)))
  const targets = statuses.map((own, i): TargetVersions => {
    if (own === null) return { version: null, applied: [], pending: [], flags: [] }
    const applied = own.filter(isApplied).map((s) => s.version)
    const of = (state: VersionStatus['state']) => own.filter((s) => s.state === state)
    const pending = own.filter((s) => s.state === 'pending' || s.state === 'out-of-order').map((s) => s.version)
    const flags: Flag[] = []
    const behind = of('pending').map((s) => s.version)
    if (behind.length > 0) flags.push({ kind: 'behind', versions: behind, text: `behind: ${behind.length} pending (to ${behind.at(-1)})` })
    const ahead = of('missing').filter(isApplied).map((s) => s.version)
    if (ahead.length > 0) flags.push({ kind: 'ahead', versions: ahead, text: `ahead: ${list(ahead)} applied, not in the folder` })
    const lacks = [...gaps[i]!]
    if (lacks.length > 0) flags.push({ kind: 'diverged', versions: lacks, text: `diverged: lacks ${list(lacks)}, older than its newest` })
    // The other side of another target's gap: this one has what that one skipped.
    const extra = applied.filter((v) => gaps.some((gap, j) => j !== i && gap.has(v)))
    if (extra.length > 0) {
      const others = gaps.filter((gap, j) => j !== i && extra.some((v) => gap.has(v))).length
      flags.push({ kind: 'diverged', versions: extra, text: `diverged: has ${list(extra)}, which ${others} other${others === 1 ? '' : 's'} skipped` })
    }
    const changed = of('changed').map((s) => s.version)
    if (changed.length > 0) flags.push({ kind: 'changed', versions: changed, text: `changed: ${list(changed)} edited after being applied` })
    for (const s of of('partial')) {
      const p = s.progress!
      flags.push({ kind: 'partial', versions: [s.version], text: `partial: ${s.version} ${p.direction} stopped after ${p.statementsDone} of ${p.statementsTotal} statements` })
    }
    return { version: applied.at(-1) ?? null, applied, pending, flags }
  })
  const readable = statuses.flatMap((s, i) => (s === null ? [] : [i]))
  const names = new Map<string, string>()
  for (const s of statuses.flat()) if (s !== null && !names.has(s.version)) names.set(s.version, s.name)
  const disagreements = [...names.keys()].sort().flatMap((version): VersionSpread[] => {
    const appliedOn = readable.filter((i) => targets[i]!.applied.includes(version))
    if (appliedOn.length === readable.length || appliedOn.length === 0) return []
    return [{ version, name: names.get(version)!, appliedOn, lacking: readable.filter((i) => !appliedOn.includes(i)) }]
  })
  return { targets, disagreements }
}
