import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, type WorkingCalendar } from '../../src/calendar/calendar.js';
import { adjustHolidays, vietnamPublicHolidays, type Holiday } from '../../src/calendar/holidays.js';
import { addWorkingHours, isWorkingTime } from '../../src/calendar/working-time.js';
import { addDaysIso } from '../../src/calendar/civil-date.js';
import { vn, vnText } from './support.js';

/** Dates from..to inclusive that have no working time at 09:00. */
function daysOff(calendar: WorkingCalendar, from: string, to: string): string[] {
  const off: string[] = [];
  for (let d = from; d <= to; d = addDaysIso(d, 1)) if (!isWorkingTime(calendar, vn(`${d}T09:00`))) off.push(d);
  return off;
}

const OFFICIAL_BREAK = ['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22'];

describe('Tết 2026: the official break for civil servants (14/2–22/2)', () => {
  it('given the default 2026 holidays, when listing days off around Tết, then weekends plus 16–20/2 already give 14–22/2', () => {
    const cal = createWorkingCalendar({ holidays: vietnamPublicHolidays(2026) });
    expect(daysOff(cal, '2026-02-13', '2026-02-23')).toEqual(OFFICIAL_BREAK);
  });

  it('given the official decision entered as an exception list of dates, when computing deadlines, then the break is reproduced', () => {
    const tetDates = new Set(vietnamPublicHolidays(2026).filter((h) => h.name === 'Tết Nguyên Đán').map((h) => h.date));
    const official: Holiday[] = OFFICIAL_BREAK.map((date) => ({ date, name: 'Tết Nguyên Đán', kind: 'holiday' }));
    const holidays = adjustHolidays(vietnamPublicHolidays(2026), { remove: [...tetDates], add: official });
    const cal = createWorkingCalendar({ holidays });
    expect(daysOff(cal, '2026-02-13', '2026-02-23')).toEqual(OFFICIAL_BREAK);
    expect(vnText(addWorkingHours(cal, vn('2026-02-13T16:00'), 2))).toBe('2026-02-23T08:30:00+07:00');
  });

  it('given a hypothetical decree that bridges Monday 23/2 and swaps it for Saturday 7/3, when computing, then both exceptions apply', () => {
    const cal = createWorkingCalendar({
      holidays: [...vietnamPublicHolidays(2026), { date: '2026-02-23', name: 'Nghỉ Tết Nguyên Đán (hoán đổi)', kind: 'holiday' }],
      extraWorkingDays: [{ date: '2026-03-07' }],
    });
    expect(daysOff(cal, '2026-02-13', '2026-02-24')).toEqual([...OFFICIAL_BREAK, '2026-02-23']);
    expect(vnText(addWorkingHours(cal, vn('2026-02-13T16:00'), 2))).toBe('2026-02-24T08:30:00+07:00');
    expect(vnText(addWorkingHours(cal, vn('2026-03-06T16:00'), 2))).toBe('2026-03-07T08:30:00+07:00');
  });
});
