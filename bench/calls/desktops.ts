/**
 * Simulated operator desktops: socket.io clients signed in with a session cookie (like the web desktop), which go
 * available and unavailable through the REST API (/api/agents/me/login, /logout) and hand every event they receive
 * to the simulation (screen-pops above all). One supervisor desktop watches too (queue and wallboard events).
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { OperatorAccount } from './protocol.js';

export interface Desktop {
  account: OperatorAccount;
  socket: Socket;
  /** Last agent.state.v1 state of this operator. */
  state: string;
  events: number;
  missedCalls: number;
}

export type PopHandler = (desktop: Desktop, pop: { callId: string }, at: number) => void;

export async function openDesktop(url: string, account: OperatorAccount, onPop?: PopHandler): Promise<Desktop> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: `sid=${account.token}` } });
  const desktop: Desktop = { account, socket, state: 'offline', events: 0, missedCalls: 0 };
  socket.on('screen_pop.v1', (pop: { callId: string }) => onPop?.(desktop, pop, performance.now()));
  socket.onAny((event: string, payload: unknown) => {
    desktop.events += 1;
    if (event === 'agent.state.v1') {
      const change = payload as { userId: string; state: string; reason: string | null };
      if (change.userId !== account.userId) return;
      desktop.state = change.state;
      if (change.state === 'paused' && change.reason === 'missed_call') {
        // A person would resume after a missed call; so does the simulated operator (and it is counted).
        desktop.missedCalls += 1;
        setTimeout(() => void post(url, desktop, '/api/agents/me/resume').catch(() => undefined), 100);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(new Error(`${account.username}: socket.io ${error.message}`)));
  });
  return desktop;
}

/** Opens desktops a batch at a time (every handshake reads the session from the database). */
export async function openDesktops(url: string, accounts: readonly OperatorAccount[], onPop: PopHandler, batch = 25): Promise<Desktop[]> {
  const desktops: Desktop[] = [];
  for (let i = 0; i < accounts.length; i += batch) {
    desktops.push(...(await Promise.all(accounts.slice(i, i + batch).map((a) => openDesktop(url, a, onPop)))));
  }
  return desktops;
}

async function post(url: string, desktop: Desktop, route: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${route}`, { method: 'POST', headers: { cookie: `sid=${desktop.account.token}` } });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body };
}

/** The first `count` operators available, the others offline (logged out), through the REST API. */
export async function staff(url: string, desktops: readonly Desktop[], count: number): Promise<void> {
  const work = desktops.map(async (d, i) => {
    if (i < count && d.state !== 'available') {
      const r = await post(url, d, '/api/agents/me/login');
      if (r.status !== 200) throw new Error(`${d.account.username} login: ${r.status} ${JSON.stringify(r.body)}`);
      d.state = String(r.body.state ?? 'available');
    } else if (i >= count && d.state !== 'offline') {
      const r = await post(url, d, '/api/agents/me/logout');
      if (r.status !== 200) throw new Error(`${d.account.username} logout: ${r.status} ${JSON.stringify(r.body)}`);
      d.state = String(r.body.state ?? 'offline');
    }
  });
  await Promise.all(work);
}

export function closeDesktops(desktops: readonly Desktop[]): void {
  for (const d of desktops) d.socket.close();
}
