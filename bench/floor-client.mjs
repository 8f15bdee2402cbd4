// The floor contender of `bench:introspect`, run as its own process:
//   node bench/floor-client.mjs <url> <queries.json>
// One connection set up as pgstrata's (src/db/connect.ts), the queries of
// bench/floor-queries.ts pipelined in one repeatable-read read-only
// transaction as pgstrata sends its own, and the parsed rows printed as one
// JSON document, so the floor pays for connecting, parsing and printing too.
// Plain JavaScript, so that no TypeScript loader is timed with it.
import { readFileSync } from 'node:fs'
import postgres from 'postgres'

const [url, queriesFile] = process.argv.slice(2)
if (!url || !queriesFile) {
  process.stderr.write('usage: node bench/floor-client.mjs <url> <queries.json>\n')
  process.exit(2)
}
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'))
const sql = postgres(url, {
  max: 1, max_lifetime: null, idle_timeout: 0, connect_timeout: 15, fetch_types: false, prepare: false,
  onnotice: () => {}, connection: { application_name: 'pgstrata-bench-floor' },
})
try {
  const names = Object.keys(queries)
  const results = await sql.begin('isolation level repeatable read read only', (tx) => names.map((name) => tx.unsafe(queries[name])))
  process.stdout.write(`${JSON.stringify(Object.fromEntries(names.map((name, i) => [name, results[i]])))}\n`)
} finally {
  await sql.end({ timeout: 2 })
}
