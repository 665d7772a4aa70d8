import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { channelKinds } from '../channels/types.js';

const Readiness = Type.Object({
  status: Type.Enum(['ready', 'not_ready']),
  database: Type.Object({ ok: Type.Boolean(), driver: Type.Enum(['pglite', 'postgres']), error: Type.Optional(Type.String()) }),
  ari: Type.Object({
    state: Type.Enum(['not_configured', 'connecting', 'connected', 'disconnected']),
    since: Type.String({ format: 'date-time' }),
  }),
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
        summary: 'The database answers (required); the link to Asterisk and the written channels (reported, not required)',
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
      const channels = Object.fromEntries(channelKinds.map((kind) => [kind, app.channels.health(kind)]));
      const body = { status: database.ok ? ('ready' as const) : ('not_ready' as const), database, ari: { state, since: since.toISOString() }, channels };
      return reply.status(database.ok ? 200 : 503).send(body);
    },
  );
};
