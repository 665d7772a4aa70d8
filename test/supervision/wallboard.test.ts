import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallboardDeltaV1, WallboardSnapshotV1 } from '../../src/supervision/wallboard.js';
import { createTestUser, login } from '../helpers/app.js';
import { expectNothingLeft, queuedCall, startTelephony, waitForEnd, type Telephony } from '../telephony/support.js';

describe('the supervisors’ wall board over socket.io', () => {
  let t: Telephony;
  let url = '';
  const sockets: Socket[] = [];
  const cookies = { supervisor: '', operator: '' };

  beforeAll(async () => {
    t = await startTelephony();
    await createTestUser(t, 'giamsat', 'supervisor');
    await createTestUser(t, 'dtv', 'operator');
    cookies.supervisor = await login(t, 'giamsat');
    cookies.operator = await login(t, 'dtv');
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  const open = (cookie: string) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
    sockets.push(socket);
    return socket;
  };
  const next = <T>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 5000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} in ${timeoutMs} ms`)), timeoutMs);
      const handler = (payload: T) => {
        if (!match(payload)) return;
        clearTimeout(timer);
        socket.off(event, handler);
        resolve(payload);
      };
      socket.on(event, handler);
    });

  it('given a supervisor connecting, when a caller waits and then hangs up, then a snapshot comes first and deltas follow with the masked number and the lines in use', async () => {
    const supervisor = open(cookies.supervisor);
    const operator = open(cookies.operator);
    const leaked: unknown[] = [];
    operator.on('wallboard.snapshot.v1', (p: unknown) => leaked.push(p));
    operator.on('wallboard.delta.v1', (p: unknown) => leaked.push(p));
    const snapshot = await next<WallboardSnapshotV1>(supervisor, 'wallboard.snapshot.v1');
    expect(snapshot).toMatchObject({ lines: { inUse: 0, capacity: 15 }, waiting: [], calls: {} });

    const waiting = next<WallboardDeltaV1>(supervisor, 'wallboard.delta.v1', (d) => (d.waiting?.length ?? 0) === 1);
    const call = await queuedCall(t, '0912345678');
    const delta = await waiting;
    expect(delta.waiting?.[0]).toMatchObject({ callId: call.callId, callerNumber: '***678', priority: 10 });
    expect(delta.lines ?? { inUse: 1 }).toMatchObject({ inUse: 1 });

    const requested = next<WallboardSnapshotV1>(supervisor, 'wallboard.snapshot.v1');
    supervisor.emit('wallboard.snapshot.request');
    expect((await requested).calls).toMatchObject({ queued: 1 });

    const emptied = next<WallboardDeltaV1>(supervisor, 'wallboard.delta.v1', (d) => d.lines?.inUse === 0);
    t.fake.hangupFromFarEnd(call.channelId);
    await waitForEnd(t, call.channelId);
    expect((await emptied).waiting).toEqual([]);
    expect(leaked).toEqual([]);
    expectNothingLeft(t);
  });
});
