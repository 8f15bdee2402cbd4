// The generic differ: two maps by key, and structural equality on plain data.
import type { Key } from '../model/key.ts'

export interface Delta<T> {
  readonly added: T[]
  readonly removed: T[]
  readonly changed: { readonly from: T; readonly to: T }[]
}

/** Objects only in `to`, only in `from`, and in both but unequal, each in key order. */
export function diffKeyed<T>(from: ReadonlyMap<Key, T>, to: ReadonlyMap<Key, T>, equal: (a: T, b: T) => boolean = deepEqual): Delta<T> {
  const delta: Delta<T> = { added: [], removed: [], changed: [] }
  for (const key of [...new Set([...from.keys(), ...to.keys()])].sort()) {
    const a = from.get(key)
    const b = to.get(key)
    if (a === undefined) delta.added.push(b!)
    else if (b === undefined) delta.removed.push(a)
    else if (!equal(a, b)) delta.changed.push({ from: a, to: b })
  }
  return delta
}

/**
 * Equality of plain data (JSON-like values), without serializing: comparing
 * 2,000 tables by JSON.stringify is what makes some diff tools slow.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  // for…in rather than Object.keys: no arrays allocated for the 40,000 objects of a large model.
  let fields = 0
  for (const k in a) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
    fields++
  }
  for (const k in b) if (Object.prototype.hasOwnProperty.call(b, k)) fields--
  return fields === 0
}

/** `object` without the listed fields, for comparing the rest. */
export function without<T extends object, K extends keyof T>(object: T, ...fields: K[]): Omit<T, K> {
  const copy = { ...object }
  for (const field of fields) delete copy[field]
  return copy
}
