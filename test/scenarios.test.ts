// The scenario corpus: for each test/scenarios/<name>, the generated up and
// down migrations are applied to a real server and checked against the
// target and the start.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { testServer } from './helpers/database.ts'
import { loadScenarios, runScenario } from './helpers/scenarios.ts'

const only = process.env.SCENARIO
const scenarios = loadScenarios().filter((s) => !only || s.name.includes(only))
const { version } = await testServer()
const versionNum = Number(/^(\d+)\.(\d+)/.exec(version)!.slice(1).reduce((major, minor) => String(Number(major) * 10000 + Number(minor))))
const skipped = scenarios.filter((s) => s.minVersion > versionNum)
if (skipped.length > 0) process.stderr.write(`scenarios: ${skipped.length} skipped on PostgreSQL ${version}: ${skipped.map((s) => s.name).join(', ')}\n`)

for (const scenario of scenarios) {
  if (scenario.minVersion > versionNum) continue
  test(`scenario ${scenario.name}: up reaches the target, down restores the start`, async () => {
    const outcome = await runScenario(scenario)
    const show = () => `\n--- up ---\n${outcome.upScript}\n--- down ---\n${outcome.downScript}`
    assert.equal(outcome.unparsable, [], `generated SQL does not parse${show()}`)
    if (scenario.expectEmpty) {
      assert.is(outcome.up.steps.length + outcome.down.steps.length, 0, `expected no changes${show()}`)
      return
    }
    if (scenario.expectError) {
      assert.ok(outcome.upError, `expected ${scenario.expectError}, but up succeeded${show()}`)
      assert.match(outcome.upError!.message, scenario.expectError, show())
      return
    }
    const forbidden = [...outcome.up.steps, ...outcome.down.steps].filter((s) => scenario.forbid?.includes(s.change.kind)).map((s) => s.id)
    assert.equal(forbidden, [], `steps of a forbidden kind${show()}`)
    if (scenario.transactions !== undefined) assert.is(outcome.up.transactions, scenario.transactions, `transactions in up${show()}`)
    if (outcome.upError) assert.unreachable(`up failed: ${outcome.upError.message}${show()}`)
    assert.equal(outcome.checkErrors, [], `a check after up or down failed${show()}`)
    assert.equal(outcome.residualUp, [], `after up, the diff to the target is not empty${show()}`)
    assert.equal(outcome.afterUp, outcome.target, `after up, the model differs from the target${show()}`)
    if (outcome.downError) {
      assert.ok(scenario.destructive, `down failed: ${outcome.downError.message}${show()}`)
      return
    }
    assert.equal(outcome.residualDown, [], `after down, the diff to the start is not empty${show()}`)
    assert.equal(outcome.afterDown, outcome.start, `after down, the model differs from the start${show()}`)
    if (!scenario.destructive) assert.equal(outcome.lostRows, [], `rows were lost${show()}`)
  })
}

test.run()
