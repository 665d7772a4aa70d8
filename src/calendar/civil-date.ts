/**
 * Civil (wall-calendar) dates as 'YYYY-MM-DD' strings and as day numbers
 * (days since 1970-01-01), computed with UTC arithmetic only, so the process
 * time zone never matters.
 */
export type IsoDate = string;

/** 0 = Sunday … 6 = Saturday, as in `Date#getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date; month is 1–12. */
export function dayNumberOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.floor(d.getTime() / MS_PER_DAY);
}

export function civilFromDayNumber(dayNumber: number): CivilDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Parses a strict 'YYYY-MM-DD' (rejects 2026-02-30); returns undefined when invalid. */
export function parseIsoDate(text: string): CivilDate | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const back = civilFromDayNumber(dayNumberOf(year, month, day));
  if (back.year !== year || back.month !== month || back.day !== day) return undefined;
  return back;
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

export function isoDateFromDayNumber(dayNumber: number): IsoDate {
  const { year, month, day } = civilFromDayNumber(dayNumber);
  return formatIsoDate(year, month, day);
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Day number of a 'YYYY-MM-DD'; throws RangeError when the text is not a valid date. */
export function dayNumberOfIso(text: IsoDate): number {
  const c = parseIsoDate(text);
  if (!c) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(text)}`);
  return dayNumberOf(c.year, c.month, c.day);
}

export function weekdayOfDayNumber(dayNumber: number): Weekday {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber + 4) % 7) + 7) % 7 as Weekday;
}

export function weekdayOfIso(text: IsoDate): Weekday {
  return weekdayOfDayNumber(dayNumberOfIso(text));
}

export function addDaysIso(text: IsoDate, days: number): IsoDate {
  return isoDateFromDayNumber(dayNumberOfIso(text) + days);
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
