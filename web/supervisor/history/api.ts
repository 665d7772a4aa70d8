import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CallDetail, CallOutcome, CallView } from '@server/calls/routes.js';
import type { UserView } from '@server/users/schemas.js';
import { api } from '../../shared/api/client.js';

export type CallSummary = Static<typeof CallView>;
export type CallRecord = Static<typeof CallDetail>;
export type Outcome = Static<typeof CallOutcome>;

export const outcomes: readonly Outcome[] = ['completed', 'transferred', 'abandoned_queue', 'abandoned_ivr', 'callback_requested', 'over_capacity', 'failed', 'fallback'];

export interface CallFilters {
  /** Arrival, ISO instants: the start of the first business day, the start of the day after the last. */
  from: string;
  to: string;
  outcome?: Outcome | undefined;
  operatorUserId?: string | undefined;
  fieldId?: string | undefined;
  callerNumber?: string | undefined;
}

export const pageSize = 25;

/** GET /api/calls (audited by filter names), newest first, a page at a time. */
export function useCalls(filters: CallFilters, page: number) {
  return useQuery({
    queryKey: ['supervisor', 'calls', filters, page],
    queryFn: ({ signal }) => api.get<{ items: CallSummary[] }>('/api/calls', { ...filters, limit: pageSize + 1, offset: page * pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/** One call with its IVR path and recordings (GET /api/calls/{id}, audited). */
export function useCall(id: string | null) {
  return useQuery({
    queryKey: ['supervisor', 'call', id],
    queryFn: ({ signal }) => api.get<CallRecord>(`/api/calls/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

/** The operators' names (GET /api/users?role=operator): the filter's choices and the history's column. */
export function useOperators() {
  const query = useQuery({
    queryKey: ['supervisor', 'operators'],
    queryFn: ({ signal }) => api.get<UserView[]>('/api/users', { role: 'operator' }, signal),
    staleTime: 5 * 60_000,
  });
  return query.data ?? [];
}
