import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id } from './columns.js';

/**
 * Who did what, when (R22): logins, every change, and every access to tickets and recordings.
 * details never holds citizens' personal data, only ids and field names.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    at: at('at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorUsername: text('actor_username'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    ip: text('ip'),
    details: jsonb('details'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_entity_idx').on(t.entityType, t.entityId),
    // The audit search (issue 14): by what (an action or its prefix) and by who, newest first.
    index('audit_action_at_idx').on(t.action, t.at),
    index('audit_actor_at_idx').on(t.actorUserId, t.at),
  ],
);
