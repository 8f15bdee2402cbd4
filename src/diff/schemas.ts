// Schemas, extensions and collations.
import { deepEqual, diffKeyed, without } from './keyed.ts'
import { commentChange, type DiffContext } from './context.ts'

export function diffSchemas(ctx: DiffContext): void {
  const schemas = diffKeyed(ctx.from.schemas, ctx.to.schemas)
  for (const schema of schemas.added) {
    ctx.changes.push({ kind: 'createSchema', schema })
    commentChange(ctx, { kind: 'schema', name: schema.name }, schema.key, null, schema.comment)
  }
  for (const schema of schemas.removed) ctx.changes.push({ kind: 'dropSchema', schema })
  for (const { from, to } of schemas.changed) commentChange(ctx, { kind: 'schema', name: to.name }, to.key, from.comment, to.comment)

  const extensions = diffKeyed(ctx.from.extensions, ctx.to.extensions)
  for (const extension of extensions.added) {
    ctx.changes.push({ kind: 'createExtension', extension })
    commentChange(ctx, { kind: 'extension', name: extension.name }, extension.key, null, extension.comment)
  }
  for (const extension of extensions.removed) ctx.changes.push({ kind: 'dropExtension', extension })
  for (const { from, to } of extensions.changed) {
    if (!deepEqual(without(from, 'comment'), without(to, 'comment'))) ctx.changes.push({ kind: 'alterExtension', from, to })
    commentChange(ctx, { kind: 'extension', name: to.name }, to.key, from.comment, to.comment)
  }

  // A collation cannot be altered: it is dropped and created again.
  const collations = diffKeyed(ctx.from.collations, ctx.to.collations)
  for (const { from, to } of collations.changed) {
    if (deepEqual(without(from, 'comment'), without(to, 'comment'))) {
      commentChange(ctx, { kind: 'collation', schema: to.schema, name: to.name }, to.key, from.comment, to.comment)
      continue
    }
    collations.removed.push(from)
    collations.added.push(to)
  }
  for (const collation of collations.added) {
    ctx.changes.push({ kind: 'createCollation', collation })
    commentChange(ctx, { kind: 'collation', schema: collation.schema, name: collation.name }, collation.key, null, collation.comment)
  }
  for (const collation of collations.removed) ctx.changes.push({ kind: 'dropCollation', collation })
}
