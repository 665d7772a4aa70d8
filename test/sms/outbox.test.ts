import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { smsMessages, tickets } from '../../src/db/schema/index.js';
import { DevSmsProvider } from '../../src/sms/dev-provider.js';
import { enqueueAcknowledgementSms, enqueueResolutionSms } from '../../src/sms/outbox.js';
import { SmsSendError, type SmsOutgoing, type SmsProvider } from '../../src/sms/provider.js';
import { resolutionText } from '../../src/sms/templates.js';
import { retryDelayMs } from '../../src/outbox/backoff.js';
import { createTestDatabase } from '../helpers/db.js';
import { insertTicket, resolveWithSms, smsOf, worker } from './support.js';

/** A provider that answers from a script: an error to throw, or 'ok'. */
class ScriptedProvider implements SmsProvider {
  readonly name = 'scripted';
  readonly calls: SmsOutgoing[] = [];
  constructor(readonly script: (SmsSendError | 'ok')[]) {}
  async send(message: SmsOutgoing) {
    this.calls.push(message);
    const next = this.script.shift() ?? 'ok';
    if (next !== 'ok') throw next;
    return { providerMessageId: `id-${message.idempotencyKey}` };
  }
}

describe('SMS outbox', () => {
  let database: DatabaseHandle;
  let db: DatabaseHandle['db'];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.close());

  it('given a resolution committed with its SMS, when enqueued again for the same ticket, then one row only', async () => {
    const ticket = await insertTicket(db);
    await resolveWithSms(db, ticket.id);
    await db.transaction((tx) => enqueueResolutionSms(tx, ticket));
    const rows = await smsOf(db, ticket.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ template: 'ticket.resolved', body: resolutionText, segments: 2, status: 'pending', phone: '0912345678' });
  });

  it('given a transaction that rolls back after enqueueing, then no SMS exists', async () => {
    const ticket = await insertTicket(db);
    await expect(
      db.transaction(async (tx) => {
        await enqueueResolutionSms(tx, ticket);
        throw new Error('resolution failed');
      }),
    ).rejects.toThrow('resolution failed');
    expect(await smsOf(db, ticket.id)).toHaveLength(0);
  });

  it('given a ticket with no phone or a landline, then nothing is queued; +84 numbers are stored in national form', async () => {
    const none = await insertTicket(db, { citizenPhone: null });
    const landline = await insertTicket(db, { citizenPhone: '02513822222' });
    const international = await insertTicket(db, { citizenPhone: '+84 912 345 679' });
    await db.transaction(async (tx) => {
      await enqueueResolutionSms(tx, none);
      await enqueueResolutionSms(tx, landline);
      await enqueueAcknowledgementSms(tx, international);
    });
    expect(await smsOf(db, none.id)).toHaveLength(0);
    expect(await smsOf(db, landline.id)).toHaveLength(0);
    const [ack] = await smsOf(db, international.id);
    expect(ack).toMatchObject({ phone: '0912345679', template: 'ticket.received' });
    expect(ack?.body).toContain(international.receiptCode);
  });

  it('given a due pending SMS, when the worker runs, then it is sent once with the row id as idempotency key', async () => {
    const ticket = await insertTicket(db);
    await resolveWithSms(db, ticket.id);
    const provider = new DevSmsProvider();
    const w = worker(db, provider);
    await w.runOnce();
    await w.runOnce();
    const [row] = await smsOf(db, ticket.id);
    expect(row).toMatchObject({ status: 'sent', provider: 'dev', providerMessageId: `dev-${row?.id}`, attempts: 1 });
    expect(row?.sentAt).toBeInstanceOf(Date);
    expect(provider.delivered.get(row!.id)).toMatchObject({ to: '0912345678', body: resolutionText, unicode: true });
  });

  it('given a gateway failing twice (retryable), then backoff doubles with jitter and the third attempt sends', async () => {
    await db.update(smsMessages).set({ status: 'sent' }).where(eq(smsMessages.status, 'pending'));
    const ticket = await insertTicket(db);
    await resolveWithSms(db, ticket.id);
    let now = new Date(Date.now() + 1_000);
    const provider = new ScriptedProvider([new SmsSendError('CODE_99', true, 'gateway error'), new SmsSendError('TIMEOUT', true, 'slow')]);
    const w = worker(db, provider, { now: () => now, random: () => 0.5 });

    expect(await w.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await smsOf(db, ticket.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'CODE_99: gateway error' });
    expect(row!.nextAttemptAt.getTime() - now.getTime()).toBe(22_500); // 30 s · (½ + ½·0.5)

    expect(await w.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
    now = new Date(now.getTime() + 22_500);
    expect(await w.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = await smsOf(db, ticket.id);
    expect(row!.nextAttemptAt.getTime() - now.getTime()).toBe(45_000); // 60 s · 0.75

    now = new Date(now.getTime() + 45_000);
    expect(await w.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    [row] = await smsOf(db, ticket.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, provider: 'scripted', lastError: null });
    expect(new Set(provider.calls.map((c) => c.idempotencyKey))).toEqual(new Set([row!.id]));
  });

  it('given a gateway that keeps failing, when the attempts run out, then the SMS is marked failed', async () => {
    const ticket = await insertTicket(db);
    await resolveWithSms(db, ticket.id);
    let now = new Date(Date.now() + 1_000);
    const failure = () => new SmsSendError('HTTP_503', true, 'gateway answered HTTP 503');
    const w = worker(db, new ScriptedProvider([failure(), failure(), failure(), failure()]), { now: () => now, maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      await w.runOnce();
      now = new Date(now.getTime() + 3_600_000);
    }
    const [row] = await smsOf(db, ticket.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP_503: gateway answered HTTP 503' });
  });

  it('given a permanent refusal, then the SMS fails at once without retry', async () => {
    const ticket = await insertTicket(db);
    await resolveWithSms(db, ticket.id);
    const provider = new ScriptedProvider([new SmsSendError('CODE_101', false, 'gateway refused, CodeResult 101')]);
    await worker(db, provider, { now: () => new Date(Date.now() + 1_000) }).runOnce();
    const [row] = await smsOf(db, ticket.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(provider.calls).toHaveLength(1);
  });

  it('given a ticket reopened before its resolution SMS left, then nothing is sent; resolved again, then it is sent once', async () => {
    await db.update(smsMessages).set({ status: 'sent' }).where(eq(smsMessages.status, 'pending'));
    const ticket = await insertTicket(db);
    await resolveWithSms(db, ticket.id);
    await db.update(tickets).set({ status: 'returned' }).where(eq(tickets.id, ticket.id));
    const provider = new DevSmsProvider();
    const w = worker(db, provider, { now: () => new Date(Date.now() + 1_000) });
    await w.runOnce();
    let rows = await smsOf(db, ticket.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'failed' });
    expect(rows[0]?.lastError).toMatch(/^STALE: ticket is returned/);
    expect(provider.delivered.size).toBe(0);

    await resolveWithSms(db, ticket.id);
    await w.runOnce();
    rows = await smsOf(db, ticket.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', lastError: null });
    expect(provider.delivered.size).toBe(1);
  });

  it('given two workers (two servers) running at once, then every due SMS is sent by exactly one of them', async () => {
    await db.update(smsMessages).set({ status: 'sent' }).where(eq(smsMessages.status, 'pending'));
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const ticket = await insertTicket(db);
      await resolveWithSms(db, ticket.id);
      ids.push(ticket.id);
    }
    const a = new DevSmsProvider();
    const b = new DevSmsProvider();
    const later = () => new Date(Date.now() + 1_000);
    await Promise.all([worker(db, a, { now: later, batchSize: 2 }).runOnce(), worker(db, b, { now: later, batchSize: 2 }).runOnce()]);
    expect(a.delivered.size + b.delivered.size).toBe(6);
    for (const id of ids) expect((await smsOf(db, id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('given the backoff policy, then delays grow by two and stop at the cap', () => {
    const policy = { baseMs: 1_000, maxMs: 5_000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(retryDelayMs(1, policy, () => 0)).toBe(500);
  });
});
