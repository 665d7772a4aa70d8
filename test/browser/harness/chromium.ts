/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { demoPassword, type Floor } from './floor.js';

/**
 * Debian's Chromium (`apt-get install -y chromium`), driven by playwright-core, which never downloads a browser.
 * CHROMIUM_PATH overrides where it is.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** What a page did wrong while it ran: script errors, failed requests to the app, and CSP refusals. */
export interface PageProblems {
  errors: string[];
  cspViolations: string[];
}

/** A fresh browser context (no cookies) on the floor, 1366×768 as an operator's screen, Vietnamese. */
export async function openPage(browser: Browser, floor: Floor, viewport = { width: 1366, height: 768 }): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', baseURL: floor.baseUrl });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], cspViolations: [] };
  page.on('pageerror', (error) => problems.errors.push(error.message));
  page.on('console', (message) => {
    const text = message.text();
    if (text.includes('Content Security Policy')) problems.cspViolations.push(text);
  });
  return { page, problems };
}

export async function signIn(page: Page, username: string, password = demoPassword): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core injected into the page: no serious or critical violation of WCAG 2.1 A/AA. Returns the violations found
 * (their rule ids) so a failure names them.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated through the DevTools protocol, not a <script> tag: the page's CSP (no inline script) stays on.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
  const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(severe, `${what}: ${JSON.stringify(severe, null, 2)}`).toEqual([]);
}

const screenshotsDir = path.resolve(import.meta.dirname, '../../../docs/screenshots');

/** Saves what the person sees to docs/screenshots/<name>.png (shown in the README; look at them). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  // Caret and animations still, so the pictures do not change for nothing between runs.
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

/** A test file's scene: the floor, Chromium and one page signed in as `username`; `close()` ends all three. */
export interface SignedInScene {
  floor: Floor;
  browser: Browser;
  page: Page;
  problems: PageProblems;
  close(): Promise<void>;
}

/** Starts the floor (`startFloor` from floor.ts, passed in to keep this file free of the server) and signs a page in. */
export async function signedInScene(startFloor: () => Promise<Floor>, username: string): Promise<SignedInScene> {
  const floor = await startFloor();
  const browser = await launchChromium();
  const { page, problems } = await openPage(browser, floor);
  await signIn(page, username);
  return {
    floor,
    browser,
    page,
    problems,
    close: async () => {
      await browser.close();
      await floor.close();
    },
  };
}
