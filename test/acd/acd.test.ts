import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { agentStates, ticketCalls, tickets } from '../../src/db/schema/index.js';
import { createTicket } from '../../src/tickets/service.js';
import { callRow, waitForEnd, waitForStatus } from '../telephony/support.js';
import { expectAcdIdle, queuedCaller, ringingLeg, startAcd, type AcdHarness, type Desktop } from './support.js';

type Pop = { callId: string; ringingAt?: string; callerNumber: string; citizenName: string | null; previousTickets: Array<{ receiptCode: string }>; previousCalls: unknown[]; field: { code: string } | null; ivrPath: unknown[]; waitedSeconds: number };
type StateEvent = { userId: string; state: string; reason: string | null };

describe('ACD: operators, queue and screen-pop against the fake Asterisk', () => {
  let h: AcdHarness;
  let op1: Desktop;
  let op2: Desktop;
  let sup: Desktop;

  beforeAll(async () => {
    h = await startAcd();
    op1 = await h.user('dtv1', 'operator', 'PJSIP/op101');
    op2 = await h.user('dtv2', 'operator', 'PJSIP/op102');
    sup = await h.user('gsv', 'supervisor');
  });
  afterAll(async () => h?.close());
  afterEach(async () => {
    // Every operator offline again, nothing left in Asterisk, the app or the queue.
    for (const d of [op1, op2]) {
      const agent = h.t.app.agents.get(d.userId);
      if (agent?.state === 'paused' || agent?.state === 'available' || agent?.state === 'wrap_up') await h.post(d, '/api/agents/me/logout');
    }
    await expectAcdIdle(h);
  });

  const state = (d: Desktop) => h.t.app.agents.get(d.userId)?.state;
  const waitState = (d: Desktop, wanted: string, from = 0) => d.next<StateEvent>('agent.state.v1', (e) => e.userId === d.userId && e.state === wanted, from);

  it('given an operator without a phone, when they log in, then it is refused (409 NO_PHONE)', async () => {
    const response = await h.post(sup, '/api/agents/me/login');
    expect(response.statusCode).toBe(403);
    const nophone = await h.user('dtv-nophone', 'operator');
    const refused = await h.post(nophone, '/api/agents/me/login');
    expect(refused).toMatchObject({ statusCode: 409, body: { code: 'NO_PHONE' } });
  });

  it('given two callers and one operator, when the operator logs in, then the urgent caller is served first, the pop reaches only that operator before answer, with history, and the answer creates a draft ticket', async () => {
    h.t.fake.setEndpoint('PJSIP/op101', { kind: 'manual' });
    // History of the urgent caller: a ticket with their name.
    await createTicket(h.t.database.db, null, { channel: 'web', content: 'Đường hỏng trước nhà', citizenName: 'Nguyễn Văn A', citizenPhone: '0911000111' });
    const general = await queuedCaller(h.t, '0922000222', '4');
    const urgent = await queuedCaller(h.t, '0911000111', '1');
    expect(h.t.app.acd.waiting().map((c) => c.callId)).toEqual([urgent.callId, general.callId]);
    const queueEvent = await sup.next<{ waiting: Array<{ callerNumber: string }> }>('queue.changed.v1', (e) => e.waiting.length === 2);
    expect(queueEvent.waiting.map((w) => w.callerNumber)).toEqual(['***111', '***222']);

    const opFrom = op1.events.length;
    const op2From = op2.events.length;
    expect((await h.post(op1, '/api/agents/me/login')).body).toMatchObject({ state: 'available', endpoint: 'PJSIP/op101' });
    const pop = await op1.next<Pop>('screen_pop.v1', () => true, opFrom);
    // Pushed when the phone started ringing (Dial RINGING on the operator's leg).
    const dials = h.t.fake.events({ type: 'Dial' }).map((e) => e.event as { peer: { id: string }; dialstatus: string });
    expect(dials.some((e) => e.peer.id.startsWith(`leg-${urgent.callId}-`) && e.dialstatus === 'RINGING')).toBe(true);
    expect(pop.ringingAt).toEqual(expect.any(String));
    expect(pop).toMatchObject({ callId: urgent.callId, callerNumber: '0911000111', citizenName: 'Nguyễn Văn A', field: { code: 'y-te' } });
    expect(pop.previousTickets).toHaveLength(1);
    expect(pop.ivrPath.length).toBeGreaterThan(0);
    await waitState(op1, 'ringing', opFrom);
    // Ringing, not answered yet: the pop is already there, and the phone shows the citizen's number.
    const leg = await ringingLeg(h.t, urgent.callId);
    expect((await callRow(h.t, urgent.channelId))?.status).toBe('offered');
    const originate = h.t.fake.requests({ method: 'POST', path: `/channels/${leg}` });
    expect(originate[0]?.query).toMatchObject({ endpoint: 'PJSIP/op101', callerId: '0911000111' });
    expect(h.t.fake.answerLeg(leg)).toBe(true);

    const drafted = await op1.next<{ callId: string; ticketId: string; receiptCode: string }>('screen_pop.ticket.v1', () => true, opFrom);
    expect(drafted.callId).toBe(urgent.callId);
    const [link] = await h.t.database.db.select().from(ticketCalls).where(eq(ticketCalls.ticketId, drafted.ticketId));
    expect(link?.callId).toBe(urgent.callId);
    const [draft] = await h.t.database.db.select().from(tickets).where(eq(tickets.id, drafted.ticketId));
    expect(draft).toMatchObject({ channel: 'phone', draft: true, citizenPhone: '0911000111', citizenName: 'Nguyễn Văn A', createdBy: op1.userId });
    await waitState(op1, 'on_call', opFrom);
    // The call record is written just after the state event: wait for it rather than race it.
    await vi.waitFor(async () => expect(await callRow(h.t, urgent.channelId)).toMatchObject({ status: 'connected', operatorUserId: op1.userId }));

    // Never broadcast: the other operator and the supervisor got no pop.
    expect(op2.events.slice(op2From).filter((e) => e.event === 'screen_pop.v1')).toEqual([]);
    expect(sup.received('screen_pop.v1')).toEqual([]);
    expect(op2.received('agent.state.v1').filter((e) => (e as StateEvent).userId === op1.userId)).toEqual([]);

    // The operator hangs up: wrap-up (0 s here), then available, and the general caller is offered next.
    const next = op1.events.length;
    h.t.fake.hangupFromFarEnd(leg);
    await waitForEnd(h.t, urgent.channelId);
    await waitState(op1, 'wrap_up', next);
    const secondPop = await op1.next<Pop>('screen_pop.v1', () => true, next);
    expect(secondPop.callId).toBe(general.callId);
    const secondLeg = await ringingLeg(h.t, general.callId);
    h.t.fake.answerLeg(secondLeg);
    await waitForStatus(h.t, general.channelId, 'connected');
    h.t.fake.hangupFromFarEnd(general.channelId);
    expect(await waitForEnd(h.t, general.channelId)).toMatchObject({ outcome: 'completed', operatorUserId: op1.userId });
  });

  it('given an operator whose phone does not answer, then the offer moves to the next operator, the first is paused (missed call) and the supervisor is told', async () => {
    h.t.fake.setEndpoint('PJSIP/op101', { kind: 'noanswer' });
    h.t.fake.setEndpoint('PJSIP/op102', { kind: 'answer', afterMs: 5 });
    // op1 logs in first: idle the longest, offered first.
    await h.post(op1, '/api/agents/me/login');
    await h.post(op2, '/api/agents/me/login');
    const supFrom = sup.events.length;
    const caller = await queuedCaller(h.t, '0933000333', '4');
    const missed = await sup.next<{ userId: string; callId: string; reason: string }>('agent.missed_call.v1', () => true, supFrom);
    expect(missed).toMatchObject({ userId: op1.userId, callId: caller.callId, reason: 'no_answer' });
    await waitForStatus(h.t, caller.channelId, 'connected');
    expect(state(op1)).toBe('paused');
    expect(h.t.app.agents.get(op1.userId)?.reason).toBe('missed_call');
    await h.t.app.agents.flushed(op1.userId);
    const [persisted] = await h.t.database.db.select().from(agentStates).where(eq(agentStates.userId, op1.userId));
    expect(persisted).toMatchObject({ state: 'paused', reason: 'missed_call' });
    await vi.waitFor(async () => expect(await callRow(h.t, caller.channelId)).toMatchObject({ operatorUserId: op2.userId }));
    h.t.fake.hangupFromFarEnd(caller.channelId);
    await waitForEnd(h.t, caller.channelId);
    await h.t.app.acd.settled();
    // The paused operator resumes by hand.
    expect((await h.post(op1, '/api/agents/me/resume')).body).toMatchObject({ state: 'available' });
  });

  it('given an operator whose phone is unreachable, then it never rings and they get no pop; the next operator gets it when theirs rings', async () => {
    h.t.fake.setEndpoint('PJSIP/op101', { kind: 'unreachable' });
    h.t.fake.setEndpoint('PJSIP/op102', { kind: 'answer', afterMs: 5 });
    await h.post(op1, '/api/agents/me/login');
    await h.post(op2, '/api/agents/me/login');
    const op1From = op1.events.length;
    const op2From = op2.events.length;
    const caller = await queuedCaller(h.t, '0944000444', '4');
    const pop = await op2.next<Pop>('screen_pop.v1', (p) => p.callId === caller.callId, op2From);
    expect(pop.callerNumber).toBe('0944000444');
    await waitForStatus(h.t, caller.channelId, 'connected');
    expect(op1.events.slice(op1From).filter((e) => e.event === 'screen_pop.v1')).toEqual([]);
    h.t.fake.hangupFromFarEnd(caller.channelId);
    await waitForEnd(h.t, caller.channelId);
    await h.t.app.acd.settled();
    expect((await h.post(op1, '/api/agents/me/resume')).body).toMatchObject({ state: 'available' });
  });

  it('given a caller waiting with nobody available, when they hang up, then the call is abandoned with its wait time and nothing is left', async () => {
    const supFrom = sup.events.length;
    const caller = await queuedCaller(h.t, '0944000444', '1');
    h.t.fake.advanceClock(0);
    h.t.fake.hangupFromFarEnd(caller.channelId);
    const row = await waitForEnd(h.t, caller.channelId);
    expect(row.outcome).toBe('abandoned_queue');
    const abandoned = await sup.next<{ callId: string; waitedSeconds: number; callerNumber: string }>('queue.abandoned.v1', (e) => e.callId === caller.callId, supFrom);
    expect(abandoned).toMatchObject({ callerNumber: '***444' });
    expect(abandoned.waitedSeconds).toBe(Math.round((row.endedAt!.getTime() - row.enqueuedAt!.getTime()) / 1000));
    await sup.next<{ waiting: unknown[] }>('queue.changed.v1', (e) => e.waiting.length === 0, supFrom);
  });

  it("given a caller whose offer is ringing, when they hang up, then the call is abandoned, the leg is hung up and the operator is available again (not paused)", async () => {
    h.t.fake.setEndpoint('PJSIP/op101', { kind: 'manual' });
    await h.post(op1, '/api/agents/me/login');
    const caller = await queuedCaller(h.t, '0955000555', '4');
    await ringingLeg(h.t, caller.callId);
    const from = op1.events.length;
    h.t.fake.hangupFromFarEnd(caller.channelId);
    expect(await waitForEnd(h.t, caller.channelId)).toMatchObject({ outcome: 'abandoned_queue' });
    await waitState(op1, 'available', from);
    await h.t.app.acd.settled();
    expect(state(op1)).toBe('available');
  });

  it('given an operator ringing and another on a call, when the app is killed and started again, then the offer is withdrawn and made again, and the call in progress still ends in wrap-up', async () => {
    h.t.fake.setEndpoint('PJSIP/op101', { kind: 'answer', afterMs: 5 });
    await h.post(op1, '/api/agents/me/login');
    const talking = await queuedCaller(h.t, '0900000101', '4');
    await waitForStatus(h.t, talking.channelId, 'connected');
    await h.t.app.acd.settled();
    expect(state(op1)).toBe('on_call');
    h.t.fake.setEndpoint('PJSIP/op102', { kind: 'manual' });
    await h.post(op2, '/api/agents/me/login');
    const ringing = await queuedCaller(h.t, '0900000102', '4');
    await ringingLeg(h.t, ringing.callId);
    await waitState(op2, 'ringing');
    await h.restart();
    // The ringing leg was hung up by the re-adoption, the operator withdrawn then offered the caller again.
    const again = await vi.waitFor(
      () => {
        const leg = h.t.fake.state().channels.find((c) => c.id.startsWith(`leg-${ringing.callId}-`));
        if (!leg || state(op2) !== 'ringing') throw new Error('not offered again yet');
        return leg.id;
      },
      { timeout: 5_000, interval: 20 },
    );
    expect(state(op1)).toBe('on_call');
    h.t.fake.answerLeg(again);
    await waitForStatus(h.t, ringing.channelId, 'connected');
    const from = op1.events.length;
    h.t.fake.hangupFromFarEnd(talking.channelId);
    await waitForEnd(h.t, talking.channelId);
    await waitState(op1, 'wrap_up', from);
    h.t.fake.hangupFromFarEnd(ringing.channelId);
    await waitForEnd(h.t, ringing.channelId);
    await h.t.app.acd.settled();
  });

  it('given two callers waiting, when the app restarts, then both are still waiting in their order, and operator states are restored', async () => {
    await h.post(op2, '/api/agents/me/login');
    expect((await h.post(op2, '/api/agents/me/pause', { reason: 'break' })).body).toMatchObject({ state: 'paused', reason: 'break' });
    const first = await queuedCaller(h.t, '0966000666', '4');
    const second = await queuedCaller(h.t, '0977000777', '4');
    const urgent = await queuedCaller(h.t, '0988000888', '1');
    await h.restart();
    await h.t.app.acd.settled();
    expect(h.t.app.acd.waiting().map((c) => c.callId)).toEqual([urgent.callId, first.callId, second.callId]);
    expect(h.t.fake.state().bridges.filter((b) => b.moh).map((b) => b.id).sort()).toEqual([first, second, urgent].map((c) => `hold-${c.callId}`).sort());
    expect(h.t.app.agents.get(op2.userId)).toMatchObject({ state: 'paused', reason: 'break' });
    // Served in that order once an operator comes.
    h.t.fake.setEndpoint('PJSIP/op101', { kind: 'answer', afterMs: 5 });
    await h.post(op1, '/api/agents/me/login');
    await waitForStatus(h.t, urgent.channelId, 'connected');
    for (const c of [urgent, first, second]) h.t.fake.hangupFromFarEnd(c.channelId);
    for (const c of [urgent, first, second]) await waitForEnd(h.t, c.channelId);
  });
});
