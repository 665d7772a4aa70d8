import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

const Readiness = Type.Object({
  status: Type.Enum(['ready', 'not_ready']),
  database: Type.Object({ ok: Type.Boolean(), driver: Type.Enum(['pglite', 'postgres']), error: Type.Optional(Type.String()) }),
  ari: Type.Object({
    state: Type.Enum(['not_configured', 'connecting', 'connected', 'disconnected']),
    since: Type.String({ format: 'date-time' }),
  }),
});

/** Liveness and readiness probes, open to load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Ready to take calls: the database answers and, when ARI_URL is set, the link to Asterisk is up (else 503)',
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
      // With ARI configured, an instance whose link to Asterisk is down cannot take calls (issue 11 item 7).
      const ariOk = state === 'not_configured' || state === 'connected';
      const ready = database.ok && ariOk;
      const body = { status: ready ? ('ready' as const) : ('not_ready' as const), database, ari: { state, since: since.toISOString() } };
      return reply.status(ready ? 200 : 503).send(body);
    },
  );
};
