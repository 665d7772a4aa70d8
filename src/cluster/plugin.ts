import { hostname } from 'node:os';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { Duties, type Duty } from './duties.js';
import { forwardToLeader, isLeaderRoute } from './forward.js';
import { PostgresLeadership, SingleLeader, type ClusterNode, type ClusterRole, type Elector } from './leadership.js';

export interface Cluster {
  readonly node: ClusterNode;
  /** True on PostgreSQL (several instances may run); false on PGlite (this one is the only one). */
  readonly clustered: boolean;
  readonly role: ClusterRole;
  /** This instance leads: it controls the calls and runs the jobs. */
  readonly leading: boolean;
  /** Call control runs here (leader, or the successor of a planned handover). */
  readonly controlsCalls: boolean;
  /** The leader's address, when another instance leads and advertised one. */
  readonly leaderUrl: string | null;
  /** Registers something only the leader does (call control, ACD, wall board, jobs). */
  duty(duty: Duty): void;
  running(): string[];
  /** Starts the election (after every plugin registered its duties). */
  start(): Promise<void>;
  /** Planned switch: a standby connects first, then this leader leaves (true when a standby took over). */
  handOver(): Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyInstance {
    cluster: Cluster;
  }
  interface FastifyContextConfig {
    /** Only the leader can answer (it holds the calls, the operators' states, the queue): other instances forward it. */
    leader?: boolean;
  }
}

/**
 * Two or more instances on one PostgreSQL (issue 17). One leads (src/cluster/leadership.ts) and does the leader's
 * duties; every instance serves the API and socket.io. Requests to routes whose state lives in the leader's memory
 * (operators' states, live calls, transfers, supervision) are forwarded to the leader. On PGlite there is one instance,
 * always the leader.
 */
export const clusterPlugin = fp(
  async (app) => {
    const { env } = app;
    const log = app.log.child({ component: 'cluster' });
    const name = env.CLUSTER_NODE_NAME ?? `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40);
    const clustered = app.database.driver === 'postgres' && Boolean(env.DATABASE_URL);
    const node: ClusterNode = { name, url: env.CLUSTER_ADVERTISE_URL ?? (clustered ? `http://127.0.0.1:${env.PORT}` : null) };
    const duties = new Duties(log);
    const elector: Elector = clustered
      ? new PostgresLeadership({ databaseUrl: env.DATABASE_URL as string, node, pollMs: env.CLUSTER_POLL_MS, handoverTimeoutMs: env.CLUSTER_HANDOVER_TIMEOUT_MS, log })
      : new SingleLeader();
    let started = false;
    const cluster: Cluster = {
      node,
      clustered,
      get role() {
        return elector.role;
      },
      get leading() {
        return started && elector.role === 'leader';
      },
      get controlsCalls() {
        return started && elector.role !== 'standby';
      },
      get leaderUrl() {
        return elector.leader?.url ?? null;
      },
      duty: (duty) => duties.add(duty),
      running: () => duties.running(),
      start: async () => {
        if (started) return;
        started = true;
        log.info({ node: name, clustered }, clustered ? 'cluster: joining (leader election on PostgreSQL)' : 'single instance (PGlite): leading');
        await elector.start((role) => duties.apply(role));
      },
      handOver: () => elector.handOver(),
    };
    app.decorate('cluster', cluster);

    if (clustered) {
      app.addHook('preHandler', async (request: FastifyRequest, reply) => {
        if (!isLeaderRoute(request) || cluster.leading) return;
        return forwardToLeader(request, reply, cluster.leaderUrl);
      });
    }
    app.addHook('onClose', async () => {
      await duties.stopAll();
      await elector.stop();
    });
  },
  { name: 'cluster', dependencies: ['database'] },
);

export type { Duty } from './duties.js';
