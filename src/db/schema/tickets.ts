import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns.js';
import { users } from './accounts.js';
import { agencies, fields } from './organisation.js';
import { calls } from './telephony.js';
import { workCalendars } from './calendar.js';
import { conversationMessages } from './channels.js';
import { foldedWords, wordsAndPairs } from '../../search/fold.js';

export const ticketChannel = pgEnum('ticket_channel', [
  'phone',
  'web',
  'email',
  'zalo',
  'facebook',
  'chat',
  'walk_in',
]);

export const ticketStatus = pgEnum('ticket_status', [
  'received',
  'answered',
  'refused',
  'forwarded',
  'acknowledged',
  'resolved',
  'returned',
]);

export const ticketUrgency = pgEnum('ticket_urgency', ['normal', 'urgent']);

export const slaRuleKind = pgEnum('sla_rule_kind', ['clock_hours', 'working_hours']);

/** Deadline rules (R13) as data: per field and urgency, N clock hours or N working hours. */
export const slaRules = pgTable('sla_rules', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: slaRuleKind('kind').notNull(),
  hours: numeric('hours', { mode: 'number' }).notNull(),
  fieldId: uuid('field_id').references(() => fields.id),
  urgency: ticketUrgency('urgency'),
  calendarId: uuid('calendar_id').references(() => workCalendars.id),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Yearly counters behind receipt codes such as 1022-2026-000123 (R18): allocated in the ticket's transaction. */
export const receiptCodeCounters = pgTable('receipt_code_counters', {
  year: integer('year').primaryKey(),
  lastValue: integer('last_value').notNull(),
});

/** Phiếu: one for every contact, whatever the channel (R9). */
export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    receiptCode: text('receipt_code').notNull().unique(),
    channel: ticketChannel('channel').notNull(),
    citizenName: text('citizen_name'),
    citizenPhone: text('citizen_phone'),
    citizenAddress: text('citizen_address'),
    citizenEmail: text('citizen_email'),
    content: text('content').notNull(),
    fieldId: uuid('field_id').references(() => fields.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    urgency: ticketUrgency('urgency').notNull().default('normal'),
    status: ticketStatus('status').notNull().default('received'),
    /** Created on a call's answer (screen-pop) before the operator wrote it: cannot be forwarded until edited. */
    draft: boolean('draft').notNull().default(false),
    slaRuleId: uuid('sla_rule_id').references(() => slaRules.id),
    dueAt: at('due_at'),
    /**
     * When the deadline's clock started (receipt, forwarding or reopening, by the rule: src/sla/deadlines.ts), so that
     * a changed working calendar recomputes dueAt from the same start (issue 14).
     */
    deadlineStartedAt: at('deadline_started_at'),
    /** When the agency now holding the ticket received it (R13: a working-hours clock starts here). */
    forwardedAt: at('forwarded_at'),
    /** The new appointment an agency officer posted with progress (R13); dueAt, the rule's deadline, is kept. */
    appointmentAt: at('appointment_at'),
    resultText: text('result_text'),
    published: boolean('published').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    receivedAt: at('received_at').notNull().defaultNow(),
    resolvedAt: at('resolved_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Receipt code, name, address and content folded (diacritics off, đ → d, lower case, words separated by one
    // space), computed by PostgreSQL on every write: a search checks a phrase as a substring of it without
    // re-folding each ticket's text, and the word index below is built from it (src/tickets/phrase-search.ts).
    searchText: text('search_text').generatedAlwaysAs(
      foldedWords(sql`"receipt_code" || ' ' || coalesce("citizen_name", '') || ' ' || coalesce("citizen_address", '') || ' ' || "content"`),
    ),
  },
  (t) => [
    // A number's newest tickets first (screen-pop history): 10 rows read, not all of a frequent caller's.
    index('tickets_phone_received_idx').on(t.citizenPhone, t.receivedAt),
    index('tickets_agency_status_idx').on(t.agencyId, t.status),
    // An agency's tickets in the list's order: an officer's list, and a search read newest first among them.
    index('tickets_agency_received_idx').on(t.agencyId, t.receivedAt, t.id),
    index('tickets_due_idx').on(t.dueAt),
    // An operator's own tickets newest first (the desktop's "my tickets", `mine`).
    index('tickets_created_by_received_idx').on(t.createdBy, t.receivedAt, t.id),
    // The list's order (received_at desc, id desc): newest first without a sort, and where a page or a search stopped.
    index('tickets_received_idx').on(t.receivedAt, t.id),
    // Every word and every pair of adjacent words of search_text (words_and_pairs, migration 0010): a phrase's
    // pairs find the tickets that hold it, give or take a rare repeat, where its words alone find tens of thousands.
    index('tickets_search_words_idx').using('gin', wordsAndPairs(sql`${t.searchText}`)),
  ],
);

/** Calls linked to a ticket (a ticket may gather several calls of one citizen). */
export const ticketCalls = pgTable(
  'ticket_calls',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.callId] })],
);

/** The processing log (R14): who did what, when, between which units. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: id(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromStatus: ticketStatus('from_status'),
    toStatus: ticketStatus('to_status'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorAgencyId: uuid('actor_agency_id').references(() => agencies.id),
    note: text('note'),
    data: jsonb('data'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at)],
);

export const attachmentPurpose = pgEnum('attachment_purpose', ['evidence', 'result']);

/** Files attached to a ticket, stored by SHA-256 under the data directory. */
export const attachments = pgTable('attachments', {
  id: id(),
  ticketId: uuid('ticket_id')
    .notNull()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  eventId: uuid('event_id').references(() => ticketEvents.id),
  purpose: attachmentPurpose('purpose').notNull(),
  fileName: text('file_name').notNull(),
  mimeType: text('mime_type').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => users.id),
  /** A citizen's file that came with a message on a written channel (issue 15): shown with that message. */
  conversationMessageId: uuid('conversation_message_id').references(() => conversationMessages.id),
  createdAt: createdAt(),
});
