/**
 * How long an open ticket has left before its deadline, in working hours of its rule's calendar (R13) and in clock
 * time: what the agency portal shows next to each ticket (new, acknowledged, due soon, overdue). Computed at each
 * read with the calendars as stored now, never stored.
 */
import { inArray } from 'drizzle-orm';
import { workingMillisBetween, type WorkingCalendar } from '../calendar/index.js';
import type { Executor } from '../db/client.js';
import { slaRules } from '../db/schema/index.js';
import { loadWorkingCalendar } from '../sla/calendar-store.js';
import type { TicketRow } from './create.js';
import { closedStatuses } from './workflow.js';

export type DeadlineState = 'on_time' | 'due_soon' | 'overdue';

export interface TimeLeft {
  state: DeadlineState;
  /** Working minutes from now to dueAt on the rule's calendar; negative once overdue (working minutes past). */
  workingMinutes: number;
  /** Clock minutes from now to dueAt; negative once overdue. */
  minutes: number;
}

/** The time left of each open ticket with a deadline (others are absent), read for one response. */
export async function timeLeftOf(
  db: Executor,
  rows: readonly TicketRow[],
  context: { now: Date; dueSoonMinutes: number; timeZone: string },
): Promise<Map<string, TimeLeft>> {
  const open = rows.filter((t) => t.dueAt && !closedStatuses.includes(t.status));
  const result = new Map<string, TimeLeft>();
  if (open.length === 0) return result;
  const ruleIds = [...new Set(open.map((t) => t.slaRuleId).filter((id): id is string => id !== null))];
  const rules = ruleIds.length > 0 ? await db.select({ id: slaRules.id, calendarId: slaRules.calendarId }).from(slaRules).where(inArray(slaRules.id, ruleIds)) : [];
  const calendarOfRule = new Map(rules.map((r) => [r.id, r.calendarId]));
  const calendars = new Map<string, WorkingCalendar>();
  const calendarFor = async (calendarId: string | null) => {
    const key = calendarId ?? 'default';
    let calendar = calendars.get(key);
    if (!calendar) {
      calendar = await loadWorkingCalendar(db, calendarId, context.timeZone);
      calendars.set(key, calendar);
    }
    return calendar;
  };
  const { now } = context;
  for (const ticket of open) {
    const dueAt = ticket.dueAt as Date;
    const calendar = await calendarFor(ticket.slaRuleId ? (calendarOfRule.get(ticket.slaRuleId) ?? null) : null);
    const clock = dueAt.getTime() - now.getTime();
    const state: DeadlineState = clock < 0 ? 'overdue' : clock < context.dueSoonMinutes * 60_000 ? 'due_soon' : 'on_time';
    result.set(ticket.id, { state, workingMinutes: Math.trunc(workingMillisBetween(calendar, now, dueAt) / 60_000), minutes: Math.trunc(clock / 60_000) });
  }
  return result;
}
