import { describe, expect, it } from 'vitest';
import { addWorkingHours, isWorkingTime, nextWorkingMoment, workingMillisBetween } from '../../src/calendar/working-time.js';
import { createWorkingCalendar, type ExtraWorkingDay } from '../../src/calendar/calendar.js';
import { vietnamPublicHolidays } from '../../src/calendar/holidays.js';
import { seededRandom, vnText } from './support.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const VN_OFFSET = 7 * HOUR;
const FROM = Date.parse('2026-01-01T00:00:00+07:00');
const SPAN = Date.parse('2027-11-30T00:00:00+07:00') - FROM;

const holidays = [...vietnamPublicHolidays(2026), ...vietnamPublicHolidays(2027), '2026-06-15', '2027-03-10'];
const extraWorkingDays: ExtraWorkingDay[] = [
  { date: '2026-02-28' },
  { date: '2026-10-10', hours: [{ start: '08:00', end: '11:00' }] },
  { date: '2027-04-30' },
  { date: '2027-06-13', hours: [{ start: '13:30', end: '16:15' }] },
];
const calendar = createWorkingCalendar({ holidays, extraWorkingDays });

/** Independent oracle: minute-by-minute walk, fixed UTC+7, written without the module under test. */
const OFFICE: [number, number][] = [
  [450, 690],
  [780, 1020],
];
const holidaySet = new Set(holidays.map((h) => (typeof h === 'string' ? h : h.date)));
const extraMap = new Map<string, [number, number][]>([
  ['2026-02-28', OFFICE],
  ['2026-10-10', [[480, 660]]],
  ['2027-04-30', OFFICE],
  ['2027-06-13', [[810, 975]]],
]);
function referenceWorkingMinute(t: number): boolean {
  const local = new Date(t + VN_OFFSET);
  const iso = local.toISOString().slice(0, 10);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const weekday = local.getUTCDay();
  const intervals = extraMap.get(iso) ?? (holidaySet.has(iso) || weekday === 0 || weekday === 6 ? [] : OFFICE);
  return intervals.some(([s, e]) => s <= minute && minute < e);
}
function referenceAddMinutes(start: number, minutes: number): number {
  let t = start;
  let remaining = minutes;
  while (remaining > 0) {
    if (referenceWorkingMinute(t)) remaining--;
    t += MINUTE;
  }
  return t;
}

describe('addWorkingHours — properties over random starts', () => {
  it('given 400 random starts and durations, when adding working hours, then the invariants hold', () => {
    const random = seededRandom(1022);
    for (let i = 0; i < 400; i++) {
      const start = new Date(FROM + Math.floor(random() * SPAN));
      const hours = random() < 0.2 ? Math.floor(random() * 80) + 1 : Math.round(random() * 16 * 1000) / 1000;
      const due = addWorkingHours(calendar, start, hours);
      const context = `${vnText(start)} + ${hours}h → ${vnText(due)}`;
      expect(due.getTime(), context).toBeGreaterThanOrEqual(start.getTime());
      const inside = isWorkingTime(calendar, due);
      const atIntervalEnd = !inside && isWorkingTime(calendar, new Date(due.getTime() - 1));
      expect(inside || atIntervalEnd || hours === 0, context).toBe(true);
      expect(workingMillisBetween(calendar, start, due), context).toBe(Math.round(hours * HOUR));
      expect(addWorkingHours(calendar, nextWorkingMoment(calendar, start), hours).getTime(), context).toBe(due.getTime());
      const more = addWorkingHours(calendar, start, hours + 0.25);
      expect(more.getTime(), context).toBeGreaterThan(due.getTime());
    }
  });

  it('given 250 random minute-aligned starts, when adding whole minutes, then the result matches a minute-by-minute oracle', () => {
    const random = seededRandom(20260217);
    for (let i = 0; i < 250; i++) {
      const start = FROM + Math.floor((random() * SPAN) / MINUTE) * MINUTE;
      const minutes = 1 + Math.floor(random() * (random() < 0.2 ? 3000 : 600));
      const due = addWorkingHours(calendar, new Date(start), minutes / 60);
      const expected = referenceAddMinutes(start, minutes);
      expect(vnText(due), `${vnText(new Date(start))} + ${minutes} min`).toBe(vnText(new Date(expected)));
    }
  });

  it('given random pairs of instants, when measuring working time, then it is additive over a midpoint', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const [a, m, b] = [random(), random(), random()].map((x) => FROM + Math.floor(x * SPAN)).sort((x, y) => x - y) as [number, number, number];
      const whole = workingMillisBetween(calendar, new Date(a), new Date(b));
      const parts = workingMillisBetween(calendar, new Date(a), new Date(m)) + workingMillisBetween(calendar, new Date(m), new Date(b));
      expect(whole).toBe(parts);
      expect(whole).toBeGreaterThanOrEqual(0);
    }
  });
});
