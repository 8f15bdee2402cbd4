// The package's public surface: the schema DSL that files under schema/ import.
//   import { table, uuid, text, sql } from 'pgstrata'
export { sql, type Sql } from './dsl/core.ts'
export {
  Column, smallint, integer, bigint, smallserial, serial, bigserial, real, doublePrecision, numeric, text, varchar, char, boolean,
  date, time, timetz, timestamp, timestamptz, interval, uuid, json, jsonb, bytea, inet, cidr, macaddr, type,
  type DefaultValue, type IdentityOptions, type ReferenceOptions, type ReferentialAction,
} from './dsl/columns.ts'
export {
  table, index, uniqueIndex, primaryKey, unique, check, foreignKey, exclude, policy, comment, renamedFrom, rls, partitionBy, partitionOf, unlogged,
  replicaIdentity, storageParameters,
  type AnyTable, type Table, type TableExtra, type Part,
} from './dsl/tables.ts'
export {
  enumType, domain, compositeType, sequence, view, materializedView, fn, procedure, trigger, extension, pgSchema,
  type EnumValue, type SequenceOptions, type ViewOptions, type MaterializedViewOptions,
} from './dsl/objects.ts'
export { grant, type GrantOptions, type Privilege } from './dsl/grants.ts'
