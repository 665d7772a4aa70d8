import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, conversationMessages, conversations, inboundMessages } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';
import { exeBytes, pdfBytes, pngBytes } from '../attachments/samples.js';
import { facebookSignature, FakePlatforms, zaloSignature } from './fake-platforms.js';
import { settle, until } from './support.js';

const appId = '360846524940903967';
const oaSecretKey = 'oa-secret-key';
const appSecret = 'fb-app-secret';
const maxBytes = 64 * 1024;

type ZaloAttachment = { type: string; payload: { url: string; name?: string; size?: string; thumbnail?: string } };

function zaloEvent(userId: string, msgId: string, eventName: string, attachment: ZaloAttachment, text?: string) {
  return JSON.stringify({
    app_id: appId, sender: { id: userId }, user_id_by_app: '552177279717587730', recipient: { id: '388613280878808645' },
    event_name: eventName, message: { msg_id: msgId, ...(text ? { text } : {}), attachments: [attachment] }, timestamp: String(Date.now()),
  });
}


function facebookUpdate(psid: string, mid: string, attachments: Array<{ type: string; payload: { url: string } }>) {
  return JSON.stringify({ object: 'page', entry: [{ id: 'page-1', time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: 'page-1' }, timestamp: Date.now(), message: { mid, attachments } }] }] });
}

/**
 * Issue 15: what citizens send on Zalo and Facebook besides text — images and files become ticket attachments,
 * downloaded from the channel's CDN (our local stand-in) after the webhook has answered, with the checks of an
 * upload; refusals are a note in the conversation; failures are retried by the inbox; nothing is attached twice.
 */
describe('Zalo and Facebook images and files (R16, R22)', () => {
  let t: TestApp;
  let staff: Staff;
  const fake = new FakePlatforms();

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({
      CHANNELS_SECRET_KEY: 'c'.repeat(64), CHANNELS_HTTP_TIMEOUT_MS: '500', CHANNELS_DOWNLOAD_TIMEOUT_MS: '700', ATTACHMENT_MAX_BYTES: String(maxBytes),
    });
    staff = await signInStaff(t, 'file');
    const zalo = await staff.as('admin', 'PUT', '/api/channels/zalo', {
      enabled: true,
      // The allow-list names the local stand-in's origin (http, exact); production uses https on Zalo's CDN.
      config: { appId, oaId: '388613280878808645', apiUrl: fake.url, oauthUrl: fake.url, attachmentHosts: fake.url },
      secrets: { oaSecretKey, appSecretKey: 'app-secret-key', accessToken: fake.zaloAccessToken, refreshToken: fake.zaloRefreshToken },
    });
    expect(zalo.statusCode, zalo.body).toBe(200);
    const facebook = await staff.as('admin', 'PUT', '/api/channels/facebook', {
      enabled: true,
      config: { pageId: 'page-1', graphUrl: fake.url, attachmentHosts: fake.url },
      secrets: { appSecret, verifyToken: 'verify-me', pageAccessToken: fake.facebookToken },
    });
    expect(facebook.statusCode, facebook.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const postZalo = (body: string) =>
    t.app.inject({ method: 'POST', url: '/api/channels/zalo/webhook', headers: { 'content-type': 'application/json', 'x-zevent-signature': zaloSignature(body, appId, oaSecretKey) }, payload: body });
  const postFacebook = (body: string) =>
    t.app.inject({ method: 'POST', url: '/api/channels/facebook/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': facebookSignature(body, appSecret) }, payload: body });
  const conversationOf = async (address: string) => (await t.database.db.select().from(conversations).where(eq(conversations.citizenAddress, address)))[0];
  const citizenMessages = async (conversationId: string) =>
    (await t.database.db.select().from(conversationMessages).where(eq(conversationMessages.conversationId, conversationId))).filter((m) => m.direction === 'in');
  const filesOf = (ticketId: string) => t.database.db.select().from(attachments).where(eq(attachments.ticketId, ticketId));
  const inboxRow = async (externalId: string) => (await t.database.db.select().from(inboundMessages).where(eq(inboundMessages.externalId, externalId)))[0]!;
  /** The inbox's backoff, skipped: the row is due now. */
  const dueNow = (externalId: string) => t.database.db.update(inboundMessages).set({ nextAttemptAt: new Date(0) }).where(eq(inboundMessages.externalId, externalId));

  it('given a Zalo image, then the webhook answers without downloading; processing keeps it as a ticket attachment of that message, downloadable by the operator', async () => {
    const url = fake.serve('o-ga.png', { body: pngBytes });
    const response = await postZalo(zaloEvent('zalo-img', 'zimg-1', 'user_send_image', { type: 'image', payload: { url, thumbnail: url } }, 'Ổ gà đường Hùng Vương'));
    expect(response.json()).toEqual({ received: 1 });
    expect(fake.fileRequests.get('o-ga.png') ?? 0).toBe(0);
    await settle(t);
    const conversation = await until(() => conversationOf('zalo-img'), 'the conversation');
    const [message] = await citizenMessages(conversation.id);
    expect(message!.body).toBe('Ổ gà đường Hùng Vương');
    const [file] = await filesOf(conversation.ticketId);
    expect(file).toMatchObject({ mimeType: 'image/png', sizeBytes: pngBytes.length, purpose: 'evidence', conversationMessageId: message!.id, fileName: 'anh-zalo.png' });
    const download = await staff.as('operator', 'GET', `/api/attachments/${file!.id}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pngBytes)).toBe(true);
    const detail = await staff.as('operator', 'GET', `/api/conversations/${conversation.id}`);
    expect(detail.json().messages[0].attachments).toEqual([{ id: file!.id, fileName: 'anh-zalo.png', mimeType: 'image/png', sizeBytes: pngBytes.length }]);
  });

  it('given a Facebook file over the size limit and one of a type not allowed, then the message is filed with a note for each and no attachment', async () => {
    const big = fake.serve('ban-ve.pdf', { body: Buffer.concat([pdfBytes, Buffer.alloc(maxBytes)]), chunked: true });
    const program = fake.serve('chuong-trinh.pdf', { body: exeBytes });
    await postFacebook(facebookUpdate('psid-big', 'm_big', [{ type: 'file', payload: { url: big } }, { type: 'file', payload: { url: program } }]));
    await settle(t);
    const conversation = await until(() => conversationOf('psid-big'), 'the conversation');
    const [message] = await citizenMessages(conversation.id);
    expect(message!.body).toContain('[Tệp đính kèm không được nhận: ban-ve.pdf — quá dung lượng cho phép (64 KB)]');
    expect(message!.body).toContain('[Tệp đính kèm không được nhận: chuong-trinh.pdf — loại tệp không được nhận');
    expect(await filesOf(conversation.ticketId)).toEqual([]);
    expect((await inboxRow('m_big')).status).toBe('processed');
  });

  it('given the CDN answers 5xx, then the message waits for the inbox retry, which attaches the file once', async () => {
    const url = fake.serve('don-thu.pdf', { body: pdfBytes, failTimes: 1 });
    await postZalo(zaloEvent('zalo-5xx', 'z5xx-1', 'user_send_file', { type: 'file', payload: { url, name: 'don-thu.pdf', size: String(pdfBytes.length) } }));
    await settle(t);
    const waiting = await inboxRow('z5xx-1');
    expect(waiting.status).toBe('pending');
    expect(waiting.lastError).toContain('HTTP_502');
    expect(await conversationOf('zalo-5xx')).toBeUndefined();
    await dueNow('z5xx-1');
    await settle(t);
    const conversation = await until(() => conversationOf('zalo-5xx'), 'the conversation after the retry');
    await dueNow('z5xx-1');
    await settle(t);
    const files = await filesOf(conversation.ticketId);
    expect(files.map((f) => [f.fileName, f.mimeType])).toEqual([['don-thu.pdf', 'application/pdf']]);
    expect(fake.fileRequests.get('don-thu.pdf')).toBe(2);
    // The body has no link to the CDN: the file is on the ticket.
    expect((await citizenMessages(conversation.id))[0]!.body).toBe('(tệp đính kèm)');
  });

  it('given the same webhook delivered twice, then the file is downloaded and attached once', async () => {
    const url = fake.serve('anh-2.png', { body: pngBytes });
    const body = zaloEvent('zalo-twice', 'ztwice-1', 'user_send_image', { type: 'image', payload: { url } });
    expect((await postZalo(body)).json()).toEqual({ received: 1 });
    expect((await postZalo(body)).json()).toEqual({ received: 0 });
    await settle(t);
    const conversation = await until(() => conversationOf('zalo-twice'), 'the conversation');
    expect(await filesOf(conversation.ticketId)).toHaveLength(1);
    expect(fake.fileRequests.get('anh-2.png')).toBe(1);
  });

  it('given a CDN that stops answering, then the download times out and is retried; on the last attempt the message is filed with a note', async () => {
    const url = fake.serve('cham.pdf', { body: pdfBytes, stall: true });
    await postZalo(zaloEvent('zalo-slow', 'zslow-1', 'user_send_file', { type: 'file', payload: { url, name: 'cham.pdf' } }, 'Gửi kèm đơn'));
    await settle(t);
    expect((await inboxRow('zslow-1')).lastError).toContain('TIMEOUT');
    expect(await conversationOf('zalo-slow')).toBeUndefined();
    await t.database.db.update(inboundMessages).set({ attempts: t.app.env.CHANNELS_MAX_ATTEMPTS - 1, nextAttemptAt: new Date(0) }).where(eq(inboundMessages.externalId, 'zslow-1'));
    await settle(t);
    const conversation = await until(() => conversationOf('zalo-slow'), 'the conversation filed on the last attempt');
    expect((await citizenMessages(conversation.id))[0]!.body).toBe('Gửi kèm đơn\n[Tệp đính kèm không được nhận: cham.pdf — không tải được tệp từ kênh sau nhiều lần thử]');
  });

  it('given links outside the allow-list (an internal address, a redirect away from the CDN), then nothing is fetched there and each is a note (SSRF)', async () => {
    const away = fake.serve('chuyen-huong.png', { body: pngBytes, redirectTo: 'http://127.0.0.2:9/noi-bo.png' });
    await postFacebook(facebookUpdate('psid-ssrf', 'm_ssrf', [
      { type: 'image', payload: { url: 'http://169.254.169.254/latest/meta-data/anh.png' } },
      { type: 'image', payload: { url: away } },
    ]));
    await settle(t);
    const conversation = await until(() => conversationOf('psid-ssrf'), 'the conversation');
    const body = (await citizenMessages(conversation.id))[0]!.body;
    expect(body).toContain('[Tệp đính kèm không được nhận: anh.png — liên kết không thuộc máy chủ tệp của kênh]');
    expect(body).toContain('[Tệp đính kèm không được nhận: chuyen-huong.png — liên kết không thuộc máy chủ tệp của kênh]');
    expect(await filesOf(conversation.ticketId)).toEqual([]);
    expect(fake.fileRequests.get('chuyen-huong.png')).toBe(1);
  });

  it('given more files than a message may bring, one of them expired, then the first ten are handled and the others noted', async () => {
    const pages = Array.from({ length: 11 }, (_, i) => ({ type: 'image', payload: { url: fake.serve(`trang-${i + 1}.png`, { body: pngBytes }) } }));
    pages[3] = { type: 'image', payload: { url: `${fake.url}/files/het-han.png` } };
    await postFacebook(facebookUpdate('psid-many', 'm_many', pages));
    await settle(t);
    const conversation = await until(() => conversationOf('psid-many'), 'the conversation');
    const body = (await citizenMessages(conversation.id))[0]!.body;
    expect(body).toContain('[Tệp đính kèm không được nhận: het-han.png — kênh không cho tải tệp (liên kết hết hạn hoặc bị xóa)]');
    expect(body).toContain('[Tệp đính kèm không được nhận: trang-11.png — quá 10 tệp trong một tin nhắn]');
    expect((await filesOf(conversation.ticketId)).map((f) => f.fileName).sort()).toEqual(['trang-1.png', 'trang-10.png', 'trang-2.png', 'trang-3.png', 'trang-5.png', 'trang-6.png', 'trang-7.png', 'trang-8.png', 'trang-9.png']);
    expect(fake.fileRequests.get('trang-11.png') ?? 0).toBe(0);
  });

  it('given a reply with an image on an open Zalo conversation, then the image joins the same ticket, linked to that reply', async () => {
    const conversation = (await conversationOf('zalo-img'))!;
    const url = fake.serve('o-ga-2.jpg', { body: pngBytes });
    await postZalo(zaloEvent('zalo-img', 'zimg-2', 'user_send_image', { type: 'image', payload: { url } }, 'Thêm ảnh'));
    await settle(t);
    const reply = await until(async () => (await citizenMessages(conversation.id)).find((m) => m.body === 'Thêm ảnh'), 'the reply');
    const [file] = await t.database.db.select().from(attachments).where(and(eq(attachments.ticketId, conversation.ticketId), eq(attachments.conversationMessageId, reply.id)));
    expect(file!.mimeType).toBe('image/png');
  });
});
