/**
 * Working-time arithmetic over a WorkingCalendar. Every computation walks the
 * calendar's local days and their intervals (never minute by minute), in the
 * calendar's time zone, independently of the process TZ.
 */
import { MS_PER_HOUR } from './civil-date.js';
import { compileCalendar, intervalsOn, type CompiledCalendar, type WorkingCalendar } from './calendar.js';
import { NoWorkingTimeError } from './errors.js';
import { instantOfLocal, localDayAndTime } from './zone.js';

export { formatInZone } from './zone.js';

/** Consecutive days without working time after which a calendar is declared to have none (~10 years). */
export const MAX_IDLE_DAYS = 3660;

/** `start` plus `hours` of wall time; ignores the calendar. Fractions allowed; result rounded to the millisecond. */
export function addClockHours(start: Date, hours: number): Date {
  return new Date(msOf(start) + hoursToMs(hours, true));
}

/**
 * The instant at which `hours` of working time have elapsed since `start`.
 * Counting begins at the next working moment when `start` is outside working
 * time. A result that lands exactly on an interval end is that end (Mon 07:30
 * + 4h → Mon 11:30, not 13:00). Zero hours yields nextWorkingMoment(start).
 * Throws NoWorkingTimeError when the calendar runs out of working time.
 */
export function addWorkingHours(calendar: WorkingCalendar, start: Date, hours: number): Date {
  let remaining = hoursToMs(hours, false);
  const c = compileCalendar(calendar);
  for (const [s, e] of workingSpans(c, msOf(start))) {
    if (remaining <= e - s) return new Date(s + remaining);
    remaining -= e - s;
  }
  throw new NoWorkingTimeError();
}

/** True when `at` lies in a working interval [start, end) of its local day. */
export function isWorkingTime(calendar: WorkingCalendar, at: Date): boolean {
  const c = compileCalendar(calendar);
  const ms = msOf(at);
  const { dayNumber } = localDayAndTime(c.timeZone, ms);
  return intervalsOn(c, dayNumber).some(([s, e]) => {
    return instantOfLocal(c.timeZone, dayNumber, s) <= ms && ms < instantOfLocal(c.timeZone, dayNumber, e);
  });
}

/** `at` itself when it is working time, else the start of the next working interval. */
export function nextWorkingMoment(calendar: WorkingCalendar, at: Date): Date {
  for (const [s] of workingSpans(compileCalendar(calendar), msOf(at))) return new Date(s);
  throw new NoWorkingTimeError();
}

/** Working milliseconds in [a, b); negative when b is before a. Never throws for lack of working time. */
export function workingMillisBetween(calendar: WorkingCalendar, a: Date, b: Date): number {
  const from = msOf(a);
  const to = msOf(b);
  if (to < from) return -workingMillisBetween(calendar, b, a);
  let total = 0;
  for (const [s, e] of workingSpans(compileCalendar(calendar), from, to)) {
    if (s >= to) break;
    total += Math.min(e, to) - s;
  }
  return total;
}

/**
 * Absolute working spans [start, end) ending after `fromMs`, in order, the
 * first clipped to `fromMs`. Stops once a local day starts at or after
 * `untilMs`; when unbounded, throws NoWorkingTimeError if no working time remains.
 */
function* workingSpans(c: CompiledCalendar, fromMs: number, untilMs = Number.POSITIVE_INFINITY): Generator<[number, number]> {
  const tz = c.timeZone;
  let idleDays = 0;
  for (let day = localDayAndTime(tz, fromMs).dayNumber; ; day++) {
    if (instantOfLocal(tz, day, 0) >= untilMs) return;
    const intervals = intervalsOn(c, day);
    let found = false;
    for (const [startOfDay, endOfDay] of intervals) {
      const s = instantOfLocal(tz, day, startOfDay);
      const e = instantOfLocal(tz, day, endOfDay);
      if (e <= fromMs || e <= s) continue;
      found = true;
      yield [Math.max(s, fromMs), e];
    }
    idleDays = found || intervals.length > 0 ? 0 : idleDays + 1;
    const exhausted = !c.hasWeeklyTime && day >= c.lastExtraDay;
    if (untilMs === Number.POSITIVE_INFINITY && (exhausted || idleDays > MAX_IDLE_DAYS)) throw new NoWorkingTimeError();
  }
}

function msOf(date: Date): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  return ms;
}

function hoursToMs(hours: number, allowNegative: boolean): number {
  if (!Number.isFinite(hours) || (!allowNegative && hours < 0)) {
    throw new RangeError(`hours must be a finite${allowNegative ? '' : ' non-negative'} number, got ${hours}`);
  }
  return Math.round(hours * MS_PER_HOUR);
}
