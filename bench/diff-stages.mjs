// pgstrata's diff in stages, run by `bench:diff` as its own process on the
// built engine (dist/), as the CLI runs it:
//   node bench/diff-stages.mjs read <url-from> <url-to>
//     reads both models, concurrently as `pgstrata diff` does, and prints what
//     they hold: the cost of reading alone, timed as a whole process;
//   node bench/diff-stages.mjs stages <url-from> <url-to> <runs>
//     reads both models once, then runs generateMigration + renderScript (up
//     and down) `runs` times, and prints the seconds of each stage as JSON.
//     The first run is cold (the CLI pays for that one); later runs are warm.
// Plain JavaScript, so that no TypeScript loader is timed with it.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const [mode, from, to, runsArg] = process.argv.slice(2)
const runs = Number(runsArg ?? 1)
if ((mode !== 'read' && mode !== 'stages') || !from || !to || !(runs >= 1)) {
  process.stderr.write('usage: node bench/diff-stages.mjs read <url-from> <url-to>\n       node bench/diff-stages.mjs stages <url-from> <url-to> <runs>\n')
  process.exit(2)
}
const dist = (file) => import(path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist', file))
const { introspectTarget } = await dist('introspect/index.js')
const { generateMigration } = await dist('diff/index.js')
const { renderScript } = await dist('sql/render/script.js')

const target = (url) => ({ url, source: '--url', display: url })
const counts = (model) => ({ tables: model.tables.size, views: model.views.size, indexes: model.indexes.size, enums: model.enums.size })

let started = performance.now()
const [before, after] = await Promise.all([introspectTarget(target(from)), introspectTarget(target(to))])
const readS = (performance.now() - started) / 1000
if (mode === 'read') {
  process.stdout.write(`${JSON.stringify({ from: counts(before), to: counts(after) })}\n`)
} else {
  const stageS = []
  let last
  for (let run = 0; run < runs; run++) {
    started = performance.now()
    const { up, down } = generateMigration(before, after)
    last = { up: up.steps.length, down: down.steps.length, upBytes: renderScript(up).length, downBytes: renderScript(down).length }
    stageS.push((performance.now() - started) / 1000)
  }
  process.stdout.write(`${JSON.stringify({ readS, stageS, steps: { up: last.up, down: last.down }, bytes: { up: last.upBytes, down: last.downBytes } })}\n`)
}
