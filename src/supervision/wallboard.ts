import type { FastifyBaseLogger } from 'fastify';
import type { Server, Socket } from 'socket.io';
import type { Agents } from '../agents/service.js';
import type { Role } from '../auth/roles.js';
import type { LineCapacity } from '../capacity/service.js';
import { maskNumber } from '../calls/context.js';
import type { QueuedCall } from '../calls/queue.js';
import type { CallRegistry } from '../calls/registry.js';
import { rooms, type SocketData } from '../realtime/socket.js';
import type { PhoneReachability, PhoneState, PhoneStates } from '../telephony/phone-states.js';

export interface WallboardSnapshotV1 {
  at: string;
  /** Lines in use (answered calls of this process, R2) against the capacity in force now. */
  lines: { inUse: number; capacity: number };
  /** Live calls by status (ivr, queued, offered, connected, transferring…). */
  calls: Record<string, number>;
  /** Waiting callers, next first; numbers masked (R22). Wait times are computed by the screen from enqueuedAt. */
  waiting: Array<{ callId: string; callerNumber: string; priority: number; fieldId: string | null; enqueuedAt: string; waitedSeconds: number; offeredTo: string | null }>;
  /**
   * Operators' ACD states, and their phone as Asterisk qualifies it (`online`, `offline`: not offered calls,
   * `unknown`; null: no phone bound).
   */
  agents: Array<{ userId: string; fullName: string; state: string; reason: string | null; since: string; callId: string | null; phone: PhoneState | null }>;
}

/** Only the parts that changed since the last snapshot or delta. */
export type WallboardDeltaV1 = { at: string } & Partial<Omit<WallboardSnapshotV1, 'at'>>;

export const wallboardEvents = {
  snapshot: 'wallboard.snapshot.v1',
  delta: 'wallboard.delta.v1',
  /** Client → server: send me a snapshot now. */
  request: 'wallboard.snapshot.request',
} as const;

const viewers: readonly Role[] = ['supervisor', 'admin'];
/** Between instances: a standby asks the leader for a snapshot for one of its sockets. */
const remoteRequest = 'wallboard.snapshot.for';

export interface WallboardOptions {
  registry: CallRegistry;
  capacity: Pick<LineCapacity, 'now'>;
  queue: { waiting(): QueuedCall[]; offeredTo?(callId: string): string | undefined };
  agents: Agents | null;
  phones?: (PhoneReachability & Pick<PhoneStates, 'on' | 'off'>) | null;
  io: () => Server | undefined;
  log: FastifyBaseLogger;
  /** How often the figures are re-read even without an event (waits grow, capacity windows change). */
  intervalMs: number;
}

/**
 * The supervisors' wall board over socket.io: `wallboard.snapshot.v1` on connection (supervisors and admins) and on
 * request, then `wallboard.delta.v1` to `role:supervisor` and `role:admin` whenever calls come and go, operators
 * change state, or a periodic re-read finds a change.
 */
export class Wallboard {
  readonly #o: WallboardOptions;
  readonly #offs: Array<() => void> = [];
  readonly #serving: Array<() => void> = [];
  #last: Omit<WallboardSnapshotV1, 'at'> | undefined;
  #pending: NodeJS.Timeout | undefined;
  #interval: NodeJS.Timeout | undefined;
  #publishing: Promise<void> = Promise.resolve();

  constructor(options: WallboardOptions) {
    this.#o = options;
  }

  async snapshot(now = new Date()): Promise<WallboardSnapshotV1> {
    const { registry, capacity, queue, agents } = this.#o;
    const live = registry.all().filter((c) => !c.ended);
    const byStatus: Record<string, number> = {};
    for (const ctx of live) byStatus[ctx.status] = (byStatus[ctx.status] ?? 0) + 1;
    // Up to a few seconds old: the wall-board is rebuilt at every change, arrivals read the schedule themselves.
    const decision = await capacity.now({ maxAgeMs: 5_000 });
    return {
      at: now.toISOString(),
      lines: { inUse: registry.admittedCount(), capacity: decision.capacity },
      calls: byStatus,
      waiting: queue.waiting().map((w) => ({
        callId: w.callId,
        callerNumber: maskNumber(registry.get(w.callId)?.callerNumber ?? ''),
        priority: w.priority,
        fieldId: w.fieldId,
        enqueuedAt: w.enqueuedAt.toISOString(),
        waitedSeconds: Math.max(0, Math.floor((now.getTime() - w.enqueuedAt.getTime()) / 1000)),
        offeredTo: queue.offeredTo?.(w.callId) ?? null,
      })),
      agents: (agents?.all() ?? []).map((a) => ({
        userId: a.userId,
        fullName: a.fullName,
        state: a.state,
        reason: a.reason,
        since: a.since.toISOString(),
        callId: a.callId,
        phone: a.endpoint ? (this.#o.phones?.state(a.endpoint) ?? 'unknown') : null,
      })),
    };
  }

  /**
   * On every instance (issue 17): a supervisor connected here gets the snapshot from the leader. A standby asks the
   * leader over the socket.io adapter (`serverSideEmit`); the leader sends the snapshot to that socket's room.
   */
  serve(leading: () => boolean): void {
    const server = this.#o.io();
    if (!server) return;
    const sendTo = (socketId: string) =>
      void this.snapshot().then(
        (snapshot) => server.to(socketId).emit(wallboardEvents.snapshot, snapshot),
        (error: unknown) => this.#o.log.warn({ err: error }, 'wallboard snapshot failed'),
      );
    const onRemote = (socketId: unknown) => {
      if (leading() && typeof socketId === 'string') sendTo(socketId);
    };
    const onConnection = (socket: Socket) => {
      const principal = (socket.data as Partial<SocketData>).principal;
      if (!principal || !viewers.includes(principal.role)) return;
      const send = () => (leading() ? sendTo(socket.id) : server.serverSideEmit(remoteRequest, socket.id));
      socket.on(wallboardEvents.request, send);
      send();
    };
    server.on('connection', onConnection);
    server.on(remoteRequest, onRemote);
    this.#serving.push(() => server.off('connection', onConnection), () => server.off(remoteRequest, onRemote));
  }

  unserve(): void {
    for (const off of this.#serving.splice(0)) off();
  }

  start(): void {
    const { registry, agents } = this.#o;
    const changed = () => this.changed();
    registry.on('added', changed);
    registry.on('removed', changed);
    this.#offs.push(() => registry.off('added', changed), () => registry.off('removed', changed));
    if (agents) {
      agents.on('changed', changed);
      this.#offs.push(() => agents.off('changed', changed));
    }
    const phones = this.#o.phones;
    if (phones) {
      phones.on('changed', changed);
      this.#offs.push(() => phones.off('changed', changed));
    }
    this.#interval = setInterval(changed, this.#o.intervalMs);
    this.#interval.unref();
  }

  async stop(): Promise<void> {
    for (const off of this.#offs.splice(0)) off();
    clearInterval(this.#interval);
    clearTimeout(this.#pending);
    this.#pending = undefined;
    await this.#publishing;
    this.#last = undefined;
  }

  /** Something may have changed: publish a delta soon (several changes in a burst give one delta). */
  changed(): void {
    if (this.#pending) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#publishing = this.#publishing.then(() => this.#publishDelta()).catch((error: unknown) => this.#o.log.warn({ err: error }, 'wallboard delta failed'));
    }, 25);
    this.#pending.unref();
  }

  async #publishDelta(): Promise<void> {
    const { at, ...current } = await this.snapshot();
    const comparable = (s: Omit<WallboardSnapshotV1, 'at'>) => ({ ...s, waiting: s.waiting.map(({ waitedSeconds: _w, ...w }) => w) });
    const before = this.#last ? comparable(this.#last) : undefined;
    const now = comparable(current);
    const delta: WallboardDeltaV1 = { at };
    let any = false;
    for (const key of ['lines', 'calls', 'waiting', 'agents'] as const) {
      if (!before || JSON.stringify(before[key]) !== JSON.stringify(now[key])) {
        (delta as Record<string, unknown>)[key] = current[key];
        any = true;
      }
    }
    this.#last = current;
    if (!any) return;
    this.#o.io()?.to([rooms.role('supervisor'), rooms.role('admin')]).emit(wallboardEvents.delta, delta);
  }
}
