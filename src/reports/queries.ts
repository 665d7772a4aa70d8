import { and, gt, gte, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { dayNumberOfIso, isIsoDate } from '../calendar/civil-date.js';
import { instantOfLocal } from '../calendar/zone.js';
import type { Database } from '../db/client.js';
import { agentStateHistory, calls, fields, users } from '../db/schema/index.js';
import { badRequest } from '../web/errors.js';
import { groupedMetrics, type CallFacts, type StateInterval, type CallMetrics, type GroupBy, type MetricsGroup } from './metrics.js';

export interface CallReport {
  from: string;
  to: string;
  groupBy: GroupBy;
  timeZone: string;
  serviceLevelSeconds: number;
  groups: Array<MetricsGroup & { label: string | null }>;
  total: CallMetrics;
}

const maxDays = 366;

/** Ended calls that arrived between the business days `from` and `to` (inclusive, BUSINESS_TZ), grouped. */
export async function callReport(
  db: Database,
  query: { from: string; to: string; groupBy: GroupBy },
  options: { timeZone: string; thresholdSeconds: number },
): Promise<CallReport> {
  if (!isIsoDate(query.from) || !isIsoDate(query.to)) throw badRequest('BAD_DATE', 'Ngày phải có dạng YYYY-MM-DD và có thật');
  const fromDay = dayNumberOfIso(query.from);
  const toDay = dayNumberOfIso(query.to);
  if (toDay < fromDay) throw badRequest('BAD_RANGE', '"to" phải không sớm hơn "from"');
  if (toDay - fromDay + 1 > maxDays) throw badRequest('RANGE_TOO_LONG', `Khoảng thời gian tối đa ${maxDays} ngày`);
  const start = new Date(instantOfLocal(options.timeZone, fromDay, 0));
  const end = new Date(instantOfLocal(options.timeZone, toDay + 1, 0));
  const rows: CallFacts[] = await db
    .select({
      id: calls.id,
      arrivedAt: calls.arrivedAt,
      enqueuedAt: calls.enqueuedAt,
      operatorAnsweredAt: calls.operatorAnsweredAt,
      transferredAt: calls.transferredAt,
      transferTarget: calls.transferTarget,
      endedAt: calls.endedAt,
      outcome: calls.outcome,
      operatorUserId: calls.operatorUserId,
      fieldId: calls.fieldId,
    })
    .from(calls)
    .where(and(gte(calls.arrivedAt, start), lt(calls.arrivedAt, end), isNotNull(calls.endedAt)));
  // States overlapping the range, plus a day after it: calls of the last day end, and are wrapped up, after midnight.
  const statesUntil = new Date(end.getTime() + 86_400_000);
  const states: StateInterval[] = await db
    .select({
      userId: agentStateHistory.userId,
      state: agentStateHistory.state,
      callId: agentStateHistory.callId,
      startedAt: agentStateHistory.startedAt,
      endedAt: agentStateHistory.endedAt,
    })
    .from(agentStateHistory)
    .where(and(lt(agentStateHistory.startedAt, statesUntil), or(isNull(agentStateHistory.endedAt), gt(agentStateHistory.endedAt, start))));
  const { groups, total } = groupedMetrics(rows, query.groupBy, { ...options, states, range: { start, end }, now: new Date() });
  const labels = await labelsOf(db, query.groupBy, groups.map((g) => g.key).filter((k): k is string => k !== null));
  return {
    ...query,
    timeZone: options.timeZone,
    serviceLevelSeconds: options.thresholdSeconds,
    groups: groups.map((g) => ({ ...g, label: g.key === null ? null : (labels.get(g.key) ?? g.key) })),
    total,
  };
}

async function labelsOf(db: Database, groupBy: GroupBy, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0 || groupBy === 'day') return new Map();
  if (groupBy === 'operator') {
    const rows = await db.select({ id: users.id, name: users.fullName }).from(users).where(inArray(users.id, keys));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  const rows = await db.select({ id: fields.id, name: fields.name }).from(fields).where(inArray(fields.id, keys));
  return new Map(rows.map((r) => [r.id, r.name]));
}
