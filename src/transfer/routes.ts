import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/access-plugin.js';
import { staff } from '../auth/roles.js';
import { DomainError, errorResponses } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';
import { TransferBody, TransferView } from './schemas.js';
import type { TransferService } from './service.js';

const Params = Type.Object({ id: Uuid });

function service(transfers: TransferService | null): TransferService {
  if (!transfers) throw new DomainError(503, 'TELEPHONY_OFF', 'Tổng đài chưa được kết nối (ARI_URL)');
  return transfers;
}

/**
 * Transfers to agency hotlines (R6, R7), under /api/calls: the operator who holds the call (calls.operatorUserId), or
 * a supervisor/admin. 409 when the call is not in conversation or a transfer is already running.
 */
export const transferRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const responses = { 200: TransferView, ...errorResponses(400, 401, 403, 404, 409, 503) };

  app.post(
    '/:id/transfer',
    {
      config: { access: staff },
      schema: { tags: ['calls'], summary: 'Transfer the call to an agency hotline, attended or blind', params: Params, body: TransferBody, response: responses },
    },
    async (request) => service(app.transfers).start(principalOf(request), request.params.id, request.body),
  );

  app.get(
    '/:id/transfer',
    {
      config: { access: staff },
      schema: { tags: ['calls'], summary: "The call's running transfer (the desktop's view after a reconnect); 409 NO_TRANSFER when none", params: Params, response: responses },
    },
    async (request) => service(app.transfers).current(principalOf(request), request.params.id),
  );

  app.post(
    '/:id/transfer/complete',
    {
      config: { access: staff },
      schema: { tags: ['calls'], summary: 'Complete an attended transfer (the caller joins the hotline, the operator leaves)', params: Params, response: responses },
    },
    async (request) => service(app.transfers).complete(principalOf(request), request.params.id),
  );

  app.post(
    '/:id/transfer/cancel',
    {
      config: { access: staff },
      schema: { tags: ['calls'], summary: 'Cancel an attended transfer (the caller returns to the operator)', params: Params, response: responses },
    },
    async (request) => service(app.transfers).cancel(principalOf(request), request.params.id),
  );
};
