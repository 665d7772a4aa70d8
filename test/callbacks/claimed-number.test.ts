import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackRequests } from '../../src/db/schema/index.js';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

/** R22 and the desk's worklist (issue 13): the number a claim revealed stays shown to whoever claimed it, only to them. */
describe('callback worklist: the claimer keeps seeing the number', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    for (const name of ['dtv1', 'dtv2']) {
      await createTestUser(t, name, 'operator');
      cookies[name] = await login(t, name);
    }
    await t.database.db.insert(callbackRequests).values({ phoneNumber: '0912000010', reason: 'over_capacity' });
  });
  afterAll(async () => t?.close());

  const list = async (who: string, query = '') =>
    (await t.app.inject({ url: `/api/callbacks${query}`, headers: { cookie: cookies[who]! } })).json<{ items: Array<{ id: string; phoneNumber: string }> }>().items;

  it('given dtv1 claimed a request, then the list shows dtv1 the full number and dtv2 the masked one; once done, masked for all', async () => {
    const [request] = await list('dtv1');
    expect(request?.phoneNumber).toBe('***010');
    const claim = await t.app.inject({ method: 'POST', url: `/api/callbacks/${request!.id}/claim`, headers: { cookie: cookies.dtv1! } });
    expect(claim.json()).toMatchObject({ phoneNumber: '0912000010' });
    expect((await list('dtv1')).map((r) => r.phoneNumber)).toEqual(['0912000010']);
    expect((await list('dtv2')).map((r) => r.phoneNumber)).toEqual(['***010']);
    await t.app.inject({ method: 'POST', url: `/api/callbacks/${request!.id}/done`, payload: { note: 'Đã gọi lại' }, headers: { cookie: cookies.dtv1! } });
    expect((await list('dtv1', '?status=done')).map((r) => r.phoneNumber)).toEqual(['***010']);
  });
});
