import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Principal } from '../auth/roles.js';
import type { CallControl } from '../calls/control.js';
import { callResources } from '../calls/deps.js';
import type { Database } from '../db/client.js';
import { calls, sipEndpoints } from '../db/schema/index.js';
import { badRequest, conflict, notFound } from '../web/errors.js';
import { SupervisionSession } from './session.js';
import type { SupervisionMode, SupervisionState } from './states.js';

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
    if (!ctx || ctx.ended || (ctx.status !== 'connected' && ctx.status !== 'transferring')) {
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
    const bridge = await control.deps.ari.getBridge(callResources.conversationBridge(callId)).catch(() => undefined);
    const prefix = callResources.legPrefix(callId);
    const operatorLegId = bridge?.channels.find((id) => id !== ctx.channelId && id.startsWith(prefix));
    if (mode === 'whisper' && !operatorLegId) throw conflict('NO_OPERATOR', 'Cuộc gọi không có điện thoại viên để nhắc');

    const session = new SupervisionSession(ctx, control.deps, { mode, endpoint: phone.endpoint, operatorLegId });
    const running: Running = { session, endpoint: phone.endpoint, actor };
    this.#running.set(session.id, running);
    const finished = session.done.then(() => undefined).finally(() => {
      this.#running.delete(session.id);
      this.#settled.delete(finished);
    });
    this.#settled.add(finished);
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

  #view(running: Running): SupervisionView {
    const { session } = running;
    return { sessionId: session.id, callId: session.callId, mode: session.mode, state: session.state, endpoint: running.endpoint, supervisorUserId: running.actor.id };
  }
}
