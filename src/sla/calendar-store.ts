/**
 * Work calendars as stored (work_calendars + calendar_days) → the calendar module's WorkingCalendar.
 * holiday, compensatory and day_off rows are days off; working_day rows are swapped working days.
 */
import { eq } from 'drizzle-orm';
import { createWorkingCalendar, type ExtraWorkingDay, type TimeInterval, type WeeklyHours, type WorkingCalendar } from '../calendar/index.js';
import type { Executor } from '../db/client.js';
import { calendarDays, workCalendars } from '../db/schema/index.js';

type CalendarRow = typeof workCalendars.$inferSelect;
type DayRow = typeof calendarDays.$inferSelect;

/** weekly_hours is JSON keyed "0" (Sunday) … "6"; a missing day has no hours. */
function weeklyHoursOf(value: unknown): WeeklyHours {
  const source = (value ?? {}) as Record<string, TimeInterval[] | undefined>;
  const day = (n: number): TimeInterval[] => source[String(n)] ?? [];
  return { 0: day(0), 1: day(1), 2: day(2), 3: day(3), 4: day(4), 5: day(5), 6: day(6) };
}

export function toWorkingCalendar(calendar: CalendarRow, days: readonly DayRow[]): WorkingCalendar {
  const holidays = days.filter((d) => d.kind !== 'working_day').map((d) => d.date);
  const extraWorkingDays: ExtraWorkingDay[] = days
    .filter((d) => d.kind === 'working_day')
    .map((d) => (Array.isArray(d.hours) ? { date: d.date, hours: d.hours as TimeInterval[] } : { date: d.date }));
  return createWorkingCalendar({ timeZone: calendar.timeZone, weeklyHours: weeklyHoursOf(calendar.weeklyHours), holidays, extraWorkingDays });
}

/**
 * The calendar with this id; without an id, the default calendar (is_default); without one,
 * state-office hours in `fallbackTimeZone` with no holidays.
 */
export async function loadWorkingCalendar(db: Executor, calendarId: string | null, fallbackTimeZone: string): Promise<WorkingCalendar> {
  const [calendar] = await db
    .select()
    .from(workCalendars)
    .where(calendarId ? eq(workCalendars.id, calendarId) : eq(workCalendars.isDefault, true))
    .limit(1);
  if (!calendar) return createWorkingCalendar({ timeZone: fallbackTimeZone });
  const days = await db.select().from(calendarDays).where(eq(calendarDays.calendarId, calendar.id));
  return toWorkingCalendar(calendar, days);
}
