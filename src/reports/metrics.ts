import { dayNumberOfIso, isoDateFromDayNumber, type IsoDate } from '../calendar/civil-date.js';
import { instantOfLocal, localDayAndTime } from '../calendar/zone.js';

/** The columns of a call record the metrics read (calls table). */
export interface CallFacts {
  id: string;
  arrivedAt: Date;
  enqueuedAt: Date | null;
  operatorAnsweredAt: Date | null;
  transferredAt: Date | null;
  transferTarget: string | null;
  endedAt: Date | null;
  outcome: string | null;
  operatorUserId: string | null;
  fieldId: string | null;
}

export type GroupBy = 'day' | 'operator' | 'field';

/** One row of agent_state_history: an operator's state from startedAt to endedAt (null = still in it). */
export interface StateInterval {
  userId: string;
  state: 'offline' | 'available' | 'ringing' | 'on_call' | 'wrap_up' | 'paused';
  callId: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

/** A wrap-up interval starting this close after a call's end (ms) is that call's, when it does not carry the call. */
export const wrapUpMatchToleranceMs = 5_000;

/**
 * Call-centre figures of one group (definitions also in src/reports/README.md):
 * - offered: calls that reached the operator queue (enqueuedAt set). IVR-only calls, IVR hang-ups and over-capacity
 *   refusals never reach it and are not offered;
 * - answered: offered calls an operator answered (operatorAnsweredAt set);
 * - abandoned: offered calls the caller hung up before an operator answered (outcome abandoned_queue) — IVR hang-ups
 *   (abandoned_ivr) are excluded by construction;
 * - abandonmentRate = abandoned / offered;
 * - serviceLevel = answered within T s of enqueuedAt / (answered + abandoned after waiting more than T s); callers
 *   who gave up within T s count in neither part (T = REPORT_SERVICE_LEVEL_SECONDS);
 * - asaSeconds (average speed of answer) = mean of operatorAnsweredAt − enqueuedAt over answered calls;
 * - talkSeconds = mean talk time over answered calls: from operatorAnsweredAt to transferredAt for calls handed to a
 *   hotline, else to endedAt;
 * - wrapUpSeconds = mean wrap-up over the same calls: the call's closed 'wrap_up' interval of agent_state_history
 *   (see `wrapUpByCall`); 0 for a call with none (operator logged out, still wrapping up);
 * - ahtSeconds (average handling time) = mean of talk + wrap-up over the same calls;
 * - transferred / transferFailed: calls connected to an agency hotline / whose transfer was attempted and failed;
 * - occupancy = time ringing, on a call or in wrap-up / time logged in (every state but offline), from
 *   agent_state_history clipped to the group's period (see `occupancy`); null for groupBy=field (operators' time
 *   belongs to no field) and when nobody was logged in.
 * Ratios are null when their denominator is 0; times are in seconds, rounded to 0.1.
 */
export interface CallMetrics {
  offered: number;
  answered: number;
  abandoned: number;
  abandonedAfterThreshold: number;
  answeredWithinThreshold: number;
  abandonmentRate: number | null;
  serviceLevel: number | null;
  asaSeconds: number | null;
  talkSeconds: number | null;
  wrapUpSeconds: number | null;
  ahtSeconds: number | null;
  transferred: number;
  transferFailed: number;
  occupancy: number | null;
}

export interface MetricsGroup extends CallMetrics {
  /** The day (YYYY-MM-DD in BUSINESS_TZ), the operator's user id, or the field id; null = no operator / no field. */
  key: string | null;
}

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;
const round1 = (value: number) => Math.round(value * 10) / 10;
const mean = (values: number[]) => (values.length === 0 ? null : round1(values.reduce((a, b) => a + b, 0) / values.length));
const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/**
 * Each call's wrap-up in seconds, by call id. Pure. A call's wrap-up is the closed 'wrap_up' interval carrying its
 * id; failing that, the closed 'wrap_up' interval of its operator starting within `wrapUpMatchToleranceMs` after the
 * call's end (transferredAt, else endedAt), the nearest one. An interval serves one call only.
 */
export function wrapUpByCall(rows: readonly CallFacts[], states: readonly StateInterval[]): Map<string, number> {
  const wrapUps = states.filter((s): s is StateInterval & { endedAt: Date } => s.state === 'wrap_up' && s.endedAt !== null);
  const used = new Set<StateInterval>();
  const result = new Map<string, number>();
  const ids = new Set(rows.map((r) => r.id));
  for (const interval of wrapUps) {
    if (interval.callId === null || !ids.has(interval.callId) || result.has(interval.callId)) continue;
    result.set(interval.callId, Math.max(0, seconds(interval.startedAt, interval.endedAt)));
    used.add(interval);
  }
  for (const row of rows) {
    if (result.has(row.id) || !row.operatorUserId || !row.endedAt || !row.operatorAnsweredAt) continue;
    const ends = [row.transferredAt, row.endedAt].filter((d): d is Date => d !== null).map((d) => d.getTime());
    let best: { interval: StateInterval & { endedAt: Date }; gap: number } | undefined;
    for (const interval of wrapUps) {
      if (used.has(interval) || interval.userId !== row.operatorUserId) continue;
      if (interval.callId !== null && interval.callId !== row.id) continue;
      const gap = Math.min(...ends.map((end) => Math.abs(interval.startedAt.getTime() - end)));
      if (gap <= wrapUpMatchToleranceMs && (!best || gap < best.gap)) best = { interval, gap };
    }
    if (best) {
      used.add(best.interval);
      result.set(row.id, Math.max(0, seconds(best.interval.startedAt, best.interval.endedAt)));
    }
  }
  return result;
}

const busyStates: ReadonlySet<StateInterval['state']> = new Set(['ringing', 'on_call', 'wrap_up']);

/**
 * Occupancy over [start, end): (time ringing + on a call + in wrap-up) / time logged in (every state but offline),
 * summed over the intervals given (one operator or several), each clipped to the period; an open interval runs to
 * `now`. Null when nobody was logged in during the period. Pure.
 */
export function occupancy(states: readonly StateInterval[], start: Date, end: Date, now: Date): number | null {
  let busy = 0;
  let loggedIn = 0;
  for (const s of states) {
    if (s.state === 'offline') continue;
    const from = Math.max(s.startedAt.getTime(), start.getTime());
    const to = Math.min((s.endedAt ?? now).getTime(), end.getTime());
    if (to <= from) continue;
    loggedIn += to - from;
    if (busyStates.has(s.state)) busy += to - from;
  }
  return ratio(busy, loggedIn);
}

/** The figures of a set of calls (wrap-ups by call id from `wrapUpByCall`; occupancy is the caller's). Pure. */
export function callMetrics(
  rows: readonly CallFacts[],
  thresholdSeconds: number,
  wrapUps: ReadonlyMap<string, number> = new Map(),
  occupancyValue: number | null = null,
): CallMetrics {
  let offered = 0;
  let answered = 0;
  let abandoned = 0;
  let abandonedAfterThreshold = 0;
  let answeredWithinThreshold = 0;
  let transferred = 0;
  let transferFailed = 0;
  const waits: number[] = [];
  const talks: number[] = [];
  const wraps: number[] = [];
  const handles: number[] = [];
  for (const row of rows) {
    if (row.transferredAt) transferred += 1;
    else if (row.transferTarget && row.endedAt) transferFailed += 1;
    if (!row.enqueuedAt) continue;
    offered += 1;
    if (row.operatorAnsweredAt) {
      answered += 1;
      const wait = seconds(row.enqueuedAt, row.operatorAnsweredAt);
      waits.push(wait);
      if (wait <= thresholdSeconds) answeredWithinThreshold += 1;
      const talkEnd = row.transferredAt ?? row.endedAt;
      if (talkEnd && row.endedAt) {
        const talk = Math.max(0, seconds(row.operatorAnsweredAt, talkEnd));
        const wrap = wrapUps.get(row.id) ?? 0;
        talks.push(talk);
        wraps.push(wrap);
        handles.push(talk + wrap);
      }
    } else if (row.outcome === 'abandoned_queue') {
      abandoned += 1;
      if (row.endedAt && seconds(row.enqueuedAt, row.endedAt) > thresholdSeconds) abandonedAfterThreshold += 1;
    }
  }
  return {
    offered,
    answered,
    abandoned,
    abandonedAfterThreshold,
    answeredWithinThreshold,
    abandonmentRate: ratio(abandoned, offered),
    serviceLevel: ratio(answeredWithinThreshold, answered + abandonedAfterThreshold),
    asaSeconds: mean(waits),
    talkSeconds: mean(talks),
    wrapUpSeconds: mean(wraps),
    ahtSeconds: mean(handles),
    transferred,
    transferFailed,
    occupancy: occupancyValue,
  };
}

/** The key of a call in a grouping: its arrival day in the business time zone, its operator, or its field. */
export function groupKey(row: CallFacts, groupBy: GroupBy, timeZone: string): string | null {
  switch (groupBy) {
    case 'day':
      return isoDateFromDayNumber(localDayAndTime(timeZone, row.arrivedAt.getTime()).dayNumber);
    case 'operator':
      return row.operatorUserId;
    case 'field':
      return row.fieldId;
  }
}

/** The instants [start, end) of the business days `from` to `to` inclusive. */
export function rangeOfDays(timeZone: string, from: IsoDate, to: IsoDate): { start: Date; end: Date } {
  return {
    start: new Date(instantOfLocal(timeZone, dayNumberOfIso(from), 0)),
    end: new Date(instantOfLocal(timeZone, dayNumberOfIso(to) + 1, 0)),
  };
}

export interface GroupOptions {
  timeZone: string;
  thresholdSeconds: number;
  /** agent_state_history rows overlapping the range (and the wrap-ups following its calls). */
  states?: readonly StateInterval[];
  /** The report range [start, end); occupancy is computed only when given. */
  range?: { start: Date; end: Date };
  /** Where open intervals end. */
  now?: Date;
}

/**
 * Figures per group, sorted by key (null last), plus the total. Occupancy: per day over that business day (all
 * operators), per operator over the range, in the total over the range (all operators); null per field and for the
 * null key. Pure.
 */
export function groupedMetrics(rows: readonly CallFacts[], groupBy: GroupBy, options: GroupOptions): { groups: MetricsGroup[]; total: CallMetrics } {
  const states = options.states ?? [];
  const now = options.now ?? new Date();
  const wrapUps = wrapUpByCall(rows, states);
  const byKey = new Map<string | null, CallFacts[]>();
  for (const row of rows) {
    const key = groupKey(row, groupBy, options.timeZone);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  const range = options.range;
  const occupancyOf = (key: string | null): number | null => {
    if (!range || key === null || groupBy === 'field') return null;
    if (groupBy === 'operator') return occupancy(states.filter((s) => s.userId === key), range.start, range.end, now);
    const day = rangeOfDays(options.timeZone, key as IsoDate, key as IsoDate);
    return occupancy(states, new Date(Math.max(day.start.getTime(), range.start.getTime())), new Date(Math.min(day.end.getTime(), range.end.getTime())), now);
  };
  const keys = [...byKey.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  return {
    groups: keys.map((key) => ({ key, ...callMetrics(byKey.get(key) ?? [], options.thresholdSeconds, wrapUps, occupancyOf(key)) })),
    total: callMetrics(rows, options.thresholdSeconds, wrapUps, range && groupBy !== 'field' ? occupancy(states, range.start, range.end, now) : null),
  };
}
