import { describe, expect, it } from 'vitest';
import {
  addClockHours,
  addWorkingHours,
  isWorkingTime,
  nextWorkingMoment,
  workingMillisBetween,
} from '../../src/calendar/working-time.js';
import { createWorkingCalendar, type WorkingCalendar } from '../../src/calendar/calendar.js';
import { vietnamPublicHolidays } from '../../src/calendar/holidays.js';
import { CalendarError, NoWorkingTimeError } from '../../src/calendar/errors.js';
import { vn, vnText } from './support.js';

const HOUR = 3_600_000;
const cal = createWorkingCalendar({ holidays: [...vietnamPublicHolidays(2026), ...vietnamPublicHolidays(2027)] });
const add = (start: string, hours: number, calendar: WorkingCalendar = cal): string =>
  vnText(addWorkingHours(calendar, vn(start), hours));

describe('addWorkingHours — state office hours (Mon–Fri 07:30–11:30, 13:00–17:00)', () => {
  it('given Friday 16:30, when adding 8 working hours, then the due time is Monday 16:30', () => {
    expect(add('2026-12-04T16:30', 8)).toBe('2026-12-07T16:30:00+07:00');
  });

  it('given a start during lunch, when adding 1 working hour, then counting starts at 13:00', () => {
    expect(add('2026-12-07T12:00', 1)).toBe('2026-12-07T14:00:00+07:00');
    expect(add('2026-12-07T12:00', 0.5)).toBe('2026-12-07T13:30:00+07:00');
  });

  it('given a start exactly at 11:30, when adding 1 working hour, then the due time is 14:00', () => {
    expect(add('2026-12-07T11:30', 1)).toBe('2026-12-07T14:00:00+07:00');
  });

  it('given a start exactly at 17:00, when adding 1 working hour, then the due time is 08:30 next day', () => {
    expect(add('2026-12-07T17:00', 1)).toBe('2026-12-08T08:30:00+07:00');
  });

  it('given Monday 07:30, when adding exactly one morning of hours, then the result is the interval end 11:30 (not 13:00)', () => {
    expect(add('2026-12-07T07:30', 4)).toBe('2026-12-07T11:30:00+07:00');
    expect(add('2026-12-07T11:00', 0.5)).toBe('2026-12-07T11:30:00+07:00');
    expect(add('2026-12-07T07:30', 8)).toBe('2026-12-07T17:00:00+07:00');
  });

  it('given Friday 13:00, when adding 4 working hours, then the result is Friday 17:00, not Monday 07:30', () => {
    expect(add('2026-12-04T13:00', 4)).toBe('2026-12-04T17:00:00+07:00');
  });

  it('given the eve of 30/4–1/5, when adding 4 working hours, then the holidays and weekend are skipped', () => {
    // Wed 29/4 16:00–17:00 = 1h; Thu 30/4, Fri 1/5 holidays; weekend; Mon 4/5 07:30 + 3h.
    expect(add('2026-04-29T16:00', 4)).toBe('2026-05-04T10:30:00+07:00');
  });

  it('given Friday before Giỗ Tổ on Sunday, when adding 2 working hours, then the compensatory Monday is skipped', () => {
    expect(add('2026-04-24T16:00', 2)).toBe('2026-04-28T08:30:00+07:00');
  });

  it('given Friday before the 2026 Tết break, when adding 8 working hours, then work resumes on Monday 23/2', () => {
    expect(add('2026-02-13T15:00', 8)).toBe('2026-02-23T15:00:00+07:00');
  });

  it('given Tết 2027 spanning a weekend, when adding 4 working hours from Thursday 16:00, then compensatory days are skipped too', () => {
    // Tết 5–9/2 (Fri–Tue), nghỉ bù 10–11/2 (Wed–Thu): resume Friday 12/2.
    expect(add('2027-02-04T16:00', 4)).toBe('2027-02-12T10:30:00+07:00');
  });

  it('given Sunday night, when adding working hours, then counting starts Monday 07:30', () => {
    expect(add('2026-12-06T22:00', 2)).toBe('2026-12-07T09:30:00+07:00');
    expect(add('2026-12-06T22:00', 4)).toBe('2026-12-07T11:30:00+07:00');
  });

  it('given 31 Dec 16:00 with 1 Jan a holiday, when adding 4 working hours, then the due time is Monday 4 Jan 10:30', () => {
    expect(add('2026-12-31T16:00', 4)).toBe('2027-01-04T10:30:00+07:00');
  });

  it('given a swapped working Saturday, when adding hours on Friday afternoon, then the Saturday counts', () => {
    const swapped = { ...cal, extraWorkingDays: [{ date: '2026-12-12' }] };
    expect(add('2026-12-11T16:00', 4, swapped)).toBe('2026-12-12T10:30:00+07:00');
    const morningOnly = { ...cal, extraWorkingDays: [{ date: '2026-12-12', hours: [{ start: '08:00', end: '12:00' }] }] };
    expect(add('2026-12-11T16:00', 4, morningOnly)).toBe('2026-12-12T11:00:00+07:00');
    expect(add('2026-12-11T16:00', 6, morningOnly)).toBe('2026-12-14T08:30:00+07:00');
  });

  it('given an extra working day on a default holiday, when adding hours, then the extra working day wins', () => {
    const worked = { ...cal, extraWorkingDays: [{ date: '2026-04-27' }] };
    expect(add('2026-04-24T16:00', 2, worked)).toBe('2026-04-27T08:30:00+07:00');
  });

  it('given an extra day off given as a plain date string, when adding 8 hours from Friday 16:30, then Monday is skipped', () => {
    const dayOff = { ...cal, holidays: [...cal.holidays, '2026-12-07'] };
    expect(add('2026-12-04T16:30', 8, dayOff)).toBe('2026-12-08T16:30:00+07:00');
  });

  it('given fractional hours, when adding, then minutes and milliseconds are exact', () => {
    expect(add('2026-12-07T11:15', 0.25)).toBe('2026-12-07T11:30:00+07:00');
    expect(add('2026-12-07T10:45', 1.75)).toBe('2026-12-07T14:00:00+07:00');
    expect(add('2026-12-07T07:30', 1 / 3)).toBe('2026-12-07T07:50:00+07:00');
    expect(add('2026-12-07T07:30', 0.001)).toBe('2026-12-07T07:30:03.600+07:00');
  });

  it('given zero hours, when adding, then the result is the next working moment', () => {
    expect(add('2026-12-07T12:00', 0)).toBe('2026-12-07T13:00:00+07:00');
    expect(add('2026-12-07T09:00', 0)).toBe('2026-12-07T09:00:00+07:00');
  });

  it('given a large number of hours, when adding, then whole weeks and holidays are traversed', () => {
    // 2027-01-04 Mon 07:30 + 40h = Fri 8/1 17:00 (one full week).
    expect(add('2027-01-04T07:30', 40)).toBe('2027-01-08T17:00:00+07:00');
    expect(add('2027-01-04T07:30', 41)).toBe('2027-01-11T08:30:00+07:00');
  });

  it('given invalid hours or dates, when adding, then it throws RangeError', () => {
    expect(() => addWorkingHours(cal, vn('2026-12-07T09:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingHours(cal, vn('2026-12-07T09:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingHours(cal, vn('2026-12-07T09:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addWorkingHours(cal, new Date('garbage'), 1)).toThrow(RangeError);
  });
});

describe('addClockHours', () => {
  it('given 24 clock hours across a holiday, when adding, then the calendar is ignored', () => {
    expect(vnText(addClockHours(vn('2026-04-29T10:00'), 24))).toBe('2026-04-30T10:00:00+07:00');
    expect(vnText(addClockHours(vn('2026-02-16T08:00'), 24))).toBe('2026-02-17T08:00:00+07:00');
  });

  it('given fractional or negative clock hours, when adding, then the result moves by that wall time', () => {
    expect(vnText(addClockHours(vn('2026-12-07T09:00'), 0.5))).toBe('2026-12-07T09:30:00+07:00');
    expect(vnText(addClockHours(vn('2026-12-07T09:00'), -1))).toBe('2026-12-07T08:00:00+07:00');
    expect(() => addClockHours(vn('2026-12-07T09:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('isWorkingTime and nextWorkingMoment', () => {
  it.each([
    ['2026-12-07T07:30', true],
    ['2026-12-07T07:29:59.999', false],
    ['2026-12-07T11:29:59.999', true],
    ['2026-12-07T11:30', false],
    ['2026-12-07T12:59:59.999', false],
    ['2026-12-07T13:00', true],
    ['2026-12-07T16:59:59.999', true],
    ['2026-12-07T17:00', false],
    ['2026-12-05T10:00', false], // Saturday
    ['2026-09-02T10:00', false], // Quốc khánh
    ['2026-04-27T10:00', false], // nghỉ bù Giỗ Tổ
  ])('given %s in Vietnam, when checking, then working time is %s', (local, expected) => {
    expect(isWorkingTime(cal, vn(local))).toBe(expected);
  });

  it.each([
    ['2026-12-07T09:15', '2026-12-07T09:15:00+07:00'],
    ['2026-12-07T11:30', '2026-12-07T13:00:00+07:00'],
    ['2026-12-04T17:00', '2026-12-07T07:30:00+07:00'],
    ['2026-12-06T23:59', '2026-12-07T07:30:00+07:00'],
    ['2026-02-13T17:00', '2026-02-23T07:30:00+07:00'],
  ])('given %s, when asking for the next working moment, then it is %s', (local, expected) => {
    expect(vnText(nextWorkingMoment(cal, vn(local)))).toBe(expected);
  });
});

describe('workingMillisBetween', () => {
  it('given Friday 16:30 and Monday 16:30, when measuring, then 8 working hours elapsed', () => {
    expect(workingMillisBetween(cal, vn('2026-12-04T16:30'), vn('2026-12-07T16:30'))).toBe(8 * HOUR);
  });

  it('given an interval over lunch, when measuring, then lunch does not count', () => {
    expect(workingMillisBetween(cal, vn('2026-12-07T11:00'), vn('2026-12-07T13:30'))).toBe(1 * HOUR);
  });

  it('given the whole Tết 2026 break, when measuring, then no working time elapsed', () => {
    expect(workingMillisBetween(cal, vn('2026-02-13T17:00'), vn('2026-02-23T07:30'))).toBe(0);
  });

  it('given reversed or equal bounds, when measuring, then the result is negative or zero', () => {
    expect(workingMillisBetween(cal, vn('2026-12-07T16:30'), vn('2026-12-04T16:30'))).toBe(-8 * HOUR);
    expect(workingMillisBetween(cal, vn('2026-12-07T09:00'), vn('2026-12-07T09:00'))).toBe(0);
  });

  it('given the whole of 2027, when measuring, then it equals (weekdays − weekday days off) × 8 hours', () => {
    // 2027 has 261 weekdays; 11 days off fall on weekdays (14 entries minus 2/6, 2/7 and 1/5 on weekends).
    const hours = workingMillisBetween(cal, vn('2027-01-01T00:00'), vn('2028-01-01T00:00')) / HOUR;
    expect(hours).toBe((261 - 11) * 8);
  });
});

describe('calendars without working time', () => {
  const empty = createWorkingCalendar({ weeklyHours: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] } });

  it('given a calendar with no working hours at all, when adding hours, then a typed NoWorkingTimeError is thrown', () => {
    expect(() => addWorkingHours(empty, vn('2026-12-07T09:00'), 1)).toThrow(NoWorkingTimeError);
    expect(() => nextWorkingMoment(empty, vn('2026-12-07T09:00'))).toThrow(NoWorkingTimeError);
    try {
      addWorkingHours(empty, vn('2026-12-07T09:00'), 1);
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarError);
      expect((e as CalendarError).code).toBe('NO_WORKING_TIME');
    }
  });

  it('given no weekly hours but a future extra working day, when adding hours, then that day is used, and after it the error returns', () => {
    const single = { ...empty, extraWorkingDays: [{ date: '2026-12-12' }] };
    expect(add('2026-12-07T09:00', 2, single)).toBe('2026-12-12T09:30:00+07:00');
    expect(() => addWorkingHours(single, vn('2026-12-07T09:00'), 9)).toThrow(NoWorkingTimeError);
    expect(() => addWorkingHours(single, vn('2026-12-13T09:00'), 1)).toThrow(NoWorkingTimeError);
  });

  it('given a calendar with no working hours, when measuring working time, then it is zero (no error)', () => {
    expect(workingMillisBetween(empty, vn('2026-01-01T00:00'), vn('2027-01-01T00:00'))).toBe(0);
    expect(isWorkingTime(empty, vn('2026-12-07T09:00'))).toBe(false);
  });
});

describe('other calendars', () => {
  it('given a 24/7 calendar, when adding working hours, then it equals clock hours', () => {
    const always = [{ start: '00:00', end: '24:00' }];
    const cal247 = createWorkingCalendar({ weeklyHours: { 0: always, 1: always, 2: always, 3: always, 4: always, 5: always, 6: always } });
    const start = vn('2026-12-31T22:15');
    expect(addWorkingHours(cal247, start, 30).getTime()).toBe(addClockHours(start, 30).getTime());
  });

  it('given an evening shift ending at 24:00 followed by one starting at 00:00, when adding, then midnight is continuous', () => {
    const night = createWorkingCalendar({
      weeklyHours: { 0: [], 1: [{ start: '20:00', end: '24:00' }], 2: [{ start: '00:00', end: '02:00' }], 3: [], 4: [], 5: [], 6: [] },
    });
    expect(add('2026-12-07T23:00', 2, night)).toBe('2026-12-08T01:00:00+07:00');
    expect(add('2026-12-07T20:00', 4, night)).toBe('2026-12-08T00:00:00+07:00');
  });

  it('given a calendar round-tripped through JSON, when adding hours, then the result is the same', () => {
    const fromJson = JSON.parse(JSON.stringify(cal)) as WorkingCalendar;
    expect(add('2026-12-04T16:30', 8, fromJson)).toBe('2026-12-07T16:30:00+07:00');
  });

  it('given a New York calendar across the spring-forward weekend, when adding 4 hours from Friday 16:00, then it is Monday 12:00 EDT', () => {
    const office = [{ start: '09:00', end: '17:00' }];
    const ny = createWorkingCalendar({ timeZone: 'America/New_York', weeklyHours: { 0: [], 1: office, 2: office, 3: office, 4: office, 5: office, 6: [] } });
    const start = new Date('2026-03-06T16:00:00-05:00');
    const due = addWorkingHours(ny, start, 4);
    expect(due.toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(workingMillisBetween(ny, start, due)).toBe(4 * HOUR);
    // fall back (1 Nov 2026): Friday 16:00 EDT + 2h → Monday 10:00 EST
    expect(addWorkingHours(ny, new Date('2026-10-30T16:00:00-04:00'), 2).toISOString()).toBe('2026-11-02T15:00:00.000Z');
  });

  it('given a 24/7 New York calendar, when adding 24 hours over the 23-hour DST day, then elapsed time (not wall time) is counted', () => {
    const always = [{ start: '00:00', end: '24:00' }];
    const ny = createWorkingCalendar({
      timeZone: 'America/New_York',
      weeklyHours: { 0: always, 1: always, 2: always, 3: always, 4: always, 5: always, 6: always },
    });
    const start = new Date('2026-03-07T12:00:00-05:00');
    expect(addWorkingHours(ny, start, 24).toISOString()).toBe('2026-03-08T17:00:00.000Z');
  });
});
