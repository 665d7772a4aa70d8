import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { Role } from '@server/auth/roles.js';
import type { UserView } from '@server/users/schemas.js';
import type { PagesSettings } from '@server/pages/settings-route.js';
import { api, ApiError } from '../api/client.js';

export type User = UserView;
export type { Role };
type LoginAnswer = { user: User; expiresAt: string };

export const sessionKeys = { me: ['session', 'me'] as const, settings: ['session', 'settings'] as const };

/** The signed-in user, or null when there is no session (401). */
export function useMe() {
  return useQuery({
    queryKey: sessionKeys.me,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<User>('/api/auth/me', undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 3,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api.post<LoginAnswer>('/api/auth/login', body),
    onSuccess: (answer) => {
      forgetAllBut(client, sessionKeys.me);
      client.setQueryData(sessionKeys.me, answer.user);
    },
  });
}

/**
 * Nothing of another session's data stays in the cache; the `me` query itself stays (its observers — the app's routes
 * — would not see a new one made after `clear()`).
 */
function forgetAllBut(client: QueryClient, keep: readonly unknown[]): void {
  client.removeQueries({ predicate: (query) => JSON.stringify(query.queryKey) !== JSON.stringify(keep) });
}

/** Ends the session; `before` runs first (the operator desk leaves the queue), its failure does not stop the sign-out. */
export function useSignOut(before?: () => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      if (before) await before().catch(() => undefined);
      await api.post<void>('/api/auth/logout');
    },
    onSettled: () => {
      client.setQueryData(sessionKeys.me, null);
      forgetAllBut(client, sessionKeys.me);
    },
  });
}

const defaultSettings: Static<typeof PagesSettings> = { businessTz: 'Asia/Ho_Chi_Minh', wrapUpSeconds: 30, dueSoonMinutes: 120, transferRingSeconds: 25 };

/** The server's settings the pages count with (time zone, wrap-up); sensible defaults until they arrive. */
export function useSettings(): Static<typeof PagesSettings> {
  const me = useMe();
  const settings = useQuery({
    queryKey: sessionKeys.settings,
    queryFn: ({ signal }) => api.get<Static<typeof PagesSettings>>('/api/settings', undefined, signal),
    enabled: Boolean(me.data),
    staleTime: Infinity,
  });
  return settings.data ?? defaultSettings;
}
