// The table locks a statement takes, from its parse tree, following
// PostgreSQL's own choices (AlterTableGetLockLevel in tablecmds.c, and the
// "Explicit Locking" chapter: https://www.postgresql.org/docs/current/explicit-locking.html).
// Only the modes that matter to a running application are told apart.
import type { AlterTableCmd, Constraint, RangeVar } from 'libpg-query'
import { nodeOf, namesOf, relationOfNames, relationOfRangeVar, type Fields, type ParsedStatement, type Relation } from './tree.ts'

export type LockMode = 'ACCESS EXCLUSIVE' | 'EXCLUSIVE' | 'SHARE ROW EXCLUSIVE' | 'SHARE' | 'SHARE UPDATE EXCLUSIVE'

const RANK: Record<LockMode, number> = {
  'SHARE UPDATE EXCLUSIVE': 4, SHARE: 5, 'SHARE ROW EXCLUSIVE': 6, EXCLUSIVE: 7, 'ACCESS EXCLUSIVE': 8,
}

/** LOCK TABLE's modes, numbered as in PostgreSQL's lockdefs.h. */
const LOCK_TABLE_MODES: Record<number, LockMode> = { 4: 'SHARE UPDATE EXCLUSIVE', 5: 'SHARE', 6: 'SHARE ROW EXCLUSIVE', 7: 'EXCLUSIVE', 8: 'ACCESS EXCLUSIVE' }

/**
 * True when a waiting request for `mode` already stalls the application:
 * a queued lock request makes every later conflicting request queue behind
 * it, and from SHARE up that includes INSERT/UPDATE/DELETE's ROW EXCLUSIVE.
 */
export const blocksApplication = (mode: LockMode): boolean => RANK[mode] >= RANK.SHARE

export const strongest = (modes: readonly LockMode[]): LockMode | null =>
  modes.reduce<LockMode | null>((best, mode) => (best === null || RANK[mode] > RANK[best] ? mode : best), null)

export interface TakenLock {
  /** null: every table (VACUUM FULL, CLUSTER and REINDEX without one). */
  readonly relation: Relation | null
  readonly mode: LockMode
  /** The relation is an index, so a table's lock follows from it. */
  readonly index?: boolean
}

// ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE.
const ALTER_TABLE_LEVELS: Record<string, LockMode> = {
  AT_SetStatistics: 'SHARE UPDATE EXCLUSIVE', AT_ClusterOn: 'SHARE UPDATE EXCLUSIVE', AT_DropCluster: 'SHARE UPDATE EXCLUSIVE',
  AT_SetRelOptions: 'SHARE UPDATE EXCLUSIVE', AT_ResetRelOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ValidateConstraint: 'SHARE UPDATE EXCLUSIVE', AT_AttachPartition: 'SHARE UPDATE EXCLUSIVE',
  AT_DetachPartitionFinalize: 'SHARE UPDATE EXCLUSIVE',
  AT_EnableTrig: 'SHARE ROW EXCLUSIVE', AT_EnableAlwaysTrig: 'SHARE ROW EXCLUSIVE', AT_EnableReplicaTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigAll: 'SHARE ROW EXCLUSIVE', AT_EnableTrigUser: 'SHARE ROW EXCLUSIVE', AT_DisableTrig: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigAll: 'SHARE ROW EXCLUSIVE', AT_DisableTrigUser: 'SHARE ROW EXCLUSIVE', AT_AlterConstraint: 'SHARE ROW EXCLUSIVE',
}

/** The lock one ALTER TABLE subcommand takes on its table. */
export function alterTableCmdLock(cmd: AlterTableCmd): LockMode {
  if (cmd.subtype === 'AT_AddConstraint' && nodeOf<Constraint>(cmd.def, 'Constraint')?.contype === 'CONSTR_FOREIGN') return 'SHARE ROW EXCLUSIVE'
  if (cmd.subtype === 'AT_DetachPartition' && nodeOf<{ concurrent?: boolean }>(cmd.def, 'PartitionCmd')?.concurrent) return 'SHARE UPDATE EXCLUSIVE'
  return ALTER_TABLE_LEVELS[cmd.subtype ?? ''] ?? 'ACCESS EXCLUSIVE'
}

export const alterTableCmds = (body: Fields): AlterTableCmd[] =>
  ((body.cmds ?? []) as unknown[]).map((cmd) => nodeOf<AlterTableCmd>(cmd, 'AlterTableCmd')).filter((cmd) => cmd !== undefined)

/** Foreign keys in a list of constraints: the tables they reference get SHARE ROW EXCLUSIVE. */
function referencedTables(constraints: readonly unknown[]): TakenLock[] {
  return constraints.map((c) => nodeOf<Constraint>(c, 'Constraint'))
    .filter((c) => c?.contype === 'CONSTR_FOREIGN' && c.pktable !== undefined)
    .map((c) => ({ relation: relationOfRangeVar(c!.pktable), mode: 'SHARE ROW EXCLUSIVE' as const }))
}

const hasOption = (options: unknown, name: string): boolean =>
  Array.isArray(options) && options.some((option) => nodeOf<{ defname?: string }>(option, 'DefElem')?.defname === name)

const RELATION_DROPS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'])
const RELATION_RENAMES = new Set(['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_TABCONSTRAINT', 'OBJECT_TRIGGER', 'OBJECT_FOREIGN_TABLE'])

/** The locks `statement` takes on tables (SHARE UPDATE EXCLUSIVE and up), strongest first per table. */
export function locksTaken(statement: ParsedStatement): TakenLock[] {
  const { kind, body } = statement
  const on = (range: unknown, mode: LockMode): TakenLock => ({ relation: relationOfRangeVar(range as RangeVar), mode })
  switch (kind) {
    case 'AlterTableStmt': {
      const cmds = alterTableCmds(body)
      const mode = strongest(cmds.map(alterTableCmdLock))
      const constraints = cmds.flatMap((cmd) => [cmd.def, ...(nodeOf<{ constraints?: unknown[] }>(cmd.def, 'ColumnDef')?.constraints ?? [])])
      return [...(mode === null ? [] : [on(body.relation, mode)]), ...referencedTables(constraints)]
    }
    case 'CreateStmt': {
      const elements = (body.tableElts ?? []) as unknown[]
      const constraints = [...elements, ...elements.flatMap((e) => nodeOf<{ constraints?: unknown[] }>(e, 'ColumnDef')?.constraints ?? [])]
      // CREATE TABLE … PARTITION OF locks the parent ACCESS EXCLUSIVE.
      const parents = body.partbound === undefined ? [] : ((body.inhRelations ?? []) as unknown[]).map((p) => on(nodeOf(p, 'RangeVar'), 'ACCESS EXCLUSIVE'))
      return [...parents, ...referencedTables(constraints)]
    }
    case 'IndexStmt':
      return [on(body.relation, body.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE')]
    case 'DropStmt': {
      const names = ((body.objects ?? []) as unknown[]).map((o) => relationOfNames(namesOf(nodeOf<{ items?: unknown[] }>(o, 'List')?.items)))
      if (RELATION_DROPS.has(String(body.removeType))) return names.map((relation) => ({ relation, mode: 'ACCESS EXCLUSIVE' as const }))
      if (body.removeType === 'OBJECT_INDEX' && !body.concurrent) return names.map((relation) => ({ relation, mode: 'ACCESS EXCLUSIVE' as const, index: true }))
      return []
    }
    case 'RenameStmt':
      if (body.renameType === 'OBJECT_INDEX') return [{ ...on(body.relation, 'SHARE UPDATE EXCLUSIVE'), index: true }]
      return RELATION_RENAMES.has(String(body.renameType)) ? [on(body.relation, 'ACCESS EXCLUSIVE')] : []
    case 'TruncateStmt':
      return ((body.relations ?? []) as unknown[]).map((r) => on(nodeOf(r, 'RangeVar'), 'ACCESS EXCLUSIVE'))
    case 'LockStmt': {
      const mode = LOCK_TABLE_MODES[Number(body.mode)]
      return mode === undefined || body.nowait ? [] : ((body.relations ?? []) as unknown[]).map((r) => on(nodeOf(r, 'RangeVar'), mode))
    }
    case 'CreateTrigStmt':
      return [on(body.relation, 'SHARE ROW EXCLUSIVE')]
    case 'CreatePolicyStmt': case 'AlterPolicyStmt': case 'RuleStmt':
      return [on(body.table ?? body.relation, 'ACCESS EXCLUSIVE')]
    case 'RefreshMatViewStmt':
      return [on(body.relation, body.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE')]
    case 'VacuumStmt': {
      if (!body.is_vacuumcmd || !hasOption(body.options, 'full')) return []
      const rels = ((body.rels ?? []) as unknown[]).map((r) => nodeOf<{ relation?: RangeVar }>(r, 'VacuumRelation')?.relation)
      return rels.length === 0 ? [{ relation: null, mode: 'ACCESS EXCLUSIVE' }] : rels.map((r) => on(r, 'ACCESS EXCLUSIVE'))
    }
    case 'ClusterStmt':
      return [body.relation === undefined ? { relation: null, mode: 'ACCESS EXCLUSIVE' } : on(body.relation, 'ACCESS EXCLUSIVE')]
    case 'ReindexStmt': {
      if (hasOption(body.params, 'concurrently')) return []
      if (body.kind === 'REINDEX_OBJECT_INDEX') return [{ ...on(body.relation, 'ACCESS EXCLUSIVE'), index: true }]
      if (body.kind === 'REINDEX_OBJECT_TABLE') return [on(body.relation, 'SHARE')]
      return [{ relation: null, mode: 'SHARE' }]
    }
    default:
      return []
  }
}
