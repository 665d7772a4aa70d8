import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { Agency } from '@server/agencies/routes.js';
import type { Field } from '@server/fields/routes.js';
import type { EditTicketBody, TicketDetail, TransitionBody, TicketEvent } from '@server/tickets/schemas.js';
import { api } from '../../shared/api/client.js';

export type Ticket = Static<typeof TicketDetail>;
export type TicketEdit = Static<typeof EditTicketBody>;
export type Transition = Static<typeof TransitionBody>;
export type FieldRow = Static<typeof Field>;
export type AgencyRow = Static<typeof Agency>;

export const ticketKey = (id: string) => ['operator', 'ticket', id] as const;

export function useTicket(id: string) {
  return useQuery({ queryKey: ticketKey(id), queryFn: ({ signal }) => api.get<Ticket>(`/api/tickets/${id}`, undefined, signal), staleTime: Infinity });
}

export const saveTicket = (id: string, changes: TicketEdit) => api.patch<Ticket>(`/api/tickets/${id}`, changes);
export const transitionTicket = (id: string, body: Transition) =>
  api.post<{ ticket: Ticket; event: Static<typeof TicketEvent> }>(`/api/tickets/${id}/transitions`, body);

/** Active fields, in their order. */
export function useFields() {
  return useQuery({
    queryKey: ['reference', 'fields'],
    queryFn: ({ signal }) => api.get<FieldRow[]>('/api/fields', undefined, signal),
    select: (rows) => rows.filter((f) => f.active).sort((a, b) => a.sortOrder - b.sortOrder),
    staleTime: 5 * 60_000,
  });
}

/** Active agencies, as the server orders them (kind, then name). */
export function useAgencies() {
  return useQuery({
    queryKey: ['reference', 'agencies'],
    queryFn: ({ signal }) => api.get<AgencyRow[]>('/api/agencies', undefined, signal),
    select: (rows) => rows.filter((a) => a.active),
    staleTime: 5 * 60_000,
  });
}
