// The model of a PostgreSQL schema: plain, readonly, JSON-serializable data,
// one map per object kind, objects referring to each other by Key. Values are
// spelled the way PostgreSQL prints them (format_type, pg_get_expr,
// pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef, pg_get_functiondef,
// pg_get_triggerdef), so two models compare like with like.
import type { Key } from './key.ts'

/** Normalized SQL as PostgreSQL prints it; emitted verbatim, never re-quoted. */
export type SqlExpr = string & { readonly __sqlExpr: true }

export interface Named {
  readonly key: Key
  readonly schema: string
  readonly name: string
  readonly comment: string | null
}

export interface Schema {
  readonly key: Key
  readonly name: string
  readonly comment: string | null
}

export interface Extension {
  readonly key: Key
  readonly name: string
  /** The schema its objects live in. */
  readonly schema: string
  readonly version: string
  readonly comment: string | null
}

export interface Collation extends Named {
  /** `c` (libc), `i` (ICU) or `b` (builtin, PostgreSQL 17+). */
  readonly provider: 'c' | 'i' | 'b' | 'd'
  readonly locale: string | null
  readonly lcCollate: string | null
  readonly lcCtype: string | null
  readonly deterministic: boolean
}

export interface EnumType extends Named {
  /** In sort order. */
  readonly labels: readonly string[]
}

export interface CheckConstraint {
  readonly name: string
  /** `CHECK (…)` as pg_get_constraintdef prints it. */
  readonly definition: SqlExpr
  readonly validated: boolean
  readonly comment: string | null
}

export interface Domain extends Named {
  /** The base type, as format_type prints it. */
  readonly type: string
  readonly notNull: boolean
  readonly default: SqlExpr | null
  /** A collation other than the base type's default, schema-qualified and quoted as PostgreSQL prints it. */
  readonly collation: string | null
  readonly checks: readonly CheckConstraint[]
}

export interface CompositeAttribute {
  readonly name: string
  readonly type: string
  readonly collation: string | null
  /** COMMENT ON COLUMN works on a composite type's attributes too. */
  readonly comment: string | null
}

export interface CompositeType extends Named {
  /** In order. */
  readonly attributes: readonly CompositeAttribute[]
}

export interface RangeType extends Named {
  readonly subtype: string
  /** A btree opclass other than the subtype's default. */
  readonly subtypeOpclass: string | null
  /** A collation other than the subtype's default. */
  readonly collation: string | null
  readonly canonical: string | null
  readonly subtypeDiff: string | null
  readonly multirange: string | null
}

export interface SequenceOptions {
  /** `smallint`, `integer` or `bigint`. */
  readonly type: string
  readonly start: string
  readonly increment: string
  readonly min: string
  readonly max: string
  readonly cache: string
  readonly cycle: boolean
}

export interface Sequence extends Named, SequenceOptions {
  /** The column the sequence is OWNED BY, if any. */
  readonly ownedBy: { readonly table: Key; readonly column: string } | null
}

export interface Identity extends SequenceOptions {
  /** GENERATED ALWAYS (true) or BY DEFAULT (false). */
  readonly always: boolean
}

export interface Column {
  readonly name: string
  /** As format_type prints it: `character varying(255)`, `integer[]`. */
  readonly type: string
  readonly notNull: boolean
  readonly default: SqlExpr | null
  readonly identity: Identity | null
  /** A generated column's expression; `stored` is false for PostgreSQL 18's virtual columns. */
  readonly generated: { readonly expression: SqlExpr; readonly stored: boolean } | null
  /** A collation other than the type's default, as PostgreSQL prints it. */
  readonly collation: string | null
  /** Inherited from a parent (partition or INHERITS) and not declared locally. */
  readonly inherited: boolean
  readonly comment: string | null
  // The storage settings below are left out (not null) at their defaults, so
  // models that never use them print as before.
  /** SET STORAGE, only where it differs from the type's default (pg_type.typstorage). */
  readonly storage?: 'plain' | 'external' | 'extended' | 'main'
  /** SET COMPRESSION (`pglz`, `lz4`); absent follows default_toast_compression. */
  readonly compression?: string
  /** SET STATISTICS; absent is the default target (-1). */
  readonly statistics?: number
}

export interface Table extends Named {
  readonly persistence: 'permanent' | 'unlogged'
  /** In attribute order; dropped columns are left out. */
  readonly columns: readonly Column[]
  /** pg_get_partkeydef for a partitioned table: `RANGE (created_at)`. */
  readonly partitionKey: string | null
  /** For a partition: its parent and its bound, `FOR VALUES FROM (…) TO (…)`. */
  readonly partitionOf: { readonly parent: Key; readonly bound: string } | null
  /** INHERITS parents, in order (partition parents are in partitionOf). */
  readonly inherits: readonly Key[]
  readonly rowSecurity: boolean
  readonly forceRowSecurity: boolean
  /** Storage parameters, `name=value`, sorted. */
  readonly options: readonly string[]
  /** A table access method other than heap. */
  readonly accessMethod: string | null
  /**
   * REPLICA IDENTITY other than DEFAULT (left out then); `index` names the
   * index (or a key's index) in the table's schema. Each partition has its
   * own: it does not recurse.
   */
  readonly replicaIdentity?: 'full' | 'nothing' | { readonly index: string }
}

export type ConstraintType = 'primaryKey' | 'unique' | 'foreignKey' | 'check' | 'exclusion'

export interface ForeignKey {
  readonly references: Key
  readonly columns: readonly string[]
  /** a = NO ACTION, r = RESTRICT, c = CASCADE, n = SET NULL, d = SET DEFAULT. */
  readonly onUpdate: 'a' | 'r' | 'c' | 'n' | 'd'
  readonly onDelete: 'a' | 'r' | 'c' | 'n' | 'd'
  /** f = FULL, p = PARTIAL, s = SIMPLE. */
  readonly match: 'f' | 'p' | 's'
}

export interface Constraint extends Named {
  /** The table it is on (a domain's checks live on the domain). */
  readonly table: Key
  readonly type: ConstraintType
  /** As pg_get_constraintdef prints it. */
  readonly definition: SqlExpr
  readonly columns: readonly string[]
  readonly foreignKey: ForeignKey | null
  readonly validated: boolean
  readonly deferrable: boolean
  readonly initiallyDeferred: boolean
  /** CHECK … NO INHERIT. */
  readonly noInherit: boolean
  /** UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+). */
  readonly nullsNotDistinct: boolean
  /** Inherited from a parent table or partitioned table, not declared on this one. */
  readonly inherited: boolean
  /**
   * For a primary key, unique or exclusion constraint on a partition: the
   * parent's index (or the constraint it backs) that this constraint's index
   * is attached to, with ALTER INDEX … ATTACH PARTITION or by PostgreSQL.
   */
  readonly attachedTo: Key | null
}

export interface Index extends Named {
  /** The table or materialized view it is on. */
  readonly table: Key
  /** As pg_get_indexdef prints it: the whole CREATE INDEX statement. */
  readonly definition: SqlExpr
  readonly unique: boolean
  readonly method: string
  /** Key columns or expressions, each as pg_get_indexdef prints it (with collation, opclass and its options, order, nulls). */
  readonly columns: readonly string[]
  readonly include: readonly string[]
  readonly predicate: SqlExpr | null
  readonly nullsNotDistinct: boolean
  /**
   * False for an index a failed CREATE INDEX CONCURRENTLY left behind, and for
   * an index on a partitioned table while a partition has none attached.
   */
  readonly valid: boolean
  /** For an index on a partition: the parent's index (or the constraint it backs) it is attached to. */
  readonly attachedTo: Key | null
}

export interface ViewColumn {
  readonly name: string
  readonly type: string
  /** COMMENT ON COLUMN works on a view's or materialized view's columns too. */
  readonly comment: string | null
}

export interface View extends Named {
  readonly definition: SqlExpr
  readonly columns: readonly ViewColumn[]
  readonly checkOption: 'local' | 'cascaded' | null
  readonly securityBarrier: boolean
  /** PostgreSQL 15+. */
  readonly securityInvoker: boolean
  readonly options: readonly string[]
}

export interface MaterializedView extends Named {
  readonly definition: SqlExpr
  readonly columns: readonly ViewColumn[]
  readonly populated: boolean
  readonly options: readonly string[]
  readonly accessMethod: string | null
}

export interface Routine extends Named {
  readonly kind: 'function' | 'procedure'
  /** pg_get_function_identity_arguments: what makes overloads distinct. */
  readonly identityArguments: string
  /** pg_get_function_arguments: with names and defaults. */
  readonly arguments: string
  /** pg_get_function_result, null for procedures. */
  readonly returns: string | null
  readonly language: string
  readonly volatility: 'immutable' | 'stable' | 'volatile'
  readonly strict: boolean
  readonly securityDefiner: boolean
  readonly leakproof: boolean
  readonly parallel: 'safe' | 'restricted' | 'unsafe'
  /** pg_get_functiondef: the whole CREATE OR REPLACE statement. */
  readonly definition: SqlExpr
}

export interface Trigger extends Named {
  readonly table: Key
  /** pg_get_triggerdef: the whole CREATE TRIGGER statement. */
  readonly definition: SqlExpr
  readonly function: Key
  /** O = enabled (origin), D = disabled, R = replica only, A = always. */
  readonly enabled: 'O' | 'D' | 'R' | 'A'
}

export interface Policy extends Named {
  readonly table: Key
  readonly permissive: boolean
  readonly command: 'all' | 'select' | 'insert' | 'update' | 'delete'
  /** Role names, sorted; `public` for PUBLIC. */
  readonly roles: readonly string[]
  readonly using: SqlExpr | null
  readonly withCheck: SqlExpr | null
}

/** A privilege someone other than the owner holds: `public` for PUBLIC. */
export interface Grant {
  readonly grantee: string
  /** SELECT, INSERT, USAGE, EXECUTE, … as PostgreSQL spells it. */
  readonly privilege: string
  /** WITH GRANT OPTION. */
  readonly grantable: boolean
  /** A column privilege (GRANT SELECT (email) ON …): the column's name; null for the object's own. */
  readonly column: string | null
}

/** `from` needs `to` (PostgreSQL's pg_depend between two modeled objects). */
export interface Dependency {
  readonly from: Key
  readonly to: Key
}

/** An object in a managed schema that the model does not cover. */
export interface Unmodeled {
  readonly kind: string
  readonly schema: string
  readonly name: string
}

export interface Model {
  readonly server: { readonly version: string; readonly versionNum: number }
  readonly schemas: ReadonlyMap<Key, Schema>
  readonly extensions: ReadonlyMap<Key, Extension>
  readonly collations: ReadonlyMap<Key, Collation>
  readonly enums: ReadonlyMap<Key, EnumType>
  readonly domains: ReadonlyMap<Key, Domain>
  readonly composites: ReadonlyMap<Key, CompositeType>
  readonly ranges: ReadonlyMap<Key, RangeType>
  readonly sequences: ReadonlyMap<Key, Sequence>
  readonly tables: ReadonlyMap<Key, Table>
  readonly constraints: ReadonlyMap<Key, Constraint>
  readonly indexes: ReadonlyMap<Key, Index>
  readonly views: ReadonlyMap<Key, View>
  readonly materializedViews: ReadonlyMap<Key, MaterializedView>
  readonly routines: ReadonlyMap<Key, Routine>
  readonly triggers: ReadonlyMap<Key, Trigger>
  readonly policies: ReadonlyMap<Key, Policy>
  /**
   * Privileges per object, sorted by column, grantee, privilege; the owner's
   * own are left out, and a default acl counts as what it grants. Null when
   * privileges were left out (--no-privileges).
   */
  readonly grants: ReadonlyMap<Key, readonly Grant[]> | null
  /** Who owns each object, when privileges were read: reported, never changed. */
  readonly owners: ReadonlyMap<Key, string> | null
  /** Sorted by `from`, then `to`. */
  readonly dependencies: readonly Dependency[]
  /** Sorted by kind, schema, name. */
  readonly unmodeled: readonly Unmodeled[]
}

/** The map-valued fields of a Model, in the order they are printed. */
export const MODEL_MAPS = [
  'schemas', 'extensions', 'collations', 'enums', 'domains', 'composites', 'ranges', 'sequences',
  'tables', 'constraints', 'indexes', 'views', 'materializedViews', 'routines', 'triggers', 'policies',
] as const satisfies readonly (keyof Model)[]
