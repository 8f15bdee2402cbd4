// The fixture that drops connections under the driver, and what it must report.
import { spawn } from 'node:child_process'
import path from 'node:path'
import * as assert from 'uvu/assert'
import { REPO } from './project.ts'

export const DROP_FIXTURE = path.join(REPO, 'test/fixtures/drop-connection.mjs')

/** Runs the fixture with `node` in `cwd`, where its 'postgres' import resolves. */
export function runDropFixture(fixture: string, url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [fixture, url], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const limit = setTimeout(() => child.kill('SIGKILL'), 60_000)
  return new Promise((resolve) => child.on('close', (code) => { clearTimeout(limit); resolve({ code, stdout, stderr }) }))
}

const DROPPED = /^(57P01|CONNECTION_CLOSED|CONNECTION_DESTROYED|ECONNRESET|EPIPE)$/

/** What every case of the fixture must report. */
export function assertDropOutcomes(result: { code: number | null; stdout: string; stderr: string }): void {
  assert.is(result.code, 0, result.stderr)
  const outcomes = JSON.parse(result.stdout) as Record<string, string>
  assert.is(outcomes.idleClosed, 'noticed')
  assert.is(outcomes.idleAfter, 'reconnected 1')
  assert.match(outcomes.busy!, DROPPED)
  assert.is(outcomes.busyNext, 'ok', 'the stale 57P01 error must not be replayed on the next query')
  for (const wait of [0, 200]) {
    assert.match(outcomes[`reserved${wait}First`]!, DROPPED, `reserved, used ${wait} ms after the kill`)
    assert.match(outcomes[`reserved${wait}Second`]!, DROPPED, `reserved, used twice ${wait} ms after the kill (#1209)`)
    assert.is(outcomes[`reserved${wait}PoolAfter`], 'ok', 'the pool serves queries after the dead connection is released')
  }
}
