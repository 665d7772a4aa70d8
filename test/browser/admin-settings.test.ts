import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './harness/api.js';
import { expectAccessible, saveScreenshot, signedInScene, type SignedInScene } from './harness/chromium.js';
import { demoPassword, startFloor, waitFor, type Floor } from './harness/floor.js';

/**
 * The admin console's organisation pages in Chromium (issue 14, R4, R12, R13, R24): a field added and one the IVR uses
 * refused deletion with the server's reason; an agency added with its hotline and a focal officer; an operator's
 * phone bound (a phone someone else has refused); a calendar's weekly hours edited, previewed and applied.
 */
describe('admin console: fields, agencies, phones, weekly hours in Chromium (R4, R12, R13, R24)', () => {
  let scene: SignedInScene;
  let floor: Floor;
  let page: Page;

  beforeAll(async () => {
    scene = await signedInScene(startFloor, 'quantri');
    ({ floor, page } = scene);
    const admin = await apiAs(floor, 'quantri');
    await admin.post('/api/users', { username: 'dtv02', fullName: 'Điện thoại viên 02 (thử nghiệm)', password: demoPassword, role: 'operator' });
  });

  afterAll(() => scene?.close());

  it('given the fields page, when the admin adds “Du lịch” and tries to delete “Y tế” which the IVR uses, then the new field is listed and the refusal says why', async () => {
    await page.getByRole('link', { name: 'Lĩnh vực', exact: true }).click();
    await page.getByRole('heading', { name: 'Lĩnh vực', exact: true }).waitFor();
    const form = page.locator('form.admin-form');
    await form.getByLabel('Mã', { exact: true }).fill('du-lich');
    await form.getByLabel('Tên', { exact: true }).fill('Du lịch');
    await page.getByRole('button', { name: 'Thêm lĩnh vực' }).click();
    await page.getByLabel('Tên, lĩnh vực du-lich').waitFor();
    await page.getByRole('button', { name: /^Xóa Y tế/ }).click();
    await page.getByRole('alert').filter({ hasText: 'kịch bản IVR' }).waitFor();
    const admin = await apiAs(floor, 'quantri');
    const fields = await admin.get<Array<{ code: string; name: string; active: boolean }>>('/api/fields');
    expect(fields).toContainEqual(expect.objectContaining({ code: 'du-lich', name: 'Du lịch', active: true }));
    expect(fields.some((f) => f.code === 'y-te')).toBe(true);
    await expectAccessible(page, 'admin fields');
    await saveScreenshot(page, 'admin-fields');
  });

  it('given the agencies page, when the admin adds “Sở Du lịch” with its hotline and a focal officer, then both are stored and listed', async () => {
    await page.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.getByRole('heading', { name: 'Đơn vị xử lý và đường dây nóng' }).waitFor();
    const form = page.locator('#agencies-heading').locator('xpath=ancestor::section').locator('form.admin-form');
    await form.getByLabel('Mã', { exact: true }).fill('so-du-lich');
    await form.getByLabel('Tên đơn vị').fill('Sở Du lịch');
    await form.getByLabel('Đường dây nóng').fill('0236 3550 550');
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.getByRole('heading', { name: 'Cán bộ đầu mối: Sở Du lịch' }).waitFor();
    await expect(page.getByLabel('Đường dây nóng, đơn vị so-du-lich').inputValue()).resolves.toBe('0236 3550 550');
    const officers = page.locator('#agency-officers-heading').locator('xpath=ancestor::section');
    await officers.getByLabel('Tên đăng nhập').fill('daumoi.sodulich');
    await officers.getByLabel('Họ tên').fill('Trần Văn Bình');
    await officers.getByLabel('Mật khẩu (ít nhất 10 ký tự)').fill('mat-khau-dau-moi');
    await officers.getByRole('button', { name: 'Thêm cán bộ đầu mối' }).click();
    await officers.getByTestId('agency-officers').getByText('daumoi.sodulich').waitFor();
    const admin = await apiAs(floor, 'quantri');
    const agency = (await admin.get<Array<{ id: string; code: string; hotline: string | null }>>('/api/agencies')).find((a) => a.code === 'so-du-lich');
    expect(agency?.hotline).toBe('0236 3550 550');
    const listed = await admin.get<{ items: Array<{ username: string }> }>(`/api/agencies/${agency!.id}/officers`);
    expect(listed.items.map((o) => o.username)).toEqual(['daumoi.sodulich']);
    await expectAccessible(page, 'admin agencies');
    await saveScreenshot(page, 'admin-agencies');
  });

  it('given the phones page, when the admin gives dtv01’s phone to dtv02, then it is refused naming dtv01, and a free endpoint is bound to dtv02', async () => {
    await page.getByRole('link', { name: 'Máy điện thoại', exact: true }).click();
    await page.getByRole('heading', { name: 'Máy điện thoại của điện thoại viên' }).waitFor();
    const name = 'Điện thoại viên 02 (thử nghiệm)';
    await page.getByLabel(`Máy mới cho ${name} (ví dụ PJSIP/op101)`).fill('PJSIP/op101');
    await page.getByRole('button', { name: `Gắn máy cho ${name}` }).click();
    await page.getByRole('alert').filter({ hasText: 'Điện thoại viên 01' }).waitFor();
    await page.getByLabel(`Máy mới cho ${name} (ví dụ PJSIP/op101)`).fill('PJSIP/op102');
    await page.getByLabel(`Loại máy, ${name}`).selectOption('ip_phone');
    await page.getByRole('button', { name: `Gắn máy cho ${name}` }).click();
    await page.getByTestId('phones').getByText('PJSIP/op102 · Điện thoại IP').waitFor();
    const admin = await apiAs(floor, 'quantri');
    const phones = await admin.get<{ items: Array<{ endpoint: string; userFullName: string | null }> }>('/api/agents/phones');
    expect(phones.items).toEqual(expect.arrayContaining([expect.objectContaining({ endpoint: 'PJSIP/op101', userFullName: 'Điện thoại viên 01 (thử nghiệm)' }), expect.objectContaining({ endpoint: 'PJSIP/op102', userFullName: name })]));
    await expectAccessible(page, 'admin phones');
    await saveScreenshot(page, 'admin-phones');
  });

  it('given the default calendar, when the admin opens Saturday mornings and applies it after the preview, then the weekly hours are stored', async () => {
    await page.getByRole('link', { name: 'Lịch làm việc', exact: true }).click();
    await page.getByRole('heading', { name: 'Giờ làm việc trong tuần' }).waitFor();
    await expect(page.getByLabel('Giờ làm việc T2').inputValue()).resolves.toBe('07:30-11:30, 13:00-17:00');
    await page.getByLabel('Giờ làm việc T7').fill('07:30-11:30');
    await page.getByRole('button', { name: 'Kiểm tra giờ làm việc mới' }).click();
    await page.getByTestId('calendar-preview').getByText(/phiếu đang mở đổi hạn xử lý/).waitFor();
    await page.getByRole('button', { name: 'Áp dụng', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    const admin = await apiAs(floor, 'quantri');
    await waitFor(async () => {
      const calendars = await admin.get<{ items: Array<{ isDefault: boolean; weeklyHours: Record<string, Array<{ start: string; end: string }>> }> }>('/api/calendars');
      return JSON.stringify(calendars.items.find((c) => c.isDefault)?.weeklyHours['6']) === JSON.stringify([{ start: '07:30', end: '11:30' }]);
    }, 'Saturday 07:30–11:30 stored');
    await expect(page.getByLabel('Giờ làm việc T7').inputValue()).resolves.toBe('07:30-11:30');
    await expectAccessible(page, 'admin calendars weekly hours');
    await saveScreenshot(page, 'admin-calendars-weekly');
    expect(scene.problems).toEqual({ errors: [], cspViolations: [] });
  });
});
