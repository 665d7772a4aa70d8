import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, openPage, saveScreenshot, signIn } from './harness/chromium.js';
import { startFloor, type Floor } from './harness/floor.js';

/** Every role signs in on the one sign-in page and lands on its own home, in the shared frame (issue 13). */
describe('sign-in and the homes of the other roles in Chromium (R22)', () => {
  let floor: Floor;
  let browser: Browser;

  beforeAll(async () => {
    floor = await startFloor();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await floor?.close();
  });

  for (const [username, path, heading, screenshot] of [
    ['giamsat', '/supervisor', 'Tổng đài trực tiếp', 'supervisor-home'],
    ['quantri', '/admin', 'Số line tiếp nhận đồng thời', 'admin-home'],
    ['daumoi.soyte', '/agency', 'Phiếu chuyển tới đơn vị', 'agency-home'],
  ] as const) {
    it(`given ${username} signs in, then they land on ${path} with the shared frame, accessible, and can sign out`, async () => {
      const { page, problems } = await openPage(browser, floor);
      await signIn(page, username);
      expect(new URL(page.url()).pathname).toBe(path);
      await page.getByRole('heading', { name: heading }).waitFor();
      await page.getByText('Đã kết nối').waitFor();
      await expectAccessible(page, `${path} home`);
      await saveScreenshot(page, screenshot);
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForURL('**/sign-in');
      expect(problems).toEqual({ errors: [], cspViolations: [] });
      await page.context().close();
    });
  }

  it('given English is chosen, then the frame speaks English, and it is remembered on the next load', async () => {
    const { page } = await openPage(browser, floor);
    await signIn(page, 'giamsat');
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Live floor' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.context().close();
  });

  it("given an operator opens another role's page or an unknown one, then they are told there is no such page and led home", async () => {
    const { page } = await openPage(browser, floor);
    await signIn(page, 'dtv01');
    await page.goto('/supervisor');
    await page.getByRole('heading', { name: 'Không có trang này' }).waitFor();
    await page.getByRole('link', { name: 'Về trang chính' }).click();
    await page.waitForURL('**/operator');
    await page.context().close();
  });
});
