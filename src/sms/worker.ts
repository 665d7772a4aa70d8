import { and, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { smsMessages, tickets } from '../db/schema/index.js';
import { retryDelayMs, type BackoffPolicy } from '../outbox/backoff.js';
import { claimLeased } from '../outbox/claim.js';
import { PassLoop } from '../outbox/passes.js';
import { SmsSendError, type SmsProvider } from './provider.js';
import { countSegments } from './segments.js';

export interface SmsWorkerOptions {
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** How long a claimed row stays invisible to other workers while its send is in flight. */
  leaseMs: number;
  batchSize: number;
  now?: () => Date;
  random?: () => number;
}

/** lastError of a message withheld because the ticket's state changed before it left. */
export const staleErrorPrefix = 'STALE';

type SmsRow = typeof smsMessages.$inferSelect;

export interface SmsPassResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * The outbox worker (R15). Each pass claims the due pending rows — `FOR UPDATE SKIP LOCKED`, so
 * several servers on one PostgreSQL never take the same row — pushes their `nextAttemptAt` a lease
 * ahead and counts the attempt, commits, and only then talks to the gateway. A crash anywhere
 * leaves the row pending: it comes back when the lease ends and is sent again with the same
 * idempotency key (the row id), which the gateway deduplicates.
 */
export class SmsOutboxWorker {
  private readonly passes: PassLoop<SmsRow, keyof SmsPassResult>;

  constructor(
    private readonly db: Database,
    private readonly provider: SmsProvider,
    private readonly log: FastifyBaseLogger,
    private readonly options: SmsWorkerOptions,
  ) {
    this.passes = new PassLoop({
      claim: () => this.claim(),
      handle: (row) => this.deliver(row),
      batchSize: options.batchSize,
      onError: (error) => this.log.error({ err: error }, 'sms outbox pass failed'),
    });
  }

  /** One pass; concurrent calls share the running pass and ask for one more after it. */
  async runOnce(): Promise<SmsPassResult> {
    const counts = await this.passes.runOnce();
    return { sent: counts.sent ?? 0, retried: counts.retried ?? 0, failed: counts.failed ?? 0 };
  }

  /** Resolves when no pass is running (used on shutdown); a failed pass was already logged. */
  idle(): Promise<void> {
    return this.passes.idle();
  }

  /** Fire-and-forget pass (after a commit): errors are logged. */
  kick(): void {
    this.passes.kick();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private claim(): Promise<SmsRow[]> {
    const { leaseMs, batchSize } = this.options;
    return claimLeased(this.db, smsMessages, { pending: eq(smsMessages.status, 'pending'), now: this.now(), leaseMs, batchSize });
  }

  private async deliver(row: SmsRow): Promise<'sent' | 'retried' | 'failed'> {
    const log = this.log.child({ smsId: row.id, ticketId: row.ticketId, template: row.template, attempt: row.attempts });
    const stale = await this.staleReason(row);
    if (stale) {
      await this.finish(row, { status: 'failed', lastError: stale });
      log.warn({ reason: stale }, 'sms not sent: no longer true');
      return 'failed';
    }
    try {
      const { providerMessageId } = await this.provider.send({
        to: row.phone,
        body: row.body,
        idempotencyKey: row.id,
        unicode: countSegments(row.body).encoding === 'ucs2',
      });
      await this.finish(row, { status: 'sent', provider: this.provider.name, providerMessageId, sentAt: this.now(), lastError: null });
      log.info({ provider: this.provider.name, segments: row.segments }, 'sms sent');
      return 'sent';
    } catch (error) {
      const failure = error instanceof SmsSendError ? error : new SmsSendError('UNEXPECTED', true, String(error));
      const lastError = `${failure.code}: ${failure.message}`.slice(0, 500);
      if (!failure.retryable || row.attempts >= this.options.maxAttempts) {
        await this.finish(row, { status: 'failed', provider: this.provider.name, lastError });
        log.error({ code: failure.code }, 'sms failed for good');
        return 'failed';
      }
      const delay = retryDelayMs(row.attempts, this.options.backoff, this.options.random);
      await this.finish(row, { provider: this.provider.name, lastError, nextAttemptAt: new Date(this.now().getTime() + delay) });
      log.warn({ code: failure.code, retryInMs: delay }, 'sms send failed, will retry');
      return 'retried';
    }
  }

  /** R15: a resolution SMS must match the ticket's real state when it leaves. */
  private async staleReason(row: SmsRow): Promise<string | null> {
    if (row.template !== 'ticket.resolved' || !row.ticketId) return null;
    const [ticket] = await this.db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, row.ticketId));
    if (ticket?.status === 'resolved') return null;
    return `${staleErrorPrefix}: ticket is ${ticket?.status ?? 'gone'}, not resolved`;
  }

  private async finish(row: SmsRow, changes: Partial<typeof smsMessages.$inferInsert>): Promise<void> {
    await this.db
      .update(smsMessages)
      .set(changes)
      .where(and(eq(smsMessages.id, row.id), eq(smsMessages.status, 'pending')));
  }
}
