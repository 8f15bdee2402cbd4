// The floor contender of `bench:introspect` and `bench:diff`, run as its own process:
//   node bench/floor-client.mjs [--count] <url>... <queries.json>
// One connection per URL, set up as pgstrata's (src/db/connect.ts), the
// queries of bench/floor-queries.ts pipelined in one repeatable-read
// read-only transaction as pgstrata sends its own, and the parsed rows
// printed as one JSON document per URL, one a line, so the floor pays for
// connecting, parsing and printing too. Several URLs are read concurrently,
// as `pgstrata diff` reads its two. With --count only the number of rows per
// query is printed: the diff prints no catalog, so its floor does not either.
// Plain JavaScript, so that no TypeScript loader is timed with it.
import { readFileSync } from 'node:fs'
import postgres from 'postgres'

const args = process.argv.slice(2)
const countOnly = args[0] === '--count'
const urls = args.slice(countOnly ? 1 : 0, -1)
const queriesFile = args.at(-1)
if (urls.length === 0 || !queriesFile) {
  process.stderr.write('usage: node bench/floor-client.mjs [--count] <url>... <queries.json>\n')
  process.exit(2)
}
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'))
const names = Object.keys(queries)

async function read(url) {
  const sql = postgres(url, {
    max: 1, max_lifetime: null, idle_timeout: 0, connect_timeout: 15, fetch_types: false, prepare: false,
    onnotice: () => {}, connection: { application_name: 'pgstrata-bench-floor' },
  })
  try {
    const results = await sql.begin('isolation level repeatable read read only', (tx) => names.map((name) => tx.unsafe(queries[name])))
    return Object.fromEntries(names.map((name, i) => [name, countOnly ? results[i].length : results[i]]))
  } finally {
    await sql.end({ timeout: 2 })
  }
}

for (const catalog of await Promise.all(urls.map(read))) process.stdout.write(`${JSON.stringify(catalog)}\n`)
