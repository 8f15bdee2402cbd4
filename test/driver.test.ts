// A dropped connection must end a pgstrata run with an error, never a crash or
// a hang. postgres@3.4.9 could do both (porsager/postgres#1154, #1208, #1209);
// pgstrata depends on postgres@4, which settles every query on a connection
// that is gone. test/fixtures/drop-connection.mjs holds the cases; package.test.ts
// runs the same fixture in an app that installed the packed pgstrata.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { freshDatabase } from './helpers/database.ts'
import { REPO } from './helpers/project.ts'
import { assertDropOutcomes, DROP_FIXTURE, runDropFixture } from './helpers/drop.ts'

test('the driver is postgres@4, which needs no patch', async () => {
  const { version } = JSON.parse(await readFile(path.join(REPO, 'node_modules/postgres/package.json'), 'utf8')) as { version: string }
  assert.match(version, /^4\./)
})

test('terminated connections reject their queries, a dead reserved connection settles every query, and the process lives on', async () => {
  const db = await freshDatabase()
  try {
    assertDropOutcomes(await runDropFixture(DROP_FIXTURE, db.url))
  } finally {
    await db.drop()
  }
})

test.run()
