// `pgstrata erd`: the schema as a Mermaid ER diagram, on stdout or in a file.
// The schema is read like diff's --from: the database (the default), schema/
// or the migrations folder, each on a scratch database where it needs one.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { resolveTarget } from '../db/connect.ts'
import { erDiagram, erdContents } from '../erd.ts'
import { PgstrataError, UsageError } from '../errors.ts'
import { pgstrata } from '../invocation.ts'
import { loadSettings, type GlobalFlags, type Output } from './context.ts'
import { plural } from './format.ts'
import { list, type InspectFlags } from './inspect.ts'
import { describeSource, introspectOptions, loadSource, parseSource, type Source, type SourceFlags } from './sources.ts'

export interface ErdFlags extends GlobalFlags, SourceFlags, Pick<InspectFlags, 'schema'> {
  readonly from?: string
  readonly out?: string
  /** Wrap the diagram in a ```mermaid fence; the default for an --out file ending in .md. */
  readonly markdown?: boolean
}

export async function erd(flags: ErdFlags, output: Output): Promise<void> {
  const settings = await loadSettings(flags)
  // cac reads `--out 2024` as a number.
  const from = flags.from === undefined ? undefined : String(flags.from)
  const out = flags.out === undefined ? undefined : String(flags.out)
  if (from === '') throw new UsageError('BAD_USAGE', 'erd --from needs a source', { hint: 'pgstrata erd --from schema, --from migrations or --from postgres://…/app (default: the database)' })
  if (out === '') throw new UsageError('BAD_USAGE', 'erd --out needs a file name', { hint: 'pgstrata erd --out docs/schema.md' })
  const schemas = list(flags.schema)
  const introspect = introspectOptions(settings, { schemas, privileges: false })
  const announce = { projectDir: process.cwd(), announce: output.err }
  const source: Source = from === undefined
    ? { kind: 'database', target: await resolveTarget({ url: flags.url, ...announce }) }
    : parseSource('--from', from, flags, settings)
  // Scratch databases for schema/ and migrations go on --url / DATABASE_URL when given, as for diff.
  const server = source.kind === 'database' ? source.target
    : flags.url ?? process.env.DATABASE_URL ? await resolveTarget({ url: flags.url, ...announce }) : undefined
  const { model } = await loadSource(source, { flags, settings, output, server, introspect })
  const missing = schemas.filter((name) => ![...model.schemas.values()].some((s) => s.name === name))
  if (missing.length > 0) {
    throw new UsageError('UNKNOWN_SCHEMA', `${describeSource(source)} has no schema ${missing.map((s) => `"${s}"`).join(', ')}`, {
      hint: `leave --schema out to see every schema (${pgstrata('inspect')} lists a database's); names are case-sensitive`,
    })
  }
  const diagram = erDiagram(model, { schemas })
  const { entities, relationships } = erdContents(model, { schemas })
  const counts = `${plural(entities.length, 'table')}, ${plural(relationships.length, 'relationship')}`
  const markdown = flags.markdown ?? /\.(md|markdown)$/i.test(out ?? '')
  const text = markdown ? `\`\`\`mermaid\n${diagram}\`\`\`\n` : diagram
  if (out !== undefined) {
    try {
      await writeFile(path.resolve(out), text)
    } catch (error) {
      throw new PgstrataError('WRITE_FAILED', `cannot write ${out}: ${(error as Error).message}`, {
        hint: 'check that the folder exists and that you may write there', exitCode: 2, cause: error,
      })
    }
    output.err(`pgstrata: wrote ${out} (${counts})`)
  }
  if (output.json) {
    output.result({
      ok: true, from: describeSource(source), tables: entities.length, relationships: relationships.length,
      ...(out === undefined ? { diagram: text } : { file: out }),
    })
  } else if (out === undefined) {
    process.stdout.write(text)
    output.err(`pgstrata: ${counts} from ${describeSource(source)}`)
  }
}
