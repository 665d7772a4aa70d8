import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import type { Database } from '../../src/db/client.js';
import { smsMessages, tickets } from '../../src/db/schema/index.js';
import { enqueueResolutionSms } from '../../src/sms/outbox.js';
import type { SmsProvider } from '../../src/sms/provider.js';
import { SmsOutboxWorker, type SmsWorkerOptions } from '../../src/sms/worker.js';

let counter = 0;

/** A forwarded ticket with a mobile number, inserted directly. */
export async function insertTicket(db: Database, values: Partial<typeof tickets.$inferInsert> = {}) {
  counter += 1;
  const [ticket] = await db
    .insert(tickets)
    .values({
      receiptCode: `1022-2026-${String(900000 + counter)}-${Math.random().toString(36).slice(2, 6)}`,
      channel: 'phone',
      content: 'Đèn đường hỏng trước nhà',
      citizenPhone: '0912345678',
      status: 'forwarded',
      ...values,
    })
    .returning();
  if (!ticket) throw new Error('no ticket');
  return ticket;
}

/** What the ticket workflow does on resolution: status and SMS in one committed transaction. */
export async function resolveWithSms(db: Database, ticketId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [ticket] = await tx
      .update(tickets)
      .set({ status: 'resolved', resolvedAt: new Date(), resultText: 'Đã sửa xong' })
      .where(eq(tickets.id, ticketId))
      .returning();
    if (!ticket) throw new Error('no ticket');
    await enqueueResolutionSms(tx, ticket);
  });
}

export const smsOf = (db: Database, ticketId: string) => db.select().from(smsMessages).where(eq(smsMessages.ticketId, ticketId));

export const silentLog = pino({ level: 'silent' });

export function worker(db: Database, provider: SmsProvider, options: Partial<SmsWorkerOptions> = {}) {
  return new SmsOutboxWorker(db, provider, silentLog, {
    maxAttempts: 3,
    backoff: { baseMs: 30_000, maxMs: 3_600_000 },
    leaseMs: 300_000,
    batchSize: 10,
    ...options,
  });
}
