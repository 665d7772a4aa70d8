import type { FastifyBaseLogger } from 'fastify';
import postgres from 'postgres';

/**
 * Who leads the cluster (issue 17): the instance holding a PostgreSQL session-level advisory lock on its own
 * dedicated connection. No table, no extra infrastructure:
 * - the lock (1022, 1) is leadership. It is released by PostgreSQL the moment the holder's session ends, so a leader
 *   killed with SIGKILL (its socket closed by the kernel) frees it at once; a standby trying every `pollMs` takes it.
 * - the lock (1022, 2) marks the successor of a planned handover: while someone holds it, nobody else takes (1022, 1)
 *   when the leader lets it go.
 * - NOTIFY on `tongdai_cluster` carries the handover's three messages: `handover` (leader → standbys), `ready`
 *   (successor → leader: connected to Asterisk), `released` (leader → successor: take it now).
 * - the dedicated connection's application_name carries the node's advertised URL, so a standby finds the leader's
 *   address in pg_stat_activity (leader-only API routes are forwarded there).
 * A leader whose lock connection fails or who no longer holds the lock steps down at once.
 */
export type ClusterRole = 'leader' | 'standby' | 'taking_over';

export interface ClusterNode {
  /** This node's name (logs, readyz). */
  name: string;
  /** Where the other nodes reach this one's API, or null. */
  url: string | null;
}

export interface LeaderInfo {
  url: string | null;
}

export interface LeadershipOptions {
  databaseUrl: string;
  node: ClusterNode;
  pollMs: number;
  handoverTimeoutMs: number;
  log: FastifyBaseLogger;
}

/** Called on every change of role, awaited before the lock moves (the duties start or stop there). */
export type RoleChange = (role: ClusterRole, reason: string) => Promise<void>;

export interface Elector {
  readonly role: ClusterRole;
  readonly clustered: boolean;
  readonly leader: LeaderInfo | null;
  start(apply: RoleChange): Promise<void>;
  /** Planned switch: a standby connects first, then this leader leaves. Resolves true when a successor took over. */
  handOver(): Promise<boolean>;
  stop(): Promise<void>;
}

const lockSpace = 1022;
const leaderLock = 1;
const successorLock = 2;
const channel = 'tongdai_cluster';
const appNamePrefix = 'tongdai-1022 ';

type Message = { type: 'handover'; from: string } | { type: 'ready'; to: string } | { type: 'released'; from: string };

/** PGlite (one process): this instance is the leader, always. */
export class SingleLeader implements Elector {
  readonly role: ClusterRole = 'leader';
  readonly clustered = false;
  readonly leader = null;
  async start(apply: RoleChange): Promise<void> {
    await apply('leader', 'single instance');
  }
  async handOver(): Promise<boolean> {
    return false;
  }
  async stop(): Promise<void> {}
}

export class PostgresLeadership implements Elector {
  readonly clustered = true;
  readonly #o: LeadershipOptions;
  readonly #sql: postgres.Sql;
  #role: ClusterRole = 'standby';
  #leader: LeaderInfo | null = null;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> = Promise.resolve();
  #stopped = false;
  #leaving = false;
  #unlisten: (() => Promise<void>) | undefined;
  readonly #waiters = new Set<(message: Message) => void>();

  #apply: RoleChange = async () => undefined;

  constructor(options: LeadershipOptions) {
    this.#o = options;
    this.#sql = postgres(options.databaseUrl, {
      max: 1,
      idle_timeout: 0,
      // Never recycled: postgres.js ends a connection after 30–60 min by default, and the lock would go with it.
      max_lifetime: null,
      connect_timeout: 3,
      onnotice: () => undefined,
      connection: {
        application_name: `${appNamePrefix}${options.node.url ?? options.node.name}`.slice(0, 63),
        // A host that dies without closing its socket (power, network): PostgreSQL ends its session, and frees the
        // lock, after about 3 s instead of the system's two hours of TCP keepalive.
        tcp_keepalives_idle: '1',
        tcp_keepalives_interval: '1',
        tcp_keepalives_count: '2',
        tcp_user_timeout: '3000',
      },
    });
  }

  get role(): ClusterRole {
    return this.#role;
  }

  get leader(): LeaderInfo | null {
    return this.#role === 'leader' ? { url: this.#o.node.url } : this.#leader;
  }

  async start(apply: RoleChange): Promise<void> {
    this.#apply = apply;
    const listening = await this.#sql.listen(channel, (payload) => this.#onMessage(payload));
    this.#unlisten = () => listening.unlisten();
    await this.#tick();
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#ticking;
    await this.#unlisten?.().catch(() => undefined);
    await this.#sql.end({ timeout: 2 });
  }

  /**
   * Planned switch (SIGTERM, admin action): asks the standbys for a successor, waits until it is connected to Asterisk
   * (the old connection gets ApplicationReplaced: zero-gap, shared/ari finding 15), then steps down and releases the
   * lock for it. Without an answer within the timeout, steps down anyway (the dialplan fallback covers the gap).
   */
  async handOver(): Promise<boolean> {
    if (this.#role !== 'leader' || this.#leaving) return false;
    this.#leaving = true;
    try {
      const ready = this.#waitFor((m) => m.type === 'ready' && m.to === this.#o.node.name, this.#o.handoverTimeoutMs);
      await this.#notify({ type: 'handover', from: this.#o.node.name });
      const answered = await ready;
      if (!answered) this.#o.log.warn({ timeoutMs: this.#o.handoverTimeoutMs }, 'cluster: no standby took over in time; leaving anyway');
      await this.#stepDown(answered ? 'handed over' : 'handover timed out');
      await this.#notify({ type: 'released', from: this.#o.node.name }).catch(() => undefined);
      return answered;
    } finally {
      this.#leaving = false;
    }
  }

  // ---- the loop

  /** The next tick in `pollMs`. Idempotent: one timer at a time, whoever asks (the loop, a handover's early tick). */
  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#ticking = this.#tick().finally(() => this.#schedule());
    }, this.#o.pollMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#stopped || this.#leaving) return;
    try {
      if (this.#role === 'leader') {
        // Unanswered within the deadline (the database unreachable): this leader cannot know it still leads.
        const [row] = await withDeadline(
          this.#sql<{ held: boolean }[]>`
            select exists (select 1 from pg_locks where locktype = 'advisory' and classid = ${lockSpace} and objid = ${leaderLock}
              and objsubid = 2 and granted and pid = pg_backend_pid()) as held`,
          Math.max(2_000, this.#o.pollMs * 4),
        );
        if (row?.held) return;
        // The session was lost and postgres.js opened a new one (a database restart, a network cut): take the lock
        // again if nobody else holds it, else step down.
        const [again] = await this.#sql<{ got: boolean }[]>`select pg_try_advisory_lock(${lockSpace}, ${leaderLock}) as got`;
        if (again?.got) this.#o.log.warn('cluster: the leadership session was lost; the lock is taken again');
        else await this.#stepDown('the leadership lock was lost');
        return;
      }
      // A standby takes the lock unless a planned successor (another session) holds the successor lock.
      const [row] = await this.#sql<{ got: boolean }[]>`
        select case when exists (select 1 from pg_locks where locktype = 'advisory' and classid = ${lockSpace}
            and objid = ${successorLock} and objsubid = 2 and granted and pid <> pg_backend_pid())
          then false else pg_try_advisory_lock(${lockSpace}, ${leaderLock}) end as got`;
      if (row?.got) {
        await this.#setRole('leader', this.#role === 'taking_over' ? 'planned handover' : 'the leadership lock was free');
        await this.#sql`select pg_advisory_unlock(${lockSpace}, ${successorLock})`.catch(() => undefined);
        return;
      }
      await this.#findLeader();
    } catch (error) {
      this.#o.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'cluster: the leadership connection failed');
      if (this.#role === 'leader') await this.#stepDown('the leadership connection failed');
      else if (this.#role === 'taking_over') await this.#setRole('standby', 'the leadership connection failed');
    }
  }

  async #findLeader(): Promise<void> {
    const [row] = await this.#sql<{ name: string }[]>`
      select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.classid = ${lockSpace} and l.objid = ${leaderLock} and l.objsubid = 2 and l.granted`;
    const url = row?.name.startsWith(appNamePrefix) ? row.name.slice(appNamePrefix.length) : null;
    this.#leader = row ? { url: url && /^https?:\/\//.test(url) ? url : null } : null;
  }

  async #stepDown(reason: string): Promise<void> {
    if (this.#role !== 'leader') return;
    // The duties stop first (calls detached and flushed, jobs stopped), then the lock goes.
    await this.#setRole('standby', reason);
    await this.#sql`select pg_advisory_unlock_all()`.catch((error: unknown) =>
      this.#o.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'cluster: releasing the lock failed (the session end releases it)'),
    );
  }

  // ---- a standby answering a handover

  async #onHandoverRequest(): Promise<void> {
    if (this.#role !== 'standby' || this.#stopped) return;
    const [row] = await this.#sql<{ got: boolean }[]>`select pg_try_advisory_lock(${lockSpace}, ${successorLock}) as got`;
    if (!row?.got) return; // another standby is the successor
    await this.#setRole('taking_over', 'planned handover');
    if ((this.#role as ClusterRole) !== 'taking_over') return; // stepped back meanwhile
    await this.#notify({ type: 'ready', to: this.#leaderName ?? '' });
  }

  #leaderName: string | undefined;

  #onMessage(payload: string): void {
    let message: Message;
    try {
      message = JSON.parse(payload) as Message;
    } catch {
      return;
    }
    for (const waiter of [...this.#waiters]) waiter(message);
    if (message.type === 'handover' && message.from !== this.#o.node.name) {
      this.#leaderName = message.from;
      void this.#onHandoverRequest().catch((error: unknown) => {
        this.#o.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'cluster: answering the handover failed');
        if (this.#role === 'taking_over') void this.#setRole('standby', 'handover failed');
        void this.#sql`select pg_advisory_unlock(${lockSpace}, ${successorLock})`.catch(() => undefined);
      });
    } else if (message.type === 'released' && this.#role === 'taking_over') {
      // Take it now rather than at the next poll, and keep polling after (the cleared timer was the loop's next tick:
      // without scheduling again, this node would never check its lock again, nor take over as a standby later).
      clearTimeout(this.#timer);
      this.#ticking = this.#ticking.then(() => this.#tick()).finally(() => this.#schedule());
    }
  }

  #waitFor(match: (m: Message) => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = (m: Message) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(true);
      };
      this.#waiters.add(waiter);
    });
  }

  async #notify(message: Message): Promise<void> {
    await this.#sql.notify(channel, JSON.stringify(message));
  }

  // ---- role changes: the duties start or stop, in order, before anything else happens

  async #setRole(role: ClusterRole, reason: string): Promise<void> {
    if (role === this.#role) return;
    const from = this.#role;
    this.#role = role;
    this.#o.log.info({ from, to: role, reason, node: this.#o.node.name }, 'cluster: role changed');
    try {
      await this.#apply(role, reason);
    } catch (error) {
      this.#o.log.error({ err: error }, 'cluster: changing role failed');
    }
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
