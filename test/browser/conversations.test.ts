import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations } from '../../src/db/schema/index.js';
import { ChannelSendError } from '../../src/channels/types.js';
import { inbound, RecordingAdapter } from '../channels/support.js';
import { AttachmentStore } from '../../src/attachments/store.js';
import { storeInboundAttachment } from '../../src/channels/attachments.js';
import { pngBytes } from '../attachments/samples.js';
import { apiAs } from './harness/api.js';
import { expectAccessible, launchChromium, openPage, saveScreenshot, signIn, type PageProblems } from './harness/chromium.js';
import { startFloor, waitFor, type Floor } from './harness/floor.js';

/**
 * The written channels' pages in Chromium (issue 15, R16): a citizen's Zalo message appears live on the operator
 * desk's "Tin nhắn" tab, the operator opens it, takes it, replies and the reply reaches Zalo; Facebook's 24-hour
 * window is said before writing; the admin configures a channel with write-only secrets.
 */
describe('conversations and channels in Chromium (R16, R22, R24)', () => {
  let floor: Floor;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let zalo: RecordingAdapter;
  let facebook: RecordingAdapter;
  let receiptCode: string;

  beforeAll(async () => {
    floor = await startFloor({ env: { CHANNELS_SECRET_KEY: 'ab'.repeat(32) } });
    // The channels' fakes: they record what the hotline sends (hub.use puts them in place of the real adapters).
    zalo = new RecordingAdapter('zalo');
    facebook = new RecordingAdapter('facebook');
    floor.app.channels.use(zalo);
    floor.app.channels.use(facebook);
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser, floor));
  });

  afterAll(async () => {
    await browser?.close();
    await floor?.close();
  });

  it('given the operator desk is open on "Tin nhắn", when a citizen writes on Zalo, then the conversation and the count appear live', async () => {
    await signIn(page, 'dtv01');
    await page.getByRole('tab', { name: /Tin nhắn/ }).click();
    await page.getByText('Không có tin nhắn nào đang chờ').waitFor();

    // With a photo, kept in the attachment store as the inbox keeps the files citizens send (src/channels/attachments.ts).
    const photo = await storeInboundAttachment({ store: new AttachmentStore(floor.app.env.DATA_DIR), maxBytes: 1024 * 1024 }, 'den-hong.png', Readable.from([pngBytes]));
    await floor.app.channels.receive(inbound('zalo', { senderId: 'zalo-citizen-1', senderName: 'Trần Thị Bình', text: 'Đèn đường trước nhà số 5 Lê Lợi bị hỏng ba hôm nay, xin sửa giúp.', attachments: [photo] }));
    await page.getByTestId('messages-count').filter({ hasText: '1' }).waitFor();
    const [row] = await floor.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'zalo-citizen-1'));
    const admin = await apiAs(floor, 'quantri');
    const detail = await admin.get<{ conversation: { receiptCode: string } }>(`/api/conversations/${row!.id}`);
    receiptCode = detail.conversation.receiptCode;
    await page.getByTestId('conversations').getByRole('button', { name: `Mở tin nhắn của phiếu ${receiptCode}` }).waitFor();
    // The R16 acknowledgement went back on Zalo with the receipt code.
    await waitFor(() => zalo.sent.some((m) => m.to === 'zalo-citizen-1' && m.body.includes(receiptCode)), 'the acknowledgement on Zalo');
  });

  it('given the conversation is opened, when the operator takes it and replies, then the reply reaches Zalo and shows as sent', async () => {
    await page.getByRole('button', { name: `Mở tin nhắn của phiếu ${receiptCode}` }).click();
    const panel = page.getByTestId('conversation');
    await panel.getByText('Đèn đường trước nhà số 5 Lê Lợi').waitFor();
    await panel.getByText('Xác nhận tiếp nhận').waitFor();
    // The citizen's photo is on the message, downloaded through the audited attachment route.
    const photo = panel.getByTestId('conversation-files').getByRole('link', { name: 'Tải tệp den-hong.png' });
    const download = await page.request.get((await photo.getAttribute('href'))!);
    expect(download.status()).toBe(200);
    expect((await download.body()).equals(pngBytes)).toBe(true);
    await panel.getByTestId('delivery').filter({ hasText: 'Đã gửi' }).first().waitFor();
    await panel.getByRole('button', { name: 'Nhận xử lý' }).click();
    await page.getByTestId('messages-count').waitFor({ state: 'detached' });
    const reply = 'Chào chị Bình, tổng đài đã chuyển phản ánh tới Công ty Chiếu sáng đô thị; đèn sẽ được sửa trong 2 ngày.';
    await panel.getByLabel('Nội dung trả lời').fill(reply);
    await panel.getByRole('button', { name: 'Gửi trả lời', exact: true }).click();
    await waitFor(() => zalo.sent.some((m) => m.to === 'zalo-citizen-1' && m.body === reply), 'the reply on Zalo');
    await expect.poll(() => panel.getByTestId('delivery').filter({ hasText: 'Đã gửi' }).count()).toBe(2);
    await panel.getByText(reply).waitFor();
    await expectAccessible(page, 'operator desk, a conversation');
    await saveScreenshot(page, 'operator-conversation');

    // A reply Zalo refuses for good (the citizen blocked the OA) is shown as not sent, live.
    zalo.failWith = new ChannelSendError('USER_BLOCKED', false, 'the user blocked the OA');
    await panel.getByLabel('Nội dung trả lời').fill('Tổng đài xin bổ sung: đội sửa chữa sẽ gọi chị trước khi đến.');
    await panel.getByRole('button', { name: 'Gửi trả lời', exact: true }).click();
    const refused = panel.getByTestId('conversation-message').filter({ hasText: 'đội sửa chữa sẽ gọi' });
    await refused.getByTestId('delivery').filter({ hasText: 'Gửi không được' }).waitFor();
    await refused.getByTestId('delivery-error').filter({ hasText: 'Lý do:' }).waitFor();
    await saveScreenshot(page, 'operator-conversation-refused');
    zalo.failWith = null;

    // The final answer goes out the same way, marked as such.
    await panel.getByLabel('Nội dung trả lời').fill('Đèn đã được sửa xong sáng nay. Cảm ơn chị đã phản ánh.');
    await panel.getByRole('button', { name: 'Gửi làm trả lời chính thức' }).click();
    await waitFor(() => zalo.sent.some((m) => m.body.startsWith('Đèn đã được sửa xong')), 'the final answer on Zalo');
    const answer = panel.getByTestId('conversation-message').filter({ hasText: 'Đèn đã được sửa xong' });
    await answer.getByText('Trả lời chính thức', { exact: true }).waitFor();
    await answer.getByTestId('delivery').filter({ hasText: 'Đã gửi' }).waitFor();

    // The ticket it is on opens in the ticket form.
    await panel.getByRole('button', { name: `Mở phiếu ${receiptCode}` }).click();
    await page.getByText(receiptCode).nth(1).waitFor();
  });

  it('given a Facebook conversation whose last message is 25 hours old, then the desk says the 24-hour window is closed and offers no reply box', async () => {
    await floor.app.channels.receive(inbound('facebook', { senderId: 'fb-citizen-1', text: 'Rác thải tập kết sai nơi ở khu phố 3.' }));
    let row: typeof conversations.$inferSelect | undefined;
    await waitFor(async () => {
      [row] = await floor.database.db.select().from(conversations).where(eq(conversations.citizenAddress, 'fb-citizen-1'));
      return row !== undefined;
    }, 'the Facebook conversation');
    await floor.database.db.update(conversations).set({ lastInboundAt: new Date(Date.now() - 25 * 3_600_000) }).where(eq(conversations.id, row!.id));
    await page.getByTestId('messages-count').filter({ hasText: '1' }).waitFor();
    const admin = await apiAs(floor, 'quantri');
    const detail = await admin.get<{ conversation: { receiptCode: string } }>(`/api/conversations/${row!.id}`);
    await page.getByTestId('conversation').getByRole('button', { name: 'Đóng' }).click();
    await page.getByRole('tab', { name: /Tin nhắn/ }).click();
    await page.getByRole('button', { name: `Mở tin nhắn của phiếu ${detail.conversation.receiptCode}` }).click();
    const panel = page.getByTestId('conversation');
    await panel.getByText('Rác thải tập kết sai nơi').waitFor();
    await panel.getByRole('button', { name: 'Nhận xử lý' }).click();
    await panel.getByRole('alert').filter({ hasText: 'Facebook không cho phép trả lời' }).waitFor();
    expect(await panel.getByLabel('Nội dung trả lời').count()).toBe(0);
    await expectAccessible(page, 'operator desk, Facebook window closed');
    await saveScreenshot(page, 'operator-conversation-facebook-closed');
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await panel.getByRole('alert').filter({ hasText: 'Facebook does not allow a reply' }).waitFor();
    await page.getByRole('tab', { name: /Messages/ }).waitFor();
    await page.getByLabel('Language').selectOption('vi');
    expect(problems).toEqual({ errors: [], cspViolations: [] });
  });

  it('given the admin console, when the admin sets the e-mail channel with a password, then it is saved, shown as "đã đặt" and never shown again', async () => {
    const adminPage = await openPage(browser, floor);
    const admin = adminPage.page;
    await signIn(admin, 'quantri');
    await admin.getByRole('link', { name: 'Kênh tin nhắn' }).click();
    await admin.getByRole('heading', { name: 'Kênh tiếp nhận bằng tin nhắn' }).waitFor();
    // Zalo and Facebook run (the tests' fakes); e-mail is off.
    await admin.getByTestId('channel-zalo').getByTestId('channel-health').filter({ hasText: 'Hoạt động' }).waitFor();
    await admin.getByTestId('channel-email').getByTestId('channel-health').filter({ hasText: 'Tắt' }).waitFor();
    const email = admin.getByTestId('channel-email');
    await email.getByTestId('secret-imapPassword').filter({ hasText: 'chưa đặt' }).waitFor();
    await email.getByLabel('Địa chỉ email của tổng đài').fill('tiepnhan1022@dongnai.gov.vn');
    await email.getByLabel('Máy chủ IMAP').fill('mail.dongnai.gov.vn');
    await email.getByLabel('Cổng IMAP').fill('993');
    await email.getByLabel('Mật khẩu IMAP').fill('mat-khau-imap-bi-mat');
    await email.getByRole('button', { name: 'Lưu kênh' }).click();
    await email.getByTestId('secret-imapPassword').filter({ hasText: 'đã đặt' }).waitFor();
    expect(await email.getByLabel('Mật khẩu IMAP').inputValue()).toBe('');
    expect(await email.getByLabel('Máy chủ IMAP').inputValue()).toBe('mail.dongnai.gov.vn');
    const api = await apiAs(floor, 'quantri');
    const channels = await api.get<{ items: Array<{ kind: string; config: Record<string, unknown>; secretsSet: string[] }> }>('/api/channels');
    const saved = channels.items.find((c) => c.kind === 'email')!;
    expect(saved.config).toMatchObject({ address: 'tiepnhan1022@dongnai.gov.vn', imapHost: 'mail.dongnai.gov.vn', imapPort: 993 });
    expect(saved.secretsSet).toEqual(['imapPassword']);
    expect(JSON.stringify(channels)).not.toContain('mat-khau-imap-bi-mat');
    expect(await admin.content()).not.toContain('mat-khau-imap-bi-mat');
    await expectAccessible(admin, 'admin channels');
    await saveScreenshot(admin, 'admin-channels');

    await admin.getByLabel('Ngôn ngữ').selectOption('en');
    await admin.getByRole('heading', { name: 'Written channels' }).waitFor();
    await admin.getByTestId('channel-email').getByTestId('secret-imapPassword').filter({ hasText: 'set' }).waitFor();
    await admin.getByLabel('Language').selectOption('vi');
    expect(adminPage.problems).toEqual({ errors: [], cspViolations: [] });
  });
});
