// `pgstrata create` in stages, run by `bench:create` as its own process on the
// built engine (dist/), in the project folder (so that schema/ resolves
// 'pgstrata' as it does for the CLI):
//   node bench/create-stages.mjs <url>
// loads schema/, reads the database, makes a scratch database, builds schema/
// on it, reads it, drops it, and diffs, plans and renders both files, one
// stage after another; it prints the seconds of each stage as JSON. The CLI
// reads the database while it builds the scratch one; here they take turns,
// so that each is timed alone. Plain JavaScript, so that no TypeScript loader
// is timed with it.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const [url] = process.argv.slice(2)
if (!url) {
  process.stderr.write('usage: node bench/create-stages.mjs <url>   (in the project folder)\n')
  process.exit(2)
}
const dist = (file) => import(path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist', file))
const { loadSchema } = await dist('dsl/load.js')
const { ddlOf } = await dist('dsl/ddl.js')
const { pendingRenames } = await dist('dsl/renames.js')
const { DEFAULTS } = await dist('cli/config.js')
const { introspectOptions } = await dist('cli/sources.js')
const { buildSchema } = await dist('engine/scratch.js')
const { scratchDatabase } = await dist('db/scratch.js')
const { introspectTarget } = await dist('introspect/index.js')
const { generateMigration } = await dist('diff/index.js')
const { renderScript } = await dist('sql/render/script.js')

const seconds = { startup: performance.now() / 1000 }
let started = performance.now()
const lap = (name) => {
  const now = performance.now()
  seconds[name] = (now - started) / 1000
  started = now
}

const schema = await loadSchema(path.resolve('schema'))
lap('load')
const options = introspectOptions(DEFAULTS)
const target = { url, source: '--url', display: url }
const live = await introspectTarget(target, options)
lap('introspectLive')
const scratch = await scratchDatabase({ server: target, projectDir: process.cwd(), announce: () => {} })
let goal
try {
  lap('createScratch')
  await buildSchema(scratch.target, schema)
  lap('build')
  goal = await introspectTarget(scratch.target, options)
  lap('introspectScratch')
} finally {
  await scratch.release()
}
lap('dropScratch')
const { up, down } = generateMigration(live, goal, { renames: pendingRenames(schema.renames, live) })
const bytes = renderScript(up).length + renderScript(down).length
lap('diff')
const counts = (model) => ({ tables: model.tables.size, views: model.views.size, indexes: model.indexes.size, enums: model.enums.size })
process.stdout.write(`${JSON.stringify({
  seconds, statements: ddlOf(schema).phases.flat().length, steps: up.steps.length, bytes, live: counts(live), goal: counts(goal),
})}\n`)
