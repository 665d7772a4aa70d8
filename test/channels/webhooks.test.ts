import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChannel } from '../../src/channels/settings.js';
import { channelSettings, conversationMessages, conversations, inboundMessages, tickets } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';
import { facebookSignature as signFacebook, FakePlatforms, zaloSignature as signZalo } from './fake-platforms.js';
import { settle, until } from './support.js';

const appId = '360846524940903967';
const oaSecretKey = 'oa-secret-key';
const appSecret = 'fb-app-secret';

function zaloEvent(userId: string, msgId: string, text: string, timestamp = Date.now()) {
  return JSON.stringify({
    app_id: appId, sender: { id: userId }, user_id_by_app: '552177279717587730', recipient: { id: '388613280878808645' },
    event_name: 'user_send_text', message: { text, msg_id: msgId }, timestamp: String(timestamp),
  });
}

const zaloSignature = (body: string) => signZalo(body, appId, oaSecretKey);

function facebookUpdate(psid: string, mid: string, text: string) {
  return JSON.stringify({ object: 'page', entry: [{ id: 'page-1', time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: 'page-1' }, timestamp: Date.now(), message: { mid, text } }] }] });
}

const facebookSignature = (body: string, secret = appSecret) => signFacebook(body, secret);

/**
 * Issue 15 "done when", Zalo and Facebook: against our local servers with the documented shapes and signatures —
 * wrong signatures, replays, duplicates, token expiry and refresh, 5xx and timeouts; control characters accepted.
 */
describe('Zalo OA and Facebook Page webhooks and send APIs', () => {
  let t: TestApp;
  let staff: Staff;
  const fake = new FakePlatforms();

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({ CHANNELS_SECRET_KEY: 'b'.repeat(64), CHANNELS_HTTP_TIMEOUT_MS: '500', CHANNELS_PUBLIC_URL: 'https://1022.example.gov.vn' });
    staff = await signInStaff(t, 'hook');
    const zalo = await staff.as('admin', 'PUT', '/api/channels/zalo', {
      enabled: true,
      config: { appId, oaId: '388613280878808645', apiUrl: fake.url, oauthUrl: fake.url },
      // An access token that Zalo no longer accepts: the first send refreshes it.
      secrets: { oaSecretKey, appSecretKey: 'app-secret-key', accessToken: 'expired', refreshToken: fake.zaloRefreshToken },
    });
    expect(zalo.statusCode, zalo.body).toBe(200);
    expect(zalo.json().webhookUrl).toBe('https://1022.example.gov.vn/api/channels/zalo/webhook');
    const facebook = await staff.as('admin', 'PUT', '/api/channels/facebook', {
      enabled: true,
      config: { pageId: 'page-1', graphUrl: fake.url },
      secrets: { appSecret, verifyToken: 'verify-me', pageAccessToken: fake.facebookToken },
    });
    expect(facebook.statusCode, facebook.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const postZalo = (body: string, signature = zaloSignature(body)) =>
    t.app.inject({ method: 'POST', url: '/api/channels/zalo/webhook', headers: { 'content-type': 'application/json', 'x-zevent-signature': signature }, payload: body });
  const postFacebook = (body: string, signature = facebookSignature(body)) =>
    t.app.inject({ method: 'POST', url: '/api/channels/facebook/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, payload: body });
  const conversationOf = async (address: string) => (await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, address)))[0];

  describe('Zalo', () => {
    it('given a signed message, then 200 at once, a ticket, and the acknowledgement sent through the OA API after refreshing the expired token; the new tokens are stored sealed', async () => {
      const response = await postZalo(zaloEvent('zalo-u1', 'zmsg-1', 'Nước sinh hoạt bị đục'));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ received: 1 });
      await settle(t);
      const conversation = await until(() => conversationOf('zalo-u1'), 'the conversation');
      const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.id, conversation.ticketId));
      expect(ticket!.channel).toBe('zalo');
      await until(async () => fake.zaloSent.length === 1, 'the acknowledgement on Zalo');
      expect(fake.zaloSent[0]).toMatchObject({ userId: 'zalo-u1' });
      expect(fake.zaloSent[0]!.text).toContain(ticket!.receiptCode);
      expect(fake.refreshCount).toBe(1);
      const [row] = await t.database.db.select().from(channelSettings).where(eq(channelSettings.kind, 'zalo'));
      expect(row!.secrets).not.toContain(fake.zaloRefreshToken);
      const stored = await readChannel(t.database.db, t.app.channels.box, 'zalo');
      expect(stored.secrets.refreshToken).toBe(fake.zaloRefreshToken);
    });

    it('given a forged signature, a stale timestamp, or no signature, then 401 and nothing stored', async () => {
      const before = (await t.database.db.select().from(inboundMessages)).length;
      const body = zaloEvent('zalo-forged', 'zmsg-forged', 'giả mạo');
      expect((await postZalo(body, `mac=${'0'.repeat(64)}`)).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: '/api/channels/zalo/webhook', headers: { 'content-type': 'application/json' }, payload: body })).statusCode).toBe(401);
      const stale = zaloEvent('zalo-stale', 'zmsg-stale', 'cũ', Date.now() - 2 * 3600_000);
      const staleResponse = await postZalo(stale);
      expect(staleResponse.statusCode).toBe(401);
      expect(staleResponse.json().code).toBe('WEBHOOK_SIGNATURE');
      expect((await t.database.db.select().from(inboundMessages)).length).toBe(before);
      expect(await conversationOf('zalo-forged')).toBeUndefined();
    });

    it('given the same event delivered twice (Zalo retries), then 200 both times and one message', async () => {
      const body = zaloEvent('zalo-dup', 'zmsg-dup', 'Hỏi lịch tiếp dân');
      expect((await postZalo(body)).json()).toEqual({ received: 1 });
      expect((await postZalo(body)).json()).toEqual({ received: 0 });
      await settle(t);
      const conversation = await until(() => conversationOf('zalo-dup'), 'the conversation');
      const messages = await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversation.id));
      expect(messages.filter((m) => m.direction === 'in')).toHaveLength(1);
    });

    it('given text with control characters in a signed event, then 200 (not 400) and the text stored cleaned', async () => {
      const response = await postZalo(zaloEvent('zalo-ctrl', 'zmsg-ctrl', 'Đường\u0000 ngập\u0007 nước'));
      expect(response.statusCode).toBe(200);
      await settle(t);
      const conversation = await until(() => conversationOf('zalo-ctrl'), 'the conversation');
      const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.id, conversation.ticketId));
      expect(ticket!.content).toBe('Đường ngập nước');
    });

    it('given the OA API answers 5xx or not at all, then the message stays pending and goes out when it is back', async () => {
      fake.mode = '5xx';
      await postZalo(zaloEvent('zalo-down', 'zmsg-down', 'Cây đổ'));
      await settle(t);
      const conversation = await until(() => conversationOf('zalo-down'), 'the conversation');
      const pending = async () => (await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversation.id))).find((m) => m.direction === 'out')!;
      expect((await pending()).status).toBe('pending');
      expect((await pending()).lastError).toContain('HTTP_502');
      fake.mode = 'hang';
      await t.database.db.update(conversationMessages).set({ nextAttemptAt: new Date(0) }).where(eq(conversationMessages.conversationId, conversation.id));
      await settle(t);
      expect((await pending()).lastError).toContain('TIMEOUT');
      fake.mode = 'ok';
      await t.database.db.update(conversationMessages).set({ nextAttemptAt: new Date(0) }).where(eq(conversationMessages.conversationId, conversation.id));
      await settle(t);
      expect((await pending()).status).toBe('sent');
      expect(fake.zaloSent.some((m) => m.userId === 'zalo-down')).toBe(true);
    });

    it('given an operator replies, then the reply reaches the citizen on Zalo; readyz reports Zalo ok', async () => {
      const conversation = (await conversationOf('zalo-u1'))!;
      expect((await staff.as('operator', 'POST', `/api/conversations/${conversation.id}/reply`, { body: 'Công ty cấp nước đã tiếp nhận' })).statusCode).toBe(201);
      await settle(t);
      expect(fake.zaloSent.at(-1)).toEqual({ userId: 'zalo-u1', text: 'Công ty cấp nước đã tiếp nhận' });
      expect((await t.app.inject({ url: '/readyz' })).json().channels.zalo).toMatchObject({ enabled: true, state: 'ok' });
    });
  });

  describe('Facebook', () => {
    it('given the verify-token handshake, then the challenge comes back; a wrong token is 403', async () => {
      const ok = await t.app.inject({ url: '/api/channels/facebook/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444' });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toBe('1158201444');
      expect((await t.app.inject({ url: '/api/channels/facebook/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1' })).statusCode).toBe(403);
    });

    it('given a signed message, then a ticket and the acknowledgement through the Send API as a RESPONSE; an operator reply follows', async () => {
      const response = await postFacebook(facebookUpdate('psid-1', 'm_in_1', 'Rác thải chưa được thu gom'));
      expect(response.json()).toEqual({ received: 1 });
      await settle(t);
      const conversation = await until(() => conversationOf('psid-1'), 'the conversation');
      const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.id, conversation.ticketId));
      expect(ticket!.channel).toBe('facebook');
      expect(fake.facebookSent[0]).toMatchObject({ recipient: 'psid-1', messagingType: 'RESPONSE' });
      expect(fake.facebookSent[0]!.text).toContain(ticket!.receiptCode);
      await postFacebook(facebookUpdate('psid-1', 'm_in_2', 'Bổ sung địa chỉ: tổ 3'));
      await settle(t);
      expect(await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'psid-1'))).toHaveLength(1);
      expect((await staff.as('operator', 'POST', `/api/conversations/${conversation.id}/reply`, { body: 'Đã báo công ty môi trường' })).statusCode).toBe(201);
      await settle(t);
      expect(fake.facebookSent.at(-1)).toMatchObject({ recipient: 'psid-1', text: 'Đã báo công ty môi trường' });
    });

    it('given a wrong X-Hub-Signature-256, then 401 and nothing stored; echoes of our own messages are ignored', async () => {
      const body = facebookUpdate('psid-forged', 'm_forged', 'giả');
      expect((await postFacebook(body, facebookSignature(body, 'other-secret'))).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'POST', url: '/api/channels/facebook/webhook', headers: { 'content-type': 'application/json' }, payload: body })).statusCode).toBe(401);
      expect(await conversationOf('psid-forged')).toBeUndefined();
      const echo = JSON.stringify({ object: 'page', entry: [{ id: 'page-1', messaging: [{ sender: { id: 'page-1' }, recipient: { id: 'psid-1' }, message: { mid: 'm_echo', text: 'x', is_echo: true } }] }] });
      expect((await postFacebook(echo)).json()).toEqual({ received: 0 });
    });

    it('given Facebook refuses a send outside the 24 h window, then the message fails for good with the reason (not retried)', async () => {
      fake.mode = 'window-closed';
      await postFacebook(facebookUpdate('psid-late', 'm_late', 'Hỏi'));
      await settle(t);
      fake.mode = 'ok';
      const conversation = await until(() => conversationOf('psid-late'), 'the conversation');
      const [ack] = (await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversation.id))).filter((m) => m.direction === 'out');
      expect(ack!.status).toBe('failed');
      expect(ack!.lastError).toContain('FACEBOOK_WINDOW_CLOSED');
    });
  });

  it('given a channel switched off, then its webhook answers 404 CHANNEL_OFF; the admin routes are for admins only', async () => {
    expect((await staff.as('admin', 'PUT', '/api/channels/facebook', { enabled: false, config: { pageId: 'page-1', graphUrl: fake.url } })).statusCode).toBe(200);
    const body = facebookUpdate('psid-off', 'm_off', 'x');
    const off = await postFacebook(body);
    expect(off.statusCode).toBe(404);
    expect(off.json().code).toBe('CHANNEL_OFF');
    expect((await staff.as('supervisor', 'GET', '/api/channels')).statusCode).toBe(403);
    expect((await staff.as(null, 'GET', '/api/channels')).statusCode).toBe(401);
    expect((await staff.as('admin', 'PUT', '/api/channels/zalo', { enabled: true, config: { nope: 'x' } })).statusCode).toBe(400);
    expect((await staff.as('admin', 'PUT', '/api/channels/zalo', { enabled: true, config: {}, secrets: { password: 'x' } })).statusCode).toBe(400);
  });
});
