import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/access-plugin.js';
import { recordAudit } from '../audit/service.js';
import { conflict, errorResponses } from '../web/errors.js';

const Role = Type.Enum(['leader', 'standby', 'taking_over']);

const ClusterView = Type.Object({
  node: Type.String({ maxLength: 64 }),
  role: Role,
  clustered: Type.Boolean(),
  /** The leader's advertised address as this instance knows it (its own when it leads). */
  leaderUrl: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  /** The leader's duties running on this instance. */
  duties: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
});

const HandoverResult = Type.Object({
  /** A standby connected to Asterisk before this leader left (no gap); false = it left after the timeout. */
  handedOver: Type.Boolean(),
  /** The instance that led and now stands by. */
  from: Type.String({ maxLength: 64 }),
});

/**
 * The cluster (issue 17): GET /api/cluster (which instance answers, its role, the leader's duties it runs) and
 * POST /api/cluster/handover (admin): the leader hands call control and the jobs to a standby with no gap, as on
 * SIGTERM, and stays up as a standby (before an upgrade of its host). Any instance accepts it: a standby forwards it.
 */
export const clusterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const view = () => ({
    node: app.cluster.node.name,
    role: app.cluster.role,
    clustered: app.cluster.clustered,
    leaderUrl: app.cluster.leaderUrl,
    duties: app.cluster.running(),
  });

  app.get(
    '/',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: { tags: ['cluster'], summary: 'This instance and its role in the cluster', response: { 200: ClusterView, ...errorResponses(401, 403) } },
    },
    async () => view(),
  );

  app.post(
    '/handover',
    {
      config: { access: ['admin'], leader: true },
      schema: {
        tags: ['cluster'],
        summary: 'Planned switch: a standby takes call control and the jobs over with no gap, this leader stays as a standby (audited)',
        response: { 200: HandoverResult, ...errorResponses(401, 403, 409, 503) },
      },
    },
    async (request) => {
      if (!app.cluster.clustered) throw conflict('NOT_CLUSTERED', 'Chỉ có một máy chủ (PGlite): không có máy dự phòng để chuyển giao');
      const from = app.cluster.node.name;
      const handedOver = await app.cluster.handOver();
      request.log.info({ handedOver, from }, 'cluster: handover by an administrator');
      await recordAudit(app.db, { actor: principalOf(request), action: 'cluster.handover', entityType: 'cluster', ip: request.ip, details: { from, handedOver } });
      return { handedOver, from };
    },
  );
};
