import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Principal } from '../auth/roles.js';
import type { CallControl } from '../calls/control.js';
import { callResources } from '../calls/deps.js';
import type { Database } from '../db/client.js';
import { inConversation, type CallContext } from '../calls/context.js';
import { calls, sipEndpoints, supervisionSessions, users } from '../db/schema/index.js';
import { badRequest, conflict, notFound } from '../web/errors.js';
import { SupervisionSession, type SupervisionSaver, type SupervisionSnapshot } from './session.js';
import { isFinal, type SupervisionMode, type SupervisionState } from './states.js';

export interface SupervisionView {
  sessionId: string;
  callId: string;
  mode: SupervisionMode;
  state: SupervisionState;
  endpoint: string;
  supervisorUserId: string;
}

interface Running {
  session: SupervisionSession;
  endpoint: string;
  actor: Principal;
}

/** Listen, whisper and barge (R8), each audited (supervision.listen / .whisper / .barge / .stop). */
export class SupervisionService {
  readonly #running = new Map<string, Running>();
  readonly #settled = new Set<Promise<void>>();

  constructor(private readonly deps: { db: Database; calls: CallControl }) {}

  get size(): number {
    return this.#running.size;
  }

  async settled(): Promise<void> {
    while (this.#settled.size > 0) await Promise.allSettled([...this.#settled]);
  }

  list(): SupervisionView[] {
    return [...this.#running.values()].map((r) => this.#view(r));
  }

  async start(actor: Principal, callId: string, mode: SupervisionMode, ip?: string): Promise<SupervisionView> {
    const { db, calls: control } = this.deps;
    const [row] = await db.select({ id: calls.id, endedAt: calls.endedAt }).from(calls).where(eq(calls.id, callId));
    if (!row) throw notFound('cuộc gọi');
    const ctx = control.deps.registry.get(callId);
    if (!ctx || ctx.ended || !inConversation(ctx.status)) {
      throw conflict('CALL_NOT_CONNECTED', 'Cuộc gọi không ở trạng thái đang đàm thoại');
    }
    const [phone] = await db
      .select({ endpoint: sipEndpoints.endpoint })
      .from(sipEndpoints)
      .where(and(eq(sipEndpoints.userId, actor.id), eq(sipEndpoints.active, true)));
    if (!phone) throw badRequest('NO_PHONE', 'Bạn chưa được gán máy điện thoại (sip_endpoints)');
    for (const running of this.#running.values()) {
      if (running.actor.id === actor.id) throw conflict('SUPERVISION_RUNNING', 'Bạn đang giám sát một cuộc gọi khác');
    }
    // The operator's own leg (kept on the call), if it is still in the conversation: never a supervisor's phone.
    const bridge = ctx.operatorLegId ? await control.deps.ari.getBridge(callResources.conversationBridge(callId)).catch(() => undefined) : undefined;
    const operatorLegId = ctx.operatorLegId && bridge?.channels.includes(ctx.operatorLegId) ? ctx.operatorLegId : undefined;
    if (mode === 'whisper' && !operatorLegId) throw conflict('NO_OPERATOR', 'Cuộc gọi không có điện thoại viên để nhắc');

    const plan = { mode, endpoint: phone.endpoint, operatorLegId };
    const session = new SupervisionSession(ctx, control.deps, plan, this.#saver(callId, actor.id, plan));
    const running: Running = { session, endpoint: phone.endpoint, actor };
    this.#register(running);
    await recordAudit(db, {
      actor,
      action: `supervision.${mode}`,
      entityType: 'call',
      entityId: callId,
      ...(ip ? { ip } : {}),
      details: { sessionId: session.id, endpoint: phone.endpoint },
    });
    await session.start();
    return this.#view(running);
  }

  async stop(actor: Principal, sessionId: string, ip?: string): Promise<SupervisionView> {
    const running = this.#running.get(sessionId);
    if (!running) throw notFound('phiên giám sát');
    await running.session.stop();
    await recordAudit(this.deps.db, {
      actor,
      action: 'supervision.stop',
      entityType: 'call',
      entityId: running.session.callId,
      ...(ip ? { ip } : {}),
      details: { sessionId, mode: running.session.mode },
    });
    return this.#view(running);
  }

  #register(running: Running): void {
    const { session } = running;
    this.#running.set(session.id, running);
    const finished = session.done.then(() => undefined).finally(() => {
      this.#running.delete(session.id);
      this.#settled.delete(finished);
    });
    this.#settled.add(finished);
  }

  /** Writes the session's row (supervision_sessions) after each change; a final state closes it. */
  #saver(callId: string, supervisorUserId: string, plan: { mode: SupervisionMode; endpoint: string }): SupervisionSaver {
    const { db } = this.deps;
    return async (snapshot) => {
      const endedAt = isFinal(snapshot.state) ? new Date() : null;
      const values = { state: snapshot.state, bridgeId: snapshot.bridgeId, snoopId: snapshot.snoopId, endedAt };
      await db
        .insert(supervisionSessions)
        .values({ id: snapshot.id, callId, supervisorUserId, mode: plan.mode, endpoint: plan.endpoint, phoneLegId: snapshot.phoneLegId, ...values })
        .onConflictDoUpdate({ target: supervisionSessions.id, set: values });
    };
  }

  /**
   * A call re-adopted after a restart (R23): its open supervision sessions are taken back from their rows and
   * from Asterisk (the supervisor's phone still up?), so stop works as before and the call's end releases them.
   */
  async resume(ctx: CallContext): Promise<void> {
    const { db, calls: control } = this.deps;
    const open = await db
      .select({ session: supervisionSessions, user: { id: users.id, username: users.username, fullName: users.fullName, role: users.role, agencyId: users.agencyId } })
      .from(supervisionSessions)
      .innerJoin(users, eq(users.id, supervisionSessions.supervisorUserId))
      .where(and(eq(supervisionSessions.callId, ctx.callId), isNull(supervisionSessions.endedAt)));
    for (const { session: row, user } of open) {
      const state = row.state as SupervisionState;
      const mode = row.mode as SupervisionMode;
      const channel = await control.deps.ari.getChannel(row.phoneLegId).catch(() => undefined);
      const plan = { mode, endpoint: row.endpoint, operatorLegId: ctx.operatorLegId };
      const snapshot: SupervisionSnapshot = { id: row.id, state, phoneLegId: row.phoneLegId, bridgeId: row.bridgeId, snoopId: row.snoopId };
      const session = new SupervisionSession(ctx, control.deps, plan, this.#saver(ctx.callId, user.id, plan), snapshot);
      this.#register({ session, endpoint: row.endpoint, actor: { ...user, sessionId: '' } });
      await session.resume({ alive: channel !== undefined, up: channel?.state === 'Up' });
    }
  }

  #view(running: Running): SupervisionView {
    const { session } = running;
    return { sessionId: session.id, callId: session.callId, mode: session.mode, state: session.state, endpoint: running.endpoint, supervisorUserId: running.actor.id };
  }
}
