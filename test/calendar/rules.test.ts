import { describe, expect, it } from 'vitest';
import { computeDueAt, R13_DEADLINE_RULES, type DeadlineRule } from '../../src/calendar/rules.js';
import { createWorkingCalendar } from '../../src/calendar/calendar.js';
import { vietnamPublicHolidays } from '../../src/calendar/holidays.js';
import { vn, vnText } from './support.js';

const cal = createWorkingCalendar({ holidays: vietnamPublicHolidays(2026) });
const rule = (kind: DeadlineRule['kind'], hours: number): DeadlineRule => ({ id: `r-${kind}-${hours}`, name: 'Thử', kind, hours });

describe('computeDueAt', () => {
  it('given a 24 clock-hour rule and a ticket on the eve of 30/4, when computing, then the holiday is not skipped', () => {
    expect(vnText(computeDueAt(rule('clock_hours', 24), cal, vn('2026-04-29T10:00')))).toBe('2026-04-30T10:00:00+07:00');
  });

  it('given an 8 working-hour rule and a ticket on Friday 16:30, when computing, then it is due Monday 16:30', () => {
    expect(vnText(computeDueAt(rule('working_hours', 8), cal, vn('2026-12-04T16:30')))).toBe('2026-12-07T16:30:00+07:00');
  });

  it('given a 4 working-hour rule and a ticket on Saturday, when computing, then it is due Monday 11:30', () => {
    expect(vnText(computeDueAt(rule('working_hours', 4), cal, vn('2026-12-05T10:00')))).toBe('2026-12-07T11:30:00+07:00');
  });

  it('given a rule with non-positive or non-finite hours, when computing, then it throws RangeError', () => {
    for (const hours of [0, -4, Number.NaN]) {
      expect(() => computeDueAt(rule('working_hours', hours), cal, vn('2026-12-07T09:00'))).toThrow(RangeError);
    }
  });

  it('given an unknown kind from untyped data, when computing, then it throws RangeError', () => {
    const bad = { id: 'x', name: 'x', kind: 'days', hours: 1 } as unknown as DeadlineRule;
    expect(() => computeDueAt(bad, cal, vn('2026-12-07T09:00'))).toThrow(RangeError);
  });

  it('given the R13 seed rules, when listing, then they cover 24 h, 4 h urgent, 4 and 8 working hours with unique ids', () => {
    expect(R13_DEADLINE_RULES.map((r) => [r.kind, r.hours])).toEqual([
      ['clock_hours', 24],
      ['clock_hours', 4],
      ['working_hours', 4],
      ['working_hours', 8],
    ]);
    expect(new Set(R13_DEADLINE_RULES.map((r) => r.id)).size).toBe(R13_DEADLINE_RULES.length);
  });
});
