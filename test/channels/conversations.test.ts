import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InboxProcessor, storeInbound } from '../../src/channels/inbox.js';
import { ChannelSendError } from '../../src/channels/types.js';
import { conversationMessages, conversations, inboundMessages, tickets } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';
import { deliver, inbound, RecordingAdapter, settle } from './support.js';

/** Issue 15 (R16): inbox → conversation on a ticket → acknowledgement on the same channel; the operator's view. */
describe('written channels: inbox, conversations, outbox', () => {
  let t: TestApp;
  let staff: Staff;
  let zalo: RecordingAdapter;
  let facebook: RecordingAdapter;

  beforeAll(async () => {
    t = await startTestApp();
    staff = await signInStaff(t, 'conv');
  });
  afterAll(() => t.close());
  beforeEach(() => {
    zalo = new RecordingAdapter('zalo');
    facebook = new RecordingAdapter('facebook');
    t.app.channels.use(zalo);
    t.app.channels.use(facebook);
  });

  it('given a first message, then a ticket on that channel, a conversation, and the acknowledgement with its receipt code sent back on the same channel (R16)', async () => {
    const message = inbound('zalo', { senderId: 'zalo-user-a' });
    expect(await deliver(t, message)).toEqual({ stored: true });
    const [conversation] = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'zalo-user-a'));
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.id, conversation!.ticketId));
    expect(ticket!.channel).toBe('zalo');
    expect(ticket!.content).toContain('Đèn đường');
    expect(zalo.sent).toHaveLength(1);
    expect(zalo.sent[0]!.to).toBe('zalo-user-a');
    expect(zalo.sent[0]!.body).toContain(ticket!.receiptCode);
    const messages = await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversation!.id));
    expect(messages.map((m) => [m.direction, m.kind, m.status])).toEqual(expect.arrayContaining([['in', 'citizen', null], ['out', 'acknowledgement', 'sent']]));
  });

  it('given the same message delivered twice (a webhook retried), then one inbox row, one ticket, one acknowledgement', async () => {
    const message = inbound('zalo', { senderId: 'zalo-user-dup' });
    expect(await deliver(t, message)).toEqual({ stored: true });
    expect(await deliver(t, message)).toEqual({ stored: false });
    const rows = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'zalo-user-dup'));
    expect(rows).toHaveLength(1);
    expect(zalo.sent).toHaveLength(1);
  });

  it('given a second message from the same user while the ticket is open, then it joins the same conversation without a new acknowledgement; once the ticket is answered, the next opens a new ticket', async () => {
    await deliver(t, inbound('zalo', { senderId: 'zalo-user-b' }));
    await deliver(t, inbound('zalo', { senderId: 'zalo-user-b', text: 'Bổ sung: đèn số 7 cũng hỏng' }));
    let rows = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'zalo-user-b'));
    expect(rows).toHaveLength(1);
    expect(zalo.sent).toHaveLength(1);
    const inMessages = await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, rows[0]!.id));
    expect(inMessages.filter((m) => m.direction === 'in')).toHaveLength(2);

    await t.database.db.update(tickets).set({ status: 'answered' }).where(eq(tickets.id, rows[0]!.ticketId));
    await deliver(t, inbound('zalo', { senderId: 'zalo-user-b', text: 'Một việc khác' }));
    rows = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'zalo-user-b'));
    expect(rows).toHaveLength(2);
    expect(zalo.sent).toHaveLength(2);
  });

  it('given a crash between storing and processing, then a later pass files the message once, and a second processor finds nothing to do', async () => {
    const message = inbound('facebook', { senderId: 'fb-crash' });
    // Stored, never processed: the process "died" here.
    expect((await storeInbound(t.database.db, message)).stored).toBe(true);
    const [pending] = await t.database.db.select().from(inboundMessages).where(eq(inboundMessages.externalId, message.externalId));
    expect(pending!.status).toBe('pending');
    await settle(t);
    const other = new InboxProcessor(t.database.db, t.app.log, {
      receiptPrefix: '1022', createTicket: (input, options) => t.app.tickets.create(null, input, options), kickOutbox: () => undefined,
      notify: () => undefined, backoff: { baseMs: 1, maxMs: 1 }, maxAttempts: 3, leaseMs: 60_000, batchSize: 10,
    });
    expect(await other.runOnce()).toEqual({});
    const rows = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'fb-crash'));
    expect(rows).toHaveLength(1);
    expect(facebook.sent).toHaveLength(1);
  });

  it('given text with control characters, then it is stored cleaned (never refused)', async () => {
    await deliver(t, inbound('zalo', { senderId: 'zalo-ctrl', text: 'Ống nước\u0000 vỡ\u001b[31m' }));
    const [conversation] = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'zalo-ctrl'));
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.id, conversation!.ticketId));
    expect(ticket!.content).toBe('Ống nước vỡ[31m');
  });

  it('given a send that fails retryably, then the message stays pending with its error; a non-retryable failure marks it failed', async () => {
    zalo.failWith = new ChannelSendError('HTTP_503', true, 'service unavailable');
    await deliver(t, inbound('zalo', { senderId: 'zalo-fail' }));
    const [conversation] = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'zalo-fail'));
    let [ack] = await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversation!.id)).then((r) => r.filter((m) => m.direction === 'out'));
    expect(ack!.status).toBe('pending');
    expect(ack!.lastError).toContain('HTTP_503');
    zalo.failWith = new ChannelSendError('USER_BLOCKED', false, 'the user blocked the OA');
    await t.database.db.update(conversationMessages).set({ nextAttemptAt: new Date(0) }).where(eq(conversationMessages.id, ack!.id));
    await settle(t);
    [ack] = await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.id, ack!.id));
    expect(ack!.status).toBe('failed');
  });

  describe('the operator API (/api/conversations)', () => {
    it('given conversations, then staff list and open them; agency officers get 403 and anonymous 401', async () => {
      await deliver(t, inbound('zalo', { senderId: 'zalo-api' }));
      const list = await staff.as('operator', 'GET', '/api/conversations?channel=zalo&open=true');
      expect(list.statusCode).toBe(200);
      const item = list.json().items.find((c: { citizenAddress: string }) => c.citizenAddress === 'zalo-api');
      expect(item.receiptCode).toMatch(/^1022-\d{4}-\d{6}$/);
      const detail = await staff.as('operator', 'GET', `/api/conversations/${item.id}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().messages.map((m: { kind: string }) => m.kind)).toEqual(['citizen', 'acknowledgement']);
      expect((await staff.as('agency_officer', 'GET', '/api/conversations')).statusCode).toBe(403);
      expect((await staff.as(null, 'GET', '/api/conversations')).statusCode).toBe(401);
      expect((await staff.as('operator', 'GET', '/api/conversations/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      expect((await staff.as('operator', 'GET', '/api/conversations/not-a-uuid')).statusCode).toBe(400);
    });

    it('given an operator claims and replies, then the reply leaves on the same channel; another operator may not claim it (409) nor reply (403)', async () => {
      await deliver(t, inbound('zalo', { senderId: 'zalo-reply' }));
      const id = (await staff.as('operator', 'GET', '/api/conversations?channel=zalo')).json().items.find((c: { citizenAddress: string }) => c.citizenAddress === 'zalo-reply').id;
      const claim = await staff.as('operator', 'POST', `/api/conversations/${id}/claim`);
      expect(claim.statusCode).toBe(200);
      const reply = await staff.as('operator', 'POST', `/api/conversations/${id}/reply`, { body: 'Chúng tôi đã chuyển đơn vị điện lực xử lý' });
      expect(reply.statusCode).toBe(201);
      await settle(t);
      expect(zalo.sent.at(-1)).toMatchObject({ to: 'zalo-reply', body: 'Chúng tôi đã chuyển đơn vị điện lực xử lý' });

      const other = await signInStaff(t, 'conv2');
      expect((await other.as('operator', 'POST', `/api/conversations/${id}/claim`)).statusCode).toBe(409);
      expect((await other.as('operator', 'POST', `/api/conversations/${id}/reply`, { body: 'x' })).statusCode).toBe(403);
      expect((await other.as('supervisor', 'POST', `/api/conversations/${id}/claim`)).statusCode).toBe(200);
      expect((await staff.as('operator', 'POST', `/api/conversations/${id}/reply`, { body: '' })).statusCode).toBe(400);
    });

    it('given a Facebook conversation whose last citizen message is over 24 hours old, then a reply is refused 409 MESSAGING_WINDOW_CLOSED', async () => {
      await deliver(t, inbound('facebook', { senderId: 'fb-window' }));
      const [conversation] = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'fb-window'));
      await t.database.db.update(conversations).set({ lastInboundAt: new Date(Date.now() - 25 * 3600_000) }).where(eq(conversations.id, conversation!.id));
      const reply = await staff.as('supervisor', 'POST', `/api/conversations/${conversation!.id}/reply`, { body: 'Trả lời muộn' });
      expect(reply.statusCode).toBe(409);
      expect(reply.json().code).toBe('MESSAGING_WINDOW_CLOSED');
    });

    it('given a ticket with a conversation is answered through the workflow, then the answer goes back on its channel', async () => {
      await deliver(t, inbound('zalo', { senderId: 'zalo-answer' }));
      const [conversation] = await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'zalo-answer'));
      const answered = await staff.as('operator', 'POST', `/api/tickets/${conversation!.ticketId}/transitions`, { action: 'answer', resultText: 'Thủ tục nộp tại bộ phận một cửa' });
      expect(answered.statusCode, answered.body).toBe(200);
      await settle(t);
      expect(zalo.sent.at(-1)!.body).toContain('Thủ tục nộp tại bộ phận một cửa');
    });
  });
});
