import { EventEmitter } from 'node:events';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { WriteQueue } from '../db/write-queue.js';
import { agentStateHistory, agentStates, sipEndpoints, users } from '../db/schema/index.js';
import { conflict, notFound } from '../web/errors.js';
import { AgentTransitionError, nextState, type AgentEvent, type AgentState } from './state.js';

/** An operator as the ACD and the desktop see them. */
export interface Agent {
  userId: string;
  fullName: string;
  state: AgentState;
  reason: string | null;
  since: Date;
  callId: string | null;
  lastCallEndedAt: Date | null;
  /** The operator's phone (sip_endpoints), e.g. PJSIP/op101; null = none bound. */
  endpoint: string | null;
}

/**
 * Operators' states (R4, R8): an in-process view of `agent_states` (Postgres is the truth; `load()` restores it after
 * a restart). Transitions are serialised in this process; each is logged and emitted as 'changed' (the notifier turns
 * it into `agent.state.v1`).
 *
 * Each transition is written behind: in order per operator, concurrently across operators, one statement for the
 * state row and the history (closed and opened); transitions queued while the previous write runs share one. The ACD decides on the memory and never waits for a commit (issue 6: a
 * commit at every operator transition, in series, capped the whole call centre at a few calls per second). The
 * operator's own requests (login, pause…) answer after `flushed(userId)`. After a crash the last transition may be
 * missing; R23 recovery starts from the committed state (ringing offers are withdrawn, ended calls closed).
 */
export class Agents extends EventEmitter<{ changed: [Agent, AgentEvent] }> {
  readonly #db: Database;
  readonly #log: FastifyBaseLogger;
  readonly #agents = new Map<string, Agent>();
  #chain: Promise<unknown> = Promise.resolve();
  /** The state writes, in order per operator. */
  readonly #writes = new WriteQueue();
  /** Per operator: the transitions queued and not written yet (they go as one statement), and how to start now. */
  readonly #merging = new Map<string, { batch: Agent[]; startNow: () => void }>();

  constructor(db: Database, log: FastifyBaseLogger) {
    super();
    this.#db = db;
    this.#log = log;
  }

  /** Reads every operator with a state row or a phone. */
  async load(): Promise<void> {
    const rows = await this.#db
      .select({ user: users, state: agentStates, endpoint: sipEndpoints })
      .from(users)
      .leftJoin(agentStates, eq(agentStates.userId, users.id))
      .leftJoin(sipEndpoints, eq(sipEndpoints.userId, users.id));
    this.#agents.clear();
    for (const { user, state, endpoint } of rows) {
      if (!state && !endpoint) continue;
      this.#agents.set(user.id, {
        userId: user.id,
        fullName: user.fullName,
        state: state?.state ?? 'offline',
        reason: state?.reason ?? null,
        since: state?.since ?? new Date(),
        callId: state?.callId ?? null,
        lastCallEndedAt: state?.lastCallEndedAt ?? null,
        endpoint: endpoint?.active ? endpoint.endpoint : null,
      });
    }
  }

  get(userId: string): Agent | undefined {
    return this.#agents.get(userId);
  }

  all(): Agent[] {
    return [...this.#agents.values()];
  }

  /** The agent whose current call is `callId`. */
  byCall(callId: string): Agent | undefined {
    return this.all().find((a) => a.callId === callId);
  }

  /** Applies an event (serialised), persists and emits the new state. Throws a 409 for a refused transition. */
  apply(userId: string, event: AgentEvent): Promise<Agent> {
    const run = this.#chain.then(() => this.#apply(userId, event));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #apply(userId: string, event: AgentEvent): Promise<Agent> {
    // At login the phone is read again: it may have been bound since (seed, another instance).
    const agent = event.type === 'login' || !this.#agents.has(userId) ? await this.#fresh(userId) : (this.#agents.get(userId) as Agent);
    if (event.type === 'login' && !agent.endpoint) throw conflict('NO_PHONE', 'Điện thoại viên chưa được gắn máy điện thoại (SIP)');
    let next;
    try {
      next = nextState(agent, event);
    } catch (error) {
      if (error instanceof AgentTransitionError) {
        throw conflict('AGENT_STATE', `Không thể thực hiện "${event.type}" khi đang ở trạng thái "${agent.state}"`);
      }
      throw error;
    }
    const now = new Date();
    const lastCallEndedAt = event.type === 'call_ended' ? now : agent.lastCallEndedAt;
    const updated: Agent = { ...agent, ...next, since: now, lastCallEndedAt };
    this.#agents.set(userId, updated);
    this.#persist(updated);
    this.#log.info({ userId, from: agent.state, to: next.state, event: event.type, reason: next.reason, callId: next.callId }, 'agent state changed');
    this.emit('changed', updated, event);
    return updated;
  }

  /** Resolves when the state writes queued so far (of one operator, or of all) have settled. */
  async flushed(userId?: string): Promise<void> {
    if (userId === undefined) for (const waiting of this.#merging.values()) waiting.startNow();
    else this.#merging.get(userId)?.startNow();
    await this.#writes.flushed(userId);
  }

  /**
   * Queues the write of a new state behind the operator's earlier ones. Transitions that come while the operator's
   * previous write is still running, or within `stateCoalesceMs` of the first, wait together and go as one statement
   * (issue 11: e.g. call_ended → wrap_up → available with no wrap-up time, or a burst under load): the state row gets
   * the last one, the history all of them.
   */
  #persist(agent: Agent): void {
    const waiting = this.#merging.get(agent.userId);
    if (waiting) {
      waiting.batch.push(agent);
      return;
    }
    const batch: Agent[] = [agent];
    let startNow: () => void = () => undefined;
    // A few milliseconds for the transitions that follow at once (call_ended then wrapup_done without wrap-up time);
    // `flushed` (the operator's own requests) starts the write at once.
    const gate = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, stateCoalesceMs);
      startNow = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#merging.set(agent.userId, { batch, startNow });
    void this.#writes
      .run(agent.userId, async () => {
        await gate;
        if (this.#merging.get(agent.userId)?.batch === batch) this.#merging.delete(agent.userId); // running: later ones queue anew
        return this.#db.execute(stateWrite(batch));
      })
      .catch((error: unknown) => this.#log.error({ err: error, userId: agent.userId, states: batch.map((a) => a.state) }, 'writing the operator state failed'));
  }

  /** The operator with their phone read from the database (their state kept if known). */
  async #fresh(userId: string): Promise<Agent> {
    const [row] = await this.#db
      .select({ user: users, endpoint: sipEndpoints })
      .from(users)
      .leftJoin(sipEndpoints, eq(sipEndpoints.userId, users.id))
      .where(eq(users.id, userId));
    if (!row) throw notFound('điện thoại viên');
    const known = this.#agents.get(userId);
    const agent: Agent = {
      userId,
      fullName: row.user.fullName,
      state: known?.state ?? 'offline',
      reason: known?.reason ?? null,
      since: known?.since ?? new Date(),
      callId: known?.callId ?? null,
      lastCallEndedAt: known?.lastCallEndedAt ?? null,
      endpoint: row.endpoint?.active ? row.endpoint.endpoint : null,
    };
    this.#agents.set(userId, agent);
    return agent;
  }

  /**
   * Unbinds the operator's phone (admin): the endpoint row stays, bound to nobody. Refused (409 AGENT_ON_CALL) while
   * the operator is ringing or on a call; an operator who is logged in is logged out (no phone, no offers).
   */
  async unbindEndpoint(userId: string): Promise<{ agent: Agent; endpoint: string | null }> {
    const run = this.#chain.then(async () => {
      const agent = this.#agents.get(userId) ?? (await this.#fresh(userId));
      if (agent.state === 'ringing' || agent.state === 'on_call') {
        throw conflict('AGENT_ON_CALL', 'Điện thoại viên đang có cuộc gọi: gỡ máy sau khi cuộc gọi kết thúc');
      }
      const released = await this.#db.update(sipEndpoints).set({ userId: null, updatedAt: new Date() }).where(eq(sipEndpoints.userId, userId)).returning({ endpoint: sipEndpoints.endpoint });
      const updated = { ...agent, endpoint: null };
      this.#agents.set(userId, updated);
      this.#log.info({ userId }, 'phone unbound from operator');
      return { agent: updated, endpoint: released[0]?.endpoint ?? null };
    });
    this.#chain = run.catch(() => undefined);
    const result = await run;
    if (result.agent.state !== 'offline') await this.apply(userId, { type: 'logout' }).catch(() => undefined);
    return { ...result, agent: this.#agents.get(userId) ?? result.agent };
  }

  /**
   * Binds a phone to an operator (or a supervisor, who listens and whispers on one), replacing the one they had: one
   * phone per person, one person per phone. Refused (409) when the phone is someone else's (PHONE_TAKEN: unbind it
   * there first), for an account of another role (ROLE_WITHOUT_PHONE), or while the person's call is on their phone.
   */
  async bindEndpoint(userId: string, endpoint: string, kind: 'ip_phone' | 'softphone'): Promise<Agent> {
    const run = this.#chain.then(async () => {
      const agent = this.#agents.get(userId) ?? (await this.#fresh(userId));
      const [user] = await this.#db.select({ role: users.role }).from(users).where(eq(users.id, userId));
      if (user?.role !== 'operator' && user?.role !== 'supervisor') throw conflict('ROLE_WITHOUT_PHONE', 'Chỉ tài khoản điện thoại viên hoặc giám sát viên được gắn máy điện thoại');
      const [holder] = await this.#db.select({ userId: sipEndpoints.userId, fullName: users.fullName }).from(sipEndpoints).innerJoin(users, eq(users.id, sipEndpoints.userId)).where(eq(sipEndpoints.endpoint, endpoint));
      if (holder && holder.userId !== userId) throw conflict('PHONE_TAKEN', `Máy ${endpoint} đang gắn cho ${holder.fullName}: gỡ máy khỏi người đó trước`);
      if ((agent.state === 'ringing' || agent.state === 'on_call') && agent.endpoint !== endpoint) {
        throw conflict('AGENT_ON_CALL', 'Điện thoại viên đang có cuộc gọi: đổi máy sau khi cuộc gọi kết thúc');
      }
      await this.#db.transaction(async (tx) => {
        await tx.update(sipEndpoints).set({ userId: null, updatedAt: new Date() }).where(eq(sipEndpoints.userId, userId));
        await tx
          .insert(sipEndpoints)
          .values({ endpoint, kind, userId, active: true })
          .onConflictDoUpdate({ target: sipEndpoints.endpoint, set: { userId, kind, active: true, updatedAt: new Date() } });
      });
      for (const other of this.#agents.values()) if (other.endpoint === endpoint) other.endpoint = null;
      const updated = { ...agent, endpoint };
      this.#agents.set(userId, updated);
      this.#log.info({ userId, endpoint }, 'phone bound to operator');
      return updated;
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }
}

/** How long a state write waits for the transitions that follow at once, to go with them (ms). */
const stateCoalesceMs = 5;

/**
 * One statement (one round trip, atomic) for an operator's transitions, oldest first: the state row takes the last;
 * the open history interval ends where the first begins, each new interval ends where the next begins, the last stays
 * open. Data-modifying CTEs share one snapshot: `closed` cannot see the rows the outer INSERT adds.
 */
function stateWrite(batch: readonly Agent[]): SQL {
  const first = batch[0] as Agent;
  const last = batch.at(-1) as Agent;
  const { userId } = last;
  const at = (a: Agent) => a.since.toISOString();
  const intervals = batch.map((a, i) => {
    const next = batch[i + 1];
    return sql`(${userId}, ${a.state}, ${a.reason}, ${a.callId}, ${at(a)}, ${next ? at(next) : null})`;
  });
  return sql`
    WITH state AS (
      INSERT INTO ${agentStates} (user_id, state, reason, since, call_id, last_call_ended_at, updated_at)
      VALUES (${userId}, ${last.state}, ${last.reason}, ${at(last)}, ${last.callId}, ${last.lastCallEndedAt?.toISOString() ?? null}, ${at(last)})
      ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since,
        call_id = excluded.call_id, last_call_ended_at = excluded.last_call_ended_at, updated_at = excluded.updated_at
    ), closed AS (
      UPDATE ${agentStateHistory} SET ended_at = ${at(first)} WHERE user_id = ${userId} AND ended_at IS NULL
    )
    INSERT INTO ${agentStateHistory} (user_id, state, reason, call_id, started_at, ended_at) VALUES ${sql.join(intervals, sql`, `)}`;
}
