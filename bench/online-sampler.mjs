// The lock sampler of `bench:online`, run as its own process (forked with an
// IPC channel) so that sampling every 10 ms neither delays nor is delayed by
// the writers' timing:
//   node bench/online-sampler.mjs <url> <interval ms>
// Every interval, one query on its own connection: the writers' backends
// (application_name pgstrata-bench-writer) that wait for a lock (an ungranted
// row of pg_locks), how long each has waited (pg_locks.waitstart, PostgreSQL
// 14+, else the statement's start), the lock it wants, and who blocks it
// (pg_blocking_pids: the holders, and the sessions queued ahead of it, such as
// a migration's ALTER TABLE waiting for its own lock). A wait is one episode
// per backend and wait start; an episode's length is the longest wait seen in
// it, so it is accurate to one interval; its blockers are every session that
// blocked it, each with the statements it was seen running. "ready" is sent after the first
// sample; on "stop" the episodes are sent back:
//   { samples, intervalMs: { mean, max }, episodes: [{ pid, waitedMs, locktype, mode, relation, firstSeen, blockers: [{ pid, app, queries }] }] }
// Plain JavaScript, so that no TypeScript loader is loaded beside it.
import postgres from 'postgres'

const [url, intervalText] = process.argv.slice(2)
if (!url || !intervalText || !process.send) {
  process.stderr.write('usage (forked with IPC): node bench/online-sampler.mjs <url> <interval ms>\n')
  process.exit(2)
}
const intervalMs = Number(intervalText)
const sql = postgres(url, { max: 1, fetch_types: false, onnotice: () => {}, connection: { application_name: 'pgstrata-bench-sampler' } })
const [{ version }] = await sql`select current_setting('server_version_num')::int as version`
const waitStart = version >= 140000 ? sql`coalesce(l.waitstart, a.query_start)` : sql`a.query_start`

/** Statements kept per blocker and episode. */
const MAX_QUERIES = 6
const now = () => performance.timeOrigin + performance.now()
const episodes = new Map()
let samples = 0
let stopping = false
let last = null
let gapSum = 0
let gapMax = 0

async function sample() {
  const rows = await sql`
    select a.pid, (extract(epoch from ${waitStart}) * 1000)::float8 as wait_start,
           (extract(epoch from clock_timestamp() - ${waitStart}) * 1000)::float8 as waited_ms,
           l.locktype, l.mode, l.relation::regclass::text as relation,
           (select coalesce(json_agg(json_build_object('pid', b.pid, 'app', b.application_name, 'query', left(b.query, 240))), '[]'::json)
              from pg_stat_activity b where b.pid = any (pg_blocking_pids(a.pid))) as blockers
      from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where not l.granted and a.application_name = 'pgstrata-bench-writer' and a.datname = current_database()`
  const at = now()
  if (last !== null) {
    gapSum += at - last
    gapMax = Math.max(gapMax, at - last)
  }
  last = at
  samples++
  for (const row of rows) {
    const key = `${row.pid}:${row.wait_start}`
    const seen = episodes.get(key)
    const blockers = typeof row.blockers === 'string' ? JSON.parse(row.blockers) : row.blockers
    const episode = seen ?? { pid: row.pid, waitedMs: row.waited_ms, locktype: row.locktype, mode: row.mode, relation: row.relation, firstSeen: at, blockers: [] }
    if (seen === undefined) episodes.set(key, episode)
    episode.waitedMs = Math.max(episode.waitedMs, row.waited_ms)
    // Every session that blocked it, and each statement it ran meanwhile (the lock may come from an earlier one of its transaction).
    for (const b of blockers) {
      let known = episode.blockers.find((k) => k.pid === b.pid)
      if (known === undefined) episode.blockers.push(known = { pid: b.pid, app: b.app, queries: [] })
      if (known.queries.at(-1) !== b.query && known.queries.length < MAX_QUERIES) known.queries.push(b.query)
    }
  }
}

async function loop() {
  let next = now()
  while (!stopping) {
    await sample()
    next += intervalMs
    const wait = next - now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    else next = now()
  }
}

await sample()
const running = loop()
process.send('ready')
process.on('message', async (message) => {
  if (message !== 'stop') return
  stopping = true
  await running
  await sql.end({ timeout: 5 })
  const intervals = { mean: samples > 1 ? gapSum / (samples - 1) : 0, max: gapMax }
  process.send({ samples, intervalMs: intervals, episodes: [...episodes.values()] }, () => process.exit(0))
})
