// What a diff finds: a closed union of typed changes. A drop carries the whole
// object it removes and an alter both sides, so the reverse is always known
// and the renderer never has to look anything up.
import type { Key } from '../model/key.ts'
import type {
  Collation, Column, CompositeType, Constraint, Domain, EnumType, Extension, Grant, Index, MaterializedView,
  Policy, RangeType, Routine, Schema, Sequence, Table, Trigger, View,
} from '../model/types.ts'

/** A column of a table, for changes that must touch every column of a type. */
export interface ColumnRef {
  readonly table: Key
  readonly column: string
  /** The column's type as printed, e.g. `public.mood[]`. */
  readonly type: string
  /** The default to set again after the type change (null when the target changes or drops it). */
  readonly default: string | null
  /** Whether the column has a default now, which must go before the type change. */
  readonly hadDefault: boolean
}

/** What a COMMENT ON statement names. */
export type CommentTarget =
  | { readonly kind: 'schema' | 'extension'; readonly name: string }
  | { readonly kind: 'collation' | 'type' | 'domain' | 'sequence' | 'table' | 'view' | 'materializedView' | 'index'; readonly schema: string; readonly name: string }
  | { readonly kind: 'column'; readonly schema: string; readonly relation: string; readonly name: string }
  | { readonly kind: 'constraint' | 'trigger' | 'policy'; readonly schema: string; readonly table: string; readonly name: string }
  | { readonly kind: 'routine'; readonly routineKind: 'function' | 'procedure'; readonly schema: string; readonly name: string; readonly args: string }

export type Change =
  | { readonly kind: 'createSchema'; readonly schema: Schema }
  | { readonly kind: 'dropSchema'; readonly schema: Schema }
  | { readonly kind: 'renameSchema'; readonly from: string; readonly to: string }
  | { readonly kind: 'createExtension'; readonly extension: Extension }
  | { readonly kind: 'dropExtension'; readonly extension: Extension }
  | { readonly kind: 'alterExtension'; readonly from: Extension; readonly to: Extension }
  | { readonly kind: 'createCollation'; readonly collation: Collation }
  | { readonly kind: 'dropCollation'; readonly collation: Collation }
  | { readonly kind: 'createEnum'; readonly type: EnumType }
  | { readonly kind: 'dropEnum'; readonly type: EnumType }
  | { readonly kind: 'addEnumValue'; readonly type: EnumType; readonly value: string; readonly position: { readonly before: string } | { readonly after: string } | null }
  | { readonly kind: 'renameEnumValue'; readonly type: EnumType; readonly from: string; readonly to: string }
  /**
   * Values removed or reordered: a new type, the columns cast over, the old
   * type dropped. Domains over the enum are made again over the new one.
   */
  | { readonly kind: 'recreateEnum'; readonly from: EnumType; readonly to: EnumType; readonly columns: readonly ColumnRef[]
      readonly domains: readonly { readonly from: Domain; readonly to: Domain; readonly columns: readonly ColumnRef[] }[] }
  | { readonly kind: 'createDomain'; readonly domain: Domain }
  | { readonly kind: 'dropDomain'; readonly domain: Domain }
  | { readonly kind: 'alterDomain'; readonly from: Domain; readonly to: Domain }
  /** Base type or collation changed: the columns go through the base type. */
  | { readonly kind: 'recreateDomain'; readonly from: Domain; readonly to: Domain; readonly columns: readonly ColumnRef[] }
  | { readonly kind: 'createComposite'; readonly type: CompositeType }
  | { readonly kind: 'dropComposite'; readonly type: CompositeType }
  /**
   * With `columns`: attributes are retyped while columns use the type, which
   * ALTER ATTRIBUTE refuses; the type is made again and the columns go
   * through its text form.
   */
  | { readonly kind: 'alterComposite'; readonly from: CompositeType; readonly to: CompositeType; readonly columns?: readonly ColumnRef[] }
  | { readonly kind: 'createRange'; readonly type: RangeType }
  | { readonly kind: 'dropRange'; readonly type: RangeType }
  | { readonly kind: 'createSequence'; readonly sequence: Sequence }
  | { readonly kind: 'dropSequence'; readonly sequence: Sequence }
  | { readonly kind: 'alterSequence'; readonly from: Sequence; readonly to: Sequence }
  | { readonly kind: 'setSequenceOwner'; readonly sequence: Sequence; readonly ownedBy: Sequence['ownedBy'] }
  | { readonly kind: 'createTable'; readonly table: Table }
  | { readonly kind: 'dropTable'; readonly table: Table }
  | { readonly kind: 'renameTable'; readonly schema: string; readonly from: string; readonly to: string }
  | { readonly kind: 'alterTable'; readonly from: Table; readonly to: Table }
  /** REPLICA IDENTITY; null is DEFAULT. Its own step: USING INDEX waits for the index, made after the table's other changes. */
  | { readonly kind: 'setReplicaIdentity'; readonly table: Table; readonly from: NonNullable<Table['replicaIdentity']> | null; readonly to: NonNullable<Table['replicaIdentity']> | null }
  | { readonly kind: 'attachPartition'; readonly table: Table; readonly parent: Key; readonly bound: string }
  | { readonly kind: 'detachPartition'; readonly table: Table; readonly parent: Key; readonly bound: string }
  | { readonly kind: 'addColumn'; readonly table: Table; readonly column: Column }
  | { readonly kind: 'dropColumn'; readonly table: Table; readonly column: Column }
  | { readonly kind: 'renameColumn'; readonly table: Table; readonly from: string; readonly to: string }
  /** `conversion` (absent: a plain cast) says how the values reach a new type: through text, or not at all (see casts.ts); `using`, the schema's own USING. */
  | { readonly kind: 'alterColumn'; readonly table: Table; readonly from: Column; readonly to: Column; readonly conversion?: 'text' | 'none'; readonly using?: string }
  /** `cloned`: PostgreSQL makes it, under this name, with its new partition (renamed when the target names it otherwise). */
  | { readonly kind: 'addConstraint'; readonly constraint: Constraint; readonly cloned?: string }
  | { readonly kind: 'dropConstraint'; readonly constraint: Constraint }
  | { readonly kind: 'renameConstraint'; readonly constraint: Constraint; readonly from: string }
  | { readonly kind: 'validateConstraint'; readonly constraint: Constraint }
  | { readonly kind: 'alterConstraintDeferrable'; readonly from: Constraint; readonly to: Constraint }
  /** `afterAttach`: made once its table is attached, so that ATTACH PARTITION does not adopt it in place of the index the target attaches. */
  | { readonly kind: 'createIndex'; readonly index: Index; readonly cloned?: string; readonly afterAttach?: true }
  /** ALTER INDEX parent ATTACH PARTITION child: a partition's index (or key) joins its parent's. */
  | { readonly kind: 'attachIndex'; readonly child: Index | Constraint; readonly parent: Key }
  | { readonly kind: 'dropIndex'; readonly index: Index }
  | { readonly kind: 'renameIndex'; readonly schema: string; readonly from: string; readonly to: string }
  | { readonly kind: 'createView'; readonly view: View }
  | { readonly kind: 'dropView'; readonly view: View }
  | { readonly kind: 'replaceView'; readonly from: View; readonly to: View }
  | { readonly kind: 'alterViewOptions'; readonly from: View; readonly to: View }
  | { readonly kind: 'renameView'; readonly schema: string; readonly from: string; readonly to: string; readonly materialized: boolean }
  | { readonly kind: 'createMaterializedView'; readonly view: MaterializedView }
  | { readonly kind: 'dropMaterializedView'; readonly view: MaterializedView }
  | { readonly kind: 'refreshMaterializedView'; readonly view: MaterializedView }
  | { readonly kind: 'createRoutine'; readonly routine: Routine }
  | { readonly kind: 'dropRoutine'; readonly routine: Routine }
  | { readonly kind: 'replaceRoutine'; readonly from: Routine; readonly to: Routine }
  | { readonly kind: 'createTrigger'; readonly trigger: Trigger }
  | { readonly kind: 'dropTrigger'; readonly trigger: Trigger }
  | { readonly kind: 'setTriggerEnabled'; readonly trigger: Trigger; readonly from: Trigger['enabled'] }
  | { readonly kind: 'createPolicy'; readonly policy: Policy }
  | { readonly kind: 'dropPolicy'; readonly policy: Policy }
  | { readonly kind: 'alterPolicy'; readonly from: Policy; readonly to: Policy }
  | { readonly kind: 'setComment'; readonly target: CommentTarget; readonly key: Key; readonly from: string | null; readonly to: string | null }
  /** GRANT privileges ON target (or on its `column`) TO grantee. */
  | { readonly kind: 'grant'; readonly target: Key; readonly grantee: string; readonly column: string | null; readonly privileges: readonly string[]; readonly grantable: boolean }
  /** REVOKE privileges (or, `grantOptionOnly`, GRANT OPTION FOR them) ON target (or its `column`) FROM grantee. */
  | { readonly kind: 'revoke'; readonly target: Key; readonly grantee: string; readonly column: string | null; readonly privileges: readonly string[]; readonly grantOptionOnly: boolean }

export type ChangeKind = Change['kind']

export type HazardKind = 'deletesData' | 'rewritesTable' | 'blocksWrites' | 'irreversible'

export interface Hazard {
  readonly kind: HazardKind
  readonly message: string
}
