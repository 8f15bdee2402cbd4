// Any error as one for people: pgstrata's own as they are, the driver's and
// cac's given a code and a hint, anything else reported as a bug.
import { isConnectionError, maskPassword } from '../db/connect.ts'
import { PgstrataError } from '../errors.ts'

export function asPgstrataError(error: unknown): PgstrataError {
  if (error instanceof PgstrataError) return error
  const e = (error ?? {}) as { name?: string; message?: string; code?: string; severity?: string; hint?: string; detail?: string }
  const message = maskPassword(e.message ?? String(error))
  // cac's own errors (unknown option, missing argument) are usage errors.
  if (e.name === 'CACError') return new PgstrataError('BAD_USAGE', message, { hint: 'add --help to see the options', exitCode: 2 })
  if (isConnectionError(error)) {
    return new PgstrataError('CONNECTION_ERROR', `the connection to the database failed: ${message}`, { hint: 'check that the server is up, then run again', cause: error })
  }
  if (e.severity !== undefined && e.code !== undefined) {
    return new PgstrataError('DATABASE_ERROR', `${message} (${e.code})`, {
      context: e.detail ? [`detail: ${e.detail}`] : [],
      hint: e.hint ?? 'check that the database user may read and write the ledger tables',
      cause: error,
    })
  }
  return new PgstrataError('INTERNAL', `unexpected error: ${message}`, {
    hint: 'this is a bug in pgstrata; please report it with the command you ran', cause: error,
  })
}
