// Hints name the commands the user has: the project's make targets where its
// Makefile defines them, `npx pgstrata …` everywhere else.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { makeTargetsIn, pgstrata, useProject } from '../src/invocation.ts'
import { REPO } from './helpers/project.ts'

test('without a Makefile every command is npx pgstrata', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pgstrata-invocation-'))
  try {
    useProject(dir)
    assert.is(pgstrata('up'), 'npx pgstrata up')
    assert.is(pgstrata('create "add orders" --from migrations'), 'npx pgstrata create "add orders" --from migrations')
    await writeFile(path.join(dir, 'Makefile'), 'build:\n\tcc main.c\n')
    useProject(dir)
    assert.is(pgstrata('down --to base'), 'npx pgstrata down --to base', 'a Makefile without the targets')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('this repository has the workflow targets, and commands without one stay npx', () => {
  useProject(REPO)
  assert.is(pgstrata('up'), 'make migrate-up')
  assert.is(pgstrata('down --to base'), 'make migrate-down args="--to base"')
  assert.is(pgstrata('status'), 'make migrate-status')
  assert.is(pgstrata('create "add orders"'), 'make migrate-create name="add orders"')
  assert.is(pgstrata('create "backfill" --empty'), 'make migrate-create name="backfill" empty=1')
  assert.is(pgstrata('create "…" --from migrations'), 'make migrate-create name="…" args="--from migrations"')
  assert.is(pgstrata('verify'), 'npx pgstrata verify')
  assert.is(pgstrata('accept 20230921_001 --reason "…"'), 'npx pgstrata accept 20230921_001 --reason "…"')
})

test('only the targets a Makefile defines count', () => {
  const targets = makeTargetsIn('migrate-up migrate-down: dist\n\tnode x\nX := migrate-status\nmigrate-check:: a\n#migrate-history:\n')
  assert.equal([...targets].sort(), ['migrate-check', 'migrate-down', 'migrate-up'])
  useProject(os.tmpdir())
})

test.run()
