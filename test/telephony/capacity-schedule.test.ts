import { describe, expect, it } from 'vitest';
import { capacityAt, defaultCapacityWindows, type CapacityWindow } from '../../src/capacity/schedule.js';

const tz = 'Asia/Ho_Chi_Minh';
/** A local time in Viet Nam (UTC+7, no DST). 2026-12-07 is a Monday. */
const at = (iso: string) => new Date(`${iso}+07:00`);

describe('capacityAt', () => {
  it.each([
    ['2026-12-07T07:00:00', 15],
    ['2026-12-07T12:30:00', 15],
    ['2026-12-07T17:59:00', 15],
    ['2026-12-07T18:00:00', 2],
    ['2026-12-07T23:59:00', 2],
    ['2026-12-08T00:00:00', 2],
    ['2026-12-08T06:59:00', 2],
  ])('given the default schedule, when it is %s in Viet Nam, then the capacity is %i', (local, expected) => {
    expect(capacityAt(defaultCapacityWindows, at(local), tz, 0).capacity).toBe(expected);
  });

  it('given a window for named days that wraps midnight, when it is the early morning after such a day, then it still applies', () => {
    const windows: CapacityWindow[] = [
      ...defaultCapacityWindows,
      { name: 'Sunday night', startsAt: '18:00', endsAt: '07:00', capacity: 1, daysOfWeek: [0] },
    ];
    expect(capacityAt(windows, at('2026-12-06T20:00:00'), tz, 0).capacity).toBe(1); // Sunday evening
    expect(capacityAt(windows, at('2026-12-07T03:00:00'), tz, 0).capacity).toBe(1); // Monday 03:00 is Sunday's night
    expect(capacityAt(windows, at('2026-12-07T20:00:00'), tz, 0).capacity).toBe(2); // Monday night
  });

  it('given a lunch window inside the day window, when lunch runs, then the most recently started window wins', () => {
    const windows: CapacityWindow[] = [...defaultCapacityWindows, { name: 'lunch', startsAt: '11:30', endsAt: '13:30', capacity: 5 }];
    expect(capacityAt(windows, at('2026-12-07T12:00:00'), tz, 0)).toMatchObject({ capacity: 5, window: { name: 'lunch' } });
    expect(capacityAt(windows, at('2026-12-07T13:30:00'), tz, 0).capacity).toBe(15);
  });

  it('given two every-day windows starting together, when both cover the instant, then the lower capacity applies', () => {
    const windows: CapacityWindow[] = [
      { startsAt: '08:00', endsAt: '12:00', capacity: 10 },
      { startsAt: '08:00', endsAt: '17:00', capacity: 4 },
    ];
    expect(capacityAt(windows, at('2026-12-07T09:00:00'), tz, 0).capacity).toBe(4);
  });

  it('given a gap in the schedule, when no window covers the instant, then the fallback applies', () => {
    const windows: CapacityWindow[] = [{ startsAt: '08:00', endsAt: '17:00', capacity: 10 }];
    expect(capacityAt(windows, at('2026-12-07T20:00:00'), tz, 3)).toEqual({ capacity: 3, window: null });
  });

  it('given equal start and end, when any time of day, then the window covers the whole day', () => {
    expect(capacityAt([{ startsAt: '00:00:00', endsAt: '00:00:00', capacity: 7 }], at('2026-12-07T23:59:59'), tz, 0).capacity).toBe(7);
  });
});
