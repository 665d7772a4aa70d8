import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { queuePrompts } from '../../src/acd/waiting.js';
import type { Role } from '../../src/auth/roles.js';
import { sipEndpoints } from '../../src/db/schema/index.js';
import type { IvrMenuDefinition } from '../../src/ivr/types.js';
import { createUser } from '../../src/users/service.js';
import { testPassword } from '../helpers/app.js';
import { callRow, expectNothingLeft, menuPlayed, startTelephony, testMenu, type Telephony } from '../telephony/support.js';

/** The test menu plus 4 = general questions (no field, priority 0). */
export const acdMenu: IvrMenuDefinition = {
  ...testMenu,
  nodes: {
    ...testMenu.nodes,
    main: {
      ...(testMenu.nodes.main as Extract<IvrMenuDefinition['nodes'][string], { kind: 'menu' }>),
      options: {
        ...(testMenu.nodes.main as Extract<IvrMenuDefinition['nodes'][string], { kind: 'menu' }>).options,
        '4': { type: 'enqueue', fieldCode: null, priority: 0 },
      },
    },
  },
};

/** A desktop: a signed-in user with a socket.io connection that records every event it receives. */
export interface Desktop {
  userId: string;
  username: string;
  cookie: string;
  socket: Socket;
  events: Array<{ event: string; payload: unknown }>;
  /** Resolves with the first event of that name (received since `from`) matching. */
  next<T = Record<string, unknown>>(event: string, match?: (payload: T) => boolean, from?: number): Promise<T>;
  received(event: string): unknown[];
}

export interface AcdHarness {
  t: Telephony;
  url: string;
  desktops: Desktop[];
  user(username: string, role: Role, endpoint?: string): Promise<Desktop>;
  /** Logs in again and reconnects every desktop (after a restart). */
  reconnectAll(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
  post(d: Desktop, url: string, payload?: unknown): Promise<{ statusCode: number; body: Record<string, unknown> }>;
}

export async function startAcd(env: Record<string, string> = {}): Promise<AcdHarness> {
  // Ring timeout 300 s × the fake's dial scale 0.01 = 3 s: long enough to see (and answer) a ringing phone under load.
  const t = await startTelephony({ menu: acdMenu, env: { WRAPUP_SECONDS: '0', ORIGINATE_TIMEOUT_SECONDS: '300', ...env } });
  for (const name of Object.values(queuePrompts)) writeFileSync(path.join(t.env.PROMPTS_DIR ?? '', `${name}.wav`), 'RIFF');
  const h: AcdHarness = {
    t,
    url: await t.app.listen({ port: 0, host: '127.0.0.1' }),
    desktops: [],
    async user(username, role, endpoint) {
      const user = await createUser(t.database.db, { username, fullName: `Người dùng ${username}`, password: testPassword, role });
      if (endpoint) await t.database.db.insert(sipEndpoints).values({ endpoint, kind: 'softphone', userId: user.id });
      const desktop = await openDesktop(h, user.id, username);
      h.desktops.push(desktop);
      return desktop;
    },
    async reconnectAll() {
      for (const d of h.desktops) {
        d.socket.close();
        const fresh = await openDesktop(h, d.userId, d.username);
        Object.assign(d, { cookie: fresh.cookie, socket: fresh.socket, next: fresh.next, received: fresh.received, events: fresh.events });
      }
    },
    async restart() {
      for (const d of h.desktops) d.socket.close();
      await t.restart();
      h.url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      await h.reconnectAll();
    },
    async close() {
      for (const d of h.desktops) d.socket.close();
      await t.close();
    },
    async post(d, url, payload) {
      const response = await t.app.inject({ method: 'POST', url, headers: { cookie: d.cookie }, ...(payload ? { payload: payload as object } : {}) });
      return { statusCode: response.statusCode, body: response.json() };
    },
  };
  return h;
}

async function openDesktop(h: AcdHarness, userId: string, username: string): Promise<Desktop> {
  const response = await h.t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: testPassword } });
  const sid = response.cookies.find((c) => c.name === 'sid');
  if (!sid) throw new Error(`login ${username}: ${response.statusCode}`);
  const cookie = `sid=${sid.value}`;
  const socket = connect(h.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  const events: Desktop['events'] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, payload: unknown) => {
    events.push({ event, payload });
    for (const w of [...waiters]) w();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const desktop: Desktop = {
    userId,
    username,
    cookie,
    socket,
    events,
    received: (event) => events.filter((e) => e.event === event).map((e) => e.payload),
    next: <T>(event: string, match: (payload: T) => boolean = () => true, from = 0) =>
      new Promise<T>((resolve, reject) => {
        const check = () => {
          const hit = events.slice(from).find((e) => e.event === event && match(e.payload as T));
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit.payload as T);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${username}: no ${event} within 5 s; got ${events.map((e) => e.event).join(', ')}`));
        }, 5_000);
        waiters.add(check);
        check();
      }),
  };
  return desktop;
}

/** A caller who reached the queue with a key of the test menu (1 = urgent health, 4 = general). */
export async function queuedCaller(t: Telephony, from: string, key: '1' | '4') {
  const call = t.fake.placeCall({ from, to: '1022' });
  await menuPlayed(t, call.channelId);
  await t.fake.sendDtmf(call.channelId, key);
  // Queued, or already offered/connected by the ACD.
  const row = await vi.waitFor(
    async () => {
      const found = await callRow(t, call.channelId);
      if (!found?.enqueuedAt) throw new Error(`status ${found?.status}, not queued yet`);
      return found;
    },
    { timeout: 5_000, interval: 20 },
  );
  return { channelId: call.channelId, callId: row.id };
}

/** The leg ringing for a call (our originate: `leg-<callId>-<n>`). */
export async function ringingLeg(t: Telephony, callId: string): Promise<string> {
  return vi.waitFor(
    () => {
      const leg = t.fake.state().channels.find((c) => c.id.startsWith(`leg-${callId}-`));
      if (!leg) throw new Error('no leg yet');
      return leg.id;
    },
    { timeout: 5_000, interval: 10 },
  );
}

/**
 * The common fixture of one operator's tests: an ACD harness with operator dtv1 on PJSIP/op101 (answering after
 * 5 ms), logged out and checked idle after each test. Read `h` and `op` in hooks or tests, not at describe time.
 */
export function withOneOperator(env: Record<string, string> = {}): { h: AcdHarness; op: Desktop } {
  const fixture = {} as { h: AcdHarness; op: Desktop };
  beforeAll(async () => {
    fixture.h = await startAcd(env);
    fixture.op = await fixture.h.user('dtv1', 'operator', 'PJSIP/op101');
    fixture.h.t.fake.setEndpoint('PJSIP/op101', { kind: 'answer', afterMs: 5 });
  });
  afterAll(async () => fixture.h?.close());
  afterEach(async () => {
    const { h, op } = fixture;
    const agent = h.t.app.agents.get(op.userId);
    if (agent?.state === 'available' || agent?.state === 'wrap_up' || agent?.state === 'paused') await h.post(op, '/api/agents/me/logout');
    await expectAcdIdle(h);
  });
  return fixture;
}

/** Waits for the ACD and call control to go quiet, then asserts nothing is left anywhere. */
export async function expectAcdIdle(h: AcdHarness): Promise<void> {
  await h.t.calls.settled();
  await h.t.app.acd.settled();
  expectNothingLeft(h.t);
  if (h.t.app.acd.waiting().length !== 0) throw new Error(`queue not empty: ${JSON.stringify(h.t.app.acd.waiting())}`);
  const pending = h.t.app.acd.pending;
  if (pending.offers !== 0) throw new Error(`offers left: ${JSON.stringify(pending)}`);
}
