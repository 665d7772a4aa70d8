import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { everyone } from '../auth/roles.js';
import { formatInZone } from '../calendar/index.js';
import { errorResponses } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';
import { readableTicket } from './access.js';
import { csvContentType, toCsv } from './csv.js';
import { ticketEventsOf } from './queries.js';
import { TicketEvent, toTicketEvent } from './schemas.js';
import { statusLabels, type TicketStatus } from './workflow.js';

const label = (status: TicketStatus | null) => (status ? statusLabels[status] : '');

/** The processing log (R14): as JSON, and exported as CSV for inspection. Both audited. */
export const ticketLogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:id/events',
    {
      config: { access: everyone },
      schema: {
        tags: ['tickets'],
        summary: 'The processing log of a ticket, oldest first',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ items: Type.Array(TicketEvent) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const ticket = await readableTicket(app.db, principal, request.params.id, request.ip);
      const events = await ticketEventsOf(app.db, ticket.id);
      await recordAudit(app.db, { actor: principal, action: 'ticket.read', entityType: 'ticket', entityId: ticket.id, ip: request.ip, details: { part: 'events' } });
      return { items: events.map(toTicketEvent) };
    },
  );

  app.get(
    '/:id/events.csv',
    {
      config: { access: everyone },
      schema: {
        tags: ['tickets'],
        summary: 'Export the processing log as CSV (UTF-8 with BOM, opens in Excel)',
        params: Type.Object({ id: Uuid }),
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const ticket = await readableTicket(app.db, principal, request.params.id, request.ip);
      const events = await ticketEventsOf(app.db, ticket.id);
      await recordAudit(app.db, { actor: principal, action: 'ticket.export_log', entityType: 'ticket', entityId: ticket.id, ip: request.ip });
      const tz = app.env.BUSINESS_TZ;
      const csv = toCsv(
        ['Mã phiếu', 'Thời điểm', 'Bước', 'Từ trạng thái', 'Sang trạng thái', 'Người thực hiện', 'Đơn vị', 'Ghi chú'],
        events.map(({ event, actorName, actorUsername, actorAgencyName }) => [
          ticket.receiptCode,
          formatInZone(event.at, tz),
          event.type,
          label(event.fromStatus),
          label(event.toStatus),
          actorName ? `${actorName} (${actorUsername ?? ''})` : '',
          actorAgencyName,
          event.note,
        ]),
      );
      return reply
        .header('content-type', csvContentType)
        .header('content-disposition', `attachment; filename="nhat-ky-${ticket.receiptCode}.csv"`)
        .send(csv);
    },
  );
};
