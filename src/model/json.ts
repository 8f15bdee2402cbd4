// The model as JSON: every map becomes an array sorted by key, so the same
// database always prints the same bytes.
import type { Key } from './key.ts'
import { MODEL_MAPS, type Model } from './types.ts'

export type ModelJson = Omit<Model, (typeof MODEL_MAPS)[number] | 'grants' | 'owners'> & {
  readonly [K in (typeof MODEL_MAPS)[number]]: readonly (Model[K] extends ReadonlyMap<Key, infer V> ? V : never)[]
} & { readonly grants: Readonly<Record<string, readonly unknown[]>> | null; readonly owners: Readonly<Record<string, string>> | null }

const byKey = <V>(map: ReadonlyMap<Key, V>): V[] => [...map.keys()].sort().map((key) => map.get(key)!)

export function modelToJson(model: Model): ModelJson {
  const maps = Object.fromEntries(MODEL_MAPS.map((name) => [name, byKey(model[name] as ReadonlyMap<Key, unknown>)]))
  const record = <V>(map: ReadonlyMap<Key, V> | null) => map === null ? null : Object.fromEntries([...map.keys()].sort().map((key) => [key, map.get(key)!]))
  return { server: model.server, ...maps, grants: record(model.grants), owners: record(model.owners), dependencies: model.dependencies, unmodeled: model.unmodeled } as ModelJson
}

export function modelFromJson(json: ModelJson): Model {
  const maps = Object.fromEntries(MODEL_MAPS.map((name) =>
    [name, new Map((json[name] as readonly { key: Key }[]).map((object) => [object.key, object]))]))
  const grants = json.grants === null ? null : new Map(Object.entries(json.grants)) as unknown as Model['grants']
  const owners = (json.owners ?? null) === null ? null : new Map(Object.entries(json.owners!)) as unknown as Model['owners']
  return { server: json.server, ...maps, grants, owners, dependencies: json.dependencies, unmodeled: json.unmodeled } as Model
}
