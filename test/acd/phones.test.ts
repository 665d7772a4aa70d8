import { beforeAll, describe, expect, it, vi } from 'vitest';
import { playedOn, waitForEnd, waitForStatus } from '../telephony/support.js';
import { queuedCaller, withOneOperator, type AcdHarness, type Desktop } from './support.js';

/**
 * Issue 11 item 4 (R4, R8): a phone with no SIP listener was rung for the full timeout and counted as a missed call.
 * Asterisk qualifies the operators' phones (qualify_frequency) and says which are offline over ARI; the queue engine
 * offers no call to an offline phone and the wallboard shows it.
 */
describe('operators whose phone Asterisk finds offline', () => {
  const fixture = withOneOperator();
  let h: AcdHarness;
  let op: Desktop;
  beforeAll(async () => {
    ({ h, op } = fixture);
  });

  const phone = () => h.t.app.phones?.state('PJSIP/op101');
  const wallboardPhone = async () => (await h.t.app.wallboard!.snapshot()).agents.find((a) => a.userId === op.userId)?.phone;

  it('given an available operator whose phone goes offline, when a caller joins the queue, then the phone is not rung, the caller hears "please wait" and waits; when the phone is back online, then the call is offered and connected', async () => {
    await h.post(op, '/api/agents/me/login');
    h.t.fake.setEndpointState('PJSIP/op101', 'offline');
    await vi.waitFor(() => expect(phone()).toBe('offline'));
    expect(await wallboardPhone()).toBe('offline');

    const caller = await queuedCaller(h.t, '0900000401', '4');
    await h.t.app.acd.settled();
    expect(playedOn(h.t, caller.channelId).some((m) => m.includes('please-wait'))).toBe(true);
    expect(h.t.fake.requests({ method: 'POST' }).some((r) => r.path.startsWith(`/channels/leg-${caller.callId}-`))).toBe(false);
    expect(h.t.app.agents.get(op.userId)?.state).toBe('available');

    h.t.fake.setEndpointState('PJSIP/op101', 'online');
    await waitForStatus(h.t, caller.channelId, 'connected');
    expect(await wallboardPhone()).toBe('online');
    h.t.fake.hangupFromFarEnd(caller.channelId);
    await waitForEnd(h.t, caller.channelId);
    await h.t.app.acd.settled();
  });

  it('given the app (re)connects, then it reads the phones\u2019 states over ARI (GET /endpoints) and subscribes to their changes', async () => {
    h.t.fake.setEndpointState('PJSIP/op101', 'offline');
    await h.restart();
    expect(h.t.app.phones?.state('PJSIP/op101')).toBe('offline');
    expect(h.t.fake.requests({ method: 'POST', path: /\/applications\/.+\/subscription$/ }).some((r) => r.query.eventSource === 'endpoint:PJSIP')).toBe(true);
    h.t.fake.setEndpointState('PJSIP/op101', 'online');
    await vi.waitFor(() => expect(phone()).toBe('online'));
  });
});
