/**
 * The WorkingCalendar value (plain, JSON-serialisable data) and its
 * validation into a compiled form with day numbers and millisecond offsets.
 */
import { InvalidCalendarError } from './errors.js';
import { MS_PER_DAY, MS_PER_MINUTE, dayNumberOfIso, weekdayOfDayNumber, type IsoDate, type Weekday } from './civil-date.js';
import type { Holiday } from './holidays.js';
import { assertTimeZone } from './zone.js';

/** Local wall-clock interval, 'HH:MM' (00:00–23:59; end may be '24:00'), half-open [start, end). */
export interface TimeInterval {
  start: string;
  end: string;
}

export type WeeklyHours = Record<Weekday, TimeInterval[]>;

/** A date worked although it is a weekend day or a holiday (e.g. a swapped Saturday). */
export interface ExtraWorkingDay {
  date: IsoDate;
  /** Defaults to the calendar's Monday hours, or STATE_OFFICE_HOURS when Monday has none. */
  hours?: TimeInterval[];
}

export interface WorkingCalendar {
  /** IANA zone in which hours and dates are read; default 'Asia/Ho_Chi_Minh'. */
  timeZone: string;
  weeklyHours: WeeklyHours;
  /** Dates off: 'YYYY-MM-DD' strings or Holiday entries (kind is ignored; every entry is a day off). */
  holidays: ReadonlyArray<IsoDate | Holiday>;
  /** Working dates that override weekly hours and holidays. */
  extraWorkingDays: ExtraWorkingDay[];
}

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Hours of Vietnamese state administrative offices: 07:30–11:30 and 13:00–17:00. */
export const STATE_OFFICE_HOURS: readonly TimeInterval[] = Object.freeze([
  Object.freeze({ start: '07:30', end: '11:30' }),
  Object.freeze({ start: '13:00', end: '17:00' }),
]);

/** Monday–Friday STATE_OFFICE_HOURS, Saturday and Sunday off. */
export function defaultWeeklyHours(): WeeklyHours {
  const office = (): TimeInterval[] => STATE_OFFICE_HOURS.map((i) => ({ ...i }));
  return { 0: [], 1: office(), 2: office(), 3: office(), 4: office(), 5: office(), 6: [] };
}

/** A calendar with the defaults above for every field not given. */
export function createWorkingCalendar(options: Partial<WorkingCalendar> = {}): WorkingCalendar {
  return {
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    weeklyHours: options.weeklyHours ?? defaultWeeklyHours(),
    holidays: options.holidays ?? [],
    extraWorkingDays: options.extraWorkingDays ?? [],
  };
}

/** [start, end) in milliseconds after local midnight. */
export type DayInterval = readonly [number, number];

export interface CompiledCalendar {
  timeZone: string;
  weekly: readonly (readonly DayInterval[])[];
  holidays: ReadonlySet<number>;
  extraDays: ReadonlyMap<number, readonly DayInterval[]>;
  /** True when at least one weekday has working time. */
  hasWeeklyTime: boolean;
  /** Largest day number of extraDays that has working time (-Infinity when none). */
  lastExtraDay: number;
}

const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const HH_MM = /^(\d{2}):(\d{2})$/;

/** Validates a calendar and converts it to day numbers; throws InvalidCalendarError. */
export function compileCalendar(calendar: WorkingCalendar): CompiledCalendar {
  assertTimeZone(calendar.timeZone);
  const weekly = WEEKDAYS.map((w) => compileIntervals(calendar.weeklyHours[w] ?? [], `weekday ${w}`));
  const holidays = new Set(calendar.holidays.map((h) => dayOf(typeof h === 'string' ? h : h.date, 'holiday')));
  const mondayHours = weekly[1] ?? [];
  const extraDefault = mondayHours.length > 0 ? mondayHours : compileIntervals(STATE_OFFICE_HOURS, 'office hours');
  const extraDays = new Map<number, readonly DayInterval[]>();
  let lastExtraDay = Number.NEGATIVE_INFINITY;
  for (const extra of calendar.extraWorkingDays) {
    const day = dayOf(extra.date, 'extra working day');
    const hours = extra.hours ? compileIntervals(extra.hours, extra.date) : extraDefault;
    extraDays.set(day, hours);
    if (hours.length > 0) lastExtraDay = Math.max(lastExtraDay, day);
  }
  return { timeZone: calendar.timeZone, weekly, holidays, extraDays, hasWeeklyTime: weekly.some((d) => d.length > 0), lastExtraDay };
}

/** Working intervals of a local day: extra working day, else none on a holiday, else the weekly hours. */
export function intervalsOn(c: CompiledCalendar, dayNumber: number): readonly DayInterval[] {
  const extra = c.extraDays.get(dayNumber);
  if (extra) return extra;
  if (c.holidays.has(dayNumber)) return [];
  return c.weekly[weekdayOfDayNumber(dayNumber)] ?? [];
}

function dayOf(date: IsoDate, what: string): number {
  try {
    return dayNumberOfIso(date);
  } catch {
    throw new InvalidCalendarError(`Invalid ${what} date: ${JSON.stringify(date)} (expected YYYY-MM-DD)`);
  }
}

function parseClock(text: string, where: string): number {
  const m = HH_MM.exec(text);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  if (!m || min > 59 || h > 24 || (h === 24 && min !== 0)) {
    throw new InvalidCalendarError(`Invalid time ${JSON.stringify(text)} in ${where} (expected HH:MM)`);
  }
  return (h * 60 + min) * MS_PER_MINUTE;
}

/** Sorts, rejects empty or overlapping intervals, and merges touching ones (11:30–11:30). */
function compileIntervals(intervals: readonly TimeInterval[], where: string): DayInterval[] {
  const parsed = intervals
    .map((i): [number, number] => [parseClock(i.start, where), parseClock(i.end, where)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of parsed) {
    if (start >= end || end > MS_PER_DAY) throw new InvalidCalendarError(`Interval must have start < end in ${where}`);
    const last = merged[merged.length - 1];
    if (last && start < last[1]) throw new InvalidCalendarError(`Overlapping intervals in ${where}`);
    if (last && start === last[1]) last[1] = end;
    else merged.push([start, end]);
  }
  return merged;
}
