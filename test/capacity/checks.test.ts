import { describe, expect, it } from 'vitest';
import { capacityTimeline, describeSpan, findGaps, findOverlaps, weekSpans } from '../../src/capacity/checks.js';

const day = { name: 'Ngày', startsAt: '07:00', endsAt: '18:00', capacity: 15, daysOfWeek: null };
const night = { name: 'Đêm', startsAt: '18:00', endsAt: '07:00', capacity: 2, daysOfWeek: null };

describe('line capacity checks (R2)', () => {
  it('given R2 day and night windows, when checked, then they neither overlap nor leave a gap', () => {
    expect(findOverlaps([day, night])).toEqual([]);
    expect(findGaps([day, night])).toEqual([]);
  });

  it('given a window wrapping midnight on Saturday, when spread on the week, then it continues on Sunday morning', () => {
    expect(weekSpans({ ...night, daysOfWeek: [6] })).toEqual([
      { start: 6 * 1440 + 18 * 60, end: 7 * 1440 },
      { start: 0, end: 7 * 60 },
    ]);
  });

  it('given a night window ending at 08:00, when checked against the day window, then the overlap names both windows and the first place (Sunday, first day of the week)', () => {
    const overlaps = findOverlaps([day, { ...night, endsAt: '08:00' }]);
    expect(overlaps).toHaveLength(1);
    expect(overlaps[0]).toMatchObject({ first: 'Ngày', second: 'Đêm', where: 'Chủ nhật 07:00–08:00' });
  });

  it('given a Sunday-only window inside an every-day window, when checked, then it is an overlap on Sunday', () => {
    const overlaps = findOverlaps([day, { name: 'Chủ nhật', startsAt: '08:00', endsAt: '12:00', capacity: 5, daysOfWeek: [0] }]);
    expect(overlaps.map((o) => o.where)).toEqual(['Chủ nhật 08:00–12:00']);
  });

  it('given only weekday office hours, when checked, then the gaps are the nights and the weekend, Saturday night into Monday as one', () => {
    const gaps = findGaps([{ ...day, daysOfWeek: [1, 2, 3, 4, 5] }]).map(describeSpan);
    expect(gaps).toEqual([
      'Thứ Hai 18:00 – Thứ Ba 07:00',
      'Thứ Ba 18:00 – Thứ Tư 07:00',
      'Thứ Tư 18:00 – Thứ Năm 07:00',
      'Thứ Năm 18:00 – Thứ Sáu 07:00',
      'Thứ Sáu 18:00 – Thứ Hai 07:00',
    ]);
  });

  it('given no window at all, when checked, then the whole week is one gap', () => {
    expect(findGaps([])).toEqual([{ start: 0, end: 7 * 1440 }]);
  });

  it('given day and night windows, when the next 24 h are previewed from 16:30 Hanoi time, then the segments switch at 18:00 and 07:00', () => {
    const from = new Date('2026-03-02T09:30:00Z'); // Monday 16:30 +07:00
    const segments = capacityTimeline([day, night], from, 24, 'Asia/Ho_Chi_Minh', 2);
    expect(segments.map((s) => [s.from.toISOString(), s.to.toISOString(), s.capacity, s.window])).toEqual([
      ['2026-03-02T09:30:00.000Z', '2026-03-02T11:00:00.000Z', 15, 'Ngày'],
      ['2026-03-02T11:00:00.000Z', '2026-03-03T00:00:00.000Z', 2, 'Đêm'],
      ['2026-03-03T00:00:00.000Z', '2026-03-03T09:30:00.000Z', 15, 'Ngày'],
    ]);
  });

  it('given a gap, when previewed, then the gap shows the fallback with no window', () => {
    const from = new Date('2026-03-02T10:00:00Z'); // Monday 17:00
    const segments = capacityTimeline([day], from, 2, 'Asia/Ho_Chi_Minh', 3);
    expect(segments.map((s) => [s.capacity, s.window])).toEqual([[15, 'Ngày'], [3, null]]);
  });
});
