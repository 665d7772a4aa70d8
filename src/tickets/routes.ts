import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { everyone, staff } from '../auth/roles.js';
import { errorResponses } from '../web/errors.js';
import { Uuid, Offset } from '../web/schemas.js';
import { auditRefusal, readableTicket } from './access.js';
import { ticketLogRoutes } from './log-routes.js';
import { editTicket } from './edit.js';
import { countLimit, listTickets, ticketDetailOf, wordSearchCountLimit } from './queries.js';
import { ticketSettingsOf } from './settings.js';
import { timeLeftOf } from './time-left.js';
import type { TicketRow } from './create.js';
import { EditTicketBody, NewTicketBody, TicketChannel, TicketDetail, TicketEvent, TicketStatus, TicketSummary, TicketUrgency, TransitionBody, toTicketDetail, toTicketEvent, toTicketSummary } from './schemas.js';

const ListQuery = Type.Object({
  status: Type.Optional(Type.Array(TicketStatus, { maxItems: 7, description: 'one or more: ?status=forwarded&status=acknowledged' })),
  fieldId: Type.Optional(Uuid),
  agencyId: Type.Optional(Uuid),
  channel: Type.Optional(TicketChannel),
  urgency: Type.Optional(TicketUrgency),
  mine: Type.Optional(Type.Boolean({ description: 'only the tickets I took (created), e.g. an operator\'s own' })),
  due: Type.Optional(Type.Enum(['overdue', 'due_soon'], { description: 'overdue: open and past its deadline; due_soon: open and due within DEADLINE_DUE_SOON_MINUTES' })),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'a receipt code, a phone number, or words in a row in content, name, address or receipt code, each a whole word but the last, which may be begun ("duong le lo"); case, diacritics (đ = d) and punctuation ignored',
    }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Offset,
});

/** Tickets (R9–R15): create, list and read (scoped per agency, reads audited, R22), and the workflow. */
export const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Time left before each open ticket's deadline, in working hours of its calendar (read now: R13, issue 14). */
  const timeLeft = (rows: readonly TicketRow[], now: Date) =>
    timeLeftOf(app.db, rows, { now, dueSoonMinutes: app.env.DEADLINE_DUE_SOON_MINUTES, timeZone: app.env.BUSINESS_TZ });
  const detailOf = async (ticket: TicketRow) => {
    const now = new Date();
    return toTicketDetail(await ticketDetailOf(app.db, ticket), now, await timeLeft([ticket], now));
  };

  app.post(
    '',
    {
      config: { access: staff },
      schema: {
        tags: ['tickets'],
        summary: 'Create a ticket from any channel (R9); it gets its receipt code and deadline',
        body: NewTicketBody,
        response: { 201: TicketDetail, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { receivedAt, ...input } = request.body;
      const { ticket } = await app.tickets.create(principal, { ...input, receivedAt: receivedAt ? new Date(receivedAt) : undefined });
      await recordAudit(app.db, { actor: principal, action: 'ticket.create', entityType: 'ticket', entityId: ticket.id, ip: request.ip, details: { channel: ticket.channel } });
      return reply.status(201).send(await detailOf(ticket));
    },
  );

  app.get(
    '',
    {
      config: { access: everyone },
      schema: {
        tags: ['tickets'],
        summary: 'List tickets newest first, with filters (agency officers: their agency only)',
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(TicketSummary),
            total: Type.Integer({ description: `matching tickets, at most ${countLimit.toLocaleString('en')}, or ${wordSearchCountLimit} when q is words (see totalCapped)` }),
            totalCapped: Type.Boolean({ description: 'true when more match: total is then that limit' }),
            limit: Type.Integer(),
            offset: Type.Integer(),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const now = new Date();
      const principal = principalOf(request);
      const { mine, ...filters } = request.query;
      const { items, total, totalCapped } = await listTickets(app.db, principal, { ...filters, createdBy: mine ? principal.id : undefined }, { now, dueSoonMinutes: app.env.DEADLINE_DUE_SOON_MINUTES });
      const left = await timeLeft(items, now);
      return { items: items.map((t) => toTicketSummary(t, now, left)), total, totalCapped, limit: request.query.limit, offset: request.query.offset };
    },
  );

  app.get(
    '/:id',
    {
      config: { access: everyone },
      schema: {
        tags: ['tickets'],
        summary: 'One ticket with its processing log, calls, recordings and files',
        params: Type.Object({ id: Uuid }),
        response: { 200: TicketDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const ticket = await readableTicket(app.db, principal, request.params.id, request.ip);
      const detail = await detailOf(ticket);
      await recordAudit(app.db, { actor: principal, action: 'ticket.read', entityType: 'ticket', entityId: ticket.id, ip: request.ip });
      return detail;
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: ['operator', 'supervisor', 'admin'] },
      schema: {
        tags: ['tickets'],
        summary: "Correct a ticket still at the hotline: content, field, urgency, the citizen's data (completes a call's draft)",
        description:
          'Only while the ticket is received or returned (409 TICKET_NOT_EDITABLE otherwise); operators only their own tickets ' +
          '(403 NOT_YOUR_TICKET). A new field or urgency recomputes the deadline (R13). Writing the content ends the draft. ' +
          "The processing log gets an 'edited' step naming the fields changed, not their values.",
        params: Type.Object({ id: Uuid }),
        body: EditTicketBody,
        response: { 200: TicketDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { ticket, changed } = await auditRefusal(
        app.db,
        principal,
        request.params.id,
        request.ip,
        () => editTicket(app.db, principal, request.params.id, request.body, { settings: ticketSettingsOf(app.env) }),
        'ticket.edit_refused',
      );
      if (changed.length > 0) {
        await recordAudit(app.db, { actor: principal, action: 'ticket.edit', entityType: 'ticket', entityId: ticket.id, ip: request.ip, details: { changed } });
      }
      return detailOf(ticket);
    },
  );

  app.post(
    '/:id/transitions',
    {
      config: { access: everyone },
      schema: {
        tags: ['tickets'],
        summary: 'Move a ticket through the workflow (answer, refuse, forward, acknowledge, progress, resolve, return, reassign, reopen)',
        description: 'See src/tickets/README.md for who may take which action from which state. 409 TRANSITION_NOT_ALLOWED when the state does not allow it.',
        params: Type.Object({ id: Uuid }),
        body: TransitionBody,
        response: { 200: Type.Object({ ticket: TicketDetail, event: TicketEvent }), ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { action, appointmentAt, ...input } = request.body;
      const { ticket, event } = await auditRefusal(app.db, principal, request.params.id, request.ip, () =>
        app.tickets.transition(principal, request.params.id, action, { ...input, appointmentAt: appointmentAt ? new Date(appointmentAt) : undefined }),
      );
      await recordAudit(app.db, {
        actor: principal,
        action: 'ticket.transition',
        entityType: 'ticket',
        entityId: ticket.id,
        ip: request.ip,
        details: { action, event: event.type, from: event.fromStatus, to: event.toStatus },
      });
      const detail = await detailOf(ticket);
      const logged = detail.events.find((e) => e.id === event.id);
      return { ticket: detail, event: logged ?? toTicketEvent({ event, actorName: null, actorAgencyName: null, actorUsername: null }) };
    },
  );

  await app.register(ticketLogRoutes);
};
