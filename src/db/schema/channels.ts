import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns.js';
import { users } from './accounts.js';
import { tickets } from './tickets.js';

/** The written channels citizens use (R16, issue 15): each behind one adapter in src/channels. */
export const channelKind = pgEnum('channel_kind', ['email', 'zalo', 'facebook']);

/**
 * One row per channel: switched on or off, its settings (not secret) and its secrets, encrypted with
 * CHANNELS_SECRET_KEY (AES-256-GCM, src/channels/secrets.ts). Zalo's rotating tokens live in `secrets` too: each
 * refresh rewrites the row in one statement, so a crash never loses the only valid refresh token.
 */
export const channelSettings = pgTable('channel_settings', {
  kind: channelKind('kind').primaryKey(),
  enabled: boolean('enabled').notNull().default(false),
  config: jsonb('config').$type<Record<string, string | number | boolean>>().notNull().default({}),
  /** base64(iv ‖ tag ‖ ciphertext) of the JSON of the secrets, or null when none were set. */
  secrets: text('secrets'),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: updatedAt(),
});

export const inboxStatus = pgEnum('inbox_status', ['pending', 'processed', 'ignored', 'failed']);

/**
 * Every message received on a channel, stored before anything else is done with it (the webhook answers, the IMAP
 * message is flagged seen only after this insert commits). Unique on the channel's own message id: a webhook sent
 * twice, a mailbox read twice, store one row. A processing pass then turns each pending row into a conversation
 * message, in one transaction with its ticket: a crash in between leaves the row pending, never half done.
 */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: id(),
    channel: channelKind('channel').notNull(),
    externalId: text('external_id').notNull(),
    /** The sender on that channel: an email address, a Zalo user id, a Facebook page-scoped id. */
    senderId: text('sender_id').notNull(),
    /** The normalised message (src/channels/types.ts InboundMessage), attachments' bytes excluded. */
    payload: jsonb('payload').notNull(),
    status: inboxStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    conversationId: uuid('conversation_id'),
    receivedAt: at('received_at').notNull(),
    processedAt: at('processed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('inbound_messages_external_idx').on(t.channel, t.externalId),
    index('inbound_messages_pending_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** A ticket's written exchange with the citizen, on the channel they wrote on: one per ticket. */
export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id).unique(),
    channel: channelKind('channel').notNull(),
    /** Where replies go: the citizen's email address, Zalo user id or Facebook page-scoped id. */
    citizenAddress: text('citizen_address').notNull(),
    subject: text('subject'),
    claimedBy: uuid('claimed_by').references(() => users.id),
    claimedAt: at('claimed_at'),
    /** The citizen's last message: Facebook allows replies within 24 hours of it. */
    lastInboundAt: at('last_inbound_at').notNull(),
    lastMessageAt: at('last_message_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('conversations_sender_idx').on(t.channel, t.citizenAddress),
    index('conversations_last_message_idx').on(t.lastMessageAt),
  ],
);

export const messageDirection = pgEnum('conversation_message_direction', ['in', 'out']);
export const outboundKind = pgEnum('conversation_message_kind', ['citizen', 'acknowledgement', 'reply', 'answer']);
export const deliveryStatus = pgEnum('conversation_delivery_status', ['pending', 'sent', 'failed']);

/**
 * The messages of a conversation, both ways. Outbound rows are the channels' outbox: pending until the worker
 * (src/channels/outbox.ts) has sent them, claimed with a lease like the SMS outbox so that two servers never send
 * the same row.
 */
export const conversationMessages = pgTable(
  'conversation_messages',
  {
    id: id(),
    conversationId: uuid('conversation_id').notNull().references(() => conversations.id),
    direction: messageDirection('direction').notNull(),
    kind: outboundKind('kind').notNull(),
    body: text('body').notNull(),
    /** Email: the Message-ID; Zalo / Facebook: the message id (inbound: the channel's, outbound: once sent). */
    externalId: text('external_id'),
    inboundId: uuid('inbound_id').references(() => inboundMessages.id),
    authorUserId: uuid('author_user_id').references(() => users.id),
    status: deliveryStatus('status'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: at('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('conversation_messages_conversation_idx').on(t.conversationId, t.createdAt),
    index('conversation_messages_external_idx').on(t.externalId),
    index('conversation_messages_outbox_idx').on(t.status, t.nextAttemptAt).where(sql`${t.direction} = 'out'`),
  ],
);
