import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './harness/api.js';
import { expectAccessible, launchChromium, openPage, saveScreenshot, signIn, type PageProblems } from './harness/chromium.js';
import { Switchboard } from './harness/control.js';
import { startFloor, waitFor, type Floor } from './harness/floor.js';

/**
 * The admin console in Chromium (issue 14, R24): the line capacity schedule edited with its checks and preview; the
 * IVR menu edited as a tree (a new key 6 to a field), checked, tried, published — and the next call's key 6 lands in
 * that field's queue —, then an earlier version restored; the other settings pages open, accessible.
 */
describe('admin console in Chromium (R2, R3, R5, R13, R24)', () => {
  let floor: Floor;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    floor = await startFloor();
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser, floor));
  });

  afterAll(async () => {
    await browser?.close();
    await floor?.close();
  });

  it('given the seeded schedule, when the admin lowers the night window (Ban đêm) to 1 line, then it is saved, an overlap is refused before saving, and the preview shows it', async () => {
    await signIn(page, 'quantri');
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByRole('heading', { name: 'Số line tiếp nhận đồng thời' }).waitFor();
    const night = page.getByLabel('Số line, khung “Ban đêm”');
    await night.waitFor();
    await night.fill('1');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    const admin = await apiAs(floor, 'quantri');
    const schedule = await admin.get<{ items: Array<{ name: string; capacity: number; daysOfWeek: number[] | null }> }>('/api/line-capacity/windows');
    expect(schedule.items.find((w) => w.name === 'Ban đêm')).toMatchObject({ capacity: 1, daysOfWeek: null });
    await waitFor(async () => /Ban đêm: 1/.test((await page.getByTestId('capacity-timeline').textContent()) ?? ''), 'the next 24 h with 1 line at night');
    await page.getByText('Đã kết nối').waitFor();
    await expectAccessible(page, 'admin line capacity');
    await saveScreenshot(page, 'admin-capacity');
    // The day window stretched into the night: the check names both, and saving is not offered.
    await page.getByLabel('Đến, khung “Ban ngày”').fill('20:00');
    await page.getByRole('alert').filter({ hasText: 'Khung giờ bị trùng' }).waitFor();
    await expect(page.getByRole('button', { name: 'Lưu thay đổi' }).isDisabled()).resolves.toBe(true);
    await saveScreenshot(page, 'admin-capacity-overlap');
  });

  it('given the admin lowers the day window to 1 line too, then of the next two simultaneous calls the second is refused as over capacity, without a restart (R2)', async () => {
    await page.getByLabel('Số line, khung “Ban ngày”').fill('1');
    await page.getByLabel('Đến, khung “Ban ngày”').fill('18:00');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    await waitFor(async () => (await page.getByTestId('capacity-now').textContent())?.includes('1 line') ?? false, 'one line now');
    const switchboard = new Switchboard(floor);
    const first = await switchboard.placeCall('0911000001');
    await waitFor(async () => (await switchboard.state()).channels.some((c) => c.id === first && c.inStasis), 'the first call in the IVR');
    const second = await switchboard.placeCall('0911000002');
    const admin = await apiAs(floor, 'quantri');
    await waitFor(async () => {
      const calls = await admin.get<{ items: Array<{ callerNumber: string; outcome: string | null }> }>('/api/calls');
      return calls.items.some((c) => c.callerNumber.endsWith('911000002') && c.outcome === 'over_capacity');
    }, 'the second call refused as over capacity');
    const calls = await admin.get<{ items: Array<{ callerNumber: string; outcome: string | null }> }>('/api/calls');
    expect(calls.items.find((c) => c.callerNumber.endsWith('911000001'))?.outcome).not.toBe('over_capacity');
    await switchboard.hangup(first).catch(() => undefined);
    await switchboard.hangup(second).catch(() => undefined);
    // Back to 15 by day for what follows.
    await page.getByLabel('Số line, khung “Ban ngày”').fill('15');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await waitFor(async () => (await admin.get<{ items: Array<{ name: string; capacity: number }> }>('/api/line-capacity/windows')).items.some((w) => w.name === 'Ban ngày' && w.capacity === 15), 'the day window back to 15');
  });

  it('given the IVR editor, when the admin adds key 6 to a field, tries it and publishes, then the next call pressing 6 is queued for that field, and version 1 can be restored', async () => {
    await page.getByRole('link', { name: 'Kịch bản IVR' }).click();
    await page.getByRole('heading', { name: /^Soạn kịch bản/ }).waitFor();
    await page.getByTestId('ivr-validation').getByText('Kịch bản hợp lệ').waitFor();
    const main = page.getByTestId('ivr-node-main');
    await main.getByLabel('Phím, Nút “main”', { exact: true }).selectOption('6');
    await main.getByRole('button', { name: 'Thêm phím, Nút “main”' }).click();
    await main.getByLabel('Lĩnh vực (mã), Phím 6, Nút “main”').selectOption({ label: 'Giao thông vận tải' });
    await page.getByLabel('Phím người gọi bấm (ví dụ: 6 hoặc 1,timeout)').fill('6');
    await page.getByRole('button', { name: 'Chạy thử' }).click();
    await expect(page.getByTestId('ivr-try-result').getByText(/Kết quả: Vào hàng chờ giao-thong/).textContent()).resolves.toContain('giao-thong');
    // A key sent to a node that does not exist is caught by the server's validator before publishing.
    await page.getByLabel('Ghi chú phiên bản (ví dụ: thêm phím 6)').fill('thêm phím 6: giao thông');
    await page.getByTestId('ivr-validation').getByText('Kịch bản hợp lệ').waitFor();
    await expectAccessible(page, 'admin IVR editor');
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'admin-ivr');
    await page.getByRole('button', { name: 'Xuất bản' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã xuất bản phiên bản 2' }).waitFor();
    await page.getByTestId('ivr-versions').getByText('“thêm phím 6: giao thông”').waitFor();

    const switchboard = new Switchboard(floor);
    const channel = await switchboard.callIntoQueue('0987654321', '6');
    const admin = await apiAs(floor, 'quantri');
    const fields = await admin.get<Array<{ id: string; code: string }>>('/api/fields');
    const transport = fields.find((f) => f.code === 'giao-thong')!;
    await waitFor(async () => {
      const calls = await admin.get<{ items: Array<{ callerNumber: string; fieldId: string | null; enqueuedAt: string | null }> }>('/api/calls');
      return calls.items.some((c) => c.callerNumber.endsWith('987654321') && c.fieldId === transport.id && c.enqueuedAt !== null);
    }, 'the call pressing 6 queued for giao-thong');
    await switchboard.hangup(channel);

    await page.getByRole('button', { name: 'Khôi phục phiên bản 1' }).click();
    await page.getByTestId('ivr-versions').getByText('khôi phục từ phiên bản 1').waitFor();
    await expect(page.getByTestId('ivr-node-main').getByLabel('Hành động, Phím 6, Nút “main”').count()).resolves.toBe(0);
    await saveScreenshot(page, 'admin-ivr-restored');
  });

  it('given the IVR editor, when the admin adds a node with a timeout path, removes another, sees the validator flag it and fixes it, then publishes, then an injected call follows the new path (issue 14)', async () => {
    const validation = page.getByTestId('ivr-validation');
    await validation.getByText('Kịch bản hợp lệ').waitFor();
    // A new key menu: flagged at once next to it (no prompt, no key, nothing leads to it).
    await page.getByLabel('Tên nút mới').fill('tra-cuu');
    await page.getByRole('button', { name: 'Thêm nút', exact: true }).click();
    const lookup = page.getByTestId('ivr-node-tra-cuu');
    const lookupNotes = page.getByTestId('ivr-node-notes-tra-cuu');
    await lookupNotes.getByText('Lời phát (tên tệp, cách nhau bởi dấu phẩy): cần ít nhất một lời phát').waitFor();
    await lookupNotes.getByText(/không phím nào dẫn tới nút này/).waitFor();
    await validation.getByText(/Kịch bản chưa hợp lệ: 3 lỗi/).waitFor();
    await expect(page.getByRole('button', { name: 'Xuất bản' }).isDisabled()).resolves.toBe(true);
    await lookup.getByLabel('Lời phát (tên tệp, cách nhau bởi dấu phẩy)').fill('vi/main-menu');
    await lookup.getByLabel('Chờ bấm phím (giây)').fill('1');
    await lookup.getByLabel('Số lần hỏi lại').fill('0');
    await lookup.getByLabel('Lời phát khi không bấm phím').fill('vi/no-input');
    await lookup.getByLabel('Phím quay lại menu trước').selectOption('0');
    await lookup.getByLabel('Phím, Nút “tra-cuu”', { exact: true }).selectOption('1');
    await lookup.getByRole('button', { name: 'Thêm phím, Nút “tra-cuu”' }).click();
    await lookup.getByLabel('Lĩnh vực (mã), Phím 1, Nút “tra-cuu”').selectOption({ label: 'Giao thông vận tải' });
    // The timeout / wrong-key path: after the one try, to the infrastructure field.
    await lookup.getByLabel('Lĩnh vực (mã), Khi hết lượt (không bấm / bấm sai), Nút “tra-cuu”').selectOption({ label: 'Sự cố hạ tầng (điện, nước, giao thông)' });
    const main = page.getByTestId('ivr-node-main');
    await main.getByLabel('Phím, Nút “main”', { exact: true }).selectOption('6');
    await main.getByRole('button', { name: 'Thêm phím, Nút “main”' }).click();
    await main.getByLabel('Hành động, Phím 6, Nút “main”').selectOption({ label: 'Chuyển tới nút' });
    await main.getByLabel('Tới, Phím 6, Nút “main”').selectOption('tra-cuu');
    await validation.getByText('Kịch bản hợp lệ').waitFor();
    await page.getByTestId('ivr-tree').getByRole('link', { name: 'Nút “tra-cuu”' }).waitFor();

    // Removing the emergency notice, confirmed, leaves key 5 dangling: flagged in main, then fixed.
    await page.getByTestId('ivr-node-emergency').getByRole('button', { name: 'Xóa nút “emergency”' }).click();
    await page.getByText('Xóa nút “emergency”? 1 phím hoặc đường đi đang dẫn tới nút này').waitFor();
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Xóa nút');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('ivr-node-emergency').count()).resolves.toBe(0);
    await page.getByTestId('ivr-node-notes-main').getByText('Phím 5: dẫn tới nút “emergency” không còn tồn tại — hãy chọn nút khác').waitFor();
    await validation.getByText(/Kịch bản chưa hợp lệ: 1 lỗi/).waitFor();
    await page.getByTestId('ivr-tree').getByText('1 lỗi').waitFor();
    await expectAccessible(page, 'admin IVR editor with a problem');
    await page.getByTestId('ivr-node-main').evaluate((node) => {
      node.scrollIntoView();
      window.scrollBy(0, -120);
    });
    await saveScreenshot(page, 'admin-ivr-problem');
    await main.getByLabel('Hành động, Phím 5, Nút “main”').selectOption({ label: 'Gác máy' });
    await validation.getByText('Kịch bản hợp lệ').waitFor();
    await page.getByLabel('Phím người gọi bấm (ví dụ: 6 hoặc 1,timeout)').fill('6,timeout');
    await page.getByRole('button', { name: 'Chạy thử' }).click();
    await page.getByTestId('ivr-try-result').getByText(/Kết quả: Vào hàng chờ ha-tang/).waitFor();
    await page.getByLabel('Ghi chú phiên bản (ví dụ: thêm phím 6)').fill('phím 6: tra cứu');
    await page.getByRole('button', { name: 'Xuất bản' }).click();
    await page.getByRole('status').filter({ hasText: /Đã xuất bản phiên bản \d+/ }).waitFor();

    // The next call: 6, then silence — the new node's timeout path queues it for ha-tang.
    const switchboard = new Switchboard(floor);
    const channel = await switchboard.callIntoQueue('0987650006', '6');
    const admin = await apiAs(floor, 'quantri');
    const infrastructure = (await admin.get<Array<{ id: string; code: string }>>('/api/fields')).find((f) => f.code === 'ha-tang')!;
    type Listed = { id: string; callerNumber: string; fieldId: string | null; enqueuedAt: string | null };
    let call: Listed | undefined;
    await waitFor(async () => {
      call = (await admin.get<{ items: Listed[] }>('/api/calls')).items.find((c) => c.callerNumber.endsWith('987650006') && c.enqueuedAt !== null);
      return call !== undefined;
    }, 'the call pressing 6 then nothing queued');
    expect(call?.fieldId).toBe(infrastructure.id);
    const detail = await admin.get<{ ivrPath: Array<{ node: string; event?: string; digit?: string }> }>(`/api/calls/${call!.id}`);
    expect(detail.ivrPath.map((s) => [s.node, s.event, s.digit])).toEqual(
      expect.arrayContaining([['main', 'digit', '6'], ['tra-cuu', 'enter', undefined], ['tra-cuu', 'timeout', undefined], ['tra-cuu', 'exit', undefined]]),
    );
    await switchboard.hangup(channel);
  });

  it('given a new inbound number, when the admin creates a menu for it (blank), assigns it on the numbers page and follows the link, then the editor opens that menu with the number listed (issue 14, R1, R3)', async () => {
    await page.getByText('Tạo kịch bản mới').click();
    await page.getByLabel('Mã kịch bản (chữ thường không dấu, số, -)').fill('duong-day-phu');
    await page.getByLabel('Tên kịch bản', { exact: true }).fill('Đường dây phụ');
    await page.getByRole('button', { name: 'Tạo kịch bản' }).click();
    await page.getByRole('heading', { name: 'Soạn kịch bản: Đường dây phụ' }).waitFor();
    await page.getByTestId('ivr-validation').getByText('Kịch bản hợp lệ').waitFor();
    await page.getByTestId('ivr-used-by').getByText('Chưa số nào dùng kịch bản này.').waitFor();
    await page.getByTestId('ivr-used-by').getByRole('link', { name: 'Gán cho số tổng đài' }).click();
    await page.getByRole('heading', { name: 'Số tổng đài' }).waitFor();
    await page.getByLabel('Số', { exact: true }).fill('02513888999');
    await page.getByLabel('Tên gọi', { exact: true }).fill('Đường dây phụ');
    await page.getByLabel('Kịch bản IVR', { exact: true }).selectOption({ label: 'Đường dây phụ (duong-day-phu)' });
    await page.getByRole('button', { name: 'Thêm số' }).click();
    await page.getByRole('link', { name: 'Sửa kịch bản của số 02513888999' }).click();
    await page.getByRole('heading', { name: 'Soạn kịch bản: Đường dây phụ' }).waitFor();
    await page.getByTestId('ivr-used-by').getByText(/02513888999 \(Đường dây phụ\)/).waitFor();
    await expectAccessible(page, 'admin IVR editor, a new menu');
  });

  for (const [link, heading, screenshot] of [
    ['Số tổng đài', 'Số tổng đài', 'admin-numbers'],
    ['Lời chào', 'Lời chào và lời phát', 'admin-prompts'],
    ['Lịch làm việc', 'Lịch làm việc và ngày nghỉ', 'admin-calendars'],
    ['Thời hạn', 'Quy tắc thời hạn xử lý', 'admin-sla'],
    ['Tài khoản', 'Tài khoản và cán bộ đầu mối', 'admin-users'],
  ] as const) {
    it(`given the admin opens “${link}”, then the page is there and accessible`, async () => {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading }).waitFor();
      await page.locator('table').first().waitFor();
      await expectAccessible(page, `admin ${link}`);
      await saveScreenshot(page, screenshot);
    });
  }

  it('given a holiday is previewed on the default calendar, then the preview says how many deadlines move, and applying saves the day', async () => {
    await page.getByRole('link', { name: 'Lịch làm việc', exact: true }).click();
    const year = new Date().getFullYear() + 1;
    await page.getByLabel('Năm', { exact: true }).fill(String(year));
    await page.getByLabel('Ngày', { exact: true }).fill(`${year}-06-01`);
    await page.getByLabel('Tên ngày').fill('Nghỉ thêm thử nghiệm');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByTestId('calendar-preview').getByText(/phiếu đang mở đổi hạn xử lý/).waitFor();
    await page.getByRole('button', { name: 'Áp dụng', exact: true }).click();
    await page.getByTestId('calendar-days').getByText('Nghỉ thêm thử nghiệm').waitFor();
  });

  it('given the changes made above, when the admin searches the audit log for the line capacity, then the change is there with who and before/after', async () => {
    await page.getByRole('link', { name: 'Nhật ký', exact: true }).click();
    await page.getByLabel('Người thực hiện (tên đăng nhập)').fill('quantri');
    await page.getByLabel('Thao tác hoặc đối tượng (ví dụ: ivr_menu, line_capacity)').fill('line_capacity');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByTestId('audit-entries').getByText('line_capacity.update').first().waitFor();
    await expect(page.getByTestId('audit-entries').textContent()).resolves.toContain('"capacity":1');
    await expectAccessible(page, 'admin audit log');
    await saveScreenshot(page, 'admin-audit');
  });

  it('given an answered ticket naming a phone number, when the admin previews it for the portal, then the number is masked, and publishing puts that version on the public answers (R17)', async () => {
    const admin = await apiAs(floor, 'quantri');
    const ticket = await admin.post<{ id: string; receiptCode: string }>('/api/tickets', {
      channel: 'phone',
      content: 'Tôi là Phạm Thị Dung, số 0987 111 222, hỏi thủ tục đổi giấy phép lái xe quá hạn.',
      citizenName: 'Phạm Thị Dung',
      citizenPhone: '0987111222',
    });
    await admin.post(`/api/tickets/${ticket.id}/transitions`, { action: 'answer', resultText: 'Nộp hồ sơ đổi giấy phép lái xe tại Sở Giao thông vận tải hoặc qua Cổng dịch vụ công quốc gia.' });
    await page.getByRole('link', { name: 'Công khai', exact: true }).click();
    await page.getByRole('button', { name: `Chọn phiếu ${ticket.receiptCode}` }).click();
    const preview = page.getByTestId('publish-preview');
    await preview.getByText(/Đã ẩn: .*số điện thoại/).waitFor();
    await expect(preview.getByLabel('Câu hỏi (công khai)').inputValue()).resolves.not.toContain('0987 111 222');
    await expectAccessible(page, 'admin publish answers');
    await saveScreenshot(page, 'admin-publish');
    await preview.getByRole('button', { name: 'Công khai bản này' }).click();
    await preview.getByRole('status').filter({ hasText: 'Đã công khai trên cổng thông tin' }).waitFor();
    const answers = await floor.app.inject({ method: 'GET', url: '/api/public/answers?q=giay%20phep%20lai%20xe' });
    expect(answers.json().items).toEqual([expect.objectContaining({ receiptCode: ticket.receiptCode, result: expect.stringContaining('Sở Giao thông vận tải') })]);
    expect(JSON.stringify(answers.json())).not.toContain('0987');
    expect(problems).toEqual({ errors: [], cspViolations: [] });
  });
});
