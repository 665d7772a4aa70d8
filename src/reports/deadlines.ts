import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { agencies, tickets } from '../db/schema/index.js';
import { openStatuses } from '../tickets/workflow.js';

export interface DeadlineSummary {
  at: string;
  dueSoonMinutes: number;
  /** Per agency holding the tickets (null: still at the hotline), the ones with any due soon or overdue first. */
  agencies: Array<{ agencyId: string | null; name: string | null; dueSoon: number; overdue: number }>;
  total: { dueSoon: number; overdue: number };
}

/**
 * Open tickets due soon (within `dueSoonMinutes`) and overdue, counted per agency: what the wallboard shows. The same
 * definitions as the tickets list's `due` filter (src/tickets/queries.ts); drafts are not counted.
 */
export async function deadlineSummary(db: Database, { now, dueSoonMinutes }: { now: Date; dueSoonMinutes: number }): Promise<DeadlineSummary> {
  const soon = new Date(now.getTime() + dueSoonMinutes * 60_000);
  const rows = await db
    .select({
      agencyId: tickets.agencyId,
      name: agencies.name,
      overdue: sql<number>`count(*) filter (where ${tickets.dueAt} < ${now.toISOString()})`.mapWith(Number),
      dueSoon: sql<number>`count(*) filter (where ${tickets.dueAt} >= ${now.toISOString()})`.mapWith(Number),
    })
    .from(tickets)
    .leftJoin(agencies, eq(agencies.id, tickets.agencyId))
    .where(and(inArray(tickets.status, [...openStatuses]), eq(tickets.draft, false), isNotNull(tickets.dueAt), lt(tickets.dueAt, soon)))
    .groupBy(tickets.agencyId, agencies.name);
  const byWeight = rows
    .map((r) => ({ agencyId: r.agencyId, name: r.name, dueSoon: r.dueSoon, overdue: r.overdue }))
    .sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || (a.name ?? '').localeCompare(b.name ?? '', 'vi'));
  return {
    at: now.toISOString(),
    dueSoonMinutes,
    agencies: byWeight,
    total: { dueSoon: byWeight.reduce((n, a) => n + a.dueSoon, 0), overdue: byWeight.reduce((n, a) => n + a.overdue, 0) },
  };
}

