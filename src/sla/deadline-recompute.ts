/**
 * Open tickets' deadlines when a working calendar changes (R13, issue 14).
 *
 * Decision: deadlines follow the official calendar. When an admin changes a calendar (office hours, a holiday, a
 * government decision for a year, the default calendar), every **open** ticket whose deadline rule counts
 * **working hours** on that calendar gets its dueAt computed again from the same start (`deadlineStartedAt`), and
 * the change is written in the ticket's processing log (`deadline_recomputed`, with the deadline before and after).
 * Clock-hours rules ignore the calendar; closed tickets keep the deadline they were judged against (R20).
 * A preview shows which tickets would move before anything is saved.
 */
import { and, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { AuditActor } from '../audit/service.js';
import { CalendarError, computeDueAt, type WorkingCalendar } from '../calendar/index.js';
import type { Executor } from '../db/client.js';
import { slaRules, ticketEvents, tickets } from '../db/schema/index.js';
import { openStatuses } from '../tickets/workflow.js';
import { DomainError } from '../web/errors.js';

export interface MovedDeadline {
  ticketId: string;
  receiptCode: string;
  status: string;
  agencyId: string | null;
  before: Date;
  after: Date;
}

/** The open tickets whose rule counts working hours on this calendar (rules without a calendar use the default one). */
async function ticketsOnCalendar(db: Executor, calendarId: string, isDefault: boolean) {
  const onCalendar = isDefault ? or(eq(slaRules.calendarId, calendarId), isNull(slaRules.calendarId)) : eq(slaRules.calendarId, calendarId);
  return db
    .select({
      id: tickets.id,
      receiptCode: tickets.receiptCode,
      status: tickets.status,
      agencyId: tickets.agencyId,
      dueAt: tickets.dueAt,
      deadlineStartedAt: tickets.deadlineStartedAt,
      forwardedAt: tickets.forwardedAt,
      receivedAt: tickets.receivedAt,
      rule: { code: slaRules.code, name: slaRules.name, hours: slaRules.hours },
    })
    .from(tickets)
    .innerJoin(slaRules, eq(slaRules.id, tickets.slaRuleId))
    .where(and(inArray(tickets.status, [...openStatuses]), isNotNull(tickets.dueAt), eq(slaRules.kind, 'working_hours'), onCalendar));
}

/** The deadlines `calendar` would move, oldest deadline first. */
export async function movedDeadlines(db: Executor, calendarId: string, isDefault: boolean, calendar: WorkingCalendar): Promise<MovedDeadline[]> {
  const rows = await ticketsOnCalendar(db, calendarId, isDefault);
  const moved: MovedDeadline[] = [];
  for (const row of rows) {
    if (!row.dueAt) continue;
    const start = row.deadlineStartedAt ?? row.forwardedAt ?? row.receivedAt;
    let after: Date;
    try {
      after = computeDueAt({ id: row.rule.code, name: row.rule.name, kind: 'working_hours', hours: row.rule.hours }, calendar, start);
    } catch (error) {
      if (error instanceof CalendarError) throw new DomainError(422, error.code, `Lịch làm việc mới không tính được hạn xử lý: ${error.message}`);
      throw error;
    }
    if (after.getTime() !== row.dueAt.getTime()) {
      moved.push({ ticketId: row.id, receiptCode: row.receiptCode, status: row.status, agencyId: row.agencyId, before: row.dueAt, after });
    }
  }
  return moved.sort((a, b) => a.before.getTime() - b.before.getTime());
}

/** Writes the moved deadlines and one processing-log step per ticket (inside the calendar change's transaction). */
export async function applyMovedDeadlines(tx: Executor, moved: readonly MovedDeadline[], actor: AuditActor, calendarName: string, now = new Date()): Promise<void> {
  for (const m of moved) {
    await tx.update(tickets).set({ dueAt: m.after, updatedAt: now }).where(eq(tickets.id, m.ticketId));
    await tx.insert(ticketEvents).values({
      ticketId: m.ticketId,
      type: 'deadline_recomputed',
      fromStatus: m.status as (typeof tickets.$inferSelect)['status'],
      toStatus: m.status as (typeof tickets.$inferSelect)['status'],
      actorUserId: actor.id,
      note: `Hạn xử lý được tính lại theo lịch làm việc “${calendarName}”`,
      data: { previousDueAt: m.before.toISOString(), dueAt: m.after.toISOString() },
      at: now,
    });
  }
}

/** What the API shows of the moved deadlines: how many, and the first `sampleSize` with before and after. */
export function movedSummary(moved: readonly MovedDeadline[], sampleSize = 20) {
  return {
    count: moved.length,
    sample: moved.slice(0, sampleSize).map((m) => ({
      ticketId: m.ticketId,
      receiptCode: m.receiptCode,
      status: m.status,
      agencyId: m.agencyId,
      before: m.before.toISOString(),
      after: m.after.toISOString(),
    })),
  };
}
