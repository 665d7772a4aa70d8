import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

/** The desk's "my tickets" (issue 13): GET /api/tickets?mine=true lists the tickets the caller took. */
describe('GET /api/tickets?mine=true', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    for (const name of ['dtv1', 'dtv2']) {
      await createTestUser(t, name, 'operator');
      cookies[name] = await login(t, name);
    }
    for (const [who, content] of [['dtv1', 'Phản ánh đèn đường hỏng'], ['dtv2', 'Hỏi thủ tục hộ chiếu'], ['dtv1', 'Rác thải ven sông']] as const) {
      const created = await t.app.inject({ method: 'POST', url: '/api/tickets', payload: { channel: 'phone', content }, headers: { cookie: cookies[who]! } });
      expect(created.statusCode).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  const get = (url: string, who: string) => t.app.inject({ url, headers: { cookie: cookies[who]! } });

  it("given two operators' tickets, then each sees only their own with mine=true, newest first, and all without it", async () => {
    const mine = (await get('/api/tickets?mine=true', 'dtv1')).json<{ items: Array<{ contentPreview: string }>; total: number }>();
    expect(mine.items.map((i) => i.contentPreview)).toEqual(['Rác thải ven sông', 'Phản ánh đèn đường hỏng']);
    expect(mine.total).toBe(2);
    expect((await get('/api/tickets?mine=true', 'dtv2')).json<{ total: number }>().total).toBe(1);
    expect((await get('/api/tickets', 'dtv1')).json<{ total: number }>().total).toBe(3);
    expect((await get('/api/tickets?mine=true&q=den%20duong', 'dtv1')).json<{ total: number }>().total).toBe(1);
  });

  it('given mine is not a boolean, then 400', async () => {
    expect((await get('/api/tickets?mine=perhaps', 'dtv1')).statusCode).toBe(400);
  });
});
