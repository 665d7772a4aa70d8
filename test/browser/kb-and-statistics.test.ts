import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies, tickets } from '../../src/db/schema/index.js';
import { apiAs } from './harness/api.js';
import { expectAccessible, launchChromium, openPage, saveScreenshot, signIn, type PageProblems } from './harness/chromium.js';
import { startFloor, waitFor, type Floor } from './harness/floor.js';

/** A small workbook as an agency would send it: four rows, one without a question and one with an unknown field. */
async function agencyWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Hỏi đáp');
  sheet.addRow(['Câu hỏi', 'Trả lời', 'Từ khóa', 'Lĩnh vực']);
  sheet.addRow(['Thủ tục cấp lại thẻ bảo hiểm y tế bị mất như thế nào?', 'Mang căn cước công dân đến bưu điện hoặc cơ quan bảo hiểm xã hội nơi cư trú để làm tờ khai cấp lại.', 'thẻ bhyt, mất thẻ', 'y-te']);
  sheet.addRow(['Tiêm chủng mở rộng cho trẻ ở đâu?', 'Tại trạm y tế xã, phường nơi cư trú, theo lịch hằng tháng.', '', 'y-te']);
  sheet.addRow(['', 'Một câu trả lời không có câu hỏi.', '', 'y-te']);
  sheet.addRow(['Hỏi về một lĩnh vực không có', 'Câu trả lời.', '', 'linh-vuc-khong-co']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The knowledge base imported from a spreadsheet in the admin console, and ticket statistics, scheduled reports and
 * publishing in the supervisor desk, in Chromium (issue 16: R17, R19, R20, R21).
 */
describe('knowledge-base import and ticket statistics in Chromium (R17, R19, R20, R21)', () => {
  let floor: Floor;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    floor = await startFloor();
    browser = await launchChromium();
    // Tickets received today at two agencies: Sở Y tế resolved one on time, one late, and let one pass its deadline;
    // BHXH tỉnh holds one still within its deadline.
    const db = floor.database.db;
    const [health] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, 'so-y-te'));
    const [social] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, 'bhxh-tinh'));
    const hour = 3_600_000;
    const now = Date.now();
    await db.insert(tickets).values([
      { receiptCode: '1022-2026-910001', channel: 'phone', content: 'Giải quyết đúng hạn', agencyId: health!.id, status: 'resolved', dueAt: new Date(now + hour), resolvedAt: new Date(now - 60_000) },
      { receiptCode: '1022-2026-910002', channel: 'phone', content: 'Giải quyết trễ hạn', agencyId: health!.id, status: 'resolved', dueAt: new Date(now - 2 * hour), resolvedAt: new Date(now - 60_000) },
      { receiptCode: '1022-2026-910003', channel: 'web', content: 'Quá hạn chưa xử lý', agencyId: health!.id, status: 'forwarded', dueAt: new Date(now - hour) },
      { receiptCode: '1022-2026-910004', channel: 'phone', content: 'Đang xử lý trong hạn', agencyId: social!.id, status: 'forwarded', dueAt: new Date(now + 24 * hour) },
    ]);
    ({ page, problems } = await openPage(browser, floor));
  });

  afterAll(async () => {
    await browser?.close();
    await floor?.close();
  });

  it('given an agency workbook, when the admin uploads it, then the columns are guessed, the preview shows the rows and the two with problems, and the import runs to done with the good rows searchable (R19)', async () => {
    await signIn(page, 'quantri');
    await page.getByRole('link', { name: 'Cơ sở tri thức' }).click();
    await page.getByRole('heading', { name: 'Cơ sở tri thức: nhập từ bảng tính' }).waitFor();
    await page.getByLabel('Tệp bảng tính').setInputFiles({
      name: 'hoi-dap-so-y-te.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await agencyWorkbook(),
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.getByRole('status').filter({ hasText: 'hoi-dap-so-y-te.xlsx' }).waitFor();
    // The columns guessed from the header row.
    await expect(page.getByLabel('Câu hỏi', { exact: true }).inputValue()).resolves.toBe('0');
    await expect(page.getByLabel('Câu trả lời', { exact: true }).inputValue()).resolves.toBe('1');
    await expect(page.getByLabel('Lĩnh vực', { exact: true }).inputValue()).resolves.toBe('3');
    const preview = page.getByTestId('kb-preview');
    await preview.waitFor();
    await expect(preview.locator('p').first().textContent()).resolves.toBe('4 dòng: 2 thêm mới, 0 cập nhật, 2 bỏ qua.');
    const problemRows = page.getByTestId('kb-problems').locator('tbody tr');
    await expect(problemRows.count()).resolves.toBe(2);
    await expect(problemRows.nth(0).textContent()).resolves.toContain('Câu hỏi để trống');
    await expect(problemRows.nth(1).textContent()).resolves.toContain('Không có lĩnh vực này');
    // Not while rows have problems, unless they are left out.
    const run = page.getByRole('button', { name: 'Nhập vào cơ sở tri thức' });
    await expect(run.isDisabled()).resolves.toBe(true);
    await page.getByText('Đã kết nối').waitFor();
    await expectAccessible(page, 'knowledge-base import preview');
    await page.getByTestId('kb-problems').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'admin-kb-import-preview');

    await page.getByLabel('Bỏ qua các dòng có vấn đề, nhập các dòng còn lại').check();
    await run.click();
    const progress = page.getByTestId('kb-progress');
    await progress.getByText('Đã xong').waitFor();
    await progress.getByRole('status').filter({ hasText: 'Đã nhập: 2 thêm mới, 0 cập nhật, 2 bỏ qua.' }).waitFor();
    await expect(progress.locator('progress').getAttribute('value')).resolves.toBe('100');
    await expectAccessible(page, 'knowledge-base import done');
    await saveScreenshot(page, 'admin-kb-import-done');

    const operator = await apiAs(floor, 'dtv01');
    const hits = await operator.get<Array<{ question: string }>>(`/api/kb/search?q=${encodeURIComponent('cấp lại thẻ bảo hiểm')}`);
    expect(hits.map((h) => h.question)).toContain('Thủ tục cấp lại thẻ bảo hiểm y tế bị mất như thế nào?');
    // The export button's file: a workbook holding the imported entry.
    const exported = await page.request.get(await page.getByRole('link', { name: 'Xuất toàn bộ (.xlsx)' }).getAttribute('href').then((h) => h!));
    expect(exported.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exported.body()) as unknown as ArrayBuffer);
    const cells = workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String));
    expect(cells).toContain('Tiêm chủng mở rộng cho trẻ ở đâu?');
    expect(problems.errors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });

  it('given tickets received today, when the supervisor opens ticket statistics by agency, then the table shows received, open, on time, late and overdue per agency with the chart and the exports (R20, R21)', async () => {
    ({ page, problems } = await openPage(browser, floor));
    await signIn(page, 'giamsat');
    await page.getByRole('link', { name: 'Thống kê phiếu' }).click();
    await page.getByRole('heading', { name: 'Thống kê phiếu' }).waitFor();
    await page.getByLabel('Theo', { exact: true }).selectOption('agency');
    await page.getByRole('button', { name: 'Xem thống kê' }).click();
    const table = page.getByTestId('ticket-stats-table');
    const row = (name: string) => table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name }) });
    await waitFor(async () => (await row('Sở Y tế').count()) === 1, 'the Sở Y tế row');
    const cellsOf = async (name: string) => (await row(name).locator('td').allTextContents()).map(Number);
    // received, open, resolved, on time, late, overdue
    await expect(cellsOf('Sở Y tế')).resolves.toEqual([3, 1, 2, 1, 1, 1]);
    await expect(cellsOf('Bảo hiểm xã hội tỉnh')).resolves.toEqual([1, 1, 0, 0, 0, 0]);
    await expect(table.locator('tfoot td').allTextContents()).resolves.toEqual(['4', '2', '2', '1', '1', '1']);
    await page.getByTestId('tickets-chart').locator('rect').first().waitFor();
    const csv = await page.request.get((await page.getByRole('link', { name: 'Xuất CSV' }).getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Sở Y tế');
    const xlsx = await page.request.get((await page.getByRole('link', { name: 'Xuất Excel (.xlsx)' }).getAttribute('href'))!);
    expect(xlsx.status()).toBe(200);
    await page.getByText('Đã kết nối').waitFor();
    await expectAccessible(page, 'ticket statistics');
    await saveScreenshot(page, 'supervisor-ticket-statistics');
  });

  it('given a daily report made by an admin, then the supervisor lists it with its .xlsx and printable view, and the Công khai page opens; in English too (R17, R20)', async () => {
    const admin = await apiAs(floor, 'quantri');
    const yesterday = new Date(Date.now() - 24 * 3_600_000).toISOString().slice(0, 10);
    await admin.post('/api/reports/scheduled', { kind: 'daily', periodStart: yesterday });
    await page.getByRole('link', { name: 'Báo cáo định kỳ' }).click();
    await page.getByRole('heading', { name: 'Báo cáo định kỳ' }).waitFor();
    const list = page.getByTestId('scheduled-reports');
    await list.getByText('Sẵn sàng').waitFor();
    const html = await page.request.get((await list.getByRole('link', { name: /^Xem bản in/ }).first().getAttribute('href'))!);
    expect(html.status()).toBe(200);
    const xlsx = await page.request.get((await list.getByRole('link', { name: /^Tải \.xlsx/ }).first().getAttribute('href'))!);
    expect(xlsx.status()).toBe(200);
    await expectAccessible(page, 'scheduled reports');
    await saveScreenshot(page, 'supervisor-scheduled-reports');

    await page.getByRole('link', { name: 'Công khai' }).click();
    await page.getByRole('heading', { name: /công khai/i }).first().waitFor();
    await expectAccessible(page, 'supervisor publishing');
    // English switchable: the new pages speak it too.
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('link', { name: 'Ticket statistics' }).click();
    await page.getByRole('heading', { name: 'Ticket statistics' }).waitFor();
    await page.getByRole('link', { name: 'Scheduled reports' }).click();
    await page.getByTestId('scheduled-reports').getByText('Ready').waitFor();
    await page.getByLabel('Language').selectOption('vi');
    expect(problems.errors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});
