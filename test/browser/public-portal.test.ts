import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './harness/api.js';
import { expectAccessible, launchChromium, openPage, saveScreenshot, type PageProblems } from './harness/chromium.js';
import { startFloor, type Floor } from './harness/floor.js';

/**
 * The citizens' portal on a 390 px wide phone (issue 14; R9, R16, R17): no sign-in; a citizen sends a request — the
 * browser solves the server's proof-of-work in a Web Worker —, gets the receipt code, tracks it with the code and
 * their phone number, and once the hotline has answered and published it, reads and finds the answer, masked.
 */
describe('public portal on a phone in Chromium (R9, R16, R17)', () => {
  let floor: Floor;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let receiptCode = '';
  const phone = '0912 345 678';

  beforeAll(async () => {
    // A real challenge (12 bits: about 4,000 hashes), so the page must solve it for the server to accept.
    floor = await startFloor({ env: { PUBLIC_CHALLENGE_BITS: '12' } });
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser, floor, { width: 390, height: 844 }));
  });

  afterAll(async () => {
    await browser?.close();
    await floor?.close();
  });

  it('given a citizen on a phone, when they send a request, then the challenge is solved in the browser and the receipt code is shown (R16)', async () => {
    await page.goto('/public');
    await page.getByRole('heading', { name: 'Gửi góp ý, phản ánh, kiến nghị' }).waitFor();
    await expectAccessible(page, 'public request form');
    await page.getByLabel('Họ và tên').fill('Lê Văn Cường');
    await page.getByLabel('Số điện thoại').fill(phone);
    await page.getByLabel('Địa chỉ').fill('Khu phố 3, phường Tân Mai, Biên Hòa');
    await page.getByLabel('Lĩnh vực (không bắt buộc)').selectOption({ label: 'Giao thông vận tải' });
    await page.getByLabel('Nội dung').fill('Đèn tín hiệu giao thông tại ngã tư Tân Mai bị hỏng từ ba ngày nay, đề nghị sửa chữa sớm.');
    // Issue 14: a photo from the phone's camera roll and a document; the document is removed again; a program is refused.
    const choose = page.getByLabel('Chọn ảnh hoặc tệp');
    await choose.setInputFiles([
      { name: 'IMG_20261208_0712.jpg', mimeType: 'image/jpeg', buffer: cameraPhoto },
      { name: 'Đơn kiến nghị.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
    ]);
    await choose.setInputFiles({ name: 'caidat.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await expect(page.getByRole('alert').textContent()).resolves.toContain('caidat.exe');
    const chosen = page.getByTestId('chosen-files');
    await expect(chosen.textContent()).resolves.toContain('1,3 MB');
    await page.getByRole('button', { name: 'Bỏ tệp Đơn kiến nghị.pdf' }).click();
    await expect(chosen.getByRole('listitem').count()).resolves.toBe(1);
    await expectAccessible(page, 'public request form with a photo');
    await saveScreenshot(page, 'public-request-phone');
    // A slow mobile uplink (≈ 256 kB/s): the citizen sees how much of the photo has gone.
    const network = await page.context().newCDPSession(page);
    await network.send('Network.enable');
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: 1_000_000, uploadThroughput: 256 * 1024 });
    await page.getByRole('button', { name: 'Gửi yêu cầu', exact: true }).click();
    await page.getByRole('progressbar', { name: 'Tiến độ gửi' }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Đang gửi… \d+%/);
    await saveScreenshot(page, 'public-request-sending-phone');
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await network.detach();
    receiptCode = (await receipt.locator('.portal-code').textContent()) ?? '';
    expect(receiptCode).toMatch(/^1022-\d{4}-\d{6,}$/);
    await expect(receipt.textContent()).resolves.toContain(receiptCode);
    await expect(receipt.textContent()).resolves.toContain('Đã gửi kèm 1 tệp');
    await expectAccessible(page, 'public receipt');
    await saveScreenshot(page, 'public-receipt-phone');

    // The hotline sees the photo on the ticket and downloads it (R22: audited as every attachment).
    const admin = await apiAs(floor, 'quantri');
    const found = await admin.get<{ items: Array<{ id: string; receiptCode: string }> }>(`/api/tickets?q=${encodeURIComponent(receiptCode)}`);
    const ticket = found.items.find((item) => item.receiptCode === receiptCode)!;
    const files = await admin.get<{ items: Array<{ id: string; fileName: string; mimeType: string; sizeBytes: number }> }>(`/api/tickets/${ticket.id}/attachments`);
    expect(files.items.map((f) => [f.fileName, f.mimeType, f.sizeBytes])).toEqual([['IMG_20261208_0712.jpg', 'image/jpeg', cameraPhoto.length]]);
    const download = await floor.app.inject({ url: `/api/attachments/${files.items[0]!.id}/file`, headers: { cookie: await cookieOf(floor) } });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(cameraPhoto)).toBe(true);
  });

  it('given the hotline answered and published it, when the citizen tracks the code with their phone, then the answer is shown, and it is found among the published answers (R17)', async () => {
    const admin = await apiAs(floor, 'quantri');
    const found = await admin.get<{ items: Array<{ id: string; receiptCode: string }> }>(`/api/tickets?q=${encodeURIComponent(receiptCode)}`);
    const ticket = found.items.find((item) => item.receiptCode === receiptCode)!;
    await admin.post(`/api/tickets/${ticket.id}/transitions`, {
      action: 'answer',
      resultText: 'Công ty Chiếu sáng đô thị đã thay bộ điều khiển đèn tín hiệu tại ngã tư Tân Mai ngày 08/12.',
    });
    const preview = await admin.post<{ question: string; answer: string }>(`/api/tickets/${ticket.id}/publication/preview`, {});
    const published = await floor.app.inject({ method: 'PUT', url: `/api/tickets/${ticket.id}/publication`, headers: { cookie: await cookieOf(floor) }, payload: { question: preview.question, answer: preview.answer } });
    expect(published.statusCode, published.body).toBe(200);

    await page.getByRole('button', { name: 'Tra cứu phiếu này' }).click();
    await expect(page.getByLabel('Mã phiếu').inputValue()).resolves.toBe(receiptCode);
    await page.getByRole('button', { name: 'Xem kết quả' }).click();
    const tracked = page.getByTestId('tracked-ticket');
    await tracked.getByText('Công ty Chiếu sáng đô thị đã thay bộ điều khiển').waitFor();
    await expect(tracked.textContent()).resolves.not.toContain('Lê Văn Cường');
    await expectAccessible(page, 'public tracking');
    await saveScreenshot(page, 'public-track-phone');

    await page.getByRole('button', { name: 'Hỏi đáp' }).click();
    await page.getByLabel('Tìm trong các câu trả lời').fill('đèn tín hiệu');
    await page.getByTestId('answers').getByText('Công ty Chiếu sáng đô thị').waitFor();
    await expectAccessible(page, 'public answers');
    await saveScreenshot(page, 'public-answers-phone');
  });

  it('given a wrong phone number, when the citizen tracks the code, then they are told, without the ticket', async () => {
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await page.getByLabel('Mã phiếu').fill(receiptCode);
    await page.getByLabel('Số điện thoại').fill('0900000000');
    await page.getByRole('button', { name: 'Xem kết quả' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByTestId('tracked-ticket').count()).resolves.toBe(0);
  });

  it('given a file that only looks like a photo, when sent, then the server refuses it and the page says so in Vietnamese; without it the request goes through', async () => {
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await page.getByLabel('Họ và tên').fill('Lê Văn Cường');
    await page.getByLabel('Số điện thoại').fill(phone);
    await page.getByLabel('Nội dung').fill('Cây xanh ngã chắn đường Phạm Văn Thuận sau cơn mưa tối qua.');
    await page.getByLabel('Chọn ảnh hoặc tệp').setInputFiles({ name: 'anh-cay-nga.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]) });
    await page.getByRole('button', { name: 'Gửi yêu cầu', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('Loại tệp không được phép');
    await expectAccessible(page, 'public request refused');
    await saveScreenshot(page, 'public-request-refused-phone');
    await page.getByRole('button', { name: 'Bỏ tệp anh-cay-nga.jpg' }).click();
    await page.getByRole('button', { name: 'Gửi yêu cầu', exact: true }).click();
    await page.getByTestId('receipt').waitFor();
    await page.getByRole('button', { name: 'Gửi yêu cầu khác' }).click();
  });

  it('given English is chosen, then the portal speaks English', async () => {
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('button', { name: 'Report' }).click();
    await page.getByRole('heading', { name: 'Send a comment, report or request' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByLabel('Language').selectOption('vi');
    expect(problems.cspViolations).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});

/** A phone camera's JPEG as the server sees it: the JPEG signature, then 1.3 MB. */
const cameraPhoto = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), Buffer.alloc(1.3 * 1024 * 1024, 0x5a)]);

async function cookieOf(floor: Floor): Promise<string> {
  const { demoPassword } = await import('./harness/floor.js');
  const login = await floor.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'quantri', password: demoPassword } });
  return `sid=${login.cookies.find((c) => c.name === 'sid')?.value}`;
}
