// Errors are for people: a stable code for tests and scripts, a message that
// says what happened and where, and a hint that says what to do next.

export interface SourceLocation {
  readonly file: string
  readonly line: number
  readonly column: number
}

export interface ErrorDetails {
  readonly hint?: string | undefined
  readonly location?: SourceLocation | undefined
  /** Extra lines shown under the message: a source snippet, the server's detail. */
  readonly context?: readonly string[] | undefined
  /** 1 = a failed run or check, 2 = bad usage or bad input. */
  readonly exitCode?: 1 | 2 | undefined
  readonly cause?: unknown
}

export class PgstrataError extends Error {
  readonly code: string
  readonly hint: string | undefined
  readonly location: SourceLocation | undefined
  readonly context: readonly string[]
  readonly exitCode: 1 | 2

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = new.target.name
    this.code = code
    this.hint = details.hint
    this.location = details.location
    this.context = details.context ?? []
    this.exitCode = details.exitCode ?? 1
  }

  /** `file:line:col` when the error points into a file. */
  get where(): string | undefined {
    const at = this.location
    return at === undefined ? undefined : `${at.file}:${at.line}:${at.column}`
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.location === undefined ? {} : { location: this.location }),
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.context.length === 0 ? {} : { context: this.context }),
    }
  }
}

/** Bad usage or bad input: exit code 2. */
export class UsageError extends PgstrataError {
  constructor(code: string, message: string, details: Omit<ErrorDetails, 'exitCode'> = {}) {
    super(code, message, { ...details, exitCode: 2 })
  }
}
