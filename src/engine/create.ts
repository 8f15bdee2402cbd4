// Writing a new migration pair. The version is today's date and the next
// number for it, and always sorts after every version already in the folder.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../errors.ts'
import { display, readMigrations } from './files.ts'
import { pgstrata } from '../invocation.ts'

export interface NewPair {
  readonly version: string
  readonly id: string
  readonly upPath: string
  readonly downPath: string
}

/** `Add Orders!` → `add_orders`. */
export function slugOf(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60).replace(/_+$/, '')
  if (slug === '') {
    throw new UsageError('BAD_NAME', `the migration name ${JSON.stringify(name)} has no letters or digits to make a file name from`, {
      hint: pgstrata('create "add orders"'),
    })
  }
  return slug
}

/** The next version after `existing` for a migration created on `today`. Pure: the date is passed in. */
export function nextVersion(existing: readonly string[], today: Date): string {
  const date = `${today.getFullYear()}${String(today.getMonth() + 1).padStart(2, '0')}${String(today.getDate()).padStart(2, '0')}`
  const newest = [...existing].sort().at(-1)
  if (newest === undefined || newest.slice(0, 8) < date) return `${date}_001`
  const sequence = Number(newest.slice(9)) + 1
  if (sequence > 999) {
    throw new UsageError('VERSION_EXHAUSTED', `version ${newest} is the last one for ${newest.slice(0, 8)}`, { hint: 'wait until tomorrow, or renumber' })
  }
  return `${newest.slice(0, 8)}_${String(sequence).padStart(3, '0')}`
}

/** Writes a blank up/down pair with headers; refuses to overwrite anything. */
export function createEmptyPair(dir: string, name: string, today: Date): Promise<NewPair> {
  const header = (id: string, direction: string, what: string) =>
    `-- ${id} (${direction}): ${name}\n-- ${what}\n-- Each file runs in one transaction with its ledger row; do not write BEGIN or COMMIT.\n\n`
  return writePair(dir, name, today, (id) => ({
    up: header(id, 'up', 'Write the change here.'),
    down: header(id, 'down', 'Write what undoes the up file here, or replace this line with: -- pgstrata:irreversible <why>'),
  }))
}

/** Writes a new pair with the next version; `contents` gets its id (`<version>_<slug>`). Refuses to overwrite anything. */
export async function writePair(dir: string, name: string, today: Date, contents: (id: string) => { up: string; down: string }): Promise<NewPair> {
  const slug = slugOf(name)
  await mkdir(dir, { recursive: true })
  const existing = await readMigrations(dir)
  const version = nextVersion(existing.map((m) => m.version), today)
  const id = `${version}_${slug}`
  const upPath = path.join(dir, `${id}.up.sql`)
  const downPath = path.join(dir, `${id}.down.sql`)
  const { up, down } = contents(id)
  await writeFile(upPath, up, { flag: 'wx' })
  try {
    await writeFile(downPath, down, { flag: 'wx' })
  } catch (error) {
    // Never leave half a pair behind.
    await rm(upPath, { force: true })
    throw error
  }
  return { version, id, upPath: display(upPath), downPath: display(downPath) }
}
