// A plan as the text of a migration file: each step's statements under its
// hazards, steps apart by a blank line, and a `-- pgstrata:commit` line where
// the plan needs a new transaction (the runner honours it).
import type { Plan, Step } from '../../diff/plan.ts'

export function renderScript(plan: Plan): string {
  const blocks: string[] = []
  // SQL-language bodies are checked against the catalog when created; a
  // function created before the table it reads would fail. pg_dump turns the
  // check off too; SET LOCAL, so it ends with the transaction (the runner
  // runs each file, or each part of one, in a transaction).
  const sqlBody = (step: Step) => (step.change.kind === 'createRoutine' && step.change.routine.language === 'sql') ||
    (step.change.kind === 'replaceRoutine' && step.change.to.language === 'sql')
  const transactions = [...new Set(plan.steps.filter((s) => s.sql.length > 0).map((s) => s.transaction))]
  for (const transaction of transactions) {
    const steps = plan.steps.filter((s) => s.transaction === transaction && s.sql.length > 0)
    if (transaction !== transactions[0]) blocks.push(`-- pgstrata:commit ${plan.commitReasons?.[transaction] ?? 'new enum values must be committed before they can be used'}`)
    if (steps.some(sqlBody)) blocks.push('SET LOCAL check_function_bodies = false;')
    for (const step of steps) blocks.push([...step.hazards.map((h) => `-- hazard ${h.kind}: ${h.message.replaceAll('\n', ' ')}`), ...step.sql].join('\n'))
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`
}
