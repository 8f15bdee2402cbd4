// Shared pieces of rendering: names of model objects as SQL, column
// definitions, options lists.
import { partsOf, type Key } from '../../model/key.ts'
import type { Column, Identity, Model, SequenceOptions } from '../../model/types.ts'
import { ident, literal, qualified } from '../quote.ts'

export interface RenderContext {
  /** server_version_num of the server the statements will run on. */
  readonly versionNum: number
  readonly from: Model
  readonly to: Model
}

/** The qualified SQL name of a schema-level object given by key. */
export function nameOfKey(key: Key): string {
  const { schema, name } = partsOf(key)
  return qualified(schema, name)
}

/** `START WITH 1 INCREMENT BY 1 …` as CREATE/ALTER SEQUENCE and identity columns take them. */
export function sequenceOptions(o: Omit<SequenceOptions, 'type'>): string {
  return `START WITH ${o.start} INCREMENT BY ${o.increment} MINVALUE ${o.min} MAXVALUE ${o.max} CACHE ${o.cache} ${o.cycle ? 'CYCLE' : 'NO CYCLE'}`
}

export function identityClause(identity: Identity): string {
  return `GENERATED ${identity.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY (${sequenceOptions(identity)})`
}

/** A column as CREATE TABLE and ADD COLUMN spell it. */
export function columnDefinition(column: Column): string {
  const parts = [ident(column.name), column.type]
  if (column.compression !== undefined) parts.push(`COMPRESSION ${ident(column.compression)}`)
  if (column.collation) parts.push(`COLLATE ${column.collation}`)
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.stored ? 'STORED' : 'VIRTUAL'}`)
  if (column.identity) parts.push(identityClause(column.identity))
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`)
  if (column.notNull && !column.identity) parts.push('NOT NULL')
  return parts.join(' ')
}

/** `(a = 1, b = 'x')` from `a=1` style storage parameters. */
export function withOptions(options: readonly string[]): string {
  return `(${options.map(optionAssignment).join(', ')})`
}

function optionAssignment(option: string): string {
  const at = option.indexOf('=')
  const name = option.slice(0, at)
  const value = option.slice(at + 1)
  return `${name} = ${/^[A-Za-z0-9_.]+$/.test(value) ? value : literal(value)}`
}

export const statement = (text: string): string => `${text.trimEnd().replace(/;$/, '')};`

/** A PL/pgSQL body as a DO block, with a dollar quote its text cannot end early. */
export { doBlock } from '../quote.ts'
