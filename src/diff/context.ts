// What every per-kind differ reads and writes.
import type { Key } from '../model/key.ts'
import type { Model } from '../model/types.ts'
import type { Change, CommentTarget } from './change.ts'

export interface DiffContext {
  readonly from: Model
  readonly to: Model
  /** server_version_num of the server the migration will run on. */
  readonly versionNum: number
  readonly changes: Change[]
  /** Tables dropped and created again: what is on them follows them. */
  readonly recreatedTables: Set<Key>
}

/** A COMMENT ON change, when the comment differs. */
export function commentChange(ctx: DiffContext, target: CommentTarget, key: Key, from: string | null, to: string | null): void {
  if (from !== to) ctx.changes.push({ kind: 'setComment', target, key, from, to })
}

/** Thrown for a transition pgstrata cannot express safely; the message says what to do instead. */
export class UnsupportedChangeError extends Error {
  constructor(readonly what: string, readonly hint: string) {
    super(what)
    this.name = 'UnsupportedChangeError'
  }
}
