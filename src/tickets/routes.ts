import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { ticketEvents, tickets } from '../db/schema/index.js';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { everyone } from '../auth/roles.js';
import { errorResponses, notFound } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';
import { assertCanSeeTicket, ticketScope } from './access.js';
import { TicketDetail, TicketStatus, TicketSummary, toTicketDetail, toTicketSummary } from './schemas.js';

/** Reading tickets, scoped to what each role may see; every opening of a ticket is audited (R22). */
export const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { access: everyone },
      schema: {
        tags: ['tickets'],
        summary: 'List tickets (agency officers: their agency only), newest first',
        querystring: Type.Object({
          status: Type.Optional(TicketStatus),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(TicketSummary) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const filters: (SQL | undefined)[] = [ticketScope(principalOf(request))];
      if (request.query.status) filters.push(eq(tickets.status, request.query.status));
      const rows = await app.db
        .select()
        .from(tickets)
        .where(and(...filters))
        .orderBy(desc(tickets.receivedAt))
        .limit(request.query.limit)
        .offset(request.query.offset);
      return { items: rows.map((t) => toTicketSummary(t)) };
    },
  );

  app.get(
    '/:id',
    {
      config: { access: everyone },
      schema: {
        tags: ['tickets'],
        summary: 'One ticket with its processing log',
        params: Type.Object({ id: Uuid }),
        response: { 200: TicketDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const [ticket] = await app.db.select().from(tickets).where(eq(tickets.id, request.params.id));
      if (!ticket) throw notFound('phiếu');
      try {
        assertCanSeeTicket(principal, ticket);
      } catch (refusal) {
        await recordAudit(app.db, { actor: principal, action: 'ticket.read_refused', entityType: 'ticket', entityId: ticket.id, ip: request.ip });
        throw refusal;
      }
      const events = await app.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)).orderBy(asc(ticketEvents.at));
      await recordAudit(app.db, { actor: principal, action: 'ticket.read', entityType: 'ticket', entityId: ticket.id, ip: request.ip });
      return toTicketDetail(ticket, events);
    },
  );
};
