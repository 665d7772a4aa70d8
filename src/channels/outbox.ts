/**
 * The channels' outbox (issue 15): acknowledgements, operators' replies and final answers wait here as pending
 * conversation messages and leave on the conversation's channel. Claimed like the SMS outbox (FOR UPDATE SKIP LOCKED
 * and a lease, committed before the send) so two servers never send one row; retried with backoff on a retryable
 * failure. The email Message-ID is made from the row id, so a send repeated after a crash carries the same id.
 */
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { conversationMessages, conversations, tickets } from '../db/schema/index.js';
import { retryDelayMs, type BackoffPolicy } from '../outbox/backoff.js';
import { claimLeased } from '../outbox/claim.js';
import { PassLoop } from '../outbox/passes.js';
import type { ConversationDeliveryV1 } from './notifier.js';
import { ChannelSendError, type ChannelAdapter, type ChannelKind, type OutboundMessage } from './types.js';

type MessageRow = typeof conversationMessages.$inferSelect;
type Outcome = 'sent' | 'retried' | 'failed';

export interface ChannelOutboxOptions {
  adapter: (kind: ChannelKind) => ChannelAdapter | null;
  notify: (event: ConversationDeliveryV1) => void;
  backoff: BackoffPolicy;
  maxAttempts: number;
  leaseMs: number;
  batchSize: number;
}

export class ChannelOutboxWorker {
  private readonly passes: PassLoop<MessageRow, Outcome>;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    private readonly options: ChannelOutboxOptions,
  ) {
    this.passes = new PassLoop({
      claim: () => this.claim(),
      handle: (row) => this.deliver(row),
      batchSize: options.batchSize,
      onError: (error) => this.log.error({ err: error }, 'channel outbox pass failed'),
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

  private claim(): Promise<MessageRow[]> {
    const { leaseMs, batchSize } = this.options;
    const pending = and(eq(conversationMessages.direction, 'out'), eq(conversationMessages.status, 'pending'));
    return claimLeased(this.db, conversationMessages, { pending, now: new Date(), leaseMs, batchSize });
  }

  /** What the adapter needs: the recipient, the subject with the receipt code, email threading. */
  private async outbound(row: MessageRow): Promise<{ kind: ChannelKind; message: OutboundMessage }> {
    const [found] = await this.db
      .select({ conversation: conversations, receiptCode: tickets.receiptCode })
      .from(conversations)
      .innerJoin(tickets, eq(tickets.id, conversations.ticketId))
      .where(eq(conversations.id, row.conversationId));
    if (!found) throw new ChannelSendError('CONVERSATION_GONE', false, 'conversation not found');
    const { conversation, receiptCode } = found;
    const thread = await this.db
      .select({ externalId: conversationMessages.externalId, direction: conversationMessages.direction })
      .from(conversationMessages)
      .where(and(eq(conversationMessages.conversationId, conversation.id), isNotNull(conversationMessages.externalId)))
      .orderBy(asc(conversationMessages.createdAt))
      .limit(50);
    const ids = thread.map((m) => m.externalId!).filter((id) => id.startsWith('<'));
    const lastInbound = thread.filter((m) => m.direction === 'in').at(-1)?.externalId ?? undefined;
    const subject = conversation.subject ? conversation.subject.replace(/^(\s*(re|fw|fwd|tl|trl)\s*:\s*)+/iu, '') : 'Phản ánh, kiến nghị';
    return {
      kind: conversation.channel,
      message: {
        id: row.id,
        to: conversation.citizenAddress,
        body: row.body,
        subject: `Re: [${receiptCode}] ${subject}`.slice(0, 300),
        inReplyTo: lastInbound,
        references: ids,
      },
    };
  }

  private async deliver(row: MessageRow): Promise<Outcome> {
    const log = this.log.child({ conversationMessageId: row.id, conversationId: row.conversationId, kind: row.kind, attempt: row.attempts });
    try {
      const { kind, message } = await this.outbound(row);
      const adapter = this.options.adapter(kind);
      if (!adapter) throw new ChannelSendError('CHANNEL_OFF', true, `the ${kind} channel is switched off or not configured`);
      const { externalId } = await adapter.send(message);
      await this.finish(row, { status: 'sent', externalId, sentAt: new Date(), lastError: null });
      this.options.notify({ conversationId: row.conversationId, messageId: row.id, status: 'sent', at: new Date().toISOString() });
      log.info({ channel: kind }, 'channel message sent');
      return 'sent';
    } catch (error) {
      const failure = error instanceof ChannelSendError ? error : new ChannelSendError('UNEXPECTED', true, String(error));
      const lastError = `${failure.code}: ${failure.message}`.slice(0, 500);
      if (!failure.retryable || row.attempts >= this.options.maxAttempts) {
        await this.finish(row, { status: 'failed', lastError });
        this.options.notify({ conversationId: row.conversationId, messageId: row.id, status: 'failed', at: new Date().toISOString() });
        log.error({ code: failure.code }, 'channel message failed for good');
        return 'failed';
      }
      const delay = retryDelayMs(row.attempts, this.options.backoff);
      await this.finish(row, { lastError, nextAttemptAt: new Date(Date.now() + delay) });
      log.warn({ code: failure.code, retryInMs: delay }, 'channel message not sent, will retry');
      return 'retried';
    }
  }

  private async finish(row: MessageRow, changes: Partial<typeof conversationMessages.$inferInsert>): Promise<void> {
    await this.db
      .update(conversationMessages)
      .set(changes)
      .where(and(eq(conversationMessages.id, row.id), eq(conversationMessages.status, 'pending')));
  }
}
