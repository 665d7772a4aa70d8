import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './harness/api.js';
import { expectAccessible, launchChromium, openPage, saveScreenshot, signIn, type PageProblems } from './harness/chromium.js';
import { Switchboard } from './harness/control.js';
import { startFloor, waitFor, type Floor } from './harness/floor.js';

/**
 * The operator's desk in Chromium against the real server on the fake Asterisk (issue 13): sign in, go available, a
 * citizen calls, the pop shows who before the answer, the operator answers, writes and completes the ticket, transfers
 * to the agency's hotline forwarding the ticket (after a busy one), and the page recovers after a server restart.
 */
describe('operator desk in Chromium (R4, R6, R7, R9, R19, R23)', () => {
  const caller = '0912345678';
  const operatorPhone = 'PJSIP/op101';
  const healthField = 'Y tế: tư vấn, cấp cứu, xét nghiệm, tiêm chủng';
  let floor: Floor;
  let switchboard: Switchboard;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let health: { id: string; name: string; hotline: string };
  let busyAgency: { id: string; name: string; hotline: string };
  let previousReceipt: string;
  let citizen: string;

  beforeAll(async () => {
    floor = await startFloor({ env: { WRAPUP_SECONDS: '12' } });
    switchboard = new Switchboard(floor);
    browser = await launchChromium();
    // The operator's phone rings until the test answers it; the agencies' hotlines too, but one is busy.
    await switchboard.setEndpoint(operatorPhone, { kind: 'manual' });
    const admin = await apiAs(floor, 'quantri');
    const agencies = await admin.get<Array<{ id: string; code: string; name: string; hotline: string }>>('/api/agencies');
    health = agencies.find((a) => a.code === 'so-y-te')!;
    busyAgency = agencies.find((a) => a.code === 'bhxh-tinh')!;
    await switchboard.setEndpoint(`PJSIP/${health.hotline}@trunk`, { kind: 'manual' });
    await switchboard.setEndpoint(`PJSIP/${busyAgency.hotline}@trunk`, { kind: 'busy', afterMs: 50 });
    // What the desk should find about this caller: an earlier ticket, and an earlier call given up in the menu.
    const earlier = await admin.post<{ receiptCode: string }>('/api/tickets', {
      channel: 'phone',
      content: 'Phản ánh thời gian chờ khám tại Bệnh viện đa khoa tỉnh quá lâu, đề nghị bố trí thêm quầy tiếp đón.',
      citizenPhone: caller,
      citizenName: 'Nguyễn Văn An',
      citizenAddress: 'Phường Tân Phong, Biên Hòa',
    });
    previousReceipt = earlier.receiptCode;
    const gaveUp = await switchboard.placeCall(caller);
    await waitFor(async () => (await switchboard.state()).channels.some((c) => c.id === gaveUp && c.inStasis), 'the earlier call in the IVR');
    await switchboard.hangup(gaveUp);
    await admin.post('/api/kb', {
      question: 'Thủ tục cấp hộ chiếu phổ thông lần đầu cần những giấy tờ gì?',
      answer: 'Tờ khai theo mẫu TK01, căn cước công dân còn hạn, 2 ảnh 4x6. Nộp tại Phòng Quản lý xuất nhập cảnh Công an tỉnh hoặc qua Cổng dịch vụ công.',
      keywords: 'ho chieu, xuat canh',
    });
    await admin.post('/api/kb', {
      question: 'Đăng ký khám chữa bệnh BHYT ban đầu ở đâu?',
      answer: 'Người dân đăng ký tại cơ quan BHXH huyện hoặc qua ứng dụng VssID; được đổi nơi khám ban đầu vào đầu mỗi quý.',
      keywords: 'bao hiem y te, kham benh',
    });
    ({ page, problems } = await openPage(browser, floor));
  });

  afterAll(async () => {
    await browser?.close();
    await floor?.close();
  });

  it('given the sign-in page, then it is labelled, accessible and in Vietnamese', async () => {
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await expect(page.getByRole('heading', { name: 'Đăng nhập' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'sign-in');
    await saveScreenshot(page, 'sign-in');
    await page.getByLabel('Tên đăng nhập').fill('dtv01');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: /mật khẩu/i }).waitFor();
  });

  it('given an operator signs in and goes available, when a citizen calls, then the pop shows the number and history before the phone is answered', async () => {
    await signIn(page, 'dtv01');
    expect(new URL(page.url()).pathname).toBe('/operator');
    await page.getByText(operatorPhone).waitFor();
    await page.getByTestId('agent-state').filter({ hasText: 'Ngoài ca' }).waitFor();
    await page.getByRole('button', { name: 'Sẵn sàng nhận cuộc gọi' }).click();
    await page.getByTestId('agent-state').filter({ hasText: 'Sẵn sàng' }).waitFor();
    await expectAccessible(page, 'operator desk, available');
    await saveScreenshot(page, 'operator-available');

    citizen = await switchboard.callIntoQueue(caller, '1');
    const pop = page.getByTestId('screen-pop');
    await pop.getByText('0912 345 678').waitFor();
    await page.getByTestId('agent-state').filter({ hasText: 'Cuộc gọi đến' }).waitFor();
    // Still ringing: the operator has not picked up, and already sees who calls and what they brought before.
    const leg = await switchboard.channelOf(operatorPhone, 'Ringing');
    await expect(pop.getByText('Nguyễn Văn An').isVisible()).resolves.toBe(true);
    await expect(pop.getByText(previousReceipt).isVisible()).resolves.toBe(true);
    await expect(pop.getByText(healthField).isVisible()).resolves.toBe(true);
    await expect(pop.getByText('Gác máy ở lời chào').isVisible()).resolves.toBe(true);
    await expect(pop.getAttribute('class')).resolves.toContain('pop--ringing');
    await expectAccessible(page, 'operator desk, ringing');
    await saveScreenshot(page, 'operator-screen-pop');

    await switchboard.answer(leg.id);
    await page.getByTestId('agent-state').filter({ hasText: 'Đang đàm thoại' }).waitFor();
  });

  it('given the call is answered, then the draft ticket opens pre-filled, is saved as the operator types, and the knowledge base answers beside it', async () => {
    const form = page.getByTestId('ticket-form');
    await form.waitFor();
    await expect(form.getByLabel('Họ tên người gọi').inputValue()).resolves.toBe('Nguyễn Văn An');
    await expect(form.getByLabel('Số điện thoại').inputValue()).resolves.toBe(caller);
    await expect(form.getByLabel('Lĩnh vực').locator('option:checked').textContent()).resolves.toBe(healthField);
    await form.getByLabel('Địa chỉ').fill('Phường Tân Phong, Biên Hòa, Đồng Nai');
    await form.getByLabel('Nội dung phản ánh, kiến nghị').fill('Người dân phản ánh trạm y tế phường không tiêm vắc xin sởi cho trẻ trong tuần này, đề nghị Sở Y tế kiểm tra.');
    await form.getByLabel('Khẩn').check();
    await form.getByTestId('save-status').filter({ hasText: 'Đã lưu lúc' }).waitFor();

    await page.getByLabel('Tìm câu hỏi, thủ tục (gõ không dấu cũng được)').fill('ho chieu');
    await page.getByRole('button', { name: 'Thủ tục cấp hộ chiếu phổ thông lần đầu cần những giấy tờ gì?' }).waitFor();

    const officer = await apiAs(floor, 'giamsat');
    const mine = await officer.get<{ items: Array<{ receiptCode: string; content?: string; draft: boolean; urgency: string }> }>('/api/tickets?q=vac%20xin%20soi');
    expect(mine.items).toEqual([expect.objectContaining({ draft: false, urgency: 'urgent' })]);
    await expectAccessible(page, 'operator desk, ticket');
    await saveScreenshot(page, 'operator-ticket');
  });

  it('given the hotline of one agency is busy, when the operator transfers to it, then the outcome is shown and the caller is back; then the transfer to Sở Y tế forwards the ticket (R6, R7)', async () => {
    const transfer = page.getByTestId('transfer');
    await transfer.getByLabel('Đơn vị', { exact: true }).selectOption({ label: `${busyAgency.name} — ${formatLandline(busyAgency.hotline)}` });
    await transfer.getByRole('button', { name: 'Chuyển cuộc gọi' }).click();
    await transfer.getByTestId('transfer-state').filter({ hasText: 'đang bận' }).waitFor();
    await expect(transfer.getByText('Người gọi đã quay lại với bạn.').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'operator-transfer-busy');

    await transfer.getByLabel('Đơn vị', { exact: true }).selectOption({ label: `${health.name} — ${formatLandline(health.hotline)}` });
    await transfer.getByLabel('Hỏi ý kiến trước (người gọi chờ máy)').check();
    await expect(transfer.getByRole('checkbox').isChecked()).resolves.toBe(true);
    await transfer.getByRole('button', { name: 'Chuyển cuộc gọi' }).click();
    await transfer.locator('[data-state="dialing"]').waitFor();
    const hotlineLeg = await switchboard.channelOf(`PJSIP/${health.hotline}@trunk`, 'Ringing');
    await switchboard.answer(hotlineLeg.id);
    await transfer.locator('[data-state="consulting"]').waitFor();
    await expectAccessible(page, 'operator desk, consulting the hotline');
    await saveScreenshot(page, 'operator-transfer-consulting');
    await transfer.getByRole('button', { name: 'Nối máy người gọi và rời cuộc gọi' }).click();
    await transfer.locator('[data-state="completed"]').waitFor();
    await transfer.getByText('Phiếu đã được chuyển cho đơn vị.').waitFor();

    // The ticket went with the caller: forwarded to Sở Y tế, and the form says so.
    await page.getByTestId('ticket-done').getByText('Đơn vị xử lý: Sở Y tế').waitFor();
    const supervisor = await apiAs(floor, 'giamsat');
    const forwarded = await supervisor.get<{ items: Array<{ status: string; agencyId: string }> }>('/api/tickets?q=vac%20xin%20soi');
    expect(forwarded.items).toEqual([expect.objectContaining({ status: 'forwarded', agencyId: health.id })]);
    await saveScreenshot(page, 'operator-transfer-done');
    // The citizen and the agency finish: the operator's wrap-up counts down.
    await switchboard.hangup(citizen);
    await page.getByTestId('agent-state').filter({ hasText: 'Hoàn tất cuộc gọi' }).waitFor();
    await page.getByText(/Còn \d+:\d\d trước cuộc gọi tiếp theo/).waitFor();
    await expectAccessible(page, 'operator desk, wrap-up');
    await saveScreenshot(page, 'operator-wrap-up');
  });

  it('given the phone rings, when the server restarts and the caller hangs up meanwhile, then the page reconnects and shows the true state, no stale ringing (R23)', async () => {
    await page.getByRole('button', { name: 'Đóng phiếu' }).click();
    await waitFor(async () => (await page.getByTestId('agent-state').textContent()) === 'Sẵn sàng', 'the end of the wrap-up', 60_000);
    const citizen = await switchboard.callIntoQueue('0987654321', '1');
    await page.getByTestId('screen-pop').getByText('0987 654 321').waitFor();
    await switchboard.channelOf(operatorPhone, 'Ringing');

    await floor.stopServer();
    await page.getByRole('alert').filter({ hasText: 'Mất kết nối' }).waitFor();
    await switchboard.hangup(citizen);
    await floor.startServer();

    await page.getByText('Đã kết nối').waitFor({ timeout: 30_000 });
    await page.getByTestId('agent-state').filter({ hasText: 'Sẵn sàng' }).waitFor();
    await expect(page.getByTestId('screen-pop').count()).resolves.toBe(0);
    await expect(page.getByRole('alert').filter({ hasText: 'Mất kết nối' }).count()).resolves.toBe(0);
    const operator = await apiAs(floor, 'dtv01');
    await expect(operator.get('/api/agents/me')).resolves.toMatchObject({ state: 'available', callId: null });
  });

  it('given the whole session, then no script error and no CSP refusal happened', () => {
    expect(problems.errors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});

/** The phone as the page shows a landline: 0251 0000 001. */
function formatLandline(number: string): string {
  return `${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8)}`;
}
