import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { recordAudit } from '../audit/service.js';
import type { Principal } from '../auth/roles.js';
import type { CallContext } from '../calls/context.js';
import type { CallControl } from '../calls/control.js';
import { callResources } from '../calls/deps.js';
import type { Database } from '../db/client.js';
import { agencies, calls, ticketEvents, tickets } from '../db/schema/index.js';
import type { TicketService } from '../tickets/plugin.js';
import { badRequest, conflict, forbidden, notFound } from '../web/errors.js';
import { TransferSession, type TransferEnd, type TransferRecords, type TransferSnapshot } from './session.js';
import { isFinal as isFinalState, type HotlineFailure, type TransferMode, type TransferState } from './states.js';
import type { TransferStateV1 } from './schemas.js';

export interface TransferRequest {
  mode: TransferMode;
  agencyId?: string | undefined;
  number?: string | undefined;
  ticketId?: string | undefined;
}

export interface TransferView {
  callId: string;
  mode: TransferMode;
  state: TransferState;
  number: string;
  agencyId: string | null;
  ticketId: string | null;
  /** The ticket was forwarded to the agency by this transfer (blind: at the start; attended: on completion). */
  ticketForwarded: boolean;
  /** Why the hotline was not reached, once known. */
  failure?: HotlineFailure | null;
}

export interface TransferSettings {
  ringSeconds: number;
  /** TRANSFER_DIAL_TEMPLATE, with `{number}`. */
  dialTemplate: string;
}

/** calls.transfer_session: the session, the desktop's view of it and who asked (for the outcome's records). */
interface StoredTransfer {
  session: TransferSnapshot;
  view: TransferView;
  actor: Principal;
}

function parseStored(value: unknown): StoredTransfer | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const stored = value as Partial<StoredTransfer>;
  if (!stored.session?.hotlineLegId || !stored.view?.callId || !stored.actor?.id) return undefined;
  return stored as StoredTransfer;
}

interface Running {
  session: TransferSession;
  view: TransferView;
  actor: Principal;
  /** The ticket forwarding of this transfer, once (blind: done before the start). */
  forwarding?: Promise<boolean>;
}

/** Digits only, 3–15 of them (113, 1800xxxx, 02513xxxxxx, mobiles). */
const hotlinePattern = /^[0-9]{3,15}$/;

/**
 * Transfers in progress, one per call at most: checks who may transfer which call to what, runs the session, forwards
 * the ticket to the agency (R12) and writes the outcome on the call (transferTarget/transferredAt), in the ticket's
 * processing log (`call_transfer` event) and in the audit log (`call.transfer`).
 */
export class TransferService {
  readonly #running = new Map<string, Running>();
  readonly #starting = new Set<string>();
  readonly #settled = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      db: Database;
      calls: CallControl;
      tickets: Pick<TicketService, 'transition'>;
      settings: TransferSettings;
      log: FastifyBaseLogger;
      /** Tells the desktop of who asked (`transfer.state.v1`) after every transition. */
      publish?: (userId: string, event: TransferStateV1) => void;
    },
  ) {}

  get size(): number {
    return this.#running.size;
  }

  /** Resolves when every transfer started so far has finished and been recorded (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#settled.size > 0) await Promise.allSettled([...this.#settled]);
  }

  get(callId: string): TransferView | undefined {
    const running = this.#running.get(callId);
    return running ? { ...running.view, state: running.session.state, failure: running.session.snapshot.failure } : undefined;
  }

  /** The transfer running on a call the actor may act on (the desktop's fresh view after a reconnect); 409 NO_TRANSFER. */
  async current(actor: Principal, callId: string): Promise<TransferView> {
    const running = await this.#runningFor(actor, callId);
    return { ...running.view, state: running.session.state, failure: running.session.snapshot.failure };
  }

  async start(actor: Principal, callId: string, request: TransferRequest): Promise<TransferView> {
    const ctx = await this.#ownedCall(actor, callId);
    if (this.#running.has(callId) || this.#starting.has(callId)) throw conflict('TRANSFER_RUNNING', 'Cuộc gọi đang được chuyển');
    if (ctx.status !== 'connected') throw conflict('CALL_NOT_CONNECTED', 'Cuộc gọi không ở trạng thái đang đàm thoại');
    // Reserved until the session is registered: two requests at once cannot both start a transfer.
    this.#starting.add(callId);
    try {
      return await this.#start(actor, ctx, request);
    } finally {
      this.#starting.delete(callId);
    }
  }

  async #start(actor: Principal, ctx: CallContext, request: TransferRequest): Promise<TransferView> {
    const { callId } = ctx;
    const { db, calls: control, settings } = this.deps;

    const ticket = request.ticketId ? await this.#ticket(request.ticketId) : null;
    let agencyId = request.agencyId ?? null;
    let number = request.number?.trim() ?? null;
    if (!agencyId && !number) agencyId = ticket?.agencyId ?? null;
    if (agencyId) {
      const [agency] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
      if (!agency?.active) throw notFound('đơn vị');
      number ??= agency.hotline?.replace(/[\s.-]/g, '') ?? null;
      if (!number) throw badRequest('NO_HOTLINE', 'Đơn vị chưa có số đường dây nóng');
    }
    if (!number) throw badRequest('NO_TARGET', 'Cần chọn đơn vị hoặc nhập số đường dây nóng');
    if (!hotlinePattern.test(number)) throw badRequest('BAD_HOTLINE', 'Số đường dây nóng chỉ gồm 3–15 chữ số');

    const operatorLegId = ctx.operatorLegId;
    if (!operatorLegId) throw conflict('CALL_NOT_CONNECTED', 'Không tìm thấy máy của điện thoại viên trong cuộc gọi');
    if (ctx.ended || ctx.status !== 'connected') throw conflict('CALL_NOT_CONNECTED', 'Cuộc gọi không ở trạng thái đang đàm thoại');

    const view: TransferView = {
      callId,
      mode: request.mode,
      state: request.mode === 'attended' ? 'dialing' : 'ringing',
      number,
      agencyId,
      ticketId: ticket?.id ?? null,
      ticketForwarded: false,
    };
    // Blind: the ticket goes to the agency at the same time as the caller (a refusal stops the transfer before it starts).
    if (request.mode === 'blind') view.ticketForwarded = await this.#forward(actor, view, 'throw');

    const session = new TransferSession(ctx, control.deps, this.#records(view, actor), {
      mode: request.mode,
      number,
      endpoint: settings.dialTemplate.replaceAll('{number}', number),
      operatorLegId,
      receiptCode: ticket?.receiptCode ?? null,
      ringSeconds: settings.ringSeconds,
    });
    const running: Running = { session, view, actor, ...(request.mode === 'blind' ? { forwarding: Promise.resolve(view.ticketForwarded) } : {}) };
    this.#register(running);
    try {
      await running.session.start();
    } catch (error) {
      ctx.log.error({ err: error }, 'transfer could not start: ending the call');
      await ctx.hangup('system');
      throw error;
    }
    return { ...view, state: running.session.state };
  }

  #register(running: Running): void {
    const { callId } = running.view;
    this.#running.set(callId, running);
    const recorded = running.session.done.then((end) => this.#recordEnd(running, end)).finally(() => {
      this.#running.delete(callId);
      this.#settled.delete(recorded);
    });
    this.#settled.add(recorded);
  }

  /**
   * A call re-adopted after a restart (R23) with a transfer on its record: the session goes on from its saved state
   * and what Asterisk says now; a completed transfer goes on watching the hotline (its hang-up releases the caller).
   */
  async resume(ctx: CallContext, saved: unknown): Promise<void> {
    const stored = parseStored(saved);
    if (!stored) return;
    const { ari } = this.deps.calls.deps;
    const channelState = async (id: string | undefined) => (id ? ((await ari.getChannel(id).catch(() => undefined))?.state ?? null) : null);
    const members = async (bridgeId: string) => (await ari.getBridge(bridgeId).catch(() => undefined))?.channels ?? [];
    const hotlineState = await channelState(stored.session.hotlineLegId);
    const conversation = await members(callResources.conversationBridge(ctx.callId));
    const holding = await members(callResources.holdingBridge(ctx.callId));
    const facts = {
      hotlineAlive: hotlineState !== null,
      hotlineUp: hotlineState === 'Up',
      hotlineInConversation: conversation.includes(stored.session.hotlineLegId),
      operatorAlive: (await channelState(stored.session.operatorLegId)) !== null,
      callerHeld: holding.includes(ctx.channelId),
    };
    if (stored.session.state === 'completed') {
      ctx.outcome = 'transferred';
      ctx.status = 'with_agency';
      if (!facts.hotlineAlive) {
        ctx.log.info('the agency hung up while we were away: releasing the caller');
        await ctx.hangup('agency');
        return;
      }
    } else if (isFinalState(stored.session.state)) {
      return;
    }
    const session = new TransferSession(ctx, this.deps.calls.deps, this.#records(stored.view, stored.actor), stored.session, stored.session);
    const running: Running = { session, view: stored.view, actor: stored.actor, ...(stored.view.ticketForwarded ? { forwarding: Promise.resolve(true) } : {}) };
    if (!isFinalState(stored.session.state)) this.#register(running);
    await running.session.resume(facts);
  }

  async complete(actor: Principal, callId: string): Promise<TransferView> {
    const running = await this.#runningFor(actor, callId);
    await running.session.complete();
    await this.#forwardOnce(running);
    return { ...running.view, state: running.session.state };
  }

  async cancel(actor: Principal, callId: string): Promise<TransferView> {
    const running = await this.#runningFor(actor, callId);
    await running.session.cancel();
    return { ...running.view, state: running.session.state };
  }

  // ---- helpers

  async #runningFor(actor: Principal, callId: string): Promise<Running> {
    await this.#ownedCall(actor, callId);
    const running = this.#running.get(callId);
    if (!running) throw conflict('NO_TRANSFER', 'Cuộc gọi không có cuộc chuyển nào đang diễn ra');
    return running;
  }

  /** The live call, if the actor may act on it: its operator, or a supervisor/admin. 404 / 403 / 409. */
  async #ownedCall(actor: Principal, callId: string): Promise<CallContext> {
    const [row] = await this.deps.db.select({ operatorUserId: calls.operatorUserId, endedAt: calls.endedAt }).from(calls).where(eq(calls.id, callId));
    if (!row) throw notFound('cuộc gọi');
    if (actor.role === 'operator' && row.operatorUserId !== actor.id) throw forbidden('NOT_YOUR_CALL', 'Cuộc gọi không do bạn tiếp nhận');
    const ctx = this.deps.calls.deps.registry.get(callId);
    if (!ctx || ctx.ended || row.endedAt) throw conflict('CALL_NOT_CONNECTED', 'Cuộc gọi đã kết thúc hoặc không do máy chủ này điều khiển');
    return ctx;
  }

  async #ticket(ticketId: string) {
    const [ticket] = await this.deps.db.select().from(tickets).where(eq(tickets.id, ticketId));
    if (!ticket) throw notFound('phiếu');
    return ticket;
  }

  /** Forwards the ticket to the transfer's agency (R12) unless it is already there. */
  async #forward(actor: Principal, view: TransferView, onError: 'throw' | 'log'): Promise<boolean> {
    if (!view.ticketId || !view.agencyId) return false;
    const ticket = await this.#ticket(view.ticketId);
    // Only a ticket still at the hotline is forwarded here; one already with an agency keeps its own workflow.
    if (ticket.status !== 'received' && ticket.status !== 'returned') return false;
    try {
      await this.deps.tickets.transition({ id: actor.id, role: actor.role, agencyId: actor.agencyId }, view.ticketId, 'forward', {
        agencyId: view.agencyId,
        note: `Chuyển cuộc gọi tới đường dây nóng ${view.number}`,
      }, { allowDraft: true });
      return true;
    } catch (error) {
      if (onError === 'throw') throw error;
      this.deps.log.warn({ err: error, ticketId: view.ticketId, callId: view.callId }, 'forwarding the ticket after the transfer failed');
      return false;
    }
  }

  /** Attended: the ticket follows the caller once the transfer is completed (by the operator or by hanging up). */
  #forwardOnce(running: Running): Promise<boolean> {
    running.forwarding ??= this.#forward(running.actor, running.view, 'log').then((forwarded) => {
      running.view.ticketForwarded = forwarded;
      // The 'completed' state went out before the ticket was forwarded: the desk hears of the forwarding too, last
      // (else the earlier event, arriving after the complete request's answer, says the ticket stayed).
      if (forwarded) {
        const { state, failure } = running.session.snapshot;
        this.deps.publish?.(running.actor.id, { ...running.view, state, failure, at: new Date().toISOString() });
      }
      return forwarded;
    });
    return running.forwarding;
  }

  /** `view` is the running transfer's own object: what is saved follows its changes (ticketForwarded). */
  #records(view: TransferView, actor: Principal): TransferRecords {
    const { db } = this.deps;
    return {
      saved: async (callId, snapshot) => {
        const stored: StoredTransfer = { session: snapshot, view: { ...view, state: snapshot.state }, actor: { ...actor, sessionId: '' } };
        await db.update(calls).set({ transferSession: stored, updatedAt: new Date() }).where(eq(calls.id, callId));
        this.deps.publish?.(actor.id, { ...view, state: snapshot.state, failure: snapshot.failure, at: new Date().toISOString() });
      },
      attempted: async (callId, number) => {
        await db.update(calls).set({ transferTarget: number, transferredAt: null, updatedAt: new Date() }).where(eq(calls.id, callId));
      },
      transferred: async (callId, at) => {
        await db.update(calls).set({ transferredAt: at, updatedAt: new Date() }).where(eq(calls.id, callId));
      },
    };
  }

  /** The outcome in the audit log and in the ticket's processing log. */
  async #recordEnd(running: Running, end: TransferEnd): Promise<void> {
    const { view, actor } = running;
    if (end.state === 'completed') await this.#forwardOnce(running).catch(() => false);
    const details = { mode: view.mode, state: end.state, failure: end.failure ?? null, agencyId: view.agencyId, ticketId: view.ticketId, ticketForwarded: view.ticketForwarded };
    try {
      await recordAudit(this.deps.db, {
        actor: { id: actor.id, username: actor.username, role: actor.role },
        action: 'call.transfer',
        entityType: 'call',
        entityId: view.callId,
        details,
      });
      if (view.ticketId) {
        await this.deps.db.insert(ticketEvents).values({
          ticketId: view.ticketId,
          type: 'call_transfer',
          actorUserId: actor.id,
          actorAgencyId: actor.agencyId,
          note: null,
          data: { callId: view.callId, mode: view.mode, result: end.state, failure: end.failure ?? null, hotline: view.number, agencyId: view.agencyId },
        });
      }
    } catch (error) {
      this.deps.log.error({ err: error, callId: view.callId }, 'recording the transfer outcome failed');
    }
  }
}
