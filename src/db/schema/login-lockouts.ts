import { integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.js';
import { users } from './accounts.js';

/**
 * Wrong passwords per account *and* client address (issue 12): an address that failed too often is locked out of
 * that account for a while; the account's owner, elsewhere, still signs in. `clientAddress` is an IPv4 address or an
 * IPv6 /64 network (src/auth/client-address.ts).
 */
export const loginLockouts = pgTable(
  'login_lockouts',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientAddress: text('client_address').notNull(),
    /** Wrong passwords in a row from this address (the run restarts after a quiet lock period). */
    failures: integer('failures').notNull().default(0),
    lastFailureAt: at('last_failure_at').notNull().defaultNow(),
    lockedUntil: at('locked_until'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clientAddress] })],
);
