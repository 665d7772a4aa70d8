import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets } from '../../src/db/schema/index.js';
import { apiAs } from './harness/api.js';
import { expectAccessible, launchChromium, openPage, saveScreenshot, signIn, type PageProblems } from './harness/chromium.js';
import { demoPassword, startFloor, waitFor, type Floor } from './harness/floor.js';

/**
 * The agency portal in Chromium (issue 14): a level-2 officer of the Sở Y tế sees the tickets forwarded to their
 * agency with the working time left, the overdue one highlighted; opens it, acknowledges it, posts the result with a
 * file, and the development SMS provider holds the R15 message; a ticket returned goes back to the hotline. The
 * officer keeps the agency's contact details and its questions and answers, which another agency's officer never sees.
 */
describe('agency portal in Chromium (R12, R13, R14, R15, R19, R22, R24)', () => {
  let floor: Floor;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let overdue: { id: string; receiptCode: string };
  let onTime: { id: string; receiptCode: string };
  let otherAgency: { id: string; receiptCode: string };

  beforeAll(async () => {
    floor = await startFloor();
    browser = await launchChromium();
    const admin = await apiAs(floor, 'quantri');
    const agencies = await admin.get<Array<{ id: string; code: string }>>('/api/agencies');
    const health = agencies.find((a) => a.code === 'so-y-te')!;
    const social = agencies.find((a) => a.code === 'bhxh-tinh')!;
    const forwarded = async (content: string, agencyId: string) => {
      const ticket = await admin.post<{ id: string; receiptCode: string }>('/api/tickets', {
        channel: 'phone',
        content,
        citizenPhone: '0912345678',
        citizenName: 'Trần Thị Bình',
        citizenAddress: 'Phường Tân Phong, Biên Hòa',
      });
      await admin.post(`/api/tickets/${ticket.id}/transitions`, { action: 'forward', agencyId });
      return ticket;
    };
    overdue = await forwarded('Trạm y tế phường Tân Phong đóng cửa giờ hành chính, người dân không tiêm chủng được cho trẻ.', health.id);
    onTime = await forwarded('Đề nghị hướng dẫn thủ tục cấp giấy chứng nhận đủ điều kiện kinh doanh dược.', health.id);
    otherAgency = await forwarded('Hỏi về thời hạn thẻ bảo hiểm y tế hộ gia đình.', social.id);
    // The scene: the first one's deadline passed yesterday (the officer came back from leave).
    await floor.app.db.update(tickets).set({ dueAt: new Date(Date.now() - 26 * 3600_000) }).where(eq(tickets.id, overdue.id));
    ({ page, problems } = await openPage(browser, floor));
  });

  afterAll(async () => {
    await browser?.close();
    await floor?.close();
  });

  it("given an officer signs in, then they see their agency's tickets only, the overdue one highlighted with its time past", async () => {
    await signIn(page, 'daumoi.soyte');
    expect(new URL(page.url()).pathname).toBe('/agency');
    await page.getByRole('heading', { name: 'Phiếu chuyển tới đơn vị' }).waitFor();
    const rows = page.getByTestId('agency-tickets').locator('tbody tr');
    await waitFor(async () => (await rows.count()) === 2, 'two tickets of the agency');
    const late = rows.filter({ hasText: overdue.receiptCode });
    await expect(late.getAttribute('class')).resolves.toContain('agency-row--overdue');
    await expect(late.textContent()).resolves.toMatch(/Quá hạn.*quá hạn \d+/);
    await expect(rows.filter({ hasText: onTime.receiptCode }).textContent()).resolves.toMatch(/còn \d+/);
    await expect(page.getByText(otherAgency.receiptCode).count()).resolves.toBe(0);
    await page.getByText('Đã kết nối').waitFor();
    await expectAccessible(page, 'agency tickets');
    await saveScreenshot(page, 'agency-tickets');
    await page.getByRole('tab', { name: 'Quá hạn' }).click();
    await waitFor(async () => (await rows.count()) === 1, 'the overdue tab holds the overdue ticket only');
    await expect(rows.first().textContent()).resolves.toContain(overdue.receiptCode);
  });

  it('given the overdue ticket is opened, acknowledged and resolved with a file, then the log shows it and the SMS is held by the development provider', async () => {
    await page.getByRole('link', { name: `Mở phiếu ${overdue.receiptCode}` }).click();
    await page.getByRole('heading', { name: `Phiếu ${overdue.receiptCode}` }).waitFor();
    await expect(page.getByTestId('time-left').textContent()).resolves.toMatch(/^Quá hạn/);
    await page.getByRole('button', { name: 'Tiếp nhận phiếu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đơn vị đã tiếp nhận phiếu' }).waitFor();
    // Progress with an appointment: the time typed 24 h ("7h30" reads 07:30), never AM/PM; 25:00 is refused.
    await page.getByRole('button', { name: 'Báo tiến độ' }).click();
    await page.getByLabel('Nội dung tiến độ').fill('Đã làm việc với Trạm y tế phường, chờ bố trí cán bộ tiêm chủng.');
    const appointment = page.getByRole('group', { name: 'Hẹn trả lời lúc (không bắt buộc)' });
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() + 3 * 86_400_000));
    await appointment.getByLabel('Ngày').fill(day);
    const time = appointment.getByLabel('Giờ (24 giờ)');
    await time.fill('25:00');
    await time.blur();
    await appointment.getByText('Nhập giờ theo dạng 24 giờ').waitFor();
    await expect(time.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByRole('button', { name: 'Gửi tiến độ' }).isDisabled()).resolves.toBe(true);
    await time.fill('7h30');
    await time.blur();
    await expect(time.inputValue()).resolves.toBe('07:30');
    await expectAccessible(page, 'agency ticket, progress with an appointment');
    await saveScreenshot(page, 'agency-ticket-progress');
    await page.getByRole('button', { name: 'Gửi tiến độ' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã ghi tiến độ' }).waitFor();
    const [year, month, date] = day.split('-');
    await page.getByText(`07:30 ${date}/${month}/${year}`).first().waitFor();
    await page.getByRole('button', { name: 'Trả kết quả' }).click();
    await page.getByLabel('Kết quả giải quyết (gửi tin nhắn cho người dân)').fill('Trạm y tế phường Tân Phong đã bố trí tiêm chủng sáng thứ Bảy hằng tuần từ ngày 12/12.');
    await page.getByLabel('Đính kèm văn bản kết quả').setInputFiles({ name: 'cong-van-tra-loi.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await expectAccessible(page, 'agency ticket, resolving');
    await saveScreenshot(page, 'agency-ticket-resolve');
    await page.getByRole('button', { name: 'Trả kết quả và đóng phiếu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã trả kết quả' }).waitFor();
    await page.getByTestId('ticket-log').getByText('Giải quyết xong').waitFor();
    await page.getByRole('link', { name: 'Tải cong-van-tra-loi.pdf' }).waitFor();
    await saveScreenshot(page, 'agency-ticket-resolved');
    const admin = await apiAs(floor, 'quantri');
    await waitFor(async () => (await admin.get<{ items: unknown[] }>(`/api/sms?ticketId=${overdue.id}`)).items.length === 1, 'the R15 SMS recorded by the dev provider');
    const detail = await admin.get<{ status: string; attachments: Array<{ purpose: string; eventId: string | null }> }>(`/api/tickets/${overdue.id}`);
    expect(detail.status).toBe('resolved');
    expect(detail.attachments).toEqual([expect.objectContaining({ purpose: 'result', eventId: expect.any(String) })]);
  });

  it('given the other ticket is returned with a reason, then it leaves the agency and is back at the hotline', async () => {
    await page.getByRole('link', { name: 'Về danh sách phiếu' }).click();
    await page.getByRole('link', { name: `Mở phiếu ${onTime.receiptCode}` }).click();
    await page.getByRole('button', { name: 'Trả lại tổng đài 1022' }).click();
    await page.getByLabel('Lý do trả lại').fill('Không thuộc thẩm quyền Sở Y tế: đề nghị chuyển Sở Công Thương.');
    await page.getByRole('button', { name: 'Trả lại phiếu' }).click();
    // Returned, the ticket is no longer the agency's: the list says so and no longer holds it.
    await page.getByRole('status').filter({ hasText: 'Đã trả lại phiếu cho tổng đài 1022' }).waitFor();
    await page.getByRole('heading', { name: 'Phiếu chuyển tới đơn vị' }).waitFor();
    await waitFor(async () => (await page.getByText(onTime.receiptCode).count()) === 0, 'the returned ticket gone from the list');
    const admin = await apiAs(floor, 'quantri');
    await expect(admin.get<{ status: string; agencyId: string | null }>(`/api/tickets/${onTime.id}`)).resolves.toMatchObject({ status: 'returned', agencyId: null });
  });

  it("given the officer opens their agency's details, when they change the hotline, then it is saved for the next urgent transfer (R24)", async () => {
    await page.getByRole('link', { name: 'Thông tin đơn vị' }).click();
    await page.getByRole('heading', { name: /^Thông tin liên hệ: Sở Y tế/ }).waitFor();
    await page.getByRole('region', { name: 'Cán bộ đầu mối của đơn vị' }).getByText('Đầu mối Sở Y tế (thử nghiệm)').waitFor();
    await page.getByLabel('Số đường dây nóng').fill('02513822456');
    await page.getByRole('button', { name: 'Lưu thông tin' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu thông tin liên hệ' }).waitFor();
    // The focal officer's phone, kept current by the agency (the account itself is the admins').
    await page.getByRole('button', { name: 'Sửa liên hệ của Đầu mối Sở Y tế (thử nghiệm)' }).click();
    const officerForm = page.getByRole('form', { name: 'Sửa liên hệ của Đầu mối Sở Y tế (thử nghiệm)' });
    await officerForm.getByLabel('Điện thoại').fill('0913 456 789');
    await officerForm.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu liên hệ của cán bộ đầu mối' }).waitFor();
    await page.getByRole('region', { name: 'Cán bộ đầu mối của đơn vị' }).getByText('0913 456 789').waitFor();
    await expectAccessible(page, 'agency details');
    await saveScreenshot(page, 'agency-contacts');
    const admin = await apiAs(floor, 'quantri');
    const agencies = await admin.get<Array<{ id: string; code: string; hotline: string | null }>>('/api/agencies');
    const health = agencies.find((a) => a.code === 'so-y-te');
    expect(health?.hotline).toBe('02513822456');
    const officers = await admin.get<{ items: Array<{ username: string; phone: string | null }> }>(`/api/agencies/${health!.id}/officers`);
    expect(officers.items.find((o) => o.username === 'daumoi.soyte')?.phone).toBe('0913 456 789');
  });

  it("given the officer keeps their agency's Q&A, when they add, find and change an entry, then operators find it and another agency's officer does not see it (R19, R24)", async () => {
    await page.getByRole('link', { name: 'Hỏi – đáp của đơn vị' }).click();
    await page.getByRole('heading', { name: 'Câu hỏi – trả lời của đơn vị' }).waitFor();
    await page.getByRole('button', { name: 'Thêm câu hỏi – trả lời' }).click();
    await page.getByRole('heading', { name: 'Câu hỏi – trả lời mới' }).waitFor();
    const question = 'Tiêm chủng mở rộng cho trẻ em ở trạm y tế phường vào ngày nào?';
    await page.getByLabel('Câu hỏi', { exact: true }).fill(question);
    await page.getByLabel('Câu trả lời', { exact: true }).fill('Trạm y tế phường tiêm chủng mở rộng vào ngày 25 hằng tháng, buổi sáng.');
    await page.getByLabel('Từ khóa', { exact: true }).fill('TCMR, vắc xin');
    await page.getByLabel('Lĩnh vực', { exact: true }).selectOption({ label: 'Y tế: tư vấn, cấp cứu, xét nghiệm, tiêm chủng' });
    await page.getByRole('button', { name: 'Lưu câu hỏi – trả lời' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    const rows = page.getByTestId('agency-kb').locator('tbody tr');
    await rows.filter({ hasText: question }).waitFor();

    // Found again by a word typed without diacritics, then changed: the operator's search reads the new answer.
    await page.getByRole('button', { name: 'Đóng' }).click();
    await page.getByLabel('Tìm trong câu hỏi, từ khóa, câu trả lời').fill('vac xin');
    await waitFor(async () => (await rows.count()) === 1 && (await rows.first().textContent())?.includes(question) === true, 'the entry found by its keyword');
    await page.getByRole('button', { name: `Sửa: ${question}` }).click();
    await page.getByRole('heading', { name: 'Sửa câu hỏi – trả lời' }).waitFor();
    await page.getByLabel('Câu trả lời', { exact: true }).fill('Trạm y tế phường tiêm chủng mở rộng vào ngày 25 hằng tháng, cả sáng và chiều.');
    await page.getByRole('button', { name: 'Lưu câu hỏi – trả lời' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    await rows.filter({ hasText: 'cả sáng và chiều' }).waitFor();
    await expectAccessible(page, 'agency Q&A');
    await saveScreenshot(page, 'agency-kb');
    const operator = await apiAs(floor, 'dtv01');
    const hits = await operator.get<Array<{ id: string; answerExcerpt: string }>>(`/api/kb/search?q=${encodeURIComponent('tiem chung mo rong')}`);
    expect(hits).toEqual([expect.objectContaining({ answerExcerpt: expect.stringContaining('cả sáng và chiều') })]);
    const entryId = hits[0]!.id;

    // The social insurance agency's officer: their own list does not hold it, nor may they open it.
    const admin = await apiAs(floor, 'quantri');
    const agencies = await admin.get<Array<{ id: string; code: string }>>('/api/agencies');
    await admin.post('/api/users', { username: 'daumoi.bhxh', fullName: 'Đầu mối BHXH tỉnh', password: demoPassword, role: 'agency_officer', agencyId: agencies.find((a) => a.code === 'bhxh-tinh')!.id });
    const other = await openPage(browser, floor);
    await signIn(other.page, 'daumoi.bhxh');
    await other.page.getByRole('link', { name: 'Hỏi – đáp của đơn vị' }).click();
    await other.page.getByRole('heading', { name: 'Câu hỏi – trả lời của đơn vị' }).waitFor();
    await other.page.getByText('Chưa có câu hỏi – trả lời nào ở mục này').waitFor();
    await other.page.getByLabel('Tìm trong câu hỏi, từ khóa, câu trả lời').fill('tiem chung');
    await other.page.getByText('Không tìm thấy câu hỏi – trả lời nào').waitFor();
    const social = await apiAs(floor, 'daumoi.bhxh');
    await expect(social.get(`/api/kb/${entryId}`)).rejects.toThrow(/403/);
    await other.page.close();

    // Withdrawn: gone from the list of entries in use and from the operators' search.
    await page.getByRole('button', { name: `Ngừng dùng: ${question}` }).click();
    await waitFor(async () => (await rows.count()) === 0, 'the withdrawn entry gone from the entries in use');
    await expect(operator.get(`/api/kb/search?q=${encodeURIComponent('tiem chung mo rong')}`)).resolves.toEqual([]);
    await page.getByLabel('Trạng thái', { exact: true }).selectOption({ label: 'Đã ngừng dùng' });
    await page.getByRole('button', { name: `Dùng lại: ${question}` }).waitFor();
    expect(problems).toEqual({ errors: [], cspViolations: [] });
  });
});
