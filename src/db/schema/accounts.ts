import { sql } from 'drizzle-orm';
import { boolean, check, index, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns.js';
import { agencies } from './organisation.js';

export const userRole = pgEnum('user_role', ['admin', 'supervisor', 'operator', 'agency_officer']);

export const users = pgTable(
  'users',
  {
    id: id(),
    username: text('username').notNull().unique(),
    fullName: text('full_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    /** Set exactly for agency officers: the one agency whose data they may see. */
    agencyId: uuid('agency_id').references(() => agencies.id),
    email: text('email'),
    phone: text('phone'),
    active: boolean('active').notNull().default(true),
    /** The latest lockout of some client address from this account (login_lockouts), shown to admins. */
    lockedUntil: at('locked_until'),
    passwordChangedAt: at('password_changed_at'),
    lastLoginAt: at('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'users_agency_matches_role',
      sql`(${t.role} = 'agency_officer') = (${t.agencyId} IS NOT NULL)`,
    ),
  ],
);

/** Server-side login sessions; the cookie carries a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const sipEndpointKind = pgEnum('sip_endpoint_kind', ['ip_phone', 'softphone']);

/** Operators' phones (R4): an Asterisk endpoint such as PJSIP/op101, bound to at most one operator. */
export const sipEndpoints = pgTable('sip_endpoints', {
  id: id(),
  endpoint: text('endpoint').notNull().unique(),
  kind: sipEndpointKind('kind').notNull(),
  label: text('label'),
  userId: uuid('user_id')
    .unique()
    .references(() => users.id, { onDelete: 'set null' }),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
