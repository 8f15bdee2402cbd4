#!/usr/bin/env node
// Runs the compiled CLI. `npm ci` builds it (the prepare script); in a
// checkout where dist/ is missing, say how to build it instead of a stack trace.
import { existsSync } from 'node:fs'

const entry = new URL('../dist/cli/main.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write('pgstrata: error NOT_BUILT: dist/ is missing\n  hint: run npm run build (npm ci does it for you)\n')
  process.exit(2)
}
const { main, exit } = await import(entry.href)
await exit(await main(process.argv.slice(2)))
