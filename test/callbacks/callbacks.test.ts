import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, callbackRequests, calls } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

type View = { id: string; phoneNumber: string; reason: string; status: string; priority: number; claimedBy: string | null; note: string | null };

/** R2, R4, R22: the callback worklist, in the order the callers would have been served; numbers shown only on claim. */
describe('callback worklist /api/callbacks', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    for (const [name, role] of [['dtv1', 'operator'], ['dtv2', 'operator'], ['gsv', 'supervisor'], ['daumoi', 'agency_officer']] as const) {
      const user = role === 'agency_officer' ? await createTestUser(t, name, role, (await createAgency(t, 'so-y-te')).id) : await createTestUser(t, name, role);
      ids[name] = user.id;
      cookies[name] = await login(t, name);
    }
    const base = Date.parse('2026-11-30T01:00:00Z');
    const call = async (n: number, priority: number, enqueuedMinutes: number) => {
      const [row] = await t.database.db
        .insert(calls)
        .values({ channelId: `ch-${n}`, callerNumber: `09120000${n}0`, dialledNumber: '1022', priority, arrivedAt: new Date(base), enqueuedAt: new Date(base + enqueuedMinutes * 60_000), status: 'ended' })
        .returning();
      return row!;
    };
    const general = await call(1, 0, 1);
    const urgent = await call(2, 10, 5);
    const earlier = await call(3, 0, 0);
    // Filed in this order; to be served: urgent, then by place in the queue.
    await t.database.db.insert(callbackRequests).values([
      { callId: general.id, phoneNumber: general.callerNumber, reason: 'queue_max_wait' },
      { callId: urgent.id, phoneNumber: urgent.callerNumber, reason: 'queue_key' },
      { callId: earlier.id, phoneNumber: earlier.callerNumber, reason: 'over_capacity' },
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, who = 'dtv1') => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
  const post = (url: string, who = 'dtv1', payload: object = {}) => t.app.inject({ method: 'POST', url, payload, headers: { cookie: cookies[who]! } });

  it('given three requests, then the list is ordered by priority then place in the queue, with masked numbers', async () => {
    const list = (await get('/api/callbacks')).json<{ items: View[] }>().items;
    expect(list.map((c) => [c.phoneNumber, c.priority, c.reason])).toEqual([
      ['***020', 10, 'queue_key'],
      ['***030', 0, 'over_capacity'],
      ['***010', 0, 'queue_max_wait'],
    ]);
  });

  it('given an operator claims the first, then they see the full number (audited), nobody else can claim it, and closing it records the note', async () => {
    const [first] = (await get('/api/callbacks')).json<{ items: View[] }>().items;
    const claimed = await post(`/api/callbacks/${first!.id}/claim`);
    expect(claimed.json()).toMatchObject({ phoneNumber: '0912000020', claimedBy: ids.dtv1, status: 'pending' });
    expect(await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'callback.claim'), eq(auditLog.entityId, first!.id)))).toHaveLength(1);
    expect((await post(`/api/callbacks/${first!.id}/claim`, 'dtv2')).json()).toMatchObject({ statusCode: 409, code: 'CALLBACK_CLAIMED' });
    expect((await post(`/api/callbacks/${first!.id}/done`, 'dtv2', { note: 'x' })).json()).toMatchObject({ statusCode: 403, code: 'NOT_YOUR_CALLBACK' });
    expect((await get('/api/callbacks?mine=true', 'dtv2')).json<{ items: View[] }>().items).toEqual([]);

    const done = await post(`/api/callbacks/${first!.id}/done`, 'dtv1', { note: '  Đã gọi lại, hướng dẫn công dân  ' });
    expect(done.json()).toMatchObject({ status: 'done', note: 'Đã gọi lại, hướng dẫn công dân', phoneNumber: '***020' });
    expect((await post(`/api/callbacks/${first!.id}/cancel`, 'gsv')).json()).toMatchObject({ statusCode: 409, code: 'CALLBACK_CLOSED' });
    expect((await get('/api/callbacks?status=done')).json<{ items: View[] }>().items.map((c) => c.id)).toEqual([first!.id]);
  });

  it('given a claimed request, when released, then it is back on the list for anyone; a supervisor may cancel it', async () => {
    const [next] = (await get('/api/callbacks')).json<{ items: View[] }>().items;
    expect((await post(`/api/callbacks/${next!.id}/done`, 'dtv2')).json()).toMatchObject({ statusCode: 409, code: 'CALLBACK_NOT_CLAIMED' });
    await post(`/api/callbacks/${next!.id}/claim`, 'dtv2');
    expect((await post(`/api/callbacks/${next!.id}/release`, 'dtv1')).statusCode).toBe(403);
    expect((await post(`/api/callbacks/${next!.id}/release`, 'dtv2')).json()).toMatchObject({ claimedBy: null });
    expect((await post(`/api/callbacks/${next!.id}/cancel`, 'gsv', { note: 'Trùng yêu cầu' })).json()).toMatchObject({ status: 'cancelled', note: 'Trùng yêu cầu' });
  });

  it('given wrong requests, then 401 / 403 / 400 / 404 say why', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/callbacks' })).statusCode).toBe(401);
    expect((await get('/api/callbacks', 'daumoi')).statusCode).toBe(403);
    expect((await get('/api/callbacks?status=lost')).statusCode).toBe(400);
    expect((await post('/api/callbacks/not-a-uuid/claim')).statusCode).toBe(400);
    expect((await post('/api/callbacks/00000000-0000-4000-8000-000000000000/claim')).statusCode).toBe(404);
    const [any] = (await get('/api/callbacks')).json<{ items: View[] }>().items;
    expect((await post(`/api/callbacks/${any!.id}/done`, 'dtv1', { note: 'x'.repeat(2001) })).statusCode).toBe(400);
    expect((await post(`/api/callbacks/${any!.id}/done`, 'dtv1', { extra: 1 })).statusCode).toBe(400);
  });
});
