import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { DomainError, errorResponses } from '../web/errors.js';
import { mayScrape, parseAllowList } from './access.js';
import { listenToProbes } from './probes.js';
import { AppMetrics } from './registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

const notAllowed = () =>
  new DomainError(401, 'METRICS_UNAUTHORISED', 'Cần mã truy cập (Authorization: Bearer METRICS_TOKEN) hoặc địa chỉ được phép (METRICS_ALLOW)');

/**
 * Prometheus metrics at /metrics (issue 16): the text format of prom-client, for a bearer token (METRICS_TOKEN) or
 * from the addresses of METRICS_ALLOW; anyone else gets 401 (the figures say how busy the hotline is). HTTP latency
 * is measured for every route registered after this plugin, by route pattern.
 */
export const metricsPlugin = fp(
  async (app) => {
    const metrics = new AppMetrics({
      db: app.db,
      ariLink: () => app.ariLink.status,
      lineCapacity: () => app.lineCapacity.current,
      queueLength: () => app.acd.waiting().length,
      poolUse: () => app.database.poolUse(),
    });
    app.decorate('metrics', metrics);
    const unlisten = listenToProbes({
      ariRequest: (operation, seconds, status) => metrics.ariRequestDuration.observe({ operation, status: String(status) }, seconds),
      ariEvent: (type) => metrics.ariEvents.inc({ type }),
      queueWait: (seconds, answered) => metrics.queueWait.observe({ answered: answered ? 'yes' : 'no' }, seconds),
    });
    app.addHook('onClose', async () => {
      unlisten();
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url;
      if (!route || route === '/metrics') return;
      metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    const access = { token: app.env.METRICS_TOKEN, allow: parseAllowList(app.env.METRICS_ALLOW) };
    app.get(
      '/metrics',
      {
        config: { access: 'public' },
        schema: {
          tags: ['health'],
          summary: 'Prometheus metrics (text format): a bearer token (METRICS_TOKEN) or an address of METRICS_ALLOW',
          response: {
            200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: Type.String() } } },
            ...errorResponses(401),
          },
        },
      },
      async (request, reply) => {
        if (!mayScrape(access, { ip: request.ip, authorization: request.headers.authorization })) throw notAllowed();
        const text = await metrics.scrape();
        return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(text);
      },
    );
  },
  { name: 'metrics', dependencies: ['database'] },
);
