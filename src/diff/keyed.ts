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
  for (const key of allKeys(from, to)) {
    const a = from.get(key)
    const b = to.get(key)
    if (a === undefined) delta.added.push(b!)
    else if (b === undefined) delta.removed.push(a)
    else if (!equal(a, b)) delta.changed.push({ from: a, to: b })
  }
  return delta
}

/**
 * The keys of both maps, once each, sorted as Array#sort sorts strings. The
 * maps of an introspected model are in key order already: those are merged,
 * not sorted again (a large model has maps of 10,000 keys).
 */
function allKeys(from: ReadonlyMap<Key, unknown>, to: ReadonlyMap<Key, unknown>): Key[] {
  const a = inOrder(from)
  const b = inOrder(to)
  if (a === null || b === null) return [...new Set([...from.keys(), ...to.keys()])].sort()
  const keys: Key[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) keys.push(a[i++]!)
    else if (b[j]! < a[i]!) keys.push(b[j++]!)
    else {
      keys.push(a[i++]!)
      j++
    }
  }
  while (i < a.length) keys.push(a[i++]!)
  while (j < b.length) keys.push(b[j++]!)
  return keys
}

/** The map's keys if they are in ascending order, else null. */
function inOrder(map: ReadonlyMap<Key, unknown>): Key[] | null {
  const keys = [...map.keys()]
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return null
  return keys
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
