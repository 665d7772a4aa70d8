import { describe, expect, it } from 'vitest';
import { assertTimeZone, formatInZone, instantOfLocal, localDayAndTime, offsetMsAt } from '../../src/calendar/zone.js';
import { dayNumberOf } from '../../src/calendar/civil-date.js';
import { InvalidCalendarError } from '../../src/calendar/errors.js';

const HOUR = 3_600_000;

describe('formatInZone', () => {
  it('given an instant, when formatting in Asia/Ho_Chi_Minh, then it is ISO 8601 with +07:00', () => {
    expect(formatInZone(new Date('2026-12-04T02:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-12-04T09:30:00+07:00');
  });

  it('given an instant near midnight UTC, when formatting in Vietnam, then the local date rolls over', () => {
    expect(formatInZone(new Date('2026-12-31T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2027-01-01T00:00:00+07:00');
  });

  it('given milliseconds, when formatting, then they appear only when non-zero', () => {
    expect(formatInZone(new Date('2026-12-04T02:30:00.045Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-12-04T09:30:00.045+07:00');
  });

  it.each([
    ['UTC', '2026-07-01T12:00:00+00:00'],
    ['America/New_York', '2026-07-01T08:00:00-04:00'],
    ['Asia/Kolkata', '2026-07-01T17:30:00+05:30'],
  ])('given zone %s, when formatting a summer instant, then the offset is right', (zone, expected) => {
    expect(formatInZone(new Date('2026-07-01T12:00:00Z'), zone)).toBe(expected);
  });

  it('given a winter instant in New York, when formatting, then the offset is -05:00', () => {
    expect(formatInZone(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe('2026-01-15T07:00:00-05:00');
  });

  it('given a formatted string, when parsed back by Date, then it is the same instant', () => {
    const d = new Date('2026-03-08T06:59:59.999Z');
    expect(new Date(formatInZone(d, 'America/New_York')).getTime()).toBe(d.getTime());
  });
});

describe('offsets and local times', () => {
  it('given Asia/Ho_Chi_Minh, when reading offsets across years, then it is +7 hours', () => {
    for (const iso of ['2000-01-01T00:00:00Z', '2026-06-15T12:00:00Z', '2040-12-31T23:59:59Z']) {
      expect(offsetMsAt('Asia/Ho_Chi_Minh', Date.parse(iso))).toBe(7 * HOUR);
    }
  });

  it('given the New York spring-forward instant, when reading offsets just before and after, then they are -5 h and -4 h', () => {
    const transition = Date.parse('2026-03-08T07:00:00Z');
    expect(offsetMsAt('America/New_York', transition - 1)).toBe(-5 * HOUR);
    expect(offsetMsAt('America/New_York', transition)).toBe(-4 * HOUR);
  });

  it('given a nonexistent local time (02:30 on spring-forward day), when resolving, then it moves forward to 03:30 EDT', () => {
    const day = dayNumberOf(2026, 3, 8);
    expect(new Date(instantOfLocal('America/New_York', day, 2.5 * HOUR)).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('given an ambiguous local time (01:30 on fall-back day), when resolving, then the earlier (EDT) instant is used', () => {
    const day = dayNumberOf(2026, 11, 1);
    expect(new Date(instantOfLocal('America/New_York', day, 1.5 * HOUR)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('given an instant, when splitting into local day and time, then they match the zone wall clock', () => {
    const { dayNumber, msOfDay } = localDayAndTime('Asia/Ho_Chi_Minh', Date.parse('2026-12-04T20:00:00Z'));
    expect(dayNumber).toBe(dayNumberOf(2026, 12, 5));
    expect(msOfDay).toBe(3 * HOUR);
  });

  it('given an unknown zone name, when validating, then InvalidCalendarError is thrown', () => {
    expect(() => assertTimeZone('Asia/Hanoi_Nowhere')).toThrow(InvalidCalendarError);
    expect(() => assertTimeZone('Asia/Ho_Chi_Minh')).not.toThrow();
  });

  it('given an invalid Date, when formatting, then RangeError is thrown', () => {
    expect(() => formatInZone(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
  });
});
