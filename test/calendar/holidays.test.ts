import { describe, expect, it } from 'vitest';
import {
  adjustHolidays,
  nationalDayCompanion,
  vietnamPublicHolidays,
  withCompensatoryDays,
  type Holiday,
} from '../../src/calendar/holidays.js';
import { lunarToSolar, solarToLunar } from '../../src/calendar/lunar.js';
import { addDaysIso, weekdayOfIso } from '../../src/calendar/civil-date.js';

const TET = 'Tết Nguyên Đán';
const GIO_TO = 'Giỗ Tổ Hùng Vương';
const REUNIFICATION = 'Ngày Giải phóng miền Nam, thống nhất đất nước';
const LABOUR = 'Ngày Quốc tế Lao động';
const NATIONAL = 'Quốc khánh';

const h = (date: string, name: string): Holiday => ({ date, name, kind: 'holiday' });
const comp = (date: string, name: string): Holiday => ({ date, name: `Nghỉ bù ${name}`, kind: 'compensatory' });

describe('vietnamPublicHolidays', () => {
  it('given 2026, when listing holidays, then Giỗ Tổ on Sunday 26/4 is compensated on Monday 27/4 and Tết is 16–20/2', () => {
    expect(vietnamPublicHolidays(2026)).toEqual([
      h('2026-01-01', 'Tết Dương lịch'),
      h('2026-02-16', TET),
      h('2026-02-17', TET),
      h('2026-02-18', TET),
      h('2026-02-19', TET),
      h('2026-02-20', TET),
      h('2026-04-26', GIO_TO),
      comp('2026-04-27', GIO_TO),
      h('2026-04-30', REUNIFICATION),
      h('2026-05-01', LABOUR),
      h('2026-09-01', NATIONAL),
      h('2026-09-02', NATIONAL),
    ]);
  });

  it('given 2027, when listing holidays, then Tết over the weekend gets two compensatory days and 1/5 (Saturday) one', () => {
    expect(vietnamPublicHolidays(2027)).toEqual([
      h('2027-01-01', 'Tết Dương lịch'),
      h('2027-02-05', TET),
      h('2027-02-06', TET),
      h('2027-02-07', TET),
      h('2027-02-08', TET),
      h('2027-02-09', TET),
      comp('2027-02-10', TET),
      comp('2027-02-11', TET),
      h('2027-04-16', GIO_TO),
      h('2027-04-30', REUNIFICATION),
      h('2027-05-01', LABOUR),
      comp('2027-05-03', LABOUR),
      h('2027-09-02', NATIONAL),
      h('2027-09-03', NATIONAL),
    ]);
  });

  it('given Giỗ Tổ dates, when checked with the lunar code, then they are lunar 10/3', () => {
    expect(solarToLunar('2026-04-26')).toEqual({ year: 2026, month: 3, day: 10, leap: false });
    expect(solarToLunar('2027-04-16')).toEqual({ year: 2027, month: 3, day: 10, leap: false });
  });

  it.each([2021, 2024, 2025, 2026, 2027, 2028, 2030, 2040, 2050])(
    'given %i, when listing holidays, then Tết is the last day of the lunar year plus lunar 1–4',
    (year) => {
      const tet = vietnamPublicHolidays(year).filter((x) => x.name === TET).map((x) => x.date);
      const first = lunarToSolar(year, 1, 1);
      expect(tet).toEqual([-1, 0, 1, 2, 3].map((d) => addDaysIso(first, d)));
      const eve = solarToLunar(tet[0] ?? '');
      expect(eve.year).toBe(year - 1);
      expect(eve.month).toBe(12);
    },
  );

  it.each([
    [2021, '2021-09-03'], // Thursday → Friday
    [2022, '2022-09-01'], // Friday → Thursday
    [2023, '2023-09-01'], // Saturday → Friday (plus nghỉ bù Monday 4/9)
    [2024, '2024-09-03'], // Monday → Tuesday
    [2025, '2025-09-01'], // Tuesday → Monday
    [2026, '2026-09-01'], // Wednesday → Tuesday (no neighbour reaches a weekend)
    [2029, '2029-09-03'], // Sunday → Monday
  ])('given 2/9/%i, when choosing the adjacent Quốc khánh day, then it is %s', (year, expected) => {
    expect(nationalDayCompanion(year)).toBe(expected);
  });

  it('given 2/9/2023 on a Saturday, when listing holidays, then the break is Friday 1/9 to compensatory Monday 4/9', () => {
    const sept = vietnamPublicHolidays(2023).filter((x) => x.date.startsWith('2023-09'));
    expect(sept).toEqual([h('2023-09-01', NATIONAL), h('2023-09-02', NATIONAL), comp('2023-09-04', NATIONAL)]);
  });

  it('given 2/9/2029 on a Sunday, when listing holidays, then Monday 3/9 is the holiday and Tuesday 4/9 the nghỉ bù', () => {
    const sept = vietnamPublicHolidays(2029).filter((x) => x.date.startsWith('2029-09'));
    expect(sept).toEqual([h('2029-09-02', NATIONAL), h('2029-09-03', NATIONAL), comp('2029-09-04', NATIONAL)]);
  });

  it('given 1/1/2028 on a Saturday and 30/4/2028 on a Sunday, when listing, then nghỉ bù falls on the next free working day', () => {
    const list = vietnamPublicHolidays(2028);
    expect(list).toContainEqual(comp('2028-01-03', 'Tết Dương lịch'));
    // 30/4 Sunday: Monday 1/5 is already a holiday, so the nghỉ bù is Tuesday 2/5.
    expect(list).toContainEqual(comp('2028-05-02', REUNIFICATION));
  });

  it.each(Array.from({ length: 30 }, (_, i) => 2021 + i))(
    'given %i, when listing holidays, then no day off is a weekend compensatory, dates are unique and sorted, and 11 holiday days exist',
    (year) => {
      const list = vietnamPublicHolidays(year);
      const dates = list.map((x) => x.date);
      expect(new Set(dates).size).toBe(dates.length);
      expect([...dates].sort()).toEqual(dates);
      expect(list.filter((x) => x.kind === 'holiday')).toHaveLength(11);
      const weekendHolidays = list.filter((x) => x.kind === 'holiday' && [0, 6].includes(weekdayOfIso(x.date)));
      const compensatory = list.filter((x) => x.kind === 'compensatory');
      expect(compensatory).toHaveLength(weekendHolidays.length);
      for (const c of compensatory) expect([0, 6]).not.toContain(weekdayOfIso(c.date));
      for (const x of list) expect(x.date.startsWith(String(year))).toBe(true);
    },
  );

  it('given holidays in any order, when adding compensatory days, then the result is sorted and each weekend holiday gets one', () => {
    const result = withCompensatoryDays([h('2027-05-01', LABOUR), h('2027-01-02', 'Ngày nghỉ')]);
    expect(result.map((x) => x.date)).toEqual(['2027-01-02', '2027-01-04', '2027-05-01', '2027-05-03']);
  });

  it('given a government decision, when adjusting the default list, then removed dates go and added dates replace defaults', () => {
    const base = vietnamPublicHolidays(2025);
    const adjusted = adjustHolidays(base, {
      remove: ['2025-02-03'],
      add: [h('2025-01-27', 'Nghỉ Tết Nguyên Đán (hoán đổi)'), h('2025-01-28', TET)],
    });
    const dates = adjusted.map((x) => x.date);
    expect(dates).not.toContain('2025-02-03');
    expect(dates).toContain('2025-01-27');
    expect(dates.filter((d) => d === '2025-01-28')).toHaveLength(1);
    expect([...dates].sort()).toEqual(dates);
  });
});
