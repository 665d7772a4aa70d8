import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { CurrentCallView, ScreenPopView } from '@server/screen-pop/schemas.js';
import { api } from '../../shared/api/client.js';
import { useServerEvent } from '../../shared/socket/socket.js';
import type { Agent } from '../agent-state/agent.js';

export type ScreenPop = Static<typeof ScreenPopView>;
export type CurrentCall = CurrentCallView;

const callKey = (callId: string | null) => ['operator', 'call', callId] as const;

/**
 * The call my state names (ringing, on a call, wrap-up): its pop from `screen_pop.v1` as it rings, its draft ticket
 * from `screen_pop.ticket.v1` on the answer, or both read afresh (GET /api/screen-pop/current) after a reload or a
 * reconnection. No call in my state, no call on the screen: a stale "ringing" cannot outlive the snapshot.
 */
export function useCurrentCall(agent: Agent | undefined, onDraftTicket: (ticketId: string) => void) {
  const client = useQueryClient();
  const callId = agent && agent.state !== 'offline' ? agent.callId : null;
  useServerEvent('screen_pop.v1', (pop) => {
    client.setQueryData<CurrentCall>(callKey(pop.callId), (old) => ({ state: 'ringing', ticket: null, ...old, pop }));
  });
  useServerEvent('screen_pop.ticket.v1', (event) => {
    client.setQueryData<CurrentCall>(callKey(event.callId), (old) => (old ? { ...old, ticket: { id: event.ticketId, receiptCode: event.receiptCode } } : old));
    onDraftTicket(event.ticketId);
  });
  const query = useQuery({
    queryKey: callKey(callId),
    queryFn: async ({ signal }) => {
      const current = await api.get<CurrentCall>('/api/screen-pop/current', undefined, signal);
      return current.pop.callId === callId ? current : null;
    },
    enabled: Boolean(callId),
    staleTime: Infinity,
  });
  // After a reload during a call, the draft ticket of the call is the one being written.
  const ticketId = query.data?.ticket?.id;
  useEffect(() => {
    if (ticketId) onDraftTicket(ticketId);
  }, [ticketId, onDraftTicket]);
  return callId ? (query.data ?? null) : null;
}

const openTicketKey = 'tongdai1022.operator.openTicket';

/**
 * The ticket open in the form: the call's draft when it is answered, or one picked from "my tickets"; kept across a
 * reload (this tab only) until the operator closes it, since writing it often goes on after the caller has gone.
 */
export function useOpenTicket() {
  const [ticketId, setTicketId] = useState<string | null>(() => window.sessionStorage.getItem(openTicketKey));
  const open = useCallback((id: string | null) => {
    setTicketId(id);
    if (id) window.sessionStorage.setItem(openTicketKey, id);
    else window.sessionStorage.removeItem(openTicketKey);
  }, []);
  return [ticketId, open] as const;
}
