#!/usr/bin/env node
// Runs the CLI as the build bundled it (dist/bundle: src/cli/main.ts and what
// it imports in a few files, each command's code loaded when it runs). `npm ci`
// builds it (the prepare script); in a checkout where it is missing, say how
// to build it instead of a stack trace.
import { existsSync } from 'node:fs'

const entry = new URL('../dist/bundle/main.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write('pgstrata: error NOT_BUILT: dist/ is missing\n  hint: run npm run build (npm ci does it for you)\n')
  process.exit(2)
}
const { main, exit } = await import(entry.href)
await exit(await main(process.argv.slice(2)))
