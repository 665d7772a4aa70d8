import { and, count, eq, gte, lt, sql, sum } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { agencies, smsMessages } from '../db/schema/index.js';

export interface SmsMonthlyRow {
  agencyId: string | null;
  agencyName: string | null;
  status: 'pending' | 'sent' | 'failed';
  messages: number;
  segments: number;
}

/**
 * Billing (R15): messages and segments per agency and status for one calendar month (YYYY-MM) in
 * the business time zone. A message belongs to the month it was sent in, or — not sent (yet) —
 * the month it was queued in. The province pays for the segments of the `sent` rows.
 */
export async function monthlySmsCounts(db: Executor, month: string, timeZone: string): Promise<SmsMonthlyRow[]> {
  const at = sql`coalesce(${smsMessages.sentAt}, ${smsMessages.createdAt})`;
  const first = sql`(${`${month}-01`}::timestamp at time zone ${timeZone})`;
  const next = sql`((${`${month}-01`}::timestamp + interval '1 month') at time zone ${timeZone})`;
  const rows = await db
    .select({
      agencyId: smsMessages.agencyId,
      agencyName: agencies.name,
      status: smsMessages.status,
      messages: count(),
      segments: sum(smsMessages.segments),
    })
    .from(smsMessages)
    .leftJoin(agencies, eq(agencies.id, smsMessages.agencyId))
    .where(and(gte(at, first), lt(at, next)))
    .groupBy(smsMessages.agencyId, agencies.name, smsMessages.status)
    .orderBy(agencies.name, smsMessages.status);
  return rows.map((r) => ({ ...r, messages: Number(r.messages), segments: Number(r.segments ?? 0) }));
}
