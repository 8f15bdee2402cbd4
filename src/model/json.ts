// The model as JSON: every map becomes an array sorted by key, so the same
// database always prints the same bytes.
import type { Key } from './key.ts'
import { MODEL_MAPS, type Model } from './types.ts'

export type ModelJson = Omit<Model, (typeof MODEL_MAPS)[number] | 'grants'> & {
  readonly [K in (typeof MODEL_MAPS)[number]]: readonly (Model[K] extends ReadonlyMap<Key, infer V> ? V : never)[]
} & { readonly grants: Readonly<Record<string, readonly unknown[]>> | null }

const byKey = <V>(map: ReadonlyMap<Key, V>): V[] => [...map.keys()].sort().map((key) => map.get(key)!)

export function modelToJson(model: Model): ModelJson {
  const maps = Object.fromEntries(MODEL_MAPS.map((name) => [name, byKey(model[name] as ReadonlyMap<Key, unknown>)]))
  const grants = model.grants === null ? null : Object.fromEntries([...model.grants.keys()].sort().map((key) => [key, model.grants!.get(key)!]))
  return { server: model.server, ...maps, grants, dependencies: model.dependencies, unmodeled: model.unmodeled } as ModelJson
}

export function modelFromJson(json: ModelJson): Model {
  const maps = Object.fromEntries(MODEL_MAPS.map((name) =>
    [name, new Map((json[name] as readonly { key: Key }[]).map((object) => [object.key, object]))]))
  const grants = json.grants === null ? null : new Map(Object.entries(json.grants)) as unknown as Model['grants']
  return { server: json.server, ...maps, grants, dependencies: json.dependencies, unmodeled: json.unmodeled } as Model
}
