import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sipEndpoints } from '../../src/db/schema/index.js';
import type { SupervisionService, SupervisionStateV1 } from '../../src/supervision/service.js';
import { expectNothingLeft, startTelephony, waitForEnd, type Telephony } from '../telephony/support.js';
import { connectedCall, seedPeople } from '../transfer/support.js';

/** The supervisor's page follows their listen / whisper / barge session through `supervision.state.v1` (R8). */
describe('supervision state events over socket.io', () => {
  let t: Telephony;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  let url = '';
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTelephony();
    people = await seedPeople(t);
    await t.database.db.insert(sipEndpoints).values({ endpoint: 'PJSIP/op190', kind: 'ip_phone', userId: people.supervisor.id });
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  const open = async (cookie: string) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };

  it('given a supervisor listening, then their own socket gets each state of the session (ringing, active, stopped) and no one else does', async () => {
    const supervisor = await open(people.cookies.supervisor);
    const operator = await open(people.cookies.operator);
    const seen: SupervisionStateV1[] = [];
    const leaked: unknown[] = [];
    supervisor.on('supervision.state.v1', (event: SupervisionStateV1) => seen.push(event));
    operator.on('supervision.state.v1', (event: unknown) => leaked.push(event));

    const call = await connectedCall(t, people.operator.id);
    const started = await t.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/listen`, payload: {}, headers: { cookie: people.cookies.supervisor } });
    const session = started.json<{ sessionId: string }>();
    await vi.waitFor(() => expect(seen.at(-1)?.state).toBe('active'));
    await t.app.inject({ method: 'POST', url: `/api/supervision/${session.sessionId}/stop`, payload: {}, headers: { cookie: people.cookies.supervisor } });
    await vi.waitFor(() => expect(seen.at(-1)?.state).toBe('stopped'));

    // Sent after each save: a state may come twice (ringing is saved again once the phone's leg is known).
    expect(seen.map((e) => e.state).filter((state, i, all) => state !== all[i - 1])).toEqual(['ringing', 'active', 'stopped']);
    expect(seen[0]).toEqual({ sessionId: session.sessionId, callId: call.callId, mode: 'listen', state: 'ringing', endpoint: 'PJSIP/op190', supervisorUserId: people.supervisor.id });
    expect(leaked).toEqual([]);

    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, call.channelId);
    await (t.app.supervision as SupervisionService).settled();
    expectNothingLeft(t);
  });
});
