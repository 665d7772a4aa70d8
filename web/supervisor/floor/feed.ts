import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { Static } from 'typebox';
import type { Field } from '@server/fields/routes.js';
import type { CallReportView } from '@server/reports/routes.js';
import { api } from '../../shared/api/client.js';
import { useSettings } from '../../shared/session/session.js';
import { useServerEvent, useSocket, type ServerEvents } from '../../shared/socket/socket.js';
import { businessDay } from './business-day.js';

export type FloorSnapshot = ServerEvents['wallboard.snapshot.v1'];
export type FloorAgent = FloorSnapshot['agents'][number];
export type WaitingCall = FloorSnapshot['waiting'][number];
export type CallReport = Static<typeof CallReportView>;

export const floorKey = ['supervisor', 'floor'] as const;
const todayKey = ['supervisor', 'today'] as const;
/** How long after a call leaves the floor its record surely carries its end (the queued write rides up to 1 s). */
const recordSettleMs = 2_000;

/**
 * The floor as the server holds it (R8): `wallboard.snapshot.v1` (on connection, and asked for again after any
 * reconnection, as the socket provider refetches every query), then each `wallboard.delta.v1` replaces the parts it
 * carries. No polling. A delta that changes the live calls also re-reads today's figures (a call ended).
 */
export function useFloor() {
  const socket = useSocket();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: floorKey,
    queryFn: () =>
      new Promise<FloorSnapshot>((resolve) => {
        socket?.once('wallboard.snapshot.v1', resolve);
        socket?.emit('wallboard.snapshot.request');
      }),
    enabled: socket !== null,
    staleTime: Infinity,
  });
  // A call's end reaches its record within a second or so (the record's last write is queued, src/calls): read
  // today's figures at once and once more after that — at most once per `recordSettleMs` while calls keep ending (a
  // busy floor sends deltas many times a second: a report request and a re-render for each slowed the page).
  const lastReread = useRef(0);
  const trailingReread = useRef<number | undefined>(undefined);
  const rereadToday = () => {
    const reread = () => {
      lastReread.current = Date.now();
      void client.invalidateQueries({ queryKey: todayKey });
    };
    if (Date.now() - lastReread.current >= recordSettleMs) reread();
    window.clearTimeout(trailingReread.current);
    trailingReread.current = window.setTimeout(reread, recordSettleMs);
  };
  useServerEvent('wallboard.snapshot.v1', (snapshot) => client.setQueryData(floorKey, snapshot));
  useServerEvent('wallboard.delta.v1', (delta) => {
    client.setQueryData<FloorSnapshot>(floorKey, (old) => (old ? { ...old, ...delta } : old));
    if (delta.calls) rereadToday();
  });
  return query;
}

/** Today's offered / answered / abandoned, service level, ASA, AHT: the report of this business day (src/reports). */
export function useToday() {
  const { businessTz } = useSettings();
  const day = businessDay(new Date(), businessTz);
  return useQuery({
    queryKey: [...todayKey, day],
    queryFn: ({ signal }) => api.get<CallReport>('/api/reports/calls', { from: day, to: day, groupBy: 'day' }, signal),
  });
}

/** Field names by id (waiting callers and calls carry the id). */
export function useFieldNames() {
  const query = useQuery({
    queryKey: ['supervisor', 'fields'],
    queryFn: ({ signal }) => api.get<Array<Static<typeof Field>>>('/api/fields', undefined, signal),
    staleTime: 5 * 60_000,
  });
  return new Map((query.data ?? []).map((field) => [field.id, field.name]));
}

/** The longest wait now, in seconds, from the callers' enqueue times and the server's clock. */
export const longestWait = (waiting: readonly WaitingCall[], now: number) =>
  waiting.reduce((max, call) => Math.max(max, Math.floor((now - Date.parse(call.enqueuedAt)) / 1000)), 0);

export const stateOrder = ['on_call', 'ringing', 'wrap_up', 'available', 'paused', 'offline'] as const;

export function countByState(agents: readonly FloorAgent[]): Record<(typeof stateOrder)[number], number> {
  const counts = { on_call: 0, ringing: 0, wrap_up: 0, available: 0, paused: 0, offline: 0 };
  for (const agent of agents) if (agent.state in counts) counts[agent.state as keyof typeof counts] += 1;
  return counts;
}

/** Operators in a useful order: busy first, then ready, then away; by name within a state. */
export function sortAgents(agents: readonly FloorAgent[]): FloorAgent[] {
  const rank = (state: string) => {
    const index = (stateOrder as readonly string[]).indexOf(state);
    return index < 0 ? stateOrder.length : index;
  };
  return [...agents].sort((a, b) => rank(a.state) - rank(b.state) || a.fullName.localeCompare(b.fullName, 'vi'));
}
