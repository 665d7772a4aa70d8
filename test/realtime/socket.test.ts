import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { rooms } from '../../src/realtime/socket.js';

describe('socket.io authenticated with the REST session', () => {
  let t: TestApp;
  let url = '';
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    await createTestUser(t, 'dtv', 'operator');
    await createTestUser(t, 'dtv2', 'operator');
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const open = (cookie?: string) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
    sockets.push(socket);
    return socket;
  };

  it('given the app closing, then connected sockets are disconnected and the close does not hang', async () => {
    const extra = await startTestApp();
    await createTestUser(extra, 'dtv', 'operator');
    const address = await extra.app.listen({ port: 0, host: '127.0.0.1' });
    const socket = connect(address, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: await login(extra, 'dtv') } });
    sockets.push(socket);
    await new Promise((resolve) => socket.on('connect', () => resolve(undefined)));
    const disconnected = new Promise((resolve) => socket.on('disconnect', resolve));
    await extra.close();
    await expect(disconnected).resolves.toBeDefined();
  });

  it('given no session cookie, then the handshake is refused', async () => {
    const socket = open();
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('UNAUTHENTICATED');
  });

  it("given a session, then the socket joins its user's room and receives only what is sent there", async () => {
    const mineCookie = await login(t, 'dtv');
    const theirsCookie = await login(t, 'dtv2');
    const mine = open(mineCookie);
    const theirs = open(theirsCookie);
    await Promise.all([mine, theirs].map((s) => new Promise((resolve) => s.on('connect', () => resolve(undefined)))));
    expect(await t.app.io.in(rooms.role('operator')).fetchSockets()).toHaveLength(2);
    const received: unknown[] = [];
    const leaked: unknown[] = [];
    theirs.on('test.v1', (payload: unknown) => leaked.push(payload));
    const got = new Promise((resolve) => mine.on('test.v1', resolve));
    const userId = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: mineCookie } })).json().id as string;
    t.app.io.to(rooms.user(userId)).emit('test.v1' as never, { hello: 1 } as never);
    received.push(await got);
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([{ hello: 1 }]);
    expect(leaked).toEqual([]);
  });
});
