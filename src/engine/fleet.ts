// Work on many databases, a few at a time. Each target's work is what one
// database gets (its own connection, advisory lock and ledger); a failure is
// that target's result, not the run's, unless failFast.
import type { FleetTarget } from './targets.ts'

export type FleetResult = 'succeeded' | 'failed' | 'skipped'

export interface FleetOutcome<T> {
  readonly target: FleetTarget
  readonly result: FleetResult
  /** What the work returned (succeeded). */
  readonly value?: T
  /** What it threw (failed). */
  readonly error?: unknown
  readonly ms: number
}

export interface FleetOptions {
  /** Targets worked on at once. */
  readonly concurrency: number
  /** After the first failure, start no other target (those are skipped). */
  readonly failFast?: boolean | undefined
}

export interface FleetEvents<T> {
  readonly onStart?: (target: FleetTarget) => void
  readonly onFinish?: (outcome: FleetOutcome<T>) => void
}

/** Runs `work` for every target, at most `concurrency` at once, in the targets' order; outcomes in that order too. */
export async function forEachTarget<T>(
  targets: readonly FleetTarget[], options: FleetOptions, work: (target: FleetTarget) => Promise<T>, events: FleetEvents<T> = {},
): Promise<FleetOutcome<T>[]> {
  const outcomes: (FleetOutcome<T> | undefined)[] = new Array(targets.length)
  let next = 0
  let stop = false
  const worker = async () => {
    while (next < targets.length && !stop) {
      const index = next++
      const target = targets[index]!
      events.onStart?.(target)
      const started = performance.now()
      let outcome: FleetOutcome<T>
      try {
        outcome = { target, result: 'succeeded', value: await work(target), ms: performance.now() - started }
      } catch (error) {
        outcome = { target, result: 'failed', error, ms: performance.now() - started }
        if (options.failFast) stop = true
      }
      outcomes[index] = outcome
      events.onFinish?.(outcome)
    }
  }
  const workers = Math.max(1, Math.min(options.concurrency, targets.length))
  await Promise.all(Array.from({ length: workers }, worker))
  return targets.map((target, i) => outcomes[i] ?? { target, result: 'skipped', ms: 0 })
}
