/**
 * socket.io events about tickets, emitted after commit. Payloads carry ids and states only, never
 * citizens' personal data: they go to supervisor and operator rooms as well as agency rooms.
 *   ticket.created.v1  { id, receiptCode, status, channel, agencyId }            → role:operator, role:supervisor
 *   ticket.updated.v1  { id, receiptCode, status, agencyId, previousAgencyId, event, at }
 *                      → agency:<new>, agency:<previous> (when it changed), role:operator, role:supervisor
 */
import type { Server } from 'socket.io';
import { rooms } from '../realtime/socket.js';
import type { TicketEventRow, TicketRow } from './create.js';

const hotlineRooms = [rooms.role('operator'), rooms.role('supervisor')];

export interface TicketCreatedV1 {
  id: string;
  receiptCode: string;
  status: TicketRow['status'];
  channel: TicketRow['channel'];
  agencyId: string | null;
}

export interface TicketUpdatedV1 {
  id: string;
  receiptCode: string;
  status: TicketRow['status'];
  agencyId: string | null;
  previousAgencyId: string | null;
  /** The processing-log step: forwarded, acknowledged, resolved, edited, … */
  event: string;
  at: string;
}

/** The ticket events of the desktop (src/realtime/events.ts gathers every event map). */
export interface TicketEvents {
  'ticket.created.v1': TicketCreatedV1;
  'ticket.updated.v1': TicketUpdatedV1;
}

export function emitTicketCreated(io: Server, ticket: TicketRow): void {
  io.to(hotlineRooms).emit('ticket.created.v1', {
    id: ticket.id,
    receiptCode: ticket.receiptCode,
    status: ticket.status,
    channel: ticket.channel,
    agencyId: ticket.agencyId,
  } satisfies TicketCreatedV1);
}

export function emitTicketUpdated(io: Server, { ticket, previous, event }: { ticket: TicketRow; previous: TicketRow; event: TicketEventRow }): void {
  const targets = [...hotlineRooms];
  for (const agencyId of new Set([ticket.agencyId, previous.agencyId])) if (agencyId) targets.push(rooms.agency(agencyId));
  io.to(targets).emit('ticket.updated.v1', {
    id: ticket.id,
    receiptCode: ticket.receiptCode,
    status: ticket.status,
    agencyId: ticket.agencyId,
    previousAgencyId: previous.agencyId,
    event: event.type,
    at: event.at.toISOString(),
  } satisfies TicketUpdatedV1);
}
