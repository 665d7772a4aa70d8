import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEnd } from '../telephony/support.js';
import { expectAcdIdle, queuedCaller, ringingLeg, startAcd, type AcdHarness, type Desktop } from '../acd/support.js';

/** GET /api/screen-pop/current: what a reloaded or reconnected desktop reads instead of guessing (issue 13; R4, R23). */
describe('the operator’s current call for the desktop', () => {
  let h: AcdHarness;
  let operator: Desktop;
  let supervisor: Desktop;

  beforeAll(async () => {
    h = await startAcd();
    operator = await h.user('dtv1', 'operator', 'PJSIP/op101');
    supervisor = await h.user('gsv', 'supervisor');
  });
  afterAll(async () => h?.close());

  const current = (d: Desktop | null) =>
    h.t.app.inject({ method: 'GET', url: '/api/screen-pop/current', headers: d ? { cookie: d.cookie } : {} });

  it('given no session, a supervisor, or an operator without a call, then 401, 403 and 404 NO_CURRENT_CALL', async () => {
    expect((await current(null)).statusCode).toBe(401);
    expect((await current(supervisor)).statusCode).toBe(403);
    const none = await current(operator);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'NO_CURRENT_CALL' });
  });

  it('given the phone rings, then the pop is there without a ticket; once answered, with the draft ticket; after the call, 404', async () => {
    h.t.fake.setEndpoint('PJSIP/op101', { kind: 'manual' });
    await h.post(operator, '/api/agents/me/login');
    const caller = await queuedCaller(h.t, '0911000111', '1');
    const leg = await ringingLeg(h.t, caller.callId);
    const ringing = await current(operator);
    expect(ringing.statusCode).toBe(200);
    expect(ringing.json()).toMatchObject({ state: 'ringing', pop: { callId: caller.callId, callerNumber: '0911000111', field: { code: 'y-te' } }, ticket: null });

    const from = operator.events.length;
    h.t.fake.answerLeg(leg);
    const drafted = await operator.next<{ ticketId: string; receiptCode: string }>('screen_pop.ticket.v1', () => true, from);
    await operator.next<{ state: string }>('agent.state.v1', (e) => e.state === 'on_call', from);
    expect((await current(operator)).json()).toMatchObject({ state: 'on_call', ticket: { id: drafted.ticketId, receiptCode: drafted.receiptCode } });

    h.t.fake.hangupFromFarEnd(caller.channelId);
    await waitForEnd(h.t, caller.channelId);
    await operator.next<{ state: string }>('agent.state.v1', (e) => e.state === 'available', from);
    expect((await current(operator)).statusCode).toBe(404);
    await h.post(operator, '/api/agents/me/logout');
    await expectAcdIdle(h);
  });
});
