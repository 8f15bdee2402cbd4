// Ordering steps: a topological sort that keeps ties in a stable order, and
// the error (naming one cycle) when the steps wait on each other.
import { PgstrataError } from '../errors.ts'

export class DependencyCycleError extends PgstrataError {
  constructor(steps: readonly string[], cycle: readonly string[] = []) {
    super('DEPENDENCY_CYCLE', `cannot order ${steps.length} changes: they depend on each other in a cycle`, {
      context: [...(cycle.length > 0 ? [`the cycle: ${cycle.join(' waits for ')} waits for ${cycle[0]}`] : []), ...steps.slice(0, 20)],
      hint: 'split the change into two migrations, or report this cycle to the pgstrata maintainers',
    })
  }
}

/** Kahn's algorithm; among steps that are ready, the earlier transaction, then the smaller id, goes first. */
export function topologicalOrder<N extends { id: string; after: Set<string> }>(nodes: readonly N[], transactionOf: (n: N) => number): N[] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const waiting = new Map(nodes.map((n) => [n.id, new Set([...n.after].filter((id) => byId.has(id)))]))
  const dependents = new Map<string, string[]>()
  for (const [id, deps] of waiting) for (const dep of deps) append(dependents, dep, id)
  // Ranks are unique (ids are), so keeping `ready` sorted by inserting in
  // place picks what sorting it before every pick would.
  const rank = new Map(nodes.map((n) => [n, `${transactionOf(n)}\u0000${n.id}`]))
  const ready = [...waiting].filter(([, deps]) => deps.size === 0).map(([id]) => byId.get(id)!).sort((a, b) => (rank.get(a)! < rank.get(b)! ? -1 : 1))
  const insert = (n: N) => {
    let low = 0
    let high = ready.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (rank.get(ready[middle]!)! < rank.get(n)!) low = middle + 1
      else high = middle
    }
    ready.splice(low, 0, n)
  }
  const ordered: N[] = []
  while (ready.length > 0) {
    const next = ready.shift()!
    ordered.push(next)
    waiting.delete(next.id)
    for (const id of dependents.get(next.id) ?? []) {
      const deps = waiting.get(id)
      if (!deps) continue
      deps.delete(next.id)
      if (deps.size === 0) insert(byId.get(id)!)
    }
  }
  if (waiting.size > 0) throw new DependencyCycleError([...waiting.keys()].sort(), findCycle(waiting))
  // Steps of an earlier transaction cannot wait for a later one: stable-sort by transaction.
  return ordered.map((n, i) => ({ n, i })).sort((a, b) => transactionOf(a.n) - transactionOf(b.n) || a.i - b.i).map(({ n }) => n)
}

/** One cycle among the steps still waiting (each waits for some other still waiting), for the message. */
function findCycle(waiting: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const start = [...waiting.keys()].sort()[0]
  if (start === undefined) return []
  const path: string[] = []
  const seen = new Map<string, number>()
  for (let at: string | undefined = start; at !== undefined; at = [...(waiting.get(at) ?? [])].filter((id) => waiting.has(id)).sort()[0]) {
    if (seen.has(at)) return path.slice(seen.get(at))
    seen.set(at, path.length)
    path.push(at)
  }
  return []
}

/** Adds `value` to the list under `key`, in place: copying the list for every item is quadratic in a type used by a thousand columns. */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}
