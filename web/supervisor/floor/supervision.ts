import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { SupervisionView } from '@server/supervision/routes.js';
import { api } from '../../shared/api/client.js';
import { useMe } from '../../shared/session/session.js';
import { useServerEvent } from '../../shared/socket/socket.js';

export type Supervision = Static<typeof SupervisionView>;
export type SupervisionMode = Supervision['mode'];
export const supervisionModes: readonly SupervisionMode[] = ['listen', 'whisper', 'barge'];

const key = ['supervisor', 'supervision'] as const;
const isOpen = (s: Supervision) => s.state === 'ringing' || s.state === 'active';

/**
 * My listen / whisper / barge session (R8): the running ones (GET /api/supervision, mine), then each
 * `supervision.state.v1`. The last one stays shown once it ends, so a phone that did not answer is said.
 */
export function useMySupervision(): Supervision | null {
  const me = useMe();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => {
      const { items } = await api.get<{ items: Supervision[] }>('/api/supervision', undefined, signal);
      return items.find((s) => s.supervisorUserId === me.data?.id && isOpen(s)) ?? null;
    },
    enabled: Boolean(me.data),
  });
  useServerEvent('supervision.state.v1', (event) => client.setQueryData(key, event));
  return query.data ?? null;
}

export function useStartSupervision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ callId, mode }: { callId: string; mode: SupervisionMode }) => api.post<Supervision>(`/api/calls/${callId}/${mode}`),
    onSuccess: (session) =>
      // An event may have overtaken the answer (the phone already answered): keep the later state.
      client.setQueryData<Supervision | null>(key, (old) => (old?.sessionId === session.sessionId && old.state !== 'ringing' ? old : session)),
  });
}

export function useStopSupervision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => api.post<Supervision>(`/api/supervision/${sessionId}/stop`),
    onSuccess: (session) => client.setQueryData(key, session),
  });
}

/** Puts away the note of an ended session. */
export function useDismissSupervision() {
  const client = useQueryClient();
  return () => client.setQueryData(key, null);
}

export { isOpen as isSupervising };
