import { describe, expect, it } from 'vitest';
import { addDaysIso, dayNumberOfIso, isIsoDate, isoDateFromDayNumber, parseIsoDate, weekdayOfIso } from '../../src/calendar/civil-date.js';

describe('civil dates', () => {
  it('given valid and invalid strings, when parsing, then only real YYYY-MM-DD dates are accepted', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(() => dayNumberOfIso('nope')).toThrow(RangeError);
  });

  it('given known dates, when computing weekdays, then they match the Gregorian calendar', () => {
    expect(weekdayOfIso('1970-01-01')).toBe(4);
    expect(weekdayOfIso('2026-12-04')).toBe(5);
    expect(weekdayOfIso('2026-04-26')).toBe(0);
    expect(weekdayOfIso('1969-12-31')).toBe(3);
  });

  it('given a date, when adding days across month, year and leap-day boundaries, then the result is right', () => {
    expect(addDaysIso('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysIso('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDaysIso('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoDateFromDayNumber(dayNumberOfIso('2026-02-17'))).toBe('2026-02-17');
  });
});
