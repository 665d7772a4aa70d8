import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { AttachmentView } from '@server/attachments/schemas.js';
import type { Field } from '@server/fields/routes.js';
import type { TicketDetail, TicketEvent, TicketSummary, TransitionBody } from '@server/tickets/schemas.js';
import { ApiError, api } from '../shared/api/client.js';
import { useServerEvent } from '../shared/socket/socket.js';

export type Summary = Static<typeof TicketSummary>;
export type Detail = Static<typeof TicketDetail>;
export type Transition = Static<typeof TransitionBody>;
export type Attachment = Static<typeof AttachmentView>;

/** The list's tabs: each a filter of GET /api/tickets (the server keeps an officer to their own agency, R22). */
export const filters = ['open', 'new', 'acknowledged', 'due_soon', 'overdue', 'resolved'] as const;
export type Filter = (typeof filters)[number];

const queryOf: Record<Filter, { status?: string[]; due?: 'overdue' | 'due_soon' }> = {
  open: { status: ['forwarded', 'acknowledged'] },
  new: { status: ['forwarded'] },
  acknowledged: { status: ['acknowledged'] },
  due_soon: { due: 'due_soon' },
  overdue: { due: 'overdue' },
  resolved: { status: ['resolved'] },
};

export const agencyTicketsKey = ['agency', 'tickets'] as const;
const ticketKey = (id: string) => ['agency', 'ticket', id] as const;

export function useAgencyTickets(filter: Filter) {
  return useQuery({
    queryKey: [...agencyTicketsKey, filter],
    queryFn: ({ signal }) => api.get<{ items: Summary[]; total: number; totalCapped: boolean }>('/api/tickets', { ...queryOf[filter], limit: 100 }, signal),
  });
}

export function useTicket(id: string) {
  return useQuery({ queryKey: ticketKey(id), queryFn: ({ signal }) => api.get<Detail>(`/api/tickets/${id}`, undefined, signal) });
}

export function useFieldNames(): ReadonlyMap<string, string> {
  const fields = useQuery({ queryKey: ['fields'], queryFn: ({ signal }) => api.get<Static<typeof Field>[]>('/api/fields', undefined, signal), staleTime: 600_000 });
  return new Map((fields.data ?? []).map((f) => [f.id, f.name]));
}

/** Live: a ticket forwarded to, returned by or changed in the agency, and the deadline alerts, refresh the lists. */
export function useLiveAgencyTickets() {
  const client = useQueryClient();
  const refresh = (id?: string) => {
    void client.invalidateQueries({ queryKey: agencyTicketsKey });
    if (id) void client.invalidateQueries({ queryKey: ticketKey(id) });
  };
  useServerEvent('ticket.updated.v1', (event) => refresh(event.id));
  useServerEvent('ticket.overdue.v1', (event) => refresh(event.ticketId));
  useServerEvent('ticket.due_soon.v1', (event) => refresh(event.ticketId));
}

export function useTransition(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Transition) => api.post<{ ticket: Detail; event: Static<typeof TicketEvent> }>(`/api/tickets/${id}/transitions`, body),
    onSuccess: ({ ticket }) => {
      client.setQueryData(ticketKey(id), ticket);
      void client.invalidateQueries({ queryKey: agencyTicketsKey });
    },
  });
}

/** One file to the ticket as the agency's result (multipart, field "file"). */
export async function uploadResultFile(ticketId: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/api/tickets/${ticketId}/attachments?purpose=result`, { method: 'POST', credentials: 'same-origin', body: form, headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Không kết nối được tới máy chủ');
  }
  const data = (await response.json().catch(() => ({}))) as Attachment & { code?: string; message?: string };
  if (!response.ok) throw new ApiError(response.status, data.code ?? `HTTP_${response.status}`, data.message ?? response.statusText);
  return data;
}
