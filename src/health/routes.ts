import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { channelKinds } from '../channels/types.js';

const ClusterStatus = Type.Object({
  node: Type.String({ maxLength: 64 }),
  role: Type.Enum(['leader', 'standby', 'taking_over']),
  clustered: Type.Boolean(),
});

const Readiness = Type.Object({
  status: Type.Enum(['ready', 'not_ready']),
  database: Type.Object({ ok: Type.Boolean(), driver: Type.Enum(['pglite', 'postgres']), error: Type.Optional(Type.String()) }),
  ari: Type.Object({
    state: Type.Enum(['not_configured', 'connecting', 'connected', 'disconnected']),
    since: Type.String({ format: 'date-time' }),
  }),
  cluster: ClusterStatus,
  /** The written channels (issue 15): reported, not required — the phone line works without them. */
  channels: Type.Record(
    Type.String(),
    Type.Object({ enabled: Type.Boolean(), state: Type.Enum(['off', 'ok', 'failing']), detail: Type.Optional(Type.String()), since: Type.String({ format: 'date-time' }) }),
  ),
});

/** Liveness and readiness probes, open to load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The process is up, and its role in the cluster (leader or standby, issue 17)',
        response: { 200: Type.Object({ status: Type.Literal('ok'), role: Type.Enum(['leader', 'standby', 'taking_over']) }) },
      },
    },
    async () => ({ status: 'ok' as const, role: app.cluster.role }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary:
          'Ready: the database answers and, when ARI_URL is set, the link to Asterisk is up (else 503); a standby of a cluster is ready without it (issue 17). With the role in the cluster and the written channels (reported, not required)',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      let database: { ok: boolean; driver: 'pglite' | 'postgres'; error?: string } = { ok: true, driver: app.database.driver };
      try {
        await app.database.ping();
      } catch (error) {
        app.log.warn({ err: error }, 'readiness: database ping failed');
        database = { ok: false, driver: app.database.driver, error: 'database unreachable' };
      }
      const { state, since } = app.ariLink.status;
      // With ARI configured, an instance whose link to Asterisk is down cannot take calls (issue 11 item 7); a standby
      // is not meant to be linked: it serves the API and is ready (issue 17). The written channels are reported only.
      const ariOk = state === 'not_configured' || state === 'connected' || app.cluster.role === 'standby';
      const ready = database.ok && ariOk;
      const cluster = { node: app.cluster.node.name, role: app.cluster.role, clustered: app.cluster.clustered };
      const channels = Object.fromEntries(channelKinds.map((kind) => [kind, app.channels.health(kind)]));
      const body = { status: ready ? ('ready' as const) : ('not_ready' as const), database, ari: { state, since: since.toISOString() }, cluster, channels };
      return reply.status(ready ? 200 : 503).send(body);
    },
  );
};
