/**
 * The ticket service: the only way tickets are created and change status. Other capabilities
 * (SMS, the public portal, attachments, call control) call these; routes too. Signatures are stable.
 *
 *   createTicket(db, actor | null, input, { now?, settings?, inTransaction? }) → { ticket, event }
 *     One transaction: the receipt code (R18, 1022-YYYY-NNNNNN, no duplicates, no gaps), the deadline
 *     (R13, rule by field/urgency), the 'created' event, the optional call link (input.callId).
 *     actor null = filed by the citizen (web form, inbound email). Status is 'received'.
 *
 *   transition(db, actor, ticketId, action, input, { now?, settings?, inTransaction? }) → { ticket, event, previous }
 *     action: answer | refuse | forward | acknowledge | progress | resolve | return | reassign | reopen
 *     input: { note?, reason?, resultText?, agencyId?, appointmentAt?, attachmentIds? } — see workflow.ts
 *     for who may do what from which state and what each action requires. Locks the ticket row; the
 *     update, the processing-log event, attachment links, the R15 resolution SMS (enqueueResolutionSms)
 *     and `inTransaction` commit or roll back together. Errors: 404, 403, 409 TRANSITION_NOT_ALLOWED, 400.
 *
 *   listTickets(db, principal, filters, { now, dueSoonMinutes }) → { items, total, totalCapped }
 *   getTicket(db, principal, ticketId) → { ticket, events, calls, attachments } (404 / 403 OTHER_AGENCY)
 *
 * These functions emit nothing. In the app use `app.tickets` (plugin.ts): the same operations bound to
 * the database and settings, which also emit the socket.io events after commit.
 */
export { createTicket, type CreateTicketOptions, type NewTicket, type TicketActor, type TicketChannel, type TicketEventRow, type TicketRow } from './create.js';
export { transition, type TransitionInput, type TransitionOptions, type TransitionResult } from './transition.js';
export { getTicket, listTickets, ticketDetailOf, ticketEventsOf, type TicketFilters } from './queries.js';
export { isOverdue, ticketActions, WorkflowError, type TicketAction, type TicketStatus } from './workflow.js';
export { ticketSettingsOf, type TicketSettings } from './settings.js';
