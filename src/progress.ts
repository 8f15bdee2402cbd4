// Progress of long work (introspecting thousands of tables, verify over a long
// history), for a person watching. The engine reports; the CLI decides what
// to show: the latest line on a terminal, nothing when stderr is piped.
export type ProgressSink = (line: string) => void

let sink: ProgressSink = () => {}
let headline = ''

/** Where progress lines go from now on. */
export function onProgress(next: ProgressSink): void {
  sink = next
}

/** Reports what long work is doing now; the line replaces the one before. */
export function progress(line: string): void {
  headline = line
  sink(line)
}

/** A detail of the current step (the catalog queries of one introspection), shown after the headline. */
export function detail(line: string): void {
  sink(headline === '' ? line : `${headline} · ${line}`)
}

/** Ends the current headline, so that later details stand alone. */
export function progressDone(): void {
  headline = ''
}
