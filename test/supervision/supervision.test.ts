import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, sipEndpoints } from '../../src/db/schema/index.js';
import type { SupervisionService } from '../../src/supervision/service.js';
import { expectNothingLeft, queuedCall, startTelephony, waitForEnd, type Telephony } from '../telephony/support.js';
import { connectedCall, requestLines, seedPeople } from '../transfer/support.js';

const supervisorPhone = 'PJSIP/op190';

describe('listen, whisper and barge against the fake Asterisk', () => {
  let t: Telephony;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  const supervision = () => t.app.supervision as SupervisionService;

  beforeAll(async () => {
    t = await startTelephony();
    people = await seedPeople(t);
    await t.database.db.insert(sipEndpoints).values({ endpoint: supervisorPhone, kind: 'ip_phone', userId: people.supervisor.id });
  });
  afterAll(async () => t?.close());
  afterEach(async () => {
    await t.calls.settled();
    await supervision().settled();
    expect(supervision().size).toBe(0);
    expectNothingLeft(t);
  });

  const post = (url: string, cookie = people.cookies.supervisor) => t.app.inject({ method: 'POST', url, payload: {}, headers: { cookie } });
  const waitForState = (sessionId: string, state: string) =>
    vi.waitFor(() => {
      const found = supervision().list().find((s) => s.sessionId === sessionId);
      if (found?.state !== state) throw new Error(`session ${found?.state}, waiting for ${state}`);
    });
  const audited = async (action: string, callId: string) =>
    t.database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, callId)));

  it.each([
    ['listen', 'caller', { spy: 'both', whisper: 'none' }],
    ['whisper', 'operator', { spy: 'both', whisper: 'out' }],
  ] as const)('given a live call, when a supervisor starts to %s, then their phone is rung, put in a bridge of its own with a snoop on the %s leg, and stop releases both', async (mode, on, directions) => {
    const call = await connectedCall(t, people.operator.id);
    const since = t.fake.requests().length;
    const started = await post(`/api/calls/${call.callId}/${mode}`);
    expect(started.statusCode).toBe(200);
    const session = started.json<{ sessionId: string; state: string }>();
    expect(session.state).toBe('ringing');
    await waitForState(session.sessionId, 'active');

    const lines = requestLines(t, since);
    const phone = lines[0]!.split(' ')[1]!.split('/')[2]!;
    const bridge = lines[1]!.split(' ')[1]!.split('/')[2]!;
    const snoop = lines[3]!.split('/')[4]!;
    const target = on === 'caller' ? call.channelId : call.operatorLegId;
    expect(lines).toEqual([
      `POST /channels/${phone}`,
      `POST /bridges/${bridge}`,
      `POST /bridges/${bridge}/addChannel channel=${phone}`,
      `POST /channels/${target}/snoop/${snoop}`,
      `POST /bridges/${bridge}/addChannel channel=${snoop}`,
    ]);
    expect(bridge).toMatch(new RegExp(`^sup-${call.callId}-\\d+$`));
    const requests = t.fake.requests().slice(since).filter((r) => r.method !== 'GET');
    expect(requests[0]?.query).toMatchObject({ endpoint: supervisorPhone, app: 'callcentre', appArgs: `leg,${call.callId}` });
    expect(requests[1]?.query).toMatchObject({ type: 'mixing' });
    expect(requests.find((r) => r.path.includes('/snoop/'))?.query).toMatchObject({ ...directions, app: 'callcentre', appArgs: `snoop,${call.callId}` });
    expect(t.fake.state().bridges.find((b) => b.id === bridge)?.channels.sort()).toEqual([phone, snoop].sort());
    expect(await audited(`supervision.${mode}`, call.callId)).toHaveLength(1);

    const since2 = t.fake.requests().length;
    const stopped = await post(`/api/supervision/${session.sessionId}/stop`);
    expect(stopped.json()).toMatchObject({ state: 'stopped' });
    expect(requestLines(t, since2)).toEqual([`DELETE /channels/${snoop}`, `DELETE /bridges/${bridge}`, `DELETE /channels/${phone}`]);
    expect(await audited('supervision.stop', call.callId)).toHaveLength(1);
    // The conversation is untouched.
    expect(t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`)?.channels.sort()).toEqual([call.channelId, call.operatorLegId].sort());
    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, call.channelId);
  });

  it('given a live call, when a supervisor barges in, then their phone joins the conversation bridge (no snoop) and leaving does not end the call', async () => {
    const call = await connectedCall(t, people.operator.id);
    const since = t.fake.requests().length;
    const session = (await post(`/api/calls/${call.callId}/barge`)).json<{ sessionId: string }>();
    await waitForState(session.sessionId, 'active');
    const lines = requestLines(t, since);
    const phone = lines[0]!.split(' ')[1]!.split('/')[2]!;
    expect(lines).toEqual([`POST /channels/${phone}`, `POST /bridges/call-${call.callId}/addChannel channel=${phone}`]);
    expect(t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`)?.channels.sort()).toEqual([call.channelId, call.operatorLegId, phone].sort());
    expect(await audited('supervision.barge', call.callId)).toHaveLength(1);

    t.fake.hangupFromFarEnd(phone); // the supervisor puts the phone down
    await supervision().settled();
    expect(t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`)?.channels.sort()).toEqual([call.channelId, call.operatorLegId].sort());
    t.fake.hangupFromFarEnd(call.channelId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'completed', hangupSide: 'caller' });
  });

  it('given a supervisor listening, when the caller hangs up, then the snoop, the bridge and the phone are released with the call', async () => {
    const call = await connectedCall(t, people.operator.id);
    const session = (await post(`/api/calls/${call.callId}/listen`)).json<{ sessionId: string }>();
    await waitForState(session.sessionId, 'active');
    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, call.channelId);
  });

  it('given a supervisor listening, when the app restarts, then the session is resumed: stop releases the snoop, the bridge and the phone, and the call goes on (R23)', async () => {
    const call = await connectedCall(t, people.operator.id);
    const started = (await post(`/api/calls/${call.callId}/listen`)).json<{ sessionId: string }>();
    const snoopRequest = await vi.waitFor(() => {
      const found = t.fake.requests({ method: 'POST', path: /\/snoop\// }).find((r) => r.path.startsWith(`/channels/${call.channelId}/snoop/`));
      if (!found) throw new Error('no snoop yet');
      return found;
    });
    const snoop = snoopRequest.path.split('/')[4]!;
    await vi.waitFor(() => {
      if (!t.fake.state().bridges.some((b) => b.id.startsWith(`sup-${call.callId}`) && b.channels.includes(snoop))) throw new Error('snoop not bridged yet');
    });

    await t.restart();
    await t.calls.settled();
    expect(supervision().list()).toMatchObject([{ sessionId: started.sessionId, state: 'active', mode: 'listen' }]);
    const since = t.fake.requests().length;
    const stopped = await post(`/api/supervision/${started.sessionId}/stop`);
    expect(stopped.json()).toMatchObject({ state: 'stopped' });
    const lines = requestLines(t, since);
    expect(lines).toContain(`DELETE /channels/${snoop}`);
    expect(lines.filter((l) => l.startsWith(`DELETE /bridges/sup-${call.callId}`))).toHaveLength(1);
    expect(t.fake.state().bridges.map((b) => b.id)).toEqual([`call-${call.callId}`]);
    // A new session after the restart does not reuse the ids of the old one.
    const again = (await post(`/api/calls/${call.callId}/barge`)).json<{ sessionId: string }>();
    await vi.waitFor(() => {
      if ((t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`)?.channels.length ?? 0) < 3) throw new Error('not barged yet');
    });
    const phone = t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`)!.channels.find((id) => id !== call.channelId && id !== call.operatorLegId)!;
    expect(lines.join('\n')).not.toContain(phone);
    t.fake.hangupFromFarEnd(phone);
    await supervision().settled();
    expect(supervision().list().find((s) => s.sessionId === again.sessionId)).toBeUndefined();
    expect(await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'supervision.stop'), eq(auditLog.entityId, call.callId)))).toHaveLength(1);
    t.fake.hangupFromFarEnd(call.channelId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'completed', hangupSide: 'caller' });
  });

  it("given the supervisor's phone does not answer, when they try to listen, then the session fails and nothing is left", async () => {
    t.fake.setEndpoint(supervisorPhone, { kind: 'noanswer' });
    try {
      const call = await connectedCall(t, people.operator.id);
      await post(`/api/calls/${call.callId}/listen`);
      await supervision().settled();
      expect(t.fake.requests({ path: /\/snoop\// }).filter((r) => r.path.includes(call.channelId))).toEqual([]);
      t.fake.hangupFromFarEnd(call.channelId);
      await waitForEnd(t, call.channelId);
    } finally {
      t.fake.setEndpoint(supervisorPhone, { kind: 'answer', afterMs: 20 });
    }
  });

  it('given wrong requests, when supervision is asked, then 403 / 404 / 409 / 400 say why', async () => {
    expect((await post('/api/calls/00000000-0000-4000-8000-000000000000/listen')).statusCode).toBe(404);
    const waiting = await queuedCall(t);
    expect((await post(`/api/calls/${waiting.callId}/listen`)).statusCode).toBe(409);
    expect((await post(`/api/calls/${waiting.callId}/listen`, people.cookies.operator)).statusCode).toBe(403);
    expect((await post('/api/supervision/00000000-0000-4000-8000-000000000000/stop')).statusCode).toBe(404);
    await t.database.db.delete(sipEndpoints).where(eq(sipEndpoints.userId, people.supervisor.id));
    const call = await connectedCall(t, people.operator.id, '0987654321');
    expect((await post(`/api/calls/${call.callId}/listen`)).json()).toMatchObject({ statusCode: 400, code: 'NO_PHONE' });
    await t.database.db.insert(sipEndpoints).values({ endpoint: supervisorPhone, kind: 'ip_phone', userId: people.supervisor.id });
    t.fake.hangupFromFarEnd(waiting.channelId);
    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, waiting.channelId);
    await waitForEnd(t, call.channelId);
  });
});
