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

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil); month is 1–12. */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilFromDayNumber(dayNumber: number): CivilDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses a strict 'YYYY-MM-DD' (rejects 2026-02-30); returns undefined when invalid. */
export function parseIsoDate(text: string): CivilDate | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
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
