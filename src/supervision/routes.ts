import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/access-plugin.js';
import type { Role } from '../auth/roles.js';
import { DomainError, errorResponses } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';
import type { SupervisionService } from './service.js';
import type { SupervisionMode } from './states.js';

const supervisors: readonly Role[] = ['supervisor', 'admin'];

export const SupervisionView = Type.Object(
  {
    sessionId: Uuid,
    callId: Uuid,
    mode: Type.Enum(['listen', 'whisper', 'barge']),
    state: Type.Enum(['ringing', 'active', 'stopped', 'failed', 'call_ended']),
    endpoint: Type.String(),
    supervisorUserId: Uuid,
  },
  { $id: 'Supervision', title: 'Supervision session (giám sát cuộc gọi)' },
);

function service(supervision: SupervisionService | null): SupervisionService {
  if (!supervision) throw new DomainError(503, 'TELEPHONY_OFF', 'Tổng đài chưa được kết nối (ARI_URL)');
  return supervision;
}

/**
 * Listen / whisper / barge on a live call (R8): the supervisor's own phone (sip_endpoints) rings, then joins.
 * POST /api/calls/{id}/listen|whisper|barge, POST /api/supervision/{sessionId}/stop, GET /api/supervision.
 */
export const supervisionCallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const mode of ['listen', 'whisper', 'barge'] as const satisfies readonly SupervisionMode[]) {
    app.post(
      `/:id/${mode}`,
      {
        config: { access: supervisors },
        schema: {
          tags: ['supervision'],
          summary: `Supervisor ${mode} on a live call (audited)`,
          params: Type.Object({ id: Uuid }),
          response: { 200: SupervisionView, ...errorResponses(400, 401, 403, 404, 409, 503) },
        },
      },
      async (request) => service(app.supervision).start(principalOf(request), request.params.id, mode, request.ip),
    );
  }
};

export const supervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: supervisors },
      schema: { tags: ['supervision'], summary: 'Supervision sessions in progress', response: { 200: Type.Object({ items: Type.Array(SupervisionView) }) } },
    },
    async () => ({ items: app.supervision?.list() ?? [] }),
  );
  app.post(
    '/:sessionId/stop',
    {
      config: { access: supervisors },
      schema: {
        tags: ['supervision'],
        summary: 'Stop listening, whispering or barging (audited)',
        params: Type.Object({ sessionId: Uuid }),
        response: { 200: SupervisionView, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => service(app.supervision).stop(principalOf(request), request.params.sessionId, request.ip),
  );
};
