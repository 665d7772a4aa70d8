import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { attachments, tickets } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fillPath, idPool, inputSchema, roleCookies, roleFor, sampleValue, type IdPool } from '../helpers/routes.js';
import { multipartParts, pdfBytes } from './samples.js';

/**
 * Issue 12 item 7: a multipart upload with two files kept the first and dropped the second without a word. Every
 * multipart route of the app (the route catalog: a route added later is covered) refuses it with 400, stores
 * nothing, and refuses control characters in its text fields as every other route does.
 */
describe('multipart uploads take exactly one file', () => {
  let t: TestApp;
  let dataDir = '';
  let cookies: Record<Role, string>;
  let ids: IdPool;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'multipart-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    cookies = await roleCookies(t, 'mp');
    await t.database.db.insert(tickets).values({ receiptCode: '1022-2026-000901', channel: 'phone', content: 'Hỏi thủ tục' });
    ids = await idPool(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const multipartRoutes = () => t.app.routeCatalog.filter((r) => r.multipart);

  /** Sends `body` to the route with the first id that the route does not answer 404 (a path parameter that exists). */
  async function send(route: (typeof t.app.routeCatalog)[number], body: ReturnType<typeof multipartParts>) {
    const role = roleFor(route);
    const candidates = /:[A-Za-z]/.test(route.url) ? ids.ids : [''];
    // The query the route requires (a prompt's name…), so that the upload itself is what is judged.
    const querySchema = inputSchema(t.app, route, 'querystring');
    const query = querySchema ? new URLSearchParams(sampleValue(t.app, querySchema, ids) as Record<string, string>).toString() : '';
    let last;
    for (const id of candidates) {
      const url = fillPath(route.url, new Proxy({}, { get: () => id })) + (query ? `?${query}` : '');
      last = await t.app.inject({ method: route.method as 'POST', url, payload: body.payload, headers: { ...body.headers, ...(role ? { cookie: cookies[role] } : {}) } });
      if (last.statusCode !== 404) return last;
    }
    return last!;
  }

  it('given every multipart route, when one file more than it takes is sent, then 400 TOO_MANY_FILES and nothing is stored', async () => {
    expect(multipartRoutes().length).toBeGreaterThan(0);
    for (const route of multipartRoutes()) {
      const before = (await t.database.db.select().from(attachments)).length;
      const files = Array.from({ length: route.maxFiles + 1 }, (_, i) => ({ name: 'file', fileName: `tep-${i}.pdf`, contentType: 'application/pdf', bytes: pdfBytes }));
      const response = await send(route, multipartParts(files));
      expect(response.statusCode, `${route.method} ${route.url}: ${response.body}`).toBe(400);
      expect(response.json().code).toBe('TOO_MANY_FILES');
      expect((await t.database.db.select().from(attachments)).length).toBe(before);
    }
  });

  it('given every multipart route, when a text field holds a control character, then 400 INVALID_CHARACTERS', async () => {
    for (const route of multipartRoutes()) {
      const response = await send(route, multipartParts([
        { name: 'note', text: 'ghi chú\u0000' },
        { name: 'file', fileName: 'mot.pdf', contentType: 'application/pdf', bytes: pdfBytes },
      ]));
      expect(response.statusCode, `${route.method} ${route.url}: ${response.body}`).toBe(400);
      expect(response.json().code).toBe('INVALID_CHARACTERS');
    }
  });

  it('given one file and nothing else, then it is stored (201)', async () => {
    const [route] = multipartRoutes().filter((r) => r.url === '/api/tickets/:id/attachments');
    const response = await send(route!, multipartParts([{ name: 'file', fileName: 'mot.pdf', contentType: 'application/pdf', bytes: pdfBytes }]));
    expect(response.statusCode, response.body).toBe(201);
  });
});
