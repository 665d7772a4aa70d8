/**
 * Default public holidays for Vietnamese state offices, per Labour Code 2019
 * art. 112(1) and the weekly-rest rule of art. 111(3) (nghỉ bù). The
 * government fixes the exact Tết and Quốc khánh days each year; admins apply
 * those decisions with `adjustHolidays` and the calendar's extraWorkingDays.
 */
import { addDaysIso, formatIsoDate, weekdayOfIso, type IsoDate } from './civil-date.js';
import { lunarToSolar } from './lunar.js';

export type HolidayKind = 'holiday' | 'compensatory';

export interface Holiday {
  date: IsoDate;
  /** Vietnamese name, with diacritics. */
  name: string;
  kind: HolidayKind;
}

export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  lunarNewYear: 'Tết Nguyên Đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  reunification: 'Ngày Giải phóng miền Nam, thống nhất đất nước',
  labour: 'Ngày Quốc tế Lao động',
  national: 'Quốc khánh',
} as const;

export const COMPENSATORY_PREFIX = 'Nghỉ bù ';

/**
 * Holidays of a Gregorian year, sorted by date:
 * - 1/1 Tết Dương lịch;
 * - Tết Nguyên Đán, 5 days: the last day of the previous lunar year and lunar 1/1–4/1;
 * - Giỗ Tổ Hùng Vương, lunar 10/3;
 * - 30/4 and 1/5;
 * - 2/9 plus one adjacent day, chosen to join the break to a weekend: 3/9 when
 *   2/9 is a Sunday, Monday or Thursday; otherwise 1/9 (Tuesday, Friday,
 *   Saturday, and Wednesday where neither neighbour reaches a weekend);
 * - a compensatory day (nghỉ bù) on the next working day (Mon–Fri, not a
 *   holiday, not already a compensatory day) for each holiday on Sat/Sun.
 */
export function vietnamPublicHolidays(year: number): Holiday[] {
  const tet = lunarToSolar(year, 1, 1);
  const base: Holiday[] = [
    holiday(formatIsoDate(year, 1, 1), HOLIDAY_NAMES.newYear),
    ...[-1, 0, 1, 2, 3].map((d) => holiday(addDaysIso(tet, d), HOLIDAY_NAMES.lunarNewYear)),
    holiday(lunarToSolar(year, 3, 10), HOLIDAY_NAMES.hungKings),
    holiday(formatIsoDate(year, 4, 30), HOLIDAY_NAMES.reunification),
    holiday(formatIsoDate(year, 5, 1), HOLIDAY_NAMES.labour),
    holiday(formatIsoDate(year, 9, 2), HOLIDAY_NAMES.national),
    holiday(nationalDayCompanion(year), HOLIDAY_NAMES.national),
  ];
  return withCompensatoryDays(mergeSameDate(base));
}

/** The day joined to Quốc khánh (2/9): see `vietnamPublicHolidays`. */
export function nationalDayCompanion(year: number): IsoDate {
  const weekday = weekdayOfIso(formatIsoDate(year, 9, 2));
  const dayAfter = weekday === 0 || weekday === 1 || weekday === 4;
  return formatIsoDate(year, 9, dayAfter ? 3 : 1);
}

/** Adds nghỉ bù days for holidays falling on a Saturday or Sunday. Input need not be sorted. */
export function withCompensatoryDays(holidays: readonly Holiday[]): Holiday[] {
  const sorted = sortByDate(holidays.filter((h) => h.kind === 'holiday'));
  const taken = new Set(holidays.map((h) => h.date));
  const result: Holiday[] = [...holidays];
  for (const h of sorted) {
    if (!isWeekend(h.date)) continue;
    let day = addDaysIso(h.date, 1);
    while (isWeekend(day) || taken.has(day)) day = addDaysIso(day, 1);
    taken.add(day);
    result.push({ date: day, name: COMPENSATORY_PREFIX + h.name, kind: 'compensatory' });
  }
  return sortByDate(result);
}

/**
 * Applies a government decision to a default list: removes `remove` dates and
 * adds `add` entries (an added date replaces any default entry on that date).
 */
export function adjustHolidays(
  holidays: readonly Holiday[],
  change: { add?: readonly Holiday[]; remove?: readonly IsoDate[] },
): Holiday[] {
  const added = change.add ?? [];
  const drop = new Set([...(change.remove ?? []), ...added.map((h) => h.date)]);
  return sortByDate([...holidays.filter((h) => !drop.has(h.date)), ...added]);
}

function holiday(date: IsoDate, name: string): Holiday {
  return { date, name, kind: 'holiday' };
}

/** Two holidays on one date (e.g. Giỗ Tổ on 30/4, last seen in 1947) give one day off with both names. */
function mergeSameDate(holidays: readonly Holiday[]): Holiday[] {
  const byDate = new Map<IsoDate, Holiday>();
  for (const h of holidays) {
    const existing = byDate.get(h.date);
    if (existing && existing.name !== h.name) existing.name = `${existing.name}; ${h.name}`;
    else if (!existing) byDate.set(h.date, { ...h });
  }
  return [...byDate.values()];
}

function isWeekend(date: IsoDate): boolean {
  const w = weekdayOfIso(date);
  return w === 0 || w === 6;
}

function sortByDate(holidays: readonly Holiday[]): Holiday[] {
  return [...holidays].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
