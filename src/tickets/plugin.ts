/**
 * `app.tickets`: the ticket service bound to the app's database and settings, emitting socket.io
 * events after each commit. Capabilities that create or move tickets (SMS, public portal, call
 * control) use this rather than the bare functions, so live screens stay current.
 */
import fp from 'fastify-plugin';
import type { CreateTicketOptions, NewTicket, TicketActor, TicketEventRow, TicketRow } from './create.js';
import { createTicket } from './create.js';
import { emitTicketCreated, emitTicketUpdated } from './notifier.js';
import { ticketSettingsOf, type TicketSettings } from './settings.js';
import { transition, type TransitionInput, type TransitionOptions, type TransitionResult } from './transition.js';
import type { TicketAction } from './workflow.js';

export interface TicketService {
  settings: TicketSettings;
  create(actor: TicketActor | null, input: NewTicket, options?: Omit<CreateTicketOptions, 'settings'>): Promise<{ ticket: TicketRow; event: TicketEventRow }>;
  transition(actor: TicketActor, ticketId: string, action: TicketAction, input: TransitionInput, options?: Omit<TransitionOptions, 'settings'>): Promise<TransitionResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    tickets: TicketService;
  }
}

export const ticketsPlugin = fp(
  async (app) => {
    const settings = ticketSettingsOf(app.env);
    const service: TicketService = {
      settings,
      async create(actor, input, options = {}) {
        const created = await createTicket(app.db, actor, input, { ...options, settings });
        emitTicketCreated(app.io, created.ticket);
        return created;
      },
      async transition(actor, ticketId, action, input, options = {}) {
        const result = await transition(app.db, actor, ticketId, action, input, { ...options, settings });
        emitTicketUpdated(app.io, result);
        return result;
      },
    };
    app.decorate('tickets', service);
  },
  { name: 'tickets', dependencies: ['database', 'socket.io'] },
);
