// Privileges in the DSL: `grant({ to, privileges })` in a table's list, and
// `grants: [...]` in the options of views, materialized views, sequences,
// types, schemas and routines. pgstrata creates no roles: each `to` must exist.
import { z } from 'zod'
import { DSL, type Branded } from './core.ts'
import { ident } from '../sql/quote.ts'

export type Privilege =
  | 'select' | 'insert' | 'update' | 'delete' | 'truncate' | 'references' | 'trigger' | 'maintain'
  | 'usage' | 'create' | 'execute' | 'all'

export interface GrantOptions {
  /** A role, several, or 'public'. */
  readonly to: string | readonly string[]
  readonly privileges: readonly Privilege[]
  /** Only these columns (tables and views): GRANT SELECT (email) ON …. */
  readonly columns?: readonly string[]
  readonly withGrantOption?: boolean
}

export interface GrantDef extends Branded<'grant'>, GrantOptions {}

/** grant({ to: 'app_user', privileges: ['select', 'insert'] }), in a table's list. */
export const grant = (options: GrantOptions): GrantDef => ({ [DSL]: 'grant', ...options })

export const GRANT = z.object({
  to: z.union([z.string().min(1, 'a role name cannot be empty'), z.array(z.string().min(1, 'a role name cannot be empty')).min(1, 'name at least one role')]),
  privileges: z.array(z.enum(['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger', 'maintain', 'usage', 'create', 'execute', 'all']))
    .min(1, 'name at least one privilege, e.g. privileges: [\'select\']'),
  columns: z.array(z.string().min(1)).min(1).optional(),
  withGrantOption: z.boolean().optional(),
}).passthrough().refine((g) => !(g.withGrantOption && [g.to].flat().some((r) => r.toLowerCase() === 'public')), {
  message: 'PUBLIC cannot hold a grant option: name roles in to, or leave withGrantOption out',
})

/** PUBLIC is a keyword in GRANT, not a role name. */
const grantee = (role: string) => (role.toLowerCase() === 'public' ? 'PUBLIC' : ident(role))

/** GRANT … ON `on` (`TABLE "s"."t"`, `SCHEMA "s"`, …) TO …. */
export function grantSql(on: string, g: GrantOptions): string {
  const privileges = g.privileges.map((p) => (p === 'all' ? 'ALL PRIVILEGES' : p.toUpperCase()))
  const list = g.columns === undefined ? privileges.join(', ') : privileges.map((p) => `${p} (${g.columns!.map(ident).join(', ')})`).join(', ')
  const to = [g.to].flat().map(grantee).join(', ')
  return `GRANT ${list} ON ${on} TO ${to}${g.withGrantOption ? ' WITH GRANT OPTION' : ''}`
}
