import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, sipEndpoints, tickets, users } from '../../src/db/schema/index.js';
import { apiAs } from './harness/api.js';
import { expectAccessible, launchChromium, openPage, saveScreenshot, signIn, type PageProblems } from './harness/chromium.js';
import { Switchboard } from './harness/control.js';
import { startFloor, waitFor, type Floor } from './harness/floor.js';

/**
 * The supervisor's desk in Chromium against the real server on the fake Asterisk (issue 13): the live floor follows a
 * caller waiting, answered, the operator in wrap-up; the supervisor listens to the live call on their own phone and
 * stops; the wallboard reads across the room; the call is found in the history with its IVR path and recording
 * (played, audited); the reports chart and export it (R8, R19, R22).
 */
describe('supervisor desk in Chromium (R8, R19, R22)', () => {
  const caller = '0987654321';
  const operatorPhone = 'PJSIP/op101';
  const supervisorPhone = 'PJSIP/sup201';
  const operatorName = 'Điện thoại viên 01 (thử nghiệm)';
  let floor: Floor;
  let switchboard: Switchboard;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  /** The wallboard on the floor's big screen. */
  let wall: Page;
  let wallProblems: PageProblems;
  let citizen: string;

  beforeAll(async () => {
    floor = await startFloor({ env: { WRAPUP_SECONDS: '60' } });
    switchboard = new Switchboard(floor);
    browser = await launchChromium();
    await switchboard.setEndpoint(operatorPhone, { kind: 'manual' });
    await switchboard.setEndpoint(supervisorPhone, { kind: 'manual' });
    // The supervisor's own phone, bound as an admin would (sip_endpoints).
    const db = floor.database.db;
    const [supervisor] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'giamsat'));
    await db.insert(sipEndpoints).values({ endpoint: supervisorPhone, kind: 'ip_phone', label: 'Giám sát', userId: supervisor!.id });
    await (await apiAs(floor, 'dtv01')).post('/api/agents/me/login');
    // A ticket Sở Y tế let pass its deadline, for the wallboard's deadlines by agency.
    const [health] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, 'so-y-te'));
    await db.insert(tickets).values({ receiptCode: '1022-2026-900001', channel: 'phone', content: 'Phản ánh quá hạn', agencyId: health!.id, status: 'forwarded', dueAt: new Date(Date.now() - 3_600_000) });
    ({ page, problems } = await openPage(browser, floor));
    ({ page: wall, problems: wallProblems } = await openPage(browser, floor, { width: 1920, height: 1080 }));
  });

  afterAll(async () => {
    await browser?.close();
    await floor?.close();
  });

  const agentRow = () => page.getByTestId('agents').getByRole('row').filter({ hasText: operatorName });

  it('given a supervisor signs in, when a citizen calls, then the live floor shows the caller waiting with the wait ticking, then answered', async () => {
    await signIn(page, 'giamsat');
    expect(new URL(page.url()).pathname).toBe('/supervisor');
    await agentRow().filter({ hasText: 'Sẵn sàng' }).waitFor();
    // The capacity in force depends on the hour (15 by day, 2 at night): none in use yet.
    await page.getByTestId('tile-lines').filter({ hasText: /0 \/ \d+/ }).waitFor();

    await signIn(wall, 'giamsat');
    await wall.goto('/supervisor/wallboard');
    await wall.getByTestId('wb-state-available').filter({ hasText: /1$/ }).waitFor();

    citizen = await switchboard.callIntoQueue(caller, '1');
    const waiting = page.getByTestId('waiting');
    await waiting.getByText('***321').waitFor();
    await waiting.getByText(`đổ chuông máy ${operatorName}`).waitFor();
    await expect(page.getByTestId('tile-waiting').textContent()).resolves.toContain('1');
    await agentRow().filter({ hasText: 'Đang đổ chuông' }).waitFor();
    await expectAccessible(page, 'supervisor floor, a caller waiting');
    await saveScreenshot(page, 'supervisor-floor-waiting');

    await wall.getByTestId('wb-waiting').filter({ hasText: /1$/ }).waitFor();
    await wall.getByTestId('wb-state-ringing').filter({ hasText: /1$/ }).waitFor();
    await expect(wall.getByText('***321 · Y tế').isVisible()).resolves.toBe(true);
    await expectAccessible(wall, 'wallboard, a caller waiting');
    await saveScreenshot(wall, 'wallboard-waiting');

    const leg = await switchboard.channelOf(operatorPhone, 'Ringing');
    await switchboard.answer(leg.id);
    await agentRow().filter({ hasText: 'Đang đàm thoại' }).waitFor();
    await page.getByText('Không có ai đang chờ').waitFor();
    await wall.getByTestId('wb-state-on_call').filter({ hasText: /1$/ }).waitFor();
    await wall.getByTestId('wb-waiting').filter({ hasText: /0$/ }).waitFor();
  });

  it('given the call is live, when the supervisor listens, then their phone rings, joins once answered, and stop ends it; each step audited (R8)', async () => {
    await agentRow().getByRole('button', { name: `Nghe cuộc gọi của ${operatorName}` }).click();
    const session = page.getByTestId('supervision');
    await session.getByTestId('supervision-state').filter({ hasText: 'Máy của bạn đang đổ chuông' }).waitFor();
    const phone = await switchboard.channelOf(supervisorPhone, 'Ringing');
    await switchboard.answer(phone.id);
    await session.getByTestId('supervision-state').filter({ hasText: 'Đã kết nối' }).waitFor();
    await expect(session.getByText(`Đang nghe cuộc gọi của ${operatorName} (máy ${supervisorPhone})`).isVisible()).resolves.toBe(true);
    // Only one supervision at a time: the other actions wait.
    await expect(agentRow().getByRole('button', { name: `Nhắc cuộc gọi của ${operatorName}` }).isDisabled()).resolves.toBe(true);
    await expectAccessible(page, 'supervisor floor, listening');
    await saveScreenshot(page, 'supervisor-listen');

    await session.getByRole('button', { name: 'Dừng giám sát' }).click();
    await session.getByTestId('supervision-state').filter({ hasText: 'Đã dừng giám sát' }).waitFor();
    const audit = await (await apiAs(floor, 'quantri')).get<{ items: Array<{ action: string }> }>('/api/audit?action=supervision.*');
    expect(audit.items.map((e) => e.action).sort()).toEqual(['supervision.listen', 'supervision.stop']);
  });

  it('given the caller hangs up, then the operator is shown in wrap-up and today counts the call answered', async () => {
    await switchboard.hangup(citizen);
    await agentRow().filter({ hasText: 'Hoàn tất cuộc gọi' }).waitFor();
    await page.getByTestId('today-answered').filter({ hasText: /^Đã trả lời1$/ }).waitFor();
    await expect(page.getByTestId('today-offered').textContent()).resolves.toBe('Cuộc gọi vào hàng chờ1');
    await saveScreenshot(page, 'supervisor-floor-wrap-up');
    expect(problems).toEqual({ errors: [], cspViolations: [] });
  });

  it('given the wallboard on the big screen, then it shows the operator in wrap-up and today’s answered call and service level, readable across the room', async () => {
    await wall.getByTestId('wb-state-wrap_up').filter({ hasText: /1$/ }).waitFor();
    await wall.getByTestId('today-answered').filter({ hasText: /1$/ }).waitFor();
    await expect(wall.getByTestId('today-service-level').textContent()).resolves.toMatch(/100%$/);
    const overdue = wall.getByTestId('deadlines').getByRole('row').filter({ hasText: 'Sở Y tế' });
    await expect(overdue.locator('td').allTextContents()).resolves.toEqual(['0', '1']);
    // Read at a distance: the main figures are big.
    const size = await wall.getByTestId('wb-waiting').locator('dd').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(60);
    await expectAccessible(wall, 'wallboard');
    await saveScreenshot(wall, 'wallboard');
    expect(wallProblems).toEqual({ errors: [], cspViolations: [] });
  });

  it('given the ended call, when the supervisor filters the history, then it is listed with its outcome and operator, and its recording plays in the page, audited (R5, R22)', async () => {
    await page.getByRole('link', { name: 'Lịch sử cuộc gọi' }).click();
    await page.waitForURL('**/supervisor/calls');
    const history = page.getByTestId('call-history');
    const row = history.getByRole('row').filter({ hasText: '0987 654 321' });
    await row.filter({ hasText: 'Đã phục vụ' }).filter({ hasText: operatorName }).waitFor();
    // Filters: another number finds nothing; this operator and outcome find the call.
    await page.getByLabel('Số gọi (đủ số)').fill('0900000000');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Không có cuộc gọi nào khớp bộ lọc').waitFor();
    await page.getByLabel('Số gọi (đủ số)').fill('0987 654 321');
    await page.getByLabel('Kết quả').selectOption({ label: 'Đã phục vụ' });
    await page.getByLabel('Điện thoại viên', { exact: true }).selectOption({ label: operatorName });
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await row.waitFor();
    await expect(history.getByRole('row').count()).resolves.toBe(2);

    await row.getByRole('button', { name: /^Xem cuộc gọi của 0987 654 321/ }).click();
    const detail = page.getByTestId('call-detail');
    await detail.getByRole('heading', { name: 'Cuộc gọi của 0987 654 321' }).waitFor();
    await expect(detail.getByTestId('ivr-path').textContent()).resolves.toContain('bấm 1');
    const recording = detail.getByTestId('recording').first();
    await recording.waitFor();
    await recording.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'call history with a call open');
    await saveScreenshot(page, 'supervisor-call-history');

    const admin = await apiAs(floor, 'quantri');
    const downloads = () => admin.get<{ items: Array<{ action: string }> }>('/api/audit?action=recording.download');
    expect((await downloads()).items).toEqual([]);
    // Played in the page: the browser asks for the audio (with a Range), and the server writes it down.
    await recording.locator('audio').evaluate((audio: HTMLAudioElement) => void audio.play().catch(() => undefined));
    await waitFor(async () => (await downloads()).items.length > 0, 'the audited recording download');
    const reads = await admin.get<{ items: Array<{ action: string }> }>('/api/audit?action=call.read');
    expect(reads.items.length).toBeGreaterThan(0);
    expect(problems).toEqual({ errors: [], cspViolations: [] });
  });

  it('given the reports, then today’s call is charted and tabled by day and by operator, and exported as CSV (R19)', async () => {
    await page.getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await page.waitForURL('**/supervisor/reports');
    const table = page.getByTestId('report-table');
    const totals = table.locator('tfoot tr');
    await totals.waitFor();
    // Tổng cộng: 1 queued, 1 answered, 0 abandoned, 0% abandoned, 100% within the threshold.
    await expect(totals.locator('td').allTextContents()).resolves.toEqual(expect.arrayContaining(['1', '0', '0%', '100%']));
    await expect(page.getByRole('img', { name: /^Cuộc gọi trả lời và bỏ cuộc/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('img', { name: /^Mức phục vụ/ }).isVisible()).resolves.toBe(true);

    await page.getByLabel('Theo').selectOption({ label: 'Điện thoại viên' });
    await page.getByRole('button', { name: 'Xem báo cáo' }).click();
    await table.locator('tbody').getByRole('rowheader', { name: operatorName }).waitFor();
    await expectAccessible(page, 'reports by operator');
    await saveScreenshot(page, 'supervisor-reports');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-cuoc-goi_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_operator\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Điện thoại viên,Vào hàng chờ,Trả lời,Bỏ cuộc,Tỉ lệ bỏ cuộc (%),Mức phục vụ (%),Chờ TB (s),Xử lý TB (s),Chuyển đơn vị,Tỉ lệ bận (%)');
    expect(lines[1]).toMatch(new RegExp(`^"?${operatorName.replace(/[()]/g, '\\$&')}"?,1,1,0,0,100,`));
    expect(lines.at(-1)).toMatch(/^Tổng cộng,1,1,0,0,100,/);
    expect(problems).toEqual({ errors: [], cspViolations: [] });
  });

  it('given English is chosen, then the supervisor desk speaks English', async () => {
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('heading', { name: 'Call reports' }).waitFor();
    await page.getByRole('link', { name: 'Live floor' }).click();
    await page.getByRole('heading', { name: 'Operators' }).waitFor();
    await page.getByTestId('agents').getByText('Wrap-up').waitFor();
    await page.getByLabel('Language').selectOption('vi');
  });

  it('given the server restarts, then the floor and the wallboard reconnect by themselves and follow the next caller (R23)', async () => {
    await page.getByRole('link', { name: 'Trực tiếp' }).click();
    await agentRow().waitFor();
    await floor.stopServer();
    await page.getByText('Mất kết nối — đang kết nối lại…').first().waitFor();
    await floor.startServer();
    await page.getByText('Đã kết nối').waitFor();
    await wall.getByText('Đã kết nối').waitFor();

    const next = await switchboard.callIntoQueue('0911222333', '1');
    await page.getByTestId('waiting').getByText('***333').waitFor();
    await wall.getByTestId('wb-waiting').filter({ hasText: /1$/ }).waitFor();
    await switchboard.hangup(next);
    await page.getByText('Không có ai đang chờ').waitFor();
    await wall.getByTestId('wb-waiting').filter({ hasText: /0$/ }).waitFor();
    expect(problems.errors).toEqual([]);
    expect(wallProblems.errors).toEqual([]);
  });
});
