import { index, integer, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.js';
import { agencies } from './organisation.js';
import { tickets } from './tickets.js';

export const smsStatus = pgEnum('sms_status', ['pending', 'sent', 'failed']);

/** Every SMS (R15), its delivery state and segment count: the province pays per message. */
export const smsMessages = pgTable(
  'sms_messages',
  {
    id: id(),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    /** The agency billed for it. */
    agencyId: uuid('agency_id').references(() => agencies.id),
    phone: text('phone').notNull(),
    template: text('template').notNull(),
    body: text('body').notNull(),
    status: smsStatus('status').notNull().default('pending'),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    segments: integer('segments').notNull().default(1),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: at('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [index('sms_pending_idx').on(t.status, t.nextAttemptAt)],
);
