import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxProcessor, storeInbound, type CreateChannelTicket } from '../../src/channels/inbox.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { conversationMessages, conversations, inboundMessages, receiptCodeCounters, tickets } from '../../src/db/schema/index.js';
import { createTicket } from '../../src/tickets/create.js';
import { createTestDatabase, testDriver, type TestDatabase } from '../helpers/db.js';
import { inbound } from './support.js';

/** Resolves for everyone once `parties` have arrived (or after a while, so a broken test fails instead of hanging). */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  setTimeout(open, 10_000).unref();
  return () => {
    arrived += 1;
    if (arrived >= parties) open();
    return opened;
  };
}

/**
 * Issue 15 item 2b (R16, R23): two instances each filing one of a new sender's first two messages at the same moment.
 * Both look for the sender's open conversation, find none, and create a ticket: one ticket must come of it, with both
 * messages and one acknowledgement. Each processor here has its own database handle (its own connections on
 * PostgreSQL); both wait until the other has found nothing before creating, so the race happens every time.
 */
describe(`a new sender's first messages filed on two instances at once (${testDriver()})`, () => {
  let database: TestDatabase;
  let second: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase();
    second = await database.another();
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
  });

  const processor = (handle: DatabaseHandle, bothLookedUp: () => Promise<void>) => {
    const create: CreateChannelTicket = async (input, options) => {
      await bothLookedUp();
      return createTicket(handle.db, null, input, options);
    };
    return new InboxProcessor(handle.db, pino({ level: 'silent' }), {
      receiptPrefix: 'PA',
      createTicket: create,
      kickOutbox: () => undefined,
      notify: () => undefined,
      backoff: { baseMs: 1_000, maxMs: 1_000 },
      maxAttempts: 3,
      leaseMs: 60_000,
      batchSize: 1,
    });
  };

  it('given two first messages of one Zalo user processed at once by two instances, then one ticket with both messages and one acknowledgement', async () => {
    const sender = 'zalo-user-race';
    await storeInbound(database.db, inbound('zalo', { senderId: sender, text: 'Ống nước vỡ trước nhà' }));
    await storeInbound(database.db, inbound('zalo', { senderId: sender, text: 'Nước tràn ra đường rồi' }));
    const bothLookedUp = barrier(2);
    const [a, b] = await Promise.all([processor(database, bothLookedUp).runOnce(), processor(second, bothLookedUp).runOnce()]);
    expect((a.processed ?? 0) + (b.processed ?? 0)).toBe(2);

    const filed = await database.db.select().from(conversations).where(eq(conversations.citizenAddress, sender));
    expect(filed).toHaveLength(1);
    const made = await database.db.select().from(tickets).where(eq(tickets.channel, 'zalo'));
    expect(made).toHaveLength(1);
    const messages = await database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, filed[0]!.id));
    expect(messages.filter((m) => m.direction === 'in')).toHaveLength(2);
    expect(messages.filter((m) => m.kind === 'acknowledgement')).toHaveLength(1);
    const rows = await database.db.select().from(inboundMessages).where(eq(inboundMessages.senderId, sender));
    expect(rows.map((r) => [r.status, r.conversationId])).toEqual([['processed', filed[0]!.id], ['processed', filed[0]!.id]]);
    // The loser's receipt code went back with its transaction: no gap in the year's numbering.
    const [counter] = await database.db.select().from(receiptCodeCounters);
    expect(counter?.lastValue).toBe(1);
  });
});
