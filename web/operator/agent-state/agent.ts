import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { AgentView } from '@server/agents/routes.js';
import { api } from '../../shared/api/client.js';
import { useServerEvent } from '../../shared/socket/socket.js';

export type Agent = Static<typeof AgentView>;
export type AgentState = Agent['state'];

export const agentKey = ['operator', 'agent'] as const;

/** My state as the server holds it: the snapshot (GET /api/agents/me), then each `agent.state.v1`. */
export function useAgent() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: agentKey, queryFn: ({ signal }) => api.get<Agent>('/api/agents/me', undefined, signal) });
  useServerEvent('agent.state.v1', (event) => {
    const current = client.getQueryData<Agent>(agentKey);
    if (current && current.userId !== event.userId) return;
    client.setQueryData<Agent>(agentKey, (old) => ({ lastCallEndedAt: null, ...old, ...event }));
  });
  return query;
}

type Change = { type: 'login' } | { type: 'logout' } | { type: 'pause'; reason: string } | { type: 'resume' };

/** Available, paused with a reason, signed out of the queue: the answer is the new state. */
export function useAgentChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: Change) => {
      switch (change.type) {
        case 'pause':
          return api.post<Agent>('/api/agents/me/pause', { reason: change.reason });
        default:
          return api.post<Agent>(`/api/agents/me/${change.type}`);
      }
    },
    onSuccess: (agent) => client.setQueryData(agentKey, agent),
  });
}

/** Leaves the queue (before signing out); refused while on a call, which the sign-out then ignores. */
export const leaveQueue = () => api.post<Agent>('/api/agents/me/logout');

/** Reasons offered for a pause; the server takes any text, these are the ones the desk names. */
export const pauseReasons = ['break', 'meal', 'training', 'meeting', 'paperwork'] as const;
