import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Env } from '../config/env.js';
import type { Agent, Agents } from '../agents/service.js';
import type { DesktopPublisher } from '../agents/events.js';
import type { CallControl } from '../calls/control.js';
import { maskNumber } from '../calls/context.js';
import type { CallQueue, EndedCall, QueuedCall } from '../calls/queue.js';
import { probes } from '../metrics/probes.js';
import type { ConnectResult } from '../calls/steps/connect.js';
import type { PhoneReachability } from '../telephony/phone-states.js';
import type { Database } from '../db/client.js';
import { calls } from '../db/schema/index.js';
import { rooms } from '../realtime/socket.js';
import { buildScreenPop, createDraftTicket, type ScreenPop } from '../screen-pop/pop.js';
import { longestIdleAgent, nextCaller, queueOrder } from './choice.js';
import { announcementMedia, attendWaitingCaller, type WaitingCaller, type WaitingSettings } from './waiting.js';

/** Handling time assumed before any call was handled (seconds). */
const defaultHandleSeconds = 180;

export interface AcdOptions {
  db: Database;
  agents: Agents;
  publisher: DesktopPublisher;
  /** Call control (null without telephony); read lazily because it is built after the queue. */
  control: () => CallControl | null;
  /** The phones' states (null without telephony): an offline phone is never offered a call (issue 11 item 4). */
  phones?: () => PhoneReachability | null;
  wrapUpSeconds: number;
  waiting: WaitingSettings;
  env: Pick<Env, 'BUSINESS_TZ' | 'SLA_DEFAULT_RULE' | 'RECEIPT_CODE_PREFIX'>;
  log: FastifyBaseLogger;
}

/**
 * The queue engine (issue 4). Call control tells it who waits (`enqueue`/`remove`, also after a restart, with the
 * caller's original enqueuedAt) and whose call ended (`ended`). One dispatcher per process: every decision runs on one
 * promise chain, so two callers can never get the same operator nor one caller two phones. On each change it offers
 * the next caller (priority, then arrival) to the longest-idle available operator, whose phone rings with the citizen's
 * number; the offer's outcome moves the operator on (answered → on_call; busy/no answer → paused 'missed_call',
 * supervisors told; caller gone → available) and the dispatcher looks again.
 *
 * Offer per call, as a state machine: waiting ─offer→ offering ─connected→ (left the queue) | ─missed/withdrawn→ waiting.
 */
export class Acd implements CallQueue {
  readonly #o: AcdOptions;
  readonly #waiting = new Map<string, QueuedCall>();
  /** When each caller of a live call joined the queue (kept after an offer, for a caller who then gives up). */
  readonly #enqueuedAt = new Map<string, Date>();
  /** callId → userId of the operator whose phone is ringing. */
  readonly #offering = new Map<string, string>();
  readonly #wrapUps = new Map<string, NodeJS.Timeout>();
  /** Announcements, callback key and maximum wait of each waiting caller. */
  readonly #attendants = new Map<string, WaitingCaller>();
  readonly #work = new Set<Promise<void>>();
  #chain: Promise<void>;
  #closed = false;

  constructor(options: AcdOptions, ready: Promise<void>) {
    this.#o = options;
    this.#chain = ready.catch((error: unknown) => options.log.error({ err: error }, 'loading operator states failed'));
  }

  // ---- the CallQueue seam

  enqueue(call: QueuedCall): void {
    this.#waiting.set(call.callId, call);
    this.#enqueuedAt.set(call.callId, call.enqueuedAt);
    this.#o.log.info({ callId: call.callId, priority: call.priority }, 'caller waiting');
    this.#attend(call);
    this.#queueChanged();
    this.kick();
  }

  remove(callId: string): void {
    this.#attendants.get(callId)?.stop();
    this.#attendants.delete(callId);
    if (!this.#waiting.delete(callId)) return;
    this.#queueChanged();
  }

  ended(callId: string, end: EndedCall): void {
    this.#serial(async () => {
      const agent = this.#o.agents.byCall(callId);
      if (agent?.state === 'on_call') await this.#callEnded(agent);
    });
    const enqueuedAt = this.#enqueuedAt.get(callId);
    this.#enqueuedAt.delete(callId);
    if (end.outcome === 'abandoned_queue' && enqueuedAt) {
      probes.queueWait((Date.now() - enqueuedAt.getTime()) / 1000, false);
      this.#reportAbandon(callId, end, enqueuedAt);
    }
  }

  /** The operator's part of a call that goes on (handed to an agency) is over: wrap-up now, offers after it (issue 11). */
  operatorLeft(callId: string): void {
    this.#serial(async () => {
      const agent = this.#o.agents.byCall(callId);
      if (agent?.state !== 'on_call') return;
      this.#o.log.info({ callId, userId: agent.userId }, 'the operator left a call that goes on: wrap-up');
      await this.#callEnded(agent);
    });
  }

  canOfferAtOnce(): boolean {
    if (this.#closed || !this.#o.control()) return false;
    const free = this.#offerable().filter((a) => a.state === 'available' && a.endpoint).length;
    const unoffered = [...this.#waiting.keys()].filter((callId) => !this.#offering.has(callId)).length;
    return free > unoffered;
  }

  // ---- observation

  /** Waiting callers, next first (also those whose offer is ringing). */
  waiting(): QueuedCall[] {
    return queueOrder(this.#waiting.values());
  }

  offeredTo(callId: string): string | undefined {
    return this.#offering.get(callId);
  }

  /** Timers and offers in flight (tests assert 0 when idle). */
  get pending(): { offers: number; wrapUps: number } {
    return { offers: this.#offering.size, wrapUps: this.#wrapUps.size };
  }

  /** Resolves when every decision and offer started so far has settled (tests, shutdown). */
  async settled(): Promise<void> {
    do {
      await this.#chain;
      await Promise.allSettled([...this.#work]);
    } while (this.#work.size > 0);
    await this.#chain;
    await this.#o.agents.flushed();
  }

  // ---- operators

  /** Restores what a restart interrupted (after `Agents.load`): offers are gone, wrap-ups resume, ended calls close. */
  recover(): void {
    this.#serial(async () => {
      for (const agent of this.#o.agents.all()) {
        if (agent.state === 'ringing') {
          // Call control hangs up legs of 'offered' calls it re-adopts and queues them again.
          await this.#o.agents.apply(agent.userId, { type: 'withdrawn' });
        } else if (agent.state === 'on_call' && agent.callId) {
          const [call] = await this.#o.db.select({ endedAt: calls.endedAt }).from(calls).where(eq(calls.id, agent.callId));
          if (!call || call.endedAt) await this.#callEnded(agent);
        } else if (agent.state === 'wrap_up') {
          this.#startWrapUp(agent);
        }
      }
    });
    this.kick();
  }

  /**
   * This instance leads (issue 17): the operators' states are read again when another instance led meanwhile (it
   * changed them), then what that instance left is recovered as after a restart.
   */
  lead(reload: boolean): void {
    if (reload) this.#serial(() => this.#o.agents.load());
    this.recover();
  }

  /** This instance stops leading: wrap-up timers go (the next leader resumes them), pending decisions settle. */
  async pause(): Promise<void> {
    for (const timer of this.#wrapUps.values()) clearTimeout(timer);
    this.#wrapUps.clear();
    await this.settled();
  }

  /** Something changed (a caller, an operator available): look for an offer to make. */
  kick(): void {
    this.#serial(() => this.#dispatch());
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#wrapUps.values()) clearTimeout(timer);
    this.#wrapUps.clear();
    await this.settled();
  }

  // ---- decisions (on the chain)

  async #dispatch(): Promise<void> {
    const control = this.#o.control();
    if (!control || this.#closed) return;
    for (;;) {
      const call = nextCaller(this.#waiting.values(), new Set(this.#offering.keys()));
      if (!call) return;
      const agent = longestIdleAgent(this.#offerable());
      if (!agent?.endpoint) return;
      // Marked before the first await: the callback key and the maximum wait leave this caller alone from now on.
      this.#offering.set(call.callId, agent.userId);
      let offered: Agent;
      try {
        offered = await this.#o.agents.apply(agent.userId, { type: 'offer', callId: call.callId });
      } catch (error) {
        this.#offering.delete(call.callId);
        throw error;
      }
      this.#queueChanged();
      this.#track(this.#offer(control, call, offered, agent.endpoint));
    }
  }

  /** One offer: the pop, the phone rings, then the outcome moves the operator on. Runs beside the chain. */
  async #offer(control: CallControl, call: QueuedCall, agent: Agent, endpoint: string): Promise<void> {
    const log = this.#o.log.child({ callId: call.callId, userId: agent.userId, endpoint });
    log.info('offering the call');
    // Built before the phone rings, pushed the moment it does (Dial RINGING on the leg): only to this operator.
    let pop: ScreenPop | undefined;
    try {
      pop = await buildScreenPop(this.#o.db, call.callId);
    } catch (error) {
      log.error({ err: error }, 'screen pop failed (the call is offered anyway)');
    }
    const onRinging = () => {
      if (!pop) return;
      this.#o.publisher.to([rooms.user(agent.userId)], 'screen_pop.v1', { ...pop, ringingAt: new Date().toISOString() });
    };
    let result: ConnectResult;
    try {
      await this.#attendants.get(call.callId)?.silence();
      result = this.#waiting.has(call.callId) ? await control.connectToEndpoint(call.callId, endpoint, { onRinging }) : { connected: false, reason: 'caller_gone' };
    } catch (error) {
      log.warn({ err: error }, 'offer could not start');
      result = { connected: false, reason: control.deps.registry.get(call.callId) ? 'unreachable' : 'caller_gone' };
    }
    await this.#serialAwait(async () => {
      this.#offering.delete(call.callId);
      if (result.connected) {
        probes.queueWait((Date.now() - call.enqueuedAt.getTime()) / 1000, true);
        await this.#o.agents.apply(agent.userId, { type: 'answered' });
        void control.deps.records.assignOperator(call.callId, agent.userId);
        // The call may have ended before this ran: its `ended` found the operator still ringing.
        const current = this.#o.agents.get(agent.userId);
        if (!control.deps.registry.get(call.callId) && current) await this.#callEnded(current);
      } else if (result.reason === 'caller_gone') {
        await this.#o.agents.apply(agent.userId, { type: 'withdrawn' });
      } else {
        log.info({ reason: result.reason }, 'operator missed the call: pausing them');
        const paused = await this.#o.agents.apply(agent.userId, { type: 'missed' });
        this.#o.publisher.to([rooms.role('supervisor')], 'agent.missed_call.v1', {
          userId: agent.userId,
          fullName: agent.fullName,
          callId: call.callId,
          endpoint,
          reason: result.reason,
          at: paused.since.toISOString(),
        });
      }
      this.#queueChanged();
    });
    if (result.connected && pop) await this.#draftTicket(agent, pop, log);
    this.kick();
  }

  async #draftTicket(agent: Agent, pop: ScreenPop, log: FastifyBaseLogger): Promise<void> {
    try {
      const ticket = await createDraftTicket(this.#o.db, this.#o.env, { id: agent.userId }, pop);
      this.#o.publisher.to([rooms.user(agent.userId)], 'screen_pop.ticket.v1', { callId: pop.callId, ticketId: ticket.id, receiptCode: ticket.receiptCode });
      log.info({ ticketId: ticket.id }, 'draft ticket created');
    } catch (error) {
      log.error({ err: error }, 'creating the draft ticket failed (the operator can create it by hand)');
    }
  }

  async #callEnded(agent: Agent): Promise<void> {
    const wrapping = await this.#o.agents.apply(agent.userId, { type: 'call_ended' });
    this.#startWrapUp(wrapping);
  }

  #startWrapUp(agent: Agent): void {
    if (this.#closed) return;
    const remaining = Math.max(0, agent.since.getTime() + this.#o.wrapUpSeconds * 1000 - Date.now());
    clearTimeout(this.#wrapUps.get(agent.userId));
    const timer = setTimeout(() => {
      this.#wrapUps.delete(agent.userId);
      this.#serial(async () => {
        // The operator may have paused or logged out during wrap-up.
        if (this.#o.agents.get(agent.userId)?.state === 'wrap_up') await this.#o.agents.apply(agent.userId, { type: 'wrapup_done' });
      });
      this.kick();
    }, remaining);
    this.#wrapUps.set(agent.userId, timer);
  }

  /** An operator left wrap-up by hand (pause, logout): its timer goes. */
  cancelWrapUp(userId: string): void {
    clearTimeout(this.#wrapUps.get(userId));
    this.#wrapUps.delete(userId);
  }

  /** A caller gave up waiting: supervisors are told how long they waited (the number masked). */
  #reportAbandon(callId: string, end: EndedCall, enqueuedAt: Date): void {
    const waitedSeconds = Math.max(0, Math.round((end.endedAt.getTime() - enqueuedAt.getTime()) / 1000));
    this.#o.log.info({ callId, waitedSeconds }, 'caller abandoned the queue');
    this.#o.publisher.to([rooms.role('supervisor')], 'queue.abandoned.v1', {
      callId,
      callerNumber: maskNumber(end.callerNumber),
      waitedSeconds,
      at: end.endedAt.toISOString(),
    });
  }

  /** Announcements, callback key, maximum wait for a caller who just started waiting (or waits again after a restart). */
  #attend(call: QueuedCall): void {
    const control = this.#o.control();
    const ctx = control?.deps.registry.get(call.callId);
    if (!control || !ctx) return;
    this.#attendants.get(call.callId)?.stop();
    const available = () => this.#waiting.has(call.callId) && !this.#offering.has(call.callId);
    this.#attendants.set(
      call.callId,
      attendWaitingCaller(ctx, control.deps, this.#o.waiting, call.enqueuedAt, {
        canLeave: available,
        leave: () => this.remove(call.callId),
        announcement: async () => {
          if (!available()) return undefined;
          const position = this.waiting().findIndex((c) => c.callId === call.callId) + 1;
          return announcementMedia(control.deps, position, await this.#expectedWaitSeconds(position));
        },
      }),
    );
  }

  /** Expected wait of the caller at `position`: the callers ahead times the recent mean handling time, shared by the operators working. */
  async #expectedWaitSeconds(position: number): Promise<number> {
    const recent = await this.#o.db
      .select({ answeredAt: calls.operatorAnsweredAt, endedAt: calls.endedAt })
      .from(calls)
      .where(and(isNotNull(calls.operatorAnsweredAt), isNotNull(calls.endedAt)))
      .orderBy(desc(calls.endedAt))
      .limit(20);
    const durations = recent.map((c) => ((c.endedAt?.getTime() ?? 0) - (c.answeredAt?.getTime() ?? 0)) / 1000).filter((d) => d > 0);
    const handleSeconds = (durations.length > 0 ? durations.reduce((a, b) => a + b, 0) / durations.length : defaultHandleSeconds) + this.#o.wrapUpSeconds;
    const working = this.#o.agents.all().filter((a) => a.state !== 'offline' && a.state !== 'paused').length;
    return Math.round(((position - 1) * handleSeconds) / Math.max(1, working));
  }

  #queueChanged(): void {
    const now = Date.now();
    const registry = this.#o.control()?.deps.registry;
    this.#o.publisher.to([rooms.role('supervisor')], 'queue.changed.v1', {
      at: new Date(now).toISOString(),
      waiting: this.waiting().map((c) => {
        const number = registry?.get(c.callId)?.callerNumber ?? '';
        return {
          callId: c.callId,
          callerNumber: maskNumber(number),
          fieldId: c.fieldId,
          priority: c.priority,
          enqueuedAt: c.enqueuedAt.toISOString(),
          waitedSeconds: Math.max(0, Math.round((now - c.enqueuedAt.getTime()) / 1000)),
          offeredTo: this.#offering.get(c.callId) ?? null,
        };
      }),
    });
  }

  /** Operators whose phone is not known to be offline (qualify: it stopped answering OPTIONS). */
  #offerable(): Agent[] {
    const phones = this.#o.phones?.();
    const all = this.#o.agents.all();
    return phones ? all.filter((a) => !a.endpoint || phones.reachable(a.endpoint)) : all;
  }

  // ---- plumbing

  #serial(step: () => Promise<void>): void {
    void this.#serialAwait(step);
  }

  #serialAwait(step: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(step).catch((error: unknown) => this.#o.log.error({ err: error }, 'ACD decision failed'));
    this.#chain = run;
    return run;
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.#o.log.error({ err: error }, 'ACD offer failed'));
    this.#work.add(tracked);
    void tracked.finally(() => this.#work.delete(tracked));
  }
}
