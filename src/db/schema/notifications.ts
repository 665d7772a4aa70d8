import { index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.js';
import { userRole, users } from './accounts.js';
import { agencies } from './organisation.js';
import { tickets } from './tickets.js';

/**
 * Notices the deadline watch sends (R13, R20): 'ticket.due_soon', 'ticket.overdue'. One row per
 * (ticket, kind, threshold), shared by its recipients (the agency and supervisors); the UNIQUE
 * constraint is what makes a restart or a second run never notify twice.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    kind: text('kind').notNull(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** Which threshold was crossed: the deadline instant and the agency holding the ticket then. */
    threshold: text('threshold').notNull(),
    dueAt: at('due_at'),
    /** The agency notified (null: the ticket is at the hotline). */
    recipientAgencyId: uuid('recipient_agency_id').references(() => agencies.id),
    recipientRole: userRole('recipient_role'),
    createdAt: createdAt(),
    readAt: at('read_at'),
    readBy: uuid('read_by').references(() => users.id),
  },
  (t) => [
    unique('notifications_ticket_kind_threshold').on(t.ticketId, t.kind, t.threshold),
    index('notifications_agency_idx').on(t.recipientAgencyId, t.createdAt),
    index('notifications_created_idx').on(t.createdAt),
  ],
);
