/**
 * The channels' inbox (issue 15): every inbound message is stored first (idempotent on the channel's message id),
 * then processed by passes that claim pending rows with a lease. Processing one row — the ticket (new, or the
 * citizen's open one), the conversation, the message, the R16 acknowledgement queued on the same channel, and the
 * row marked processed — is one transaction: a crash before its commit leaves the row pending for the next pass,
 * and a second worker finding the row already processed rolls its own work back. Nothing lost, nothing twice.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Executor } from '../db/client.js';
import { conversationMessages, conversations, inboundMessages, tickets } from '../db/schema/index.js';
import { retryDelayMs, type BackoffPolicy } from '../outbox/backoff.js';
import { claimLeased } from '../outbox/claim.js';
import { PassLoop } from '../outbox/passes.js';
import { renderSms, smsTemplates } from '../sms/templates.js';
import type { CreateTicketOptions, NewTicket, TicketEventRow, TicketRow } from '../tickets/create.js';
import { linkInboundAttachments } from './attachments.js';
import { findOpenConversation, isOwnMessage, type ConversationRow } from './conversations.js';
import type { ConversationMessageV1 } from './notifier.js';
import { cleanText } from './text.js';
import type { InboundMessage } from './types.js';

type InboxRow = typeof inboundMessages.$inferSelect;

/** Stores a message in the inbox; false when it was already there (a duplicate webhook, a mailbox read again). */
export async function storeInbound(db: Database, message: InboundMessage, now = new Date()): Promise<{ stored: boolean; id: string | null }> {
  const payload: InboundMessage = { ...message, text: cleanText(message.text), subject: message.subject === undefined ? undefined : cleanText(message.subject, 500) };
  const [row] = await db
    .insert(inboundMessages)
    .values({
      channel: message.channel,
      externalId: cleanText(message.externalId, 500),
      senderId: cleanText(message.senderId, 320),
      payload,
      receivedAt: now,
    })
    .onConflictDoNothing({ target: [inboundMessages.channel, inboundMessages.externalId] })
    .returning({ id: inboundMessages.id });
  return { stored: Boolean(row), id: row?.id ?? null };
}

export type CreateChannelTicket = (
  input: NewTicket, options: Pick<CreateTicketOptions, 'inTransaction'>,
) => Promise<{ ticket: TicketRow; event: TicketEventRow }>;

export interface InboxOptions {
  receiptPrefix: string;
  createTicket: CreateChannelTicket;
  /** After a commit that queued outbound messages. */
  kickOutbox: () => void;
  notify: (event: ConversationMessageV1) => void;
  /** Before filing, outside the transaction: linked files downloaded, notes for refused ones (src/channels/download.ts). */
  prepare?: (message: InboundMessage, finalAttempt: boolean) => Promise<InboundMessage>;
  backoff: BackoffPolicy;
  maxAttempts: number;
  leaseMs: number;
  batchSize: number;
}

type Outcome = 'processed' | 'ignored' | 'retried' | 'failed';

/** Thrown inside a processing transaction when another worker got there first: everything rolls back. */
class AlreadyProcessed extends Error {}

/** Thrown inside a ticket's creation when the sender's conversation was opened meanwhile: it rolls back. */
class FiledMeanwhile extends Error {}

export function acknowledgementText(receiptCode: string): string {
  return renderSms({ ...smsTemplates()['ticket.received'], unaccent: false }, { receiptCode }).body;
}

export class InboxProcessor {
  private readonly passes: PassLoop<InboxRow, Outcome>;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    private readonly options: InboxOptions,
  ) {
    this.passes = new PassLoop({
      claim: () => this.claim(),
      handle: (row) => this.process(row),
      batchSize: options.batchSize,
      onError: (error) => this.log.error({ err: error }, 'channel inbox pass failed'),
    });
  }

  runOnce() {
    return this.passes.runOnce();
  }

  idle(): Promise<void> {
    return this.passes.idle();
  }

  kick(): void {
    this.passes.kick();
  }

  private claim(): Promise<InboxRow[]> {
    const { leaseMs, batchSize } = this.options;
    return claimLeased(this.db, inboundMessages, { pending: eq(inboundMessages.status, 'pending'), now: new Date(), leaseMs, batchSize });
  }

  private async process(row: InboxRow): Promise<Outcome> {
    // R22: ids only in the log, never the sender's address or the text.
    const log = this.log.child({ inboxId: row.id, channel: row.channel, attempt: row.attempts });
    try {
      const stored = row.payload as InboundMessage;
      const message = this.options.prepare ? await this.options.prepare(stored, row.attempts >= this.options.maxAttempts) : stored;
      const result = await this.file(row, message);
      if (result === 'ignored') {
        log.info('inbound message ignored: one of ours');
        return 'ignored';
      }
      this.options.kickOutbox();
      this.options.notify(result);
      log.info({ conversationId: result.conversationId, ticketId: result.ticketId, newConversation: result.newConversation }, 'inbound message filed');
      return 'processed';
    } catch (error) {
      if (error instanceof AlreadyProcessed) return 'ignored';
      const lastError = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
      const finalFailure = row.attempts >= this.options.maxAttempts;
      const delay = retryDelayMs(row.attempts, this.options.backoff);
      await this.db
        .update(inboundMessages)
        .set(finalFailure ? { status: 'failed', lastError } : { lastError, nextAttemptAt: new Date(Date.now() + delay) })
        .where(and(eq(inboundMessages.id, row.id), eq(inboundMessages.status, 'pending')));
      log.error({ err: error, final: finalFailure }, 'inbound message not filed');
      return finalFailure ? 'failed' : 'retried';
    }
  }

  /** One transaction: find or create the conversation, add the message, queue the acknowledgement, mark the row. */
  private async file(row: InboxRow, message: InboundMessage): Promise<ConversationMessageV1 | 'ignored'> {
    const now = new Date();
    const text = message.text.trim() === '' ? '(không có nội dung)' : message.text;
    const markProcessed = async (tx: Executor, conversationId: string | null, status: 'processed' | 'ignored') => {
      const [marked] = await tx
        .update(inboundMessages)
        .set({ status, conversationId, processedAt: now, lastError: null })
        .where(and(eq(inboundMessages.id, row.id), eq(inboundMessages.status, 'pending')))
        .returning({ id: inboundMessages.id });
      if (!marked) throw new AlreadyProcessed();
    };

    const attach = () => this.db.transaction(async (tx) => {
      if (message.channel === 'email' && (await isOwnMessage(tx, message.externalId))) {
        await markProcessed(tx, null, 'ignored');
        return 'ignored' as const;
      }
      const conversation = await findOpenConversation(tx, message, this.options.receiptPrefix);
      if (!conversation) return null;
      const inserted = await addCitizenMessage(tx, conversation, row, text, now);
      await linkInboundAttachments(tx, conversation.ticketId, message.attachments, inserted);
      await markProcessed(tx, conversation.id, 'processed');
      const [ticket] = await tx.select({ receiptCode: tickets.receiptCode }).from(tickets).where(eq(tickets.id, conversation.ticketId));
      return event(conversation, ticket?.receiptCode ?? '', inserted, false, now);
    });
    const existing = await attach();
    if (existing) return existing;
    try {
      return await this.openConversation(row, message, text, now, markProcessed);
    } catch (error) {
      if (!(error instanceof FiledMeanwhile)) throw error;
      // Another instance opened this sender's conversation meanwhile: this message joins it.
      const joined = await attach();
      if (!joined) throw error;
      return joined;
    }
  }

  /**
   * A new ticket with its conversation. Two first messages of one sender filed at once (two instances) must not make
   * two tickets: the sender's lock, then the open conversation looked up again, in the creating transaction; the
   * later one finds the earlier's and rolls back (its receipt code with it: the year's counter is in the same
   * transaction), to join it.
   */
  private async openConversation(
    row: InboxRow, message: InboundMessage, text: string, now: Date,
    markProcessed: (tx: Executor, conversationId: string | null, status: 'processed' | 'ignored') => Promise<void>,
  ): Promise<ConversationMessageV1> {
    let filed: ConversationMessageV1 | null = null;
    await this.options.createTicket(
      {
        channel: message.channel,
        content: message.subject ? `${message.subject}\n\n${text}` : text,
        citizenName: message.senderName ?? null,
        citizenEmail: message.channel === 'email' ? message.senderId : null,
        receivedAt: now,
      },
      {
        inTransaction: async (tx, ticket) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`conversation:${message.channel}:${message.senderId.toLowerCase()}`}))`);
          if (await findOpenConversation(tx, message, this.options.receiptPrefix)) throw new FiledMeanwhile();
          const [conversation] = await tx
            .insert(conversations)
            .values({
              ticketId: ticket.id,
              channel: message.channel,
              citizenAddress: message.senderId,
              subject: message.subject ?? null,
              lastInboundAt: now,
              lastMessageAt: now,
            })
            .returning();
          if (!conversation) throw new Error('conversation insert returned no row');
          const inserted = await addCitizenMessage(tx, conversation, row, text, now);
          await linkInboundAttachments(tx, ticket.id, message.attachments, inserted);
          // R16: the acknowledgement with the receipt code, on the same channel, queued in the same transaction.
          await tx.insert(conversationMessages).values({
            conversationId: conversation.id,
            direction: 'out',
            kind: 'acknowledgement',
            body: acknowledgementText(ticket.receiptCode),
            status: 'pending',
            nextAttemptAt: now,
          });
          await markProcessed(tx, conversation.id, 'processed');
          filed = event(conversation, ticket.receiptCode, inserted, true, now);
        },
      },
    );
    if (!filed) throw new Error('ticket created without its conversation');
    return filed;
  }
}

async function addCitizenMessage(tx: Executor, conversation: ConversationRow, row: InboxRow, text: string, now: Date): Promise<string> {
  const [inserted] = await tx
    .insert(conversationMessages)
    .values({ conversationId: conversation.id, direction: 'in', kind: 'citizen', body: text, externalId: row.externalId, inboundId: row.id, createdAt: now })
    .returning({ id: conversationMessages.id });
  await tx.update(conversations).set({ lastInboundAt: now, lastMessageAt: now }).where(eq(conversations.id, conversation.id));
  if (!inserted) throw new Error('message insert returned no row');
  return inserted.id;
}

function event(conversation: ConversationRow, receiptCode: string, messageId: string, newConversation: boolean, at: Date): ConversationMessageV1 {
  return {
    conversationId: conversation.id,
    ticketId: conversation.ticketId,
    receiptCode,
    channel: conversation.channel,
    messageId,
    direction: 'in',
    kind: 'citizen',
    newConversation,
    at: at.toISOString(),
  };
}
