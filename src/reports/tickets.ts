/**
 * Ticket statistics (issue 16, R20): tickets received in a period, counted by field, agency, channel, status,
 * urgency, or per day / week / month — aggregated by PostgreSQL in one statement (the month at 1 M tickets reads
 * about 80,000 rows through `tickets_received_idx`, never ships them to Node). Definitions in src/reports/README.md.
 */
import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../auth/roles.js';
import { dayNumberOfIso, isIsoDate } from '../calendar/civil-date.js';
import { instantOfLocal } from '../calendar/zone.js';
import type { Executor } from '../db/client.js';
import { agencies, fields, tickets } from '../db/schema/index.js';
import { ticketScope } from '../tickets/access.js';
import { closedStatuses } from '../tickets/workflow.js';
import { badRequest, forbidden } from '../web/errors.js';

export const ticketGroupings = ['field', 'agency', 'channel', 'status', 'urgency', 'day', 'week', 'month'] as const;
export type TicketGrouping = (typeof ticketGroupings)[number];

export interface TicketCounts {
  /** Tickets received in the period (drafts left out). */
  total: number;
  /** Not closed (closed: answered by the hotline, refused, resolved). */
  open: number;
  /** With a resolution time (answered or resolved). */
  resolved: number;
  /** Resolved no later than their deadline, or without a deadline. */
  resolvedOnTime: number;
  /** Resolved after their deadline. */
  resolvedLate: number;
  /** Still open, their deadline passed (as of the report). */
  overdue: number;
}

export interface TicketReportGroup extends TicketCounts {
  /** The field's / agency's id, the channel, status or urgency, or the first day of the period (YYYY-MM-DD); null: none. */
  key: string | null;
  label: string | null;
}

export interface TicketReport {
  from: string;
  to: string;
  groupBy: TicketGrouping;
  timeZone: string;
  generatedAt: string;
  groups: TicketReportGroup[];
  total: TicketCounts;
}

export interface TicketReportQuery {
  from: string;
  to: string;
  groupBy: TicketGrouping;
  agencyId?: string | undefined;
  fieldId?: string | undefined;
}

const maxDays = 366;

/** The period's bounds as instants: from the start of `from` to the end of `to`, business days in `timeZone`. */
export function periodBounds(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  if (!isIsoDate(from) || !isIsoDate(to)) throw badRequest('BAD_DATE', 'Ngày phải có dạng YYYY-MM-DD và có thật');
  const fromDay = dayNumberOfIso(from);
  const toDay = dayNumberOfIso(to);
  if (toDay < fromDay) throw badRequest('BAD_RANGE', '"to" phải không sớm hơn "from"');
  if (toDay - fromDay + 1 > maxDays) throw badRequest('RANGE_TOO_LONG', `Khoảng thời gian tối đa ${maxDays} ngày`);
  return { start: new Date(instantOfLocal(timeZone, fromDay, 0)), end: new Date(instantOfLocal(timeZone, toDay + 1, 0)) };
}

const closedList = sql.join(closedStatuses.map((s) => sql`${s}`), sql`, `);

function groupKey(groupBy: TicketGrouping, timeZone: string): SQL<string | null> {
  const local = sql`(${tickets.receivedAt} at time zone ${timeZone})`;
  switch (groupBy) {
    case 'field':
      return sql<string | null>`${tickets.fieldId}::text`;
    case 'agency':
      return sql<string | null>`${tickets.agencyId}::text`;
    case 'channel':
      return sql<string>`${tickets.channel}::text`;
    case 'status':
      return sql<string>`${tickets.status}::text`;
    case 'urgency':
      return sql<string>`${tickets.urgency}::text`;
    case 'day':
    case 'week':
    case 'month':
      return sql<string>`to_char(date_trunc(${groupBy}, ${local}), 'YYYY-MM-DD')`;
  }
}

/** Counts of the tickets received in the period, per group, as the principal may see them (an agency: its own). */
export async function ticketReport(db: Executor, principal: Principal, query: TicketReportQuery, timeZone: string, now = new Date()): Promise<TicketReport> {
  const { start, end } = periodBounds(query.from, query.to, timeZone);
  if (principal.role === 'agency_officer' && query.agencyId && query.agencyId !== principal.agencyId) {
    throw forbidden('OTHER_AGENCY', 'Bạn chỉ xem được thống kê của đơn vị mình');
  }
  const conditions: (SQL | undefined)[] = [
    eq(tickets.draft, false),
    gte(tickets.receivedAt, start),
    lt(tickets.receivedAt, end),
    ticketScope(principal),
    query.agencyId ? eq(tickets.agencyId, query.agencyId) : undefined,
    query.fieldId ? eq(tickets.fieldId, query.fieldId) : undefined,
  ];
  const key = groupKey(query.groupBy, timeZone);
  const isClosed = sql`${tickets.status} in (${closedList})`;
  const rows = await db
    .select({
      key,
      total: sql<number>`count(*)::int`,
      open: sql<number>`(count(*) filter (where not ${isClosed}))::int`,
      resolved: sql<number>`(count(*) filter (where ${tickets.resolvedAt} is not null))::int`,
      resolvedOnTime: sql<number>`(count(*) filter (where ${tickets.resolvedAt} is not null and (${tickets.dueAt} is null or ${tickets.resolvedAt} <= ${tickets.dueAt})))::int`,
      resolvedLate: sql<number>`(count(*) filter (where ${tickets.resolvedAt} > ${tickets.dueAt}))::int`,
      overdue: sql<number>`(count(*) filter (where not ${isClosed} and ${tickets.dueAt} < ${now.toISOString()}::timestamptz))::int`,
    })
    .from(tickets)
    .where(and(...conditions))
    .groupBy(sql`1`);
  const labels = await labelsOf(db, query.groupBy, rows.map((r) => r.key).filter((k): k is string => k !== null));
  const groups = rows
    .map((r) => ({ ...r, label: r.key === null ? null : (labels.get(r.key) ?? r.key) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === null ? (b.key === null ? 0 : 1) : -1;
      const byTime = query.groupBy === 'day' || query.groupBy === 'week' || query.groupBy === 'month';
      return byTime ? a.key.localeCompare(b.key) : b.total - a.total || (a.label ?? '').localeCompare(b.label ?? '', 'vi');
    });
  const total: TicketCounts = { total: 0, open: 0, resolved: 0, resolvedOnTime: 0, resolvedLate: 0, overdue: 0 };
  for (const g of groups) for (const k of Object.keys(total) as (keyof TicketCounts)[]) total[k] += g[k];
  return { from: query.from, to: query.to, groupBy: query.groupBy, timeZone, generatedAt: now.toISOString(), groups, total };
}

/** What people read for the enumerated keys (Vietnamese), and names for fields and agencies. */
export const keyLabels: Record<string, string> = {
  phone: 'Điện thoại', web: 'Cổng thông tin', email: 'Thư điện tử', zalo: 'Zalo', facebook: 'Facebook', chat: 'Trò chuyện trực tuyến', walk_in: 'Trực tiếp',
  received: 'Mới tiếp nhận', answered: 'Đã trả lời', refused: 'Từ chối', forwarded: 'Đã chuyển đơn vị', acknowledged: 'Đơn vị đã nhận',
  resolved: 'Đã giải quyết', returned: 'Đơn vị trả lại',
  normal: 'Thường', urgent: 'Khẩn',
};

async function labelsOf(db: Executor, groupBy: TicketGrouping, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  if (groupBy === 'field') {
    const rows = await db.select({ id: fields.id, name: fields.name }).from(fields).where(inArray(fields.id, keys));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  if (groupBy === 'agency') {
    const rows = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(inArray(agencies.id, keys));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  return new Map(keys.map((k) => [k, keyLabels[k] ?? k]));
}
