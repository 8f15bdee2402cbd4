// Login sessions: one row per signed-in browser, gone with its user.
import { sql, table, timestamptz, uuid, varchar } from 'pgstrata'
import { users } from './users.ts'

export const sessions = table('sessions', {
  id: uuid().primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  sessionToken: varchar('session_token').notNull().unique(),
  expiresAt: timestamptz('expires_at').notNull(),
  createdAt: timestamptz('created_at').default(sql`now()`),
})
