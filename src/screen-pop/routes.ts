import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, desc, eq } from 'drizzle-orm';
import { principalOf } from '../auth/access-plugin.js';
import { ticketCalls, tickets } from '../db/schema/index.js';
import { DomainError, errorResponses } from '../web/errors.js';
import { buildScreenPop } from './pop.js';
import { CurrentCallView } from './schemas.js';

const inCall = new Set(['ringing', 'on_call', 'wrap_up']);

/**
 * `GET /api/screen-pop/current`: the operator's call as the desktop shows it — the pop, and the draft ticket once
 * answered — read afresh, so that a page (re)loaded or reconnected shows the truth rather than a stale "ringing".
 * 404 NO_CURRENT_CALL when the operator has no call (not ringing, on a call or in its wrap-up).
 */
export const screenPopRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/current',
    {
      config: { access: ['operator'] },
      schema: { tags: ['agents'], summary: 'My current call: its screen-pop and draft ticket', response: { 200: CurrentCallView, ...errorResponses(401, 403, 404) } },
    },
    async (request) => {
      const principal = principalOf(request);
      const agent = app.agents.get(principal.id);
      const noCall = new DomainError(404, 'NO_CURRENT_CALL', 'Bạn không có cuộc gọi nào');
      if (!agent?.callId || !inCall.has(agent.state)) throw noCall;
      const pop = await buildScreenPop(app.db, agent.callId);
      if (!pop) throw noCall;
      const [ticket] = await app.db
        .select({ id: tickets.id, receiptCode: tickets.receiptCode })
        .from(ticketCalls)
        .innerJoin(tickets, eq(tickets.id, ticketCalls.ticketId))
        .where(and(eq(ticketCalls.callId, agent.callId), eq(tickets.createdBy, principal.id)))
        .orderBy(desc(tickets.receivedAt))
        .limit(1);
      return { state: agent.state as CurrentCallView['state'], pop, ticket: ticket ?? null };
    },
  );
};
