// The example app's users: people who sign in with a password or with Google.
import { boolean, sql, table, timestamptz, uuid, varchar } from 'pgstrata'

export const users = table('users', {
  id: uuid().primaryKey().default(sql`gen_random_uuid()`),
  email: varchar().notNull().unique(),
  hashedPassword: varchar('hashed_password'),
  isActive: boolean('is_active'),
  isSuperuser: boolean('is_superuser'),
  googleId: varchar('google_id').unique(),
  createdAt: timestamptz('created_at').default(sql`now()`),
  updatedAt: timestamptz('updated_at').default(sql`now()`),
})
