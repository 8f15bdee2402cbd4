// One renderer per change kind. The Renderers type makes a change kind
// without a renderer a compile error, not an empty string at run time.
import type { Change } from '../../diff/change.ts'
import type { RenderContext } from './common.ts'
import { metaRenderers, routineRenderers, viewRenderers } from './objects.ts'
import { constraintRenderers, tableRenderers } from './tables.ts'
import { schemaRenderers, sequenceRenderers, typeRenderers } from './types.ts'

export type { RenderContext } from './common.ts'

type Renderers = { readonly [K in Change['kind']]: (change: Extract<Change, { kind: K }>, ctx: RenderContext) => string[] }

const renderers: Renderers = {
  ...schemaRenderers, ...typeRenderers, ...sequenceRenderers,
  ...tableRenderers, ...constraintRenderers,
  ...viewRenderers, ...routineRenderers, ...metaRenderers,
}

/** The statements that carry out `change`, each ending in a semicolon. */
export function renderChange(change: Change, ctx: RenderContext): string[] {
  return (renderers[change.kind] as (c: Change, ctx: RenderContext) => string[])(change, ctx)
}
