import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fillPath, idPool, inputLocations, inputSchema, roleCookies, roleFor, stringSlots, withValueAt, type IdPool, sampleRequest } from '../helpers/routes.js';

/** Rate limits out of the way: every route is called many times from one address. */
const roomyLimits = { PUBLIC_SUBMIT_PER_HOUR: '100000', PUBLIC_LOOKUP_PER_MINUTE: '100000', PUBLIC_ANSWERS_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' };

/**
 * Issue 12 item 2: NUL, which PostgreSQL refuses in text (a 500 before), and the other control characters (but tab,
 * newline and carriage return) are refused with 400 INVALID_CHARACTERS in every string of every route's path, query
 * and body — checked once for all routes (src/web/text-input.ts), so a route added later is covered without a word.
 */
describe('control characters in any text input', () => {
  let t: TestApp;
  let cookies: Record<Role, string>;
  let ids: IdPool;

  beforeAll(async () => {
    t = await startTestApp(roomyLimits);
    cookies = await roleCookies(t, 'kt');
    ids = await idPool(t);
  });
  afterAll(() => t.close());

  it('given every string of every route, when it holds NUL, then 400 INVALID_CHARACTERS naming where, never 5xx or 2xx', async () => {
    const refusedWrongly: string[] = [];
    let checked = 0;
    for (const route of t.app.routeCatalog) {
      const role = roleFor(route);
      const headers = role ? { cookie: cookies[role] } : {};
      const request = sampleRequest(t.app, route, ids);
      for (const location of inputLocations) {
        const schema = inputSchema(t.app, route, location);
        if (!schema) continue;
        for (const slot of stringSlots(t.app, schema)) {
          const input = { ...request, [location]: withValueAt(request[location], slot, 'Lê Lợi\u0000') };
          const response = await t.app.inject({
            method: route.method as 'GET',
            url: fillPath(route.url, (input.params ?? {}) as Record<string, unknown>),
            query: (input.querystring ?? {}) as Record<string, string>,
            headers,
            ...(input.body !== undefined && route.method !== 'GET' ? { payload: input.body as object } : {}),
          });
          checked += 1;
          const body = response.json() as { code?: string; message?: string };
          if (response.statusCode !== 400 || body.code !== 'INVALID_CHARACTERS' || !body.message?.includes(String(slot.at(-1) ?? location))) {
            refusedWrongly.push(`${route.method} ${route.url} ${location}.${slot.join('.')}: ${response.statusCode} ${response.body.slice(0, 120)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(refusedWrongly).toEqual([]);
  });

  it.each([
    ['\u0001', 'SOH'],
    ['\u001b', 'ESC'],
    ['\u007f', 'DEL'],
    ['\u0085', 'NEL (C1)'],
  ])('given another control character (%#, %s) in a body, then 400 INVALID_CHARACTERS', async (character) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/public/requests', payload: { name: 'An', phone: '0912345678', content: `Đèn đường hỏng${character} đã lâu` } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_CHARACTERS', message: expect.stringContaining('content') });
  });

  it('given tab, newline and carriage return in a text, then they are accepted as written', async () => {
    const content = 'Đèn đường hỏng\tđã lâu\r\nxin kiểm tra\n';
    const response = await t.app.inject({ method: 'POST', url: '/api/public/requests', payload: { name: 'An', phone: '0912345678', content } });
    expect(response.statusCode).toBe(201);
  });

  it('given a JSON key with NUL, then 400 INVALID_CHARACTERS (jsonb refuses it too)', async () => {
    const response = await t.app.inject({ method: 'PUT', url: `/api/ivr-menus/${ids.any(0)}/definition`, headers: { cookie: cookies.admin }, payload: { version: 1, definition: { start: 'a', nodes: { 'a\u0000': {} } } } });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('INVALID_CHARACTERS');
  });

  it('given NUL in a query string parameter (%00), then 400 INVALID_CHARACTERS', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/calls?callerNumber=09%00', headers: { cookie: cookies.admin } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_CHARACTERS', message: expect.stringContaining('callerNumber') });
  });
});
