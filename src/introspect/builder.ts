// Collects catalog rows into a Model: the maps being filled, and the index
// from catalog oids to keys that dependencies and cross-references need.
import type { Key } from '../model/key.ts'
import type {
  Collation, CompositeType, Constraint, Dependency, Domain, EnumType, Extension, Grant, Index,
  MaterializedView, Model, Policy, RangeType, Routine, Schema, Sequence, Table, Trigger, Unmodeled, View,
} from '../model/types.ts'

/** A catalog row as the driver returns it. */
export type Row = Record<string, unknown>

/** The catalogs whose oids the model refers to. */
export type Catalog = 'pg_class' | 'pg_type' | 'pg_proc' | 'pg_constraint' | 'pg_trigger' | 'pg_policy' | 'pg_collation' | 'pg_namespace' | 'pg_extension'

export class ModelBuilder {
  readonly schemas = new Map<Key, Schema>()
  readonly extensions = new Map<Key, Extension>()
  readonly collations = new Map<Key, Collation>()
  readonly enums = new Map<Key, EnumType>()
  readonly domains = new Map<Key, Domain>()
  readonly composites = new Map<Key, CompositeType>()
  readonly ranges = new Map<Key, RangeType>()
  readonly sequences = new Map<Key, Sequence>()
  readonly tables = new Map<Key, Table>()
  readonly constraints = new Map<Key, Constraint>()
  readonly indexes = new Map<Key, Index>()
  readonly views = new Map<Key, View>()
  readonly materializedViews = new Map<Key, MaterializedView>()
  readonly routines = new Map<Key, Routine>()
  readonly triggers = new Map<Key, Trigger>()
  readonly policies = new Map<Key, Policy>()
  grants: Map<Key, Grant[]> | null = null
  owners: Map<Key, string> | null = null
  dependencies: Dependency[] = []
  unmodeled: Unmodeled[] = []
  // Keyed by the oid as a number (the driver parses oid columns to numbers):
  // a number hashes without a string being made and hashed per lookup, and
  // dependencies, grants and owners look up some 100,000 oids in a large catalog.
  readonly #byOid = new Map<Catalog, Map<number, Key>>()

  constructor(readonly server: Model['server']) {}

  /** Remembers which key a catalog oid stands for. */
  remember(catalog: Catalog, oid: unknown, key: Key): void {
    const keys = this.#byOid.get(catalog)
    if (keys === undefined) this.#byOid.set(catalog, new Map([[oidNumber(oid), key]]))
    else keys.set(oidNumber(oid), key)
  }

  keyOf(catalog: Catalog, oid: unknown): Key | undefined {
    return this.#byOid.get(catalog)?.get(oidNumber(oid))
  }

  build(): Model {
    const sorted = <V>(map: Map<Key, V>): ReadonlyMap<Key, V> => new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    return {
      server: this.server,
      schemas: sorted(this.schemas), extensions: sorted(this.extensions), collations: sorted(this.collations),
      enums: sorted(this.enums), domains: sorted(this.domains), composites: sorted(this.composites), ranges: sorted(this.ranges),
      sequences: sorted(this.sequences), tables: sorted(this.tables), constraints: sorted(this.constraints),
      indexes: sorted(this.indexes), views: sorted(this.views), materializedViews: sorted(this.materializedViews),
      routines: sorted(this.routines), triggers: sorted(this.triggers), policies: sorted(this.policies),
      grants: this.grants === null ? null : sorted(this.grants),
      owners: this.owners === null ? null : sorted(this.owners),
      dependencies: this.dependencies,
      unmodeled: this.unmodeled,
    }
  }
}

/** An oid as a map key: a number (NaN for null, which no row remembers). */
const oidNumber = (oid: unknown): number => (typeof oid === 'number' ? oid : oid === null || oid === undefined || oid === '' ? NaN : Number(oid))

/** A nullable text column. */
export const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

/** Storage parameters, sorted, without the ones a view's flags already say. */
export function options(value: unknown, without: readonly string[] = []): string[] {
  return ((value as string[] | null) ?? []).filter((option) => !without.includes(option.split('=')[0]!)).sort()
}

/** The value of `name=value` in a reloptions array. */
export function option(value: unknown, name: string): string | null {
  const found = ((value as string[] | null) ?? []).find((o) => o.startsWith(`${name}=`))
  return found === undefined ? null : found.slice(name.length + 1)
}
