// Rendering schemas, extensions, collations, types and sequences.
import type { Change, ColumnRef } from '../../diff/change.ts'
import { parseTypeName } from '../../diff/names.ts'
import type { Collation, CompositeType, Domain } from '../../model/types.ts'
import { ident, literal, qualified } from '../quote.ts'
import { doBlock, nameOfKey, sequenceOptions, statement, type RenderContext } from './common.ts'

type Of<K extends Change['kind']> = Extract<Change, { kind: K }>

export const schemaRenderers = {
  createSchema: ({ schema }: Of<'createSchema'>) => [statement(`CREATE SCHEMA ${ident(schema.name)}`)],
  dropSchema: ({ schema }: Of<'dropSchema'>) => [statement(`DROP SCHEMA ${ident(schema.name)}`)],
  renameSchema: ({ from, to }: Of<'renameSchema'>) => [statement(`ALTER SCHEMA ${ident(from)} RENAME TO ${ident(to)}`)],
  createExtension: ({ extension: x }: Of<'createExtension'>) =>
    [statement(`CREATE EXTENSION ${ident(x.name)} WITH SCHEMA ${ident(x.schema)} VERSION ${literal(x.version)}`)],
  dropExtension: ({ extension }: Of<'dropExtension'>) => [statement(`DROP EXTENSION ${ident(extension.name)}`)],
  alterExtension: ({ from, to }: Of<'alterExtension'>) => [
    ...(from.schema !== to.schema ? [statement(`ALTER EXTENSION ${ident(to.name)} SET SCHEMA ${ident(to.schema)}`)] : []),
    ...(from.version !== to.version ? [statement(`ALTER EXTENSION ${ident(to.name)} UPDATE TO ${literal(to.version)}`)] : []),
  ],
  createCollation: ({ collation }: Of<'createCollation'>) => [statement(`CREATE COLLATION ${qualified(collation.schema, collation.name)} (${collationOptions(collation)})`)],
  dropCollation: ({ collation }: Of<'dropCollation'>) => [statement(`DROP COLLATION ${qualified(collation.schema, collation.name)}`)],
}

function collationOptions(c: Collation): string {
  const options: string[] = []
  if (c.provider === 'i') {
    options.push('provider = icu', `locale = ${literal(c.locale ?? c.lcCollate ?? '')}`)
  } else if (c.provider === 'b') {
    options.push('provider = builtin', `locale = ${literal(c.locale ?? 'C')}`)
  } else if (c.lcCollate === c.lcCtype) {
    options.push('provider = libc', `locale = ${literal(c.lcCollate ?? 'C')}`)
  } else {
    options.push('provider = libc', `lc_collate = ${literal(c.lcCollate ?? 'C')}`, `lc_ctype = ${literal(c.lcCtype ?? 'C')}`)
  }
  if (!c.deterministic) options.push('deterministic = false')
  return options.join(', ')
}

const labels = (values: readonly string[]) => values.map(literal).join(', ')

export const typeRenderers = {
  createEnum: ({ type }: Of<'createEnum'>) => [statement(`CREATE TYPE ${qualified(type.schema, type.name)} AS ENUM (${labels(type.labels)})`)],
  dropEnum: ({ type }: Of<'dropEnum'>) => [statement(`DROP TYPE ${qualified(type.schema, type.name)}`)],
  addEnumValue: ({ type, value, position }: Of<'addEnumValue'>) => {
    const where = position === null ? '' : 'before' in position ? ` BEFORE ${literal(position.before)}` : ` AFTER ${literal(position.after)}`
    return [statement(`ALTER TYPE ${qualified(type.schema, type.name)} ADD VALUE ${literal(value)}${where}`)]
  },
  renameEnumValue: ({ type, from, to }: Of<'renameEnumValue'>) =>
    [statement(`ALTER TYPE ${qualified(type.schema, type.name)} RENAME VALUE ${literal(from)} TO ${literal(to)}`)],
  recreateEnum: ({ from, to, columns, domains }: Of<'recreateEnum'>) => {
    const removed = from.labels.filter((l) => !to.labels.includes(l))
    const name = qualified(to.schema, to.name)
    const old = oldName(to.name)
    const stored = [...columns, ...domains.flatMap((d) => d.columns)]
    // Stop before touching anything if a value being removed is still stored.
    const checks = removed.length === 0 || stored.length === 0 ? [] : [statement(doBlock(stored.map((c) => {
      const dims = parseTypeName(c.type)?.dimensions ?? 0
      const test = dims > 0 ? `${ident(c.column)}::text[] && ARRAY[${labels(removed)}]` : `${ident(c.column)}::text IN (${labels(removed)})`
      return `IF EXISTS (SELECT FROM ${nameOfKey(c.table)} WHERE ${test}) THEN
  RAISE EXCEPTION 'ENUM_VALUE_IN_USE: %.% still holds a value removed from %', ${literal(nameOfKey(c.table))}, ${literal(c.column)}, ${literal(name)}
    USING HINT = 'update those rows to another value in an earlier migration, or keep the value';
END IF;`
    }).join('\n')))]
    // Domains over the enum are made again over the new type, their columns
    // moved through text; then the old domains and the old type can go.
    return [
      ...checks,
      statement(`ALTER TYPE ${name} RENAME TO ${ident(old)}`),
      statement(`CREATE TYPE ${name} AS ENUM (${labels(to.labels)})`),
      // A new type starts without the old one's comment.
      ...commentAgain('TYPE', name, to.comment),
      ...domains.flatMap((d) => [
        statement(`ALTER DOMAIN ${qualified(d.to.schema, d.to.name)} RENAME TO ${ident(oldName(d.to.name))}`),
        ...typeRenderers.createDomain({ kind: 'createDomain', domain: d.to }),
        ...commentAgain('DOMAIN', qualified(d.to.schema, d.to.name), d.to.comment),
        ...d.columns.flatMap((c) => retypeColumn(c, `${qualified(d.to.schema, d.to.name)}${'[]'.repeat(parseTypeName(c.type)?.dimensions ?? 0)}`, 'text')),
      ]),
      ...columns.flatMap((c) => retypeColumn(c, `${name}${'[]'.repeat(parseTypeName(c.type)?.dimensions ?? 0)}`, 'text')),
      ...domains.map((d) => statement(`DROP DOMAIN ${qualified(d.to.schema, oldName(d.to.name))}`)),
      statement(`DROP TYPE ${qualified(to.schema, old)}`),
    ]
  },
  createDomain: ({ domain: d }: Of<'createDomain'>) => [
    statement(`CREATE DOMAIN ${qualified(d.schema, d.name)} AS ${d.type}${d.collation ? ` COLLATE ${d.collation}` : ''}${d.default !== null ? ` DEFAULT ${d.default}` : ''}${d.notNull ? ' NOT NULL' : ''}`),
    ...d.checks.flatMap((c) => addDomainCheck(d, c)),
  ],
  dropDomain: ({ domain }: Of<'dropDomain'>) => [statement(`DROP DOMAIN ${qualified(domain.schema, domain.name)}`)],
  alterDomain: ({ from, to }: Of<'alterDomain'>) => alterDomain(from, to),
  recreateDomain: ({ from, to, columns }: Of<'recreateDomain'>) => {
    const name = qualified(to.schema, to.name)
    const old = oldName(to.name)
    return [
      statement(`ALTER DOMAIN ${name} RENAME TO ${ident(old)}`),
      ...typeRenderers.createDomain({ kind: 'createDomain', domain: to }),
      ...commentAgain('DOMAIN', name, to.comment),
      ...columns.flatMap((c) => retypeColumn(c, `${name}${'[]'.repeat(parseTypeName(c.type)?.dimensions ?? 0)}`, from.type)),
      statement(`DROP DOMAIN ${qualified(to.schema, old)}`),
    ]
  },
  createComposite: ({ type }: Of<'createComposite'>) => [statement(`CREATE TYPE ${qualified(type.schema, type.name)} AS (${
    type.attributes.map((a) => `${ident(a.name)} ${a.type}${a.collation ? ` COLLATE ${a.collation}` : ''}`).join(', ')})`)],
  dropComposite: ({ type }: Of<'dropComposite'>) => [statement(`DROP TYPE ${qualified(type.schema, type.name)}`)],
  alterComposite: ({ from, to, columns }: Of<'alterComposite'>) => columns === undefined ? alterAttributes(from, to) : [
    // Attributes added or dropped in place first: then the old type and the
    // new one have the same attributes, and one text form.
    ...alterAttributes(from, { ...to, attributes: to.attributes.map((b) => from.attributes.find((a) => a.name === b.name) ?? b) }),
    statement(`ALTER TYPE ${qualified(to.schema, to.name)} RENAME TO ${ident(oldName(to.name))}`),
    ...typeRenderers.createComposite({ kind: 'createComposite', type: to }),
    ...commentAgain('TYPE', qualified(to.schema, to.name), to.comment),
    ...to.attributes.flatMap((a) => commentAgain('COLUMN', `${qualified(to.schema, to.name)}.${ident(a.name)}`, a.comment)),
    ...columns.flatMap((c) => retypeColumn(c, `${qualified(to.schema, to.name)}${'[]'.repeat(parseTypeName(c.type)?.dimensions ?? 0)}`, 'text')),
    statement(`DROP TYPE ${qualified(to.schema, oldName(to.name))}`),
  ],  createRange: ({ type: r }: Of<'createRange'>) => {
    const options = [`subtype = ${r.subtype}`]
    if (r.subtypeOpclass) options.push(`subtype_opclass = ${r.subtypeOpclass}`)
    if (r.collation) options.push(`collation = ${r.collation}`)
    if (r.canonical) options.push(`canonical = ${r.canonical}`)
    if (r.subtypeDiff) options.push(`subtype_diff = ${r.subtypeDiff}`)
    if (r.multirange) options.push(`multirange_type_name = ${r.multirange}`)
    return [statement(`CREATE TYPE ${qualified(r.schema, r.name)} AS RANGE (${options.join(', ')})`)]
  },
  dropRange: ({ type }: Of<'dropRange'>) => [statement(`DROP TYPE ${qualified(type.schema, type.name)}`)],
}

function alterAttributes(from: CompositeType, to: CompositeType): string[] {
  const actions: string[] = []
  for (const a of from.attributes) if (!to.attributes.some((b) => b.name === a.name)) actions.push(`DROP ATTRIBUTE ${ident(a.name)}`)
  for (const b of to.attributes) {
    const a = from.attributes.find((x) => x.name === b.name)
    const spelled = `${b.type}${b.collation ? ` COLLATE ${b.collation}` : ''}`
    if (a === undefined) actions.push(`ADD ATTRIBUTE ${ident(b.name)} ${spelled}`)
    else if (a.type !== b.type || a.collation !== b.collation) actions.push(`ALTER ATTRIBUTE ${ident(b.name)} TYPE ${spelled}`)
  }
  return actions.length === 0 ? [] : [statement(`ALTER TYPE ${qualified(to.schema, to.name)} ${actions.join(', ')}`)]
}

const commentAgain = (kind: string, name: string, comment: string | null) =>
  comment === null ? [] : [statement(`COMMENT ON ${kind} ${name} IS ${literal(comment)}`)]

/** A name for the old type while its replacement takes over; kept under 63 bytes. */
const oldName = (name: string) => `${name.slice(0, 40)}__pgstrata_old`

/** Moves a column to a recreated type, through `via` (its text or base type), keeping its default. */
function retypeColumn(c: ColumnRef, type: string, via: string): string[] {
  const table = nameOfKey(c.table)
  const column = ident(c.column)
  const dims = parseTypeName(c.type)?.dimensions ?? 0
  return [
    ...(c.hadDefault ? [statement(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`)] : []),
    statement(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${type} USING ${column}::${via}${'[]'.repeat(dims)}::${type}`),
    ...(c.default !== null ? [statement(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${c.default}`)] : []),
  ]
}

function addDomainCheck(d: Domain, c: Domain['checks'][number]): string[] {
  return [
    statement(`ALTER DOMAIN ${qualified(d.schema, d.name)} ADD CONSTRAINT ${ident(c.name)} ${c.definition}`),
    ...(c.comment !== null ? [statement(`COMMENT ON CONSTRAINT ${ident(c.name)} ON DOMAIN ${qualified(d.schema, d.name)} IS ${literal(c.comment)}`)] : []),
  ]
}

function alterDomain(from: Domain, to: Domain): string[] {
  const name = qualified(to.schema, to.name)
  const out: string[] = []
  if (from.default !== to.default) out.push(statement(to.default === null ? `ALTER DOMAIN ${name} DROP DEFAULT` : `ALTER DOMAIN ${name} SET DEFAULT ${to.default}`))
  for (const check of from.checks) {
    const next = to.checks.find((c) => c.name === check.name)
    if (next === undefined || next.definition.replace(/ NOT VALID$/, '') !== check.definition.replace(/ NOT VALID$/, '') || (check.validated && !next.validated)) {
      out.push(statement(`ALTER DOMAIN ${name} DROP CONSTRAINT ${ident(check.name)}`))
    }
  }
  for (const check of to.checks) {
    const old = from.checks.find((c) => c.name === check.name)
    const replaced = old === undefined || old.definition.replace(/ NOT VALID$/, '') !== check.definition.replace(/ NOT VALID$/, '') || (old.validated && !check.validated)
    if (replaced) out.push(...addDomainCheck(to, check))
    else {
      if (!old.validated && check.validated) out.push(statement(`ALTER DOMAIN ${name} VALIDATE CONSTRAINT ${ident(check.name)}`))
      if (old.comment !== check.comment) out.push(statement(`COMMENT ON CONSTRAINT ${ident(check.name)} ON DOMAIN ${name} IS ${check.comment === null ? 'NULL' : literal(check.comment)}`))
    }
  }
  if (from.notNull !== to.notNull) out.push(statement(`ALTER DOMAIN ${name} ${to.notNull ? 'SET' : 'DROP'} NOT NULL`))
  return out
}

export const sequenceRenderers = {
  createSequence: ({ sequence: s }: Of<'createSequence'>) => [statement(`CREATE SEQUENCE ${qualified(s.schema, s.name)} AS ${s.type} ${sequenceOptions(s)}`)],
  dropSequence: ({ sequence: s }: Of<'dropSequence'>) => [statement(`DROP SEQUENCE ${qualified(s.schema, s.name)}`)],
  alterSequence: ({ from, to: s }: Of<'alterSequence'>) => {
    const alter = `ALTER SEQUENCE ${qualified(s.schema, s.name)} AS ${s.type} ${sequenceOptions(s)}`
    if (from.min === s.min && from.max === s.max) return [statement(alter)]
    return [statement(restartIfOutside(`SELECT last_value FROM ${qualified(s.schema, s.name)}`, s, alter, `${alter} RESTART`))]
  },
  setSequenceOwner: ({ sequence: s, ownedBy }: Of<'setSequenceOwner'>) =>
    [statement(`ALTER SEQUENCE ${qualified(s.schema, s.name)} OWNED BY ${ownedBy === null ? 'NONE' : `${nameOfKey(ownedBy.table)}.${ident(ownedBy.column)}`}`)],
}

export type { RenderContext }

/**
 * PostgreSQL refuses new MINVALUE/MAXVALUE bounds that leave the sequence's
 * current value outside them. Then, and only then, the sequence restarts at
 * its START value; otherwise it keeps counting where it was.
 */
export function restartIfOutside(currentValue: string, bounds: { min: string; max: string }, keep: string, restart: string): string {
  return doBlock(`IF (${currentValue}) NOT BETWEEN ${bounds.min} AND ${bounds.max} THEN
  ${restart};
ELSE
  ${keep};
END IF;`)
}
