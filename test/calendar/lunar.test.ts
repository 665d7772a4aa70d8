import { describe, expect, it } from 'vitest';
import { lunarNewYear, lunarToSolar, solarToLunar } from '../../src/calendar/lunar.js';
import { addDaysIso } from '../../src/calendar/civil-date.js';

describe('Vietnamese lunar calendar', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [1985, '1985-01-21'], // China: 1985-02-20
    [2007, '2007-02-17'], // China: 2007-02-18
  ])('given lunar year %i, when converting 1/1 to solar, then Tết is %s', (year, expected) => {
    expect(lunarToSolar(year, 1, 1)).toBe(expected);
    expect(lunarNewYear(year)).toBe(expected);
  });

  it.each([
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
  ])('given lunar year %i, when converting 10/3, then Giỗ Tổ Hùng Vương is %s', (year, expected) => {
    expect(lunarToSolar(year, 3, 10)).toBe(expected);
  });

  it('given the civil date 2026-02-16, when converting to lunar, then it is 29/12 of lunar 2025 (the last day of the year)', () => {
    expect(solarToLunar('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    expect(solarToLunar('2026-02-17')).toEqual({ year: 2026, month: 1, day: 1, leap: false });
  });

  it('given an instant that is already the next day in Vietnam, when converting a Date, then the Vietnam civil date is used', () => {
    // 2026-02-16T17:30Z is 2026-02-17 00:30 in Vietnam (Mùng 1 Tết) whatever the process TZ.
    expect(solarToLunar(new Date('2026-02-16T17:30:00Z'))).toEqual({ year: 2026, month: 1, day: 1, leap: false });
    expect(solarToLunar(new Date('2026-02-16T16:59:59Z'))).toEqual({ year: 2025, month: 12, day: 29, leap: false });
  });

  it('given lunar 2023 with a leap second month, when converting, then the leap and regular months differ', () => {
    expect(lunarToSolar(2023, 2, 1)).toBe('2023-02-20');
    expect(lunarToSolar(2023, 2, 1, true)).toBe('2023-03-22');
    expect(solarToLunar('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
  });

  it('given a leap flag for a month that is not leap that year, when converting, then it throws RangeError', () => {
    expect(() => lunarToSolar(2026, 2, 1, true)).toThrow(RangeError);
  });

  it('given day 30 of a 29-day lunar month, when converting, then it throws RangeError', () => {
    expect(() => lunarToSolar(2025, 12, 30)).toThrow(RangeError);
  });

  it.each([
    [1199, 1, 1],
    [2200, 1, 1],
    [2026, 0, 1],
    [2026, 13, 1],
    [2026, 1, 0],
    [2026, 1, 31],
    [2026.5, 1, 1],
  ])('given out-of-range input %s/%s/%s, when converting, then it throws RangeError', (y, m, d) => {
    expect(() => lunarToSolar(y, m, d)).toThrow(RangeError);
  });

  it('given a malformed solar date string, when converting, then it throws RangeError', () => {
    expect(() => solarToLunar('2026-02-30')).toThrow(RangeError);
    expect(() => solarToLunar('17/02/2026')).toThrow(RangeError);
  });

  it('given every day of 2020–2030, when converting solar → lunar → solar, then the date round-trips', () => {
    let day = '2020-01-01';
    let previous = solarToLunar(addDaysIso(day, -1));
    while (day <= '2030-12-31') {
      const l = solarToLunar(day);
      expect(lunarToSolar(l.year, l.month, l.day, l.leap)).toBe(day);
      // consecutive days advance by one lunar day or start a new month at day 1
      expect(l.day === previous.day + 1 || l.day === 1).toBe(true);
      previous = l;
      day = addDaysIso(day, 1);
    }
  });
});
