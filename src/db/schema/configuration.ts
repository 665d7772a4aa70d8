import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.js';
import { users } from './accounts.js';
import { ivrMenus } from './telephony.js';

/**
 * Every published definition of an IVR menu (R3, R24), kept so that an admin can see and restore an earlier one
 * (a restore publishes it again as a new version). The menu row holds the version in force.
 */
export const ivrMenuVersions = pgTable(
  'ivr_menu_versions',
  {
    menuId: uuid('menu_id')
      .notNull()
      .references(() => ivrMenus.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    /** What the admin said about this version ("thêm phím 6"), optional. */
    note: text('note'),
    /** The version it was restored from, when it is a restore. */
    restoredFrom: integer('restored_from'),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: at('published_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.menuId, t.version] })],
);

/**
 * Secrets the server makes for itself at first start and shares between its instances (e.g. the key that signs the
 * public form's proof-of-work challenges when PUBLIC_CHALLENGE_SECRET is not set). Never shown by any API.
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/**
 * Proof-of-work challenges already used by the public form (R16): a challenge is accepted once; its row is kept
 * until it would have expired anyway, then purged.
 */
export const publicChallengeUses = pgTable(
  'public_challenge_uses',
  {
    id: id(),
    /** SHA-256 of the challenge token. */
    challengeHash: text('challenge_hash').notNull().unique(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at').notNull().defaultNow(),
  },
  (t) => [index('public_challenge_uses_expires_idx').on(t.expiresAt)],
);
