/**
 * Changing working calendars (R13, R24): every change runs in one transaction that also recomputes the open
 * tickets' deadlines on the calendar (deadline-recompute.ts) and writes the audit entry; a preview runs the very
 * same transaction and rolls it back, so what the admin sees is what applying would do.
 */
import { and, asc, eq, gte, lte, ne } from 'drizzle-orm';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { CalendarError, compileCalendar, formatIsoDate, vietnamPublicHolidays, type TimeInterval, type WorkingCalendar } from '../calendar/index.js';
import type { Database, Executor } from '../db/client.js';
import { calendarDays, workCalendars } from '../db/schema/index.js';
import { DomainError, badRequest, notFound } from '../web/errors.js';
import { loadWorkingCalendar } from './calendar-store.js';
import { applyMovedDeadlines, movedDeadlines, movedSummary } from './deadline-recompute.js';

export type DayKind = (typeof calendarDays.$inferSelect)['kind'];

export interface CalendarDayInput {
  date: string;
  kind: DayKind;
  name: string;
  hours?: TimeInterval[] | null | undefined;
}

export type CalendarRow = typeof workCalendars.$inferSelect;
type DayRow = typeof calendarDays.$inferSelect;

export const dayView = (d: Pick<DayRow, 'date' | 'kind' | 'name' | 'hours'>) => ({
  date: d.date,
  kind: d.kind,
  name: d.name,
  hours: Array.isArray(d.hours) ? (d.hours as TimeInterval[]) : null,
});

/** 400 INVALID_DATE unless every date is a real day of the calendar ('2026-02-30' is not). */
export function requireRealDates(dates: readonly string[]): void {
  const wrong = dates.filter((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d;
  });
  if (wrong.length > 0) throw badRequest('INVALID_DATE', `Ngày không có thật: ${wrong.join(', ')}`);
}

/** A calendar the deadline arithmetic accepts (400 INVALID_CALENDAR naming the problem otherwise). */
export function requireValidCalendar(calendar: WorkingCalendar): void {
  try {
    compileCalendar(calendar);
  } catch (error) {
    if (error instanceof CalendarError) throw badRequest('INVALID_CALENDAR', `Lịch làm việc không hợp lệ: ${error.message}`);
    throw error;
  }
}

/**
 * The days of a government decision for `year`: the holidays (the default Vietnamese list when none is given),
 * the extra days off, the swapped working days. Dates must be in the year and appear once.
 */
export function decisionDays(
  year: number,
  input: { holidays?: CalendarDayInput[] | undefined; daysOff?: Array<{ date: string; name: string }> | undefined; workingDays?: Array<{ date: string; name: string; hours?: TimeInterval[] | undefined }> | undefined },
): CalendarDayInput[] {
  const holidays = input.holidays ?? vietnamPublicHolidays(year).map((h) => ({ date: h.date, kind: h.kind, name: h.name }));
  const days: CalendarDayInput[] = [
    ...holidays,
    ...(input.daysOff ?? []).map((d) => ({ date: d.date, kind: 'day_off' as const, name: d.name })),
    ...(input.workingDays ?? []).map((d) => ({ date: d.date, kind: 'working_day' as const, name: d.name, hours: d.hours ?? null })),
  ];
  requireRealDates(days.map((d) => d.date));
  const outside = days.filter((d) => !d.date.startsWith(`${year}-`)).map((d) => d.date);
  if (outside.length > 0) throw badRequest('DATE_OUTSIDE_YEAR', `Các ngày không thuộc năm ${year}: ${outside.join(', ')}`);
  const seen = new Set<string>();
  const repeated = days.filter((d) => (seen.has(d.date) ? true : (seen.add(d.date), false))).map((d) => d.date);
  if (repeated.length > 0) throw badRequest('DUPLICATE_DATE', `Mỗi ngày chỉ khai báo một lần: ${[...new Set(repeated)].join(', ')}`);
  return days.sort((a, b) => (a.date < b.date ? -1 : 1));
}

export async function findCalendar(db: Executor, id: string): Promise<CalendarRow> {
  const [row] = await db.select().from(workCalendars).where(eq(workCalendars.id, id));
  if (!row) throw notFound('lịch làm việc');
  return row;
}

export async function daysOf(db: Executor, calendarId: string, year?: number) {
  const inYear = year ? and(gte(calendarDays.date, formatIsoDate(year, 1, 1)), lte(calendarDays.date, formatIsoDate(year, 12, 31))) : undefined;
  return db.select().from(calendarDays).where(and(eq(calendarDays.calendarId, calendarId), inYear)).orderBy(asc(calendarDays.date));
}

/** Makes `calendarId` the default (the calendar of rules without one) and no other. */
export async function makeDefault(tx: Executor, calendarId: string): Promise<void> {
  await tx.update(workCalendars).set({ isDefault: false, updatedAt: new Date() }).where(and(eq(workCalendars.isDefault, true), ne(workCalendars.id, calendarId)));
  await tx.update(workCalendars).set({ isDefault: true, updatedAt: new Date() }).where(eq(workCalendars.id, calendarId));
}

class PreviewRollback extends Error {
  constructor(readonly outcome: unknown) {
    super('preview: rolled back');
  }
}

export interface CalendarChangeOptions {
  actor: AuditActor;
  ip: string;
  action: string;
  preview: boolean;
  timeZone: string;
}

/**
 * Runs `change` on a calendar, then recomputes the open tickets' deadlines on it (when it is or becomes the default,
 * also those of rules without a calendar), audits with `details`, all in one transaction; rolled back for a preview.
 */
export async function changeCalendar<T>(
  db: Database,
  calendarId: string,
  options: CalendarChangeOptions,
  change: (tx: Executor, current: CalendarRow) => Promise<{ result: T; details: Record<string, unknown> }>,
) {
  const run = async (tx: Executor) => {
    const current = await findCalendar(tx, calendarId);
    const { result, details } = await change(tx, current);
    const updated = await findCalendar(tx, calendarId);
    const calendar = await loadWorkingCalendar(tx, calendarId, options.timeZone);
    requireValidCalendar(calendar);
    const moved = await movedDeadlines(tx, calendarId, updated.isDefault || current.isDefault, calendar);
    await applyMovedDeadlines(tx, moved, options.actor, updated.name);
    await recordAudit(tx, {
      actor: options.actor,
      action: options.action,
      entityType: 'work_calendar',
      entityId: calendarId,
      ip: options.ip,
      details: { ...details, deadlinesMoved: moved.length },
    });
    return { result, calendar: updated, deadlines: movedSummary(moved) };
  };
  if (!options.preview) return { ...(await db.transaction(run)), saved: true };
  try {
    await db.transaction(async (tx) => {
      throw new PreviewRollback(await run(tx));
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return { ...(error.outcome as Awaited<ReturnType<typeof run>>), saved: false };
    throw error;
  }
  throw new DomainError(500, 'INTERNAL', 'preview did not roll back');
}
