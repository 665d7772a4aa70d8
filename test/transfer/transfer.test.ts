import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, ticketEvents, tickets } from '../../src/db/schema/index.js';
import { callRow, expectNothingLeft, playedOn, recordingRow, startTelephony, waitForEnd, type Telephony } from '../telephony/support.js';
import { connectedCall, requestLines, seedPeople, ticketFor, hotlineEndpoint, transferSteps } from './support.js';

describe('transfers to agency hotlines against the fake Asterisk', () => {
  let t: Telephony;
  let people: Awaited<ReturnType<typeof seedPeople>>;

  beforeAll(async () => {
    t = await startTelephony({ env: { TRANSFER_RING_SECONDS: '5' } });
    people = await seedPeople(t);
  });
  afterAll(async () => t?.close());
  afterEach(async () => {
    await t.calls.settled();
    await transfers().settled();
    expect(transfers().size).toBe(0);
    expectNothingLeft(t);
  });

  const { transfers, post, hotlineLeg, waitForTransferState } = transferSteps(() => t, () => people);

  const audit = async (callId: string) =>
    t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'call.transfer'), eq(auditLog.entityId, callId)));

  it('given a connected call, when the operator transfers it attended and the hotline answers and the operator completes, then the caller waited with bridge music, the hotline joined the recorded bridge, the operator left, the ticket is forwarded and one recording covers it all', async () => {
    t.fake.setEndpoint(hotlineEndpoint, { kind: 'manual' });
    const call = await connectedCall(t, people.operator.id);
    const ticket = await ticketFor(t, people.operator, call.callId);
    const since = t.fake.requests().length;

    const started = await post(`/api/calls/${call.callId}/transfer`, { mode: 'attended', agencyId: people.agency.id, ticketId: ticket.id });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ mode: 'attended', state: 'dialing', number: '02513000001', ticketForwarded: false });
    const leg = await hotlineLeg(call.callId);
    const holding = t.fake.state().bridges.find((b) => b.id === `hold-${call.callId}`);
    expect(holding).toMatchObject({ type: 'holding', channels: [call.channelId], moh: true });
    expect((await post(`/api/calls/${call.callId}/transfer/complete`)).statusCode).toBe(409); // still ringing

    t.fake.answerLeg(leg);
    await waitForTransferState(call.callId, 'consulting');
    const conversation = t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`);
    expect(conversation?.channels.sort()).toEqual([call.operatorLegId, leg].sort());

    const completed = await post(`/api/calls/${call.callId}/transfer/complete`);
    expect(completed.json()).toMatchObject({ state: 'completed', ticketForwarded: true });
    expect(t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`)?.channels.sort()).toEqual([call.channelId, leg].sort());
    expect(requestLines(t, since)).toEqual([
      `POST /bridges/call-${call.callId}/removeChannel channel=${call.channelId}`,
      `POST /bridges/hold-${call.callId}`,
      `POST /bridges/hold-${call.callId}/addChannel channel=${call.channelId}`,
      `POST /bridges/hold-${call.callId}/moh`,
      `POST /channels/${leg}`,
      `POST /bridges/call-${call.callId}/addChannel channel=${leg}`,
      `POST /bridges/hold-${call.callId}/removeChannel channel=${call.channelId}`,
      `POST /bridges/call-${call.callId}/addChannel channel=${call.channelId}`,
      `DELETE /bridges/hold-${call.callId}`,
      `POST /bridges/call-${call.callId}/removeChannel channel=${call.operatorLegId}`,
      `DELETE /channels/${call.operatorLegId}`,
    ]);
    expect(t.fake.requests({ method: 'POST', path: /\/record$/ }).filter((r) => r.path.includes(call.callId))).toHaveLength(1);

    t.fake.hangupFromFarEnd(leg);
    const row = await waitForEnd(t, call.channelId);
    await transfers().settled();
    expect(row).toMatchObject({ outcome: 'transferred', hangupSide: 'agency', transferTarget: '02513000001' });
    expect(row.transferredAt).toBeInstanceOf(Date);
    const [forwarded] = await t.database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(forwarded).toMatchObject({ status: 'forwarded', agencyId: people.agency.id });
    const events = await t.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.map((e) => e.type).sort()).toEqual(['call_transfer', 'created', 'forwarded']);
    expect(events.find((e) => e.type === 'call_transfer')?.data).toMatchObject({ mode: 'attended', result: 'completed', hotline: '02513000001' });
    // One file for the whole call, filed by the recording sink (Asterisk's copy is removed once stored).
    expect((await recordingRow(t, call.callId)).map((r) => [r.name, r.status])).toEqual([[`call-${call.callId}`, 'done']]);
  });

  it.each([
    ['busy', { kind: 'busy' } as const, 'busy'],
    ['does not answer', { kind: 'noanswer' } as const, 'no_answer'],
    ['is unreachable', { kind: 'unreachable' } as const, 'unreachable'],
  ])('given an attended transfer, when the hotline %s, then the caller returns to the operator and the outcome is logged', async (_what, behaviour, failure) => {
    t.fake.setEndpoint(hotlineEndpoint, behaviour);
    const call = await connectedCall(t, people.operator.id);
    const ticket = await ticketFor(t, people.operator, call.callId);
    const started = await post(`/api/calls/${call.callId}/transfer`, { mode: 'attended', ticketId: ticket.id, agencyId: people.agency.id });
    expect(started.statusCode).toBe(200);
    await transfers().settled();

    expect(t.fake.state().bridges.map((b) => b.id)).toEqual([`call-${call.callId}`]);
    expect(t.fake.state().bridges[0]?.channels.sort()).toEqual([call.channelId, call.operatorLegId].sort());
    expect(await callRow(t, call.channelId)).toMatchObject({ status: 'connected', transferTarget: '02513000001', transferredAt: null });
    expect((await audit(call.callId))[0]?.details).toMatchObject({ mode: 'attended', state: 'failed', failure });
    const [unchanged] = await t.database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(unchanged?.status).toBe('received');

    // The conversation goes on: the operator hangs up, the call ends as completed.
    t.fake.hangupFromFarEnd(call.operatorLegId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'completed', hangupSide: 'operator' });
  });

  it('given an attended transfer being consulted, when the operator cancels, then the hotline is hung up and the caller is back with the operator', async () => {
    t.fake.setEndpoint(hotlineEndpoint, { kind: 'answer', afterMs: 5 });
    const call = await connectedCall(t, people.operator.id);
    await post(`/api/calls/${call.callId}/transfer`, { mode: 'attended', number: '02513000001' });
    const leg = await hotlineLeg(call.callId);
    await waitForTransferState(call.callId, 'consulting');
    const cancelled = await post(`/api/calls/${call.callId}/transfer/cancel`);
    expect(cancelled.json()).toMatchObject({ state: 'cancelled' });
    expect(t.fake.requests({ method: 'DELETE', path: `/channels/${leg}` })).toHaveLength(1);
    expect(t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`)?.channels.sort()).toEqual([call.channelId, call.operatorLegId].sort());
    t.fake.hangupFromFarEnd(call.channelId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'completed', hangupSide: 'caller' });
  });

  it('given an attended transfer being consulted, when the operator hangs up, then the transfer completes: caller and hotline talk and the ticket is forwarded', async () => {
    t.fake.setEndpoint(hotlineEndpoint, { kind: 'answer', afterMs: 5 });
    const call = await connectedCall(t, people.operator.id);
    const ticket = await ticketFor(t, people.operator, call.callId);
    await post(`/api/calls/${call.callId}/transfer`, { mode: 'attended', agencyId: people.agency.id, ticketId: ticket.id });
    const leg = await hotlineLeg(call.callId);
    await waitForTransferState(call.callId, 'consulting');
    t.fake.hangupFromFarEnd(call.operatorLegId);
    await transfers().settled();
    expect(t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`)?.channels.sort()).toEqual([call.channelId, leg].sort());
    expect(await callRow(t, call.channelId)).toMatchObject({ status: 'with_agency', endedAt: null });
    const [forwarded] = await t.database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(forwarded).toMatchObject({ status: 'forwarded', agencyId: people.agency.id });
    t.fake.hangupFromFarEnd(call.channelId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'transferred', hangupSide: 'caller' });
  });

  it('given a connected call with a ticket, when the operator transfers it blind to a typed number and the hotline does not answer, then the caller hears the portal message with the receipt code and the call ends', async () => {
    t.fake.setEndpoint(hotlineEndpoint, { kind: 'noanswer' });
    const call = await connectedCall(t, people.operator.id);
    const ticket = await ticketFor(t, people.operator, call.callId);
    const started = await post(`/api/calls/${call.callId}/transfer`, { mode: 'blind', number: '02513000001', ticketId: ticket.id });
    expect(started.json()).toMatchObject({ mode: 'blind', state: 'ringing', agencyId: null, ticketForwarded: false });
    const row = await waitForEnd(t, call.channelId);
    await transfers().settled();
    expect(row).toMatchObject({ outcome: 'completed', hangupSide: 'system', transferTarget: '02513000001', transferredAt: null });
    // The operator's leg left before the hotline was rung.
    const lines = requestLines(t);
    expect(lines.indexOf(`DELETE /channels/${call.operatorLegId}`)).toBeLessThan(lines.findIndex((l) => l.startsWith(`POST /channels/leg-${call.callId}-`) && !l.includes(call.operatorLegId)));
    expect(lines.indexOf(`DELETE /channels/${call.operatorLegId}`)).toBeGreaterThan(0);
    const digits = ticket.receiptCode.replace(/\D/g, '');
    expect(playedOn(t, call.channelId).slice(-2)).toEqual(['sound:beep', `sound:beep,digits:${digits}`]);
  });

  it('given a blind transfer to an agency, when the hotline does not answer, then the ticket is forwarded to that agency and the failure is in its processing log', async () => {
    t.fake.setEndpoint(hotlineEndpoint, { kind: 'noanswer' });
    const call = await connectedCall(t, people.operator.id);
    const ticket = await ticketFor(t, people.operator, call.callId);
    const started = await post(`/api/calls/${call.callId}/transfer`, { mode: 'blind', agencyId: people.agency.id, ticketId: ticket.id });
    expect(started.json()).toMatchObject({ state: 'ringing', ticketForwarded: true });
    await waitForEnd(t, call.channelId);
    await transfers().settled();
    const [forwarded] = await t.database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(forwarded).toMatchObject({ status: 'forwarded', agencyId: people.agency.id });
    const events = await t.database.db.select().from(ticketEvents).where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, 'call_transfer')));
    expect(events[0]?.data).toMatchObject({ mode: 'blind', result: 'failed', failure: 'no_answer' });
  });

  it('given a blind transfer, when the hotline answers, then caller and hotline talk in the same recorded bridge and the call ends as transferred when the agency hangs up', async () => {
    t.fake.setEndpoint(hotlineEndpoint, { kind: 'answer', afterMs: 5 });
    const call = await connectedCall(t, people.operator.id);
    await post(`/api/calls/${call.callId}/transfer`, { mode: 'blind', agencyId: people.agency.id });
    const leg = await hotlineLeg(call.callId);
    await transfers().settled();
    expect(t.fake.state().bridges.find((b) => b.id === `call-${call.callId}`)?.channels.sort()).toEqual([call.channelId, leg].sort());
    expect(t.fake.requests({ method: 'POST', path: /\/record$/ }).filter((r) => r.path.includes(call.callId)).map((r) => r.path)).toEqual([`/bridges/call-${call.callId}/record`]);
    t.fake.hangupFromFarEnd(leg);
    const row = await waitForEnd(t, call.channelId);
    expect(row).toMatchObject({ outcome: 'transferred', hangupSide: 'agency' });
    expect((await recordingRow(t, call.callId)).map((r) => [r.name, r.status])).toEqual([[`call-${call.callId}`, 'done']]);
  });

  it('given calls in various states, when a transfer is asked wrongly, then 404 / 403 / 400 / 409 say why', async () => {
    t.fake.setEndpoint(hotlineEndpoint, { kind: 'manual' });
    const unknown = await post('/api/calls/00000000-0000-4000-8000-000000000000/transfer', { mode: 'blind', number: '113' });
    expect(unknown.statusCode).toBe(404);
    const call = await connectedCall(t, people.operator.id);
    expect((await post(`/api/calls/${call.callId}/transfer`, { mode: 'blind', number: '113' }, people.cookies.other)).statusCode).toBe(403);
    expect((await post(`/api/calls/${call.callId}/transfer`, { mode: 'blind' })).statusCode).toBe(400);
    expect((await post(`/api/calls/${call.callId}/transfer`, { mode: 'sideways', number: '113' })).statusCode).toBe(400);
    expect((await post(`/api/calls/${call.callId}/transfer/cancel`)).statusCode).toBe(409);
    const first = await post(`/api/calls/${call.callId}/transfer`, { mode: 'attended', number: '02513000001' }, people.cookies.supervisor);
    expect(first.statusCode).toBe(200);
    expect((await post(`/api/calls/${call.callId}/transfer`, { mode: 'attended', number: '02513000001' })).statusCode).toBe(409);
    await hotlineLeg(call.callId);
    expect((await post(`/api/calls/${call.callId}/transfer/cancel`)).json()).toMatchObject({ state: 'cancelled' });
    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, call.channelId);
  });
});
