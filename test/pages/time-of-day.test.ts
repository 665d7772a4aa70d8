import { describe, expect, it } from 'vitest';
import { isLocalDateTime, isTimeOfDay, joinLocalDateTime, normaliseTimeOfDay, splitLocalDateTime } from '../../web/shared/format/time-of-day.js';

/** Times typed the Vietnamese way, 24 h (issue 14): the admin console's and agency portal's time fields. */
describe('time of day, 24 h', () => {
  it.each(['00:00', '07:30', '12:00', '23:59'])('given %s, then it is a time', (text) => expect(isTimeOfDay(text)).toBe(true));
  it.each(['24:00', '7:30', '07:60', '07:30 PM', '', '0730'])('given %s, then it is not', (text) => expect(isTimeOfDay(text)).toBe(false));

  it.each([
    ['7:30', '07:30'],
    ['730', '07:30'],
    ['0730', '07:30'],
    ['7h30', '07:30'],
    ['17g', '17:00'],
    ['7', '07:00'],
    [' 23.59 ', '23:59'],
    ['25:00', '25:00'],
    ['7:3', '7:3'],
    ['7:30 PM', '7:30 PM'],
  ])('given %j typed, then it reads %j', (typed, read) => expect(normaliseTimeOfDay(typed)).toBe(read));

  it('given a date and a time, then they join as datetime-local did, and split back', () => {
    expect(joinLocalDateTime('2026-12-08', '14:30')).toBe('2026-12-08T14:30');
    expect(isLocalDateTime('2026-12-08T14:30')).toBe(true);
    expect(isLocalDateTime(joinLocalDateTime('2026-12-08', ''))).toBe(false);
    expect(isLocalDateTime(joinLocalDateTime('', '14:30'))).toBe(false);
    expect(joinLocalDateTime('', '')).toBe('');
    expect(splitLocalDateTime('2026-12-08T14:30')).toEqual({ date: '2026-12-08', time: '14:30' });
    expect(splitLocalDateTime('')).toEqual({ date: '', time: '' });
  });
});
