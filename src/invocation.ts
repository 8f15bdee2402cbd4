// How the user runs pgstrata in this project, for the commands that hints and
// messages name: `make migrate-up` where the project's Makefile has that
// target, `npx pgstrata up` everywhere else. The CLI reads the Makefile once at
// start-up (useProject); the engine only asks (pgstrata).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** The workflow's make targets, as this repository and `pgstrata init` write them. */
export const MAKE_TARGETS: Readonly<Record<string, string>> = {
  up: 'migrate-up',
  down: 'migrate-down',
  history: 'migrate-history',
  status: 'migrate-status',
  create: 'migrate-create',
  check: 'migrate-check',
}

const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile']

let targets: ReadonlySet<string> = new Set()

/** The workflow targets a Makefile's text defines. */
export function makeTargetsIn(text: string): Set<string> {
  const wanted = new Set(Object.values(MAKE_TARGETS))
  const found = new Set<string>()
  for (const match of text.matchAll(/^([A-Za-z0-9_. -]+?)\s*::?(?!=)/gm)) {
    for (const name of match[1]!.split(/\s+/)) if (wanted.has(name)) found.add(name)
  }
  return found
}

/** The Makefile make would read in `dir` (GNU make's order), or undefined. */
export function makefileIn(dir: string): string | undefined {
  return MAKEFILES.find((name) => existsSync(path.join(dir, name)))
}

/** Reads the make targets of the project in `projectDir` (none when it has no Makefile). */
export function useProject(projectDir: string): void {
  const makefile = makefileIn(projectDir)
  try {
    targets = makefile === undefined ? new Set() : makeTargetsIn(readFileSync(path.join(projectDir, makefile), 'utf8'))
  } catch {
    targets = new Set() // unreadable: hints name npx
  }
}

/**
 * The command line for a pgstrata command, as this project runs it:
 * pgstrata('down --to base') is `make migrate-down args="--to base"` or
 * `npx pgstrata down --to base`; pgstrata('create "add orders"') is
 * `make migrate-create name="add orders"` or `npx pgstrata create "add orders"`.
 */
export function pgstrata(line: string): string {
  const space = line.indexOf(' ')
  const command = space < 0 ? line : line.slice(0, space)
  const target = MAKE_TARGETS[command]
  if (target === undefined || !targets.has(target)) return `npx pgstrata ${line}`
  let rest = space < 0 ? '' : line.slice(space + 1).trim()
  let variables = ''
  if (command === 'create') {
    const name = /^("[^"]*"|\S+)\s*/.exec(rest)
    if (name) {
      variables += ` name=${name[1]!.startsWith('"') ? name[1] : `"${name[1]}"`}`
      rest = rest.slice(name[0].length)
    }
    if (/(^|\s)--empty(?=\s|$)/.test(rest)) {
      variables += ' empty=1'
      rest = rest.replace(/(^|\s)--empty(?=\s|$)/, '').trim()
    }
  }
  return `make ${target}${variables}${rest ? ` args="${rest.replaceAll('"', '\\"')}"` : ''}`
}
