// The writers of `bench:online`, run as their own process (forked with an IPC
// channel) so that their timing shares no event loop with the lock sampler:
//   node bench/online-writers.mjs <url> <connections> <rate per connection> <rows> <tag>
// Each connection runs single-statement transactions (autocommit), one after
// another, paced at <rate> a second: half SELECT of a row by id, three tenths
// UPDATE of a row's qty and status, a fifth INSERT of a new row. Every value is
// valid under the migration's new constraints (status never NULL, qty ≥ 0, a
// sku nobody else uses), and the new column is never named, so a failed
// transaction means the migration broke a writer. Errors are counted, never
// fatal. Each transaction is timed on the client, from sending to its result.
// "ready" is sent once every connection is open; on "stop" the writers finish
// their transaction in flight and the figures are sent back:
//   { started: [ms since the epoch], latency: [ms], ops: [0 select, 1 update, 2 insert], errors: { "<code> <message>": n } }
// Plain JavaScript, so that no TypeScript loader runs beside the timing.
import postgres from 'postgres'

const [url, connectionsText, rateText, rowsText, tag] = process.argv.slice(2)
if (!url || !connectionsText || !rateText || !rowsText || !tag || !process.send) {
  process.stderr.write('usage (forked with IPC): node bench/online-writers.mjs <url> <connections> <rate> <rows> <tag>\n')
  process.exit(2)
}
const connections = Number(connectionsText)
const intervalMs = 1000 / Number(rateText)
const rows = Number(rowsText)
const STATUSES = ['new', 'paid', 'shipped', 'returned']

const now = () => performance.timeOrigin + performance.now()
const pick = (n) => 1 + Math.floor(Math.random() * n)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const started = []
const latency = []
const ops = []
const errors = {}
let stopping = false

/** One writer: its own connection, its transactions one after another until told to stop. */
async function writer(n) {
  const sql = postgres(url, {
    max: 1, fetch_types: false, onnotice: () => {}, connection: { application_name: 'pgstrata-bench-writer' },
  })
  await sql`select 1`
  let inserted = 0
  return {
    async run() {
      let next = now()
      while (!stopping) {
        const r = Math.random()
        const op = r < 0.5 ? 0 : r < 0.8 ? 1 : 2
        const begin = now()
        try {
          // Explicit column lists: a prepared SELECT * would fail once the table gains a column.
          if (op === 0) await sql`select id, sku, qty, status from items where id = ${pick(rows)}`
          else if (op === 1) await sql`update items set qty = ${pick(1000) - 1}, status = ${STATUSES[pick(4) - 1]} where id = ${pick(rows)}`
          else await sql`insert into items (sku, qty, status, note) values (${`w-${tag}-${n}-${++inserted}`}, ${pick(100)}, 'new', ${`writer ${n}`})`
        } catch (error) {
          const key = `${error.code ?? 'no code'} ${String(error.message).slice(0, 160)}`
          errors[key] = (errors[key] ?? 0) + 1
        }
        const end = now()
        started.push(begin)
        latency.push(end - begin)
        ops.push(op)
        next = Math.max(next + intervalMs, end)
        const wait = next - now()
        if (wait > 0) await sleep(wait)
      }
      await sql.end({ timeout: 5 })
    },
  }
}

const writers = await Promise.all(Array.from({ length: connections }, (_, n) => writer(n)))
const runs = writers.map((w) => w.run())
process.send('ready')
process.on('message', async (message) => {
  if (message !== 'stop') return
  stopping = true
  await Promise.all(runs)
  process.send({ started, latency, ops, errors }, () => process.exit(0))
})
