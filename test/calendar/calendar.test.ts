import { describe, expect, it } from 'vitest';
import { compileCalendar, createWorkingCalendar, defaultWeeklyHours, intervalsOn, type TimeInterval } from '../../src/calendar/calendar.js';
import { addWorkingHours } from '../../src/calendar/working-time.js';
import { dayNumberOfIso } from '../../src/calendar/civil-date.js';
import { InvalidCalendarError } from '../../src/calendar/errors.js';
import { vn } from './support.js';

const MIN = 60_000;
const monday = (intervals: TimeInterval[]) =>
  createWorkingCalendar({ weeklyHours: { ...defaultWeeklyHours(), 1: intervals } });

describe('WorkingCalendar model', () => {
  it('given no options, when creating a calendar, then it is Asia/Ho_Chi_Minh Mon–Fri 07:30–11:30 and 13:00–17:00', () => {
    const cal = createWorkingCalendar();
    expect(cal.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(cal.weeklyHours[1]).toEqual([
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(cal.weeklyHours[0]).toEqual([]);
    expect(cal.weeklyHours[6]).toEqual([]);
    expect(cal.holidays).toEqual([]);
    expect(cal.extraWorkingDays).toEqual([]);
  });

  it('given two default calendars, when one is mutated, then the other is unaffected', () => {
    const a = createWorkingCalendar();
    const b = createWorkingCalendar();
    a.weeklyHours[1][0] = { start: '08:00', end: '09:00' };
    expect(b.weeklyHours[1][0]).toEqual({ start: '07:30', end: '11:30' });
  });

  it('given unsorted and touching intervals, when compiling, then they are sorted and merged', () => {
    const c = compileCalendar(monday([{ start: '13:00', end: '17:00' }, { start: '08:00', end: '12:00' }, { start: '12:00', end: '13:00' }]));
    expect(intervalsOn(c, dayNumberOfIso('2026-12-07'))).toEqual([[480 * MIN, 1020 * MIN]]);
  });

  it.each([
    [[{ start: '7:30', end: '11:30' }]],
    [[{ start: '07:30', end: '24:01' }]],
    [[{ start: '25:00', end: '26:00' }]],
    [[{ start: '07:60', end: '08:00' }]],
    [[{ start: '11:30', end: '07:30' }]],
    [[{ start: '08:00', end: '08:00' }]],
    [[{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }]],
  ])('given malformed hours %j, when used, then InvalidCalendarError is thrown', (intervals) => {
    expect(() => addWorkingHours(monday(intervals), vn('2026-12-07T09:00'), 1)).toThrow(InvalidCalendarError);
  });

  it('given a bad time zone, holiday or extra day, when used, then InvalidCalendarError is thrown', () => {
    const start = vn('2026-12-07T09:00');
    expect(() => addWorkingHours(createWorkingCalendar({ timeZone: 'Mars/Olympus' }), start, 1)).toThrow(InvalidCalendarError);
    expect(() => addWorkingHours(createWorkingCalendar({ holidays: ['2026-02-30'] }), start, 1)).toThrow(InvalidCalendarError);
    expect(() => addWorkingHours(createWorkingCalendar({ extraWorkingDays: [{ date: '12/12/2026' }] }), start, 1)).toThrow(
      InvalidCalendarError,
    );
  });

  it('given an extra working day without hours and a calendar with empty Mondays, when compiling, then state office hours apply', () => {
    const c = compileCalendar(
      createWorkingCalendar({ weeklyHours: { ...defaultWeeklyHours(), 1: [] }, extraWorkingDays: [{ date: '2026-12-12' }] }),
    );
    expect(intervalsOn(c, dayNumberOfIso('2026-12-12'))).toEqual([
      [450 * MIN, 690 * MIN],
      [780 * MIN, 1020 * MIN],
    ]);
  });
});
