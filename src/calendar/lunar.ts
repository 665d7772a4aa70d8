/**
 * Vietnamese lunar calendar (âm lịch, UTC+7 since 1968) conversions.
 *
 * Backed by `@dqcai/vn-lunar`, which ships Hồ Ngọc Đức's precomputed tables
 * for 1200–2199 (verified against the astronomical algorithm and known Tết
 * dates; see README.md). The package is used through a narrow typed facade
 * because (a) its .d.ts files use extension-less relative imports, so under
 * NodeNext resolution every export is typed `any`, and (b) it silently returns
 * zeros or rolls over on invalid input. Every result is round-trip checked.
 */
import * as vnLunar from '@dqcai/vn-lunar';
import { formatIsoDate, parseIsoDate, type IsoDate } from './civil-date.js';
import { localDateOf } from './zone.js';

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  /** True for a leap month (tháng nhuận). */
  leap: boolean;
}

export const LUNAR_MIN_YEAR = 1200;
export const LUNAR_MAX_YEAR = 2199;
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

interface VnLunarApi {
  getSolarDate(day: number, month: number, year: number, leap?: boolean): { day: number; month: number; year: number };
  getLunarDate(day: number, month: number, year: number): { day: number; month: number; year: number; leap: boolean };
}

const lib: VnLunarApi = vnLunar;

/** Solar (Gregorian) date of a Vietnamese lunar date; throws RangeError if that lunar date does not exist. */
export function lunarToSolar(year: number, month: number, day: number, leap = false): IsoDate {
  assertInt('lunar year', year, LUNAR_MIN_YEAR, LUNAR_MAX_YEAR);
  assertInt('lunar month', month, 1, 12);
  assertInt('lunar day', day, 1, 30);
  const s = lib.getSolarDate(day, month, year, leap);
  const back = s.year === 0 ? undefined : lib.getLunarDate(s.day, s.month, s.year);
  if (!back || back.year !== year || back.month !== month || back.day !== day || back.leap !== leap) {
    const label = `${day}/${month}${leap ? ' (nhuận)' : ''}/${year}`;
    throw new RangeError(`Lunar date ${label} does not exist in the Vietnamese calendar`);
  }
  return formatIsoDate(s.year, s.month, s.day);
}

/**
 * Lunar date of a solar date. A 'YYYY-MM-DD' string is taken as a civil date;
 * a Date is an instant, converted to its civil date in Vietnam (Asia/Ho_Chi_Minh).
 */
export function solarToLunar(date: Date | IsoDate): LunarDate {
  const civil = typeof date === 'string' ? parseIsoDate(date) : localDateOf(VIETNAM_TIME_ZONE, date.getTime());
  if (!civil) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const l = lib.getLunarDate(civil.day, civil.month, civil.year);
  if (l.year < LUNAR_MIN_YEAR || l.year > LUNAR_MAX_YEAR || l.day === 0) {
    throw new RangeError(`Date outside the supported lunar range (${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR})`);
  }
  return { year: l.year, month: l.month, day: l.day, leap: l.leap };
}

/** Mùng 1 Tết: the solar date of lunar 1/1 of `year`. */
export function lunarNewYear(year: number): IsoDate {
  return lunarToSolar(year, 1, 1);
}

function assertInt(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer in ${min}–${max}, got ${value}`);
  }
}
