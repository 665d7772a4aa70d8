import { isoDateFromDayNumber } from '../calendar/civil-date.js';
import { localDayAndTime } from '../calendar/zone.js';

/** The columns of a call record the metrics read (calls table). */
export interface CallFacts {
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
 * - ahtSeconds (average handling time) = mean of talk time over answered calls that ended: from operatorAnsweredAt
 *   to transferredAt for calls handed to a hotline, else to endedAt. Wrap-up is NOT included: no history of
 *   operators' states is kept (agent_states holds the current state only);
 * - transferred / transferFailed: calls connected to an agency hotline / whose transfer was attempted and failed;
 * - occupancy is not computed for the same reason as wrap-up.
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
  ahtSeconds: number | null;
  transferred: number;
  transferFailed: number;
}

export interface MetricsGroup extends CallMetrics {
  /** The day (YYYY-MM-DD in BUSINESS_TZ), the operator's user id, or the field id; null = no operator / no field. */
  key: string | null;
}

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;
const round1 = (value: number) => Math.round(value * 10) / 10;
const mean = (values: number[]) => (values.length === 0 ? null : round1(values.reduce((a, b) => a + b, 0) / values.length));
const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/** The figures of a set of calls. Pure. */
export function callMetrics(rows: readonly CallFacts[], thresholdSeconds: number): CallMetrics {
  let offered = 0;
  let answered = 0;
  let abandoned = 0;
  let abandonedAfterThreshold = 0;
  let answeredWithinThreshold = 0;
  let transferred = 0;
  let transferFailed = 0;
  const waits: number[] = [];
  const talks: number[] = [];
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
      if (talkEnd && row.endedAt) talks.push(Math.max(0, seconds(row.operatorAnsweredAt, talkEnd)));
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
    ahtSeconds: mean(talks),
    transferred,
    transferFailed,
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

/** Figures per group, sorted by key (null last), plus the total. Pure. */
export function groupedMetrics(
  rows: readonly CallFacts[],
  groupBy: GroupBy,
  options: { timeZone: string; thresholdSeconds: number },
): { groups: MetricsGroup[]; total: CallMetrics } {
  const byKey = new Map<string | null, CallFacts[]>();
  for (const row of rows) {
    const key = groupKey(row, groupBy, options.timeZone);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  const keys = [...byKey.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  return {
    groups: keys.map((key) => ({ key, ...callMetrics(byKey.get(key) ?? [], options.thresholdSeconds) })),
    total: callMetrics(rows, options.thresholdSeconds),
  };
}
