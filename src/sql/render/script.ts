// A plan as the text of a migration file: each step's statements under its
// hazards, steps apart by a blank line, and a `-- pgstrata:commit` line where
// the plan needs a new transaction (the runner honours it).
import type { Plan } from '../../diff/plan.ts'

export function renderScript(plan: Plan): string {
  const blocks: string[] = []
  // SQL-language bodies are checked against the catalog when created; a
  // function created before the table it reads would fail. pg_dump does the same.
  if (plan.steps.some((s) => (s.change.kind === 'createRoutine' && s.change.routine.language === 'sql') || (s.change.kind === 'replaceRoutine' && s.change.to.language === 'sql'))) {
    blocks.push('SET check_function_bodies = false;')
  }
  let transaction = 0
  for (const step of plan.steps) {
    if (step.sql.length === 0) continue
    if (step.transaction !== transaction) {
      blocks.push('-- pgstrata:commit new enum values must be committed before they can be used')
      transaction = step.transaction
    }
    blocks.push([...step.hazards.map((h) => `-- hazard ${h.kind}: ${h.message.replaceAll('\n', ' ')}`), ...step.sql].join('\n'))
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`
}
