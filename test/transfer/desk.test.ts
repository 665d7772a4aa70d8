import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectNothingLeft, startTelephony, waitForEnd, type Telephony } from '../telephony/support.js';
import { connectedCall, hotlineEndpoint, seedPeople, ticketFor, transferSteps } from './support.js';

type TransferState = { callId: string; state: string; failure?: string | null; ticketForwarded: boolean; at: string };

/** What the operator's desktop sees of a transfer: `transfer.state.v1` at each step, and the running one read afresh. */
describe('transfers as the desktop sees them (issue 13; R6, R7)', () => {
  let t: Telephony;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  let socket: Socket;
  const received: TransferState[] = [];

  beforeAll(async () => {
    // 300 s × the fake's dial scale 0.01 = 3 s of ringing: the test, not a timeout, decides how the hotline answers.
    t = await startTelephony({ env: { TRANSFER_RING_SECONDS: '300' } });
    people = await seedPeople(t);
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: people.cookies.operator } });
    socket.on('transfer.state.v1', (event: TransferState) => received.push(event));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });
  afterEach(async () => {
    await t.calls.settled();
    await transfers().settled();
    expectNothingLeft(t);
  });

  const { transfers, post, hotlineLeg } = transferSteps(() => t, () => people);
  const get = (url: string, cookie = people.cookies.operator) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  it('given no transfer, an unknown call or someone else’s, then 409 NO_TRANSFER, 404, 403', async () => {
    const call = await connectedCall(t, people.operator.id);
    expect((await get(`/api/calls/${call.callId}/transfer`)).json()).toMatchObject({ statusCode: 409, code: 'NO_TRANSFER' });
    expect((await get('/api/calls/00000000-0000-4000-8000-000000000000/transfer')).statusCode).toBe(404);
    expect((await get(`/api/calls/${call.callId}/transfer`, people.cookies.other)).json()).toMatchObject({ statusCode: 403, code: 'NOT_YOUR_CALL' });
    expect((await t.app.inject({ method: 'GET', url: `/api/calls/${call.callId}/transfer` })).statusCode).toBe(401);
    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, call.channelId);
  });

  it('given an attended transfer whose hotline is busy, then the desktop is told dialing then failed (busy), and reads the running one while it rings', async () => {
    t.fake.setEndpoint(hotlineEndpoint, { kind: 'manual' });
    const call = await connectedCall(t, people.operator.id);
    const ticket = await ticketFor(t, people.operator, call.callId);
    received.length = 0;
    expect((await post(`/api/calls/${call.callId}/transfer`, { mode: 'attended', agencyId: people.agency.id, ticketId: ticket.id })).statusCode).toBe(200);
    const leg = await hotlineLeg(call.callId);
    expect((await get(`/api/calls/${call.callId}/transfer`)).json()).toMatchObject({ callId: call.callId, state: 'dialing', ticketId: ticket.id, failure: null });

    t.fake.rejectLeg(leg, 'busy');
    await vi.waitFor(() => expect(received.map((e) => e.state)).toEqual(['dialing', 'failed']));
    expect(received.at(-1)).toMatchObject({ callId: call.callId, failure: 'busy', ticketForwarded: false, at: expect.any(String) });
    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, call.channelId);
  });

  it('given an attended transfer completed with its ticket, then the last state the desktop hears says the ticket was forwarded (the completed state went out before the forwarding and arrived after the answer)', async () => {
    t.fake.setEndpoint(hotlineEndpoint, { kind: 'manual' });
    const call = await connectedCall(t, people.operator.id);
    const ticket = await ticketFor(t, people.operator, call.callId);
    received.length = 0;
    expect((await post(`/api/calls/${call.callId}/transfer`, { mode: 'attended', agencyId: people.agency.id, ticketId: ticket.id })).statusCode).toBe(200);
    t.fake.answerLeg(await hotlineLeg(call.callId));
    await vi.waitFor(() => expect(received.map((e) => e.state)).toContain('consulting'));
    expect((await post(`/api/calls/${call.callId}/transfer/complete`)).json()).toMatchObject({ state: 'completed', ticketForwarded: true });
    await vi.waitFor(() => expect(received.at(-1)).toMatchObject({ callId: call.callId, state: 'completed', ticketForwarded: true }));
    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, call.channelId);
  });
});
