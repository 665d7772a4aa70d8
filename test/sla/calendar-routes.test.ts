import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { calendarDays, ticketEvents, tickets } from '../../src/db/schema/index.js';
import { startTicketApp } from '../tickets/support.js';
import { signInStaff, type Staff } from '../helpers/roles.js';
import type { TestApp } from '../helpers/app.js';

const vn = (local: string) => new Date(`${local}+07:00`);

describe('working calendars API: holidays, decisions, deadlines that follow them (R13, R24)', () => {
  let t: TestApp;
  let s: Staff;
  let calendarId = '';
  let ticketId = '';
  let receiptCode = '';
  beforeAll(async () => {
    // Tickets get the 8-working-hours rule: their deadlines depend on the calendar.
    const c = await startTicketApp({ SLA_DEFAULT_RULE: 'thanh-hoa-verify-8wh' });
    t = c.t;
    s = await signInStaff(t, 'lich');
    const created = await t.app.tickets.create(c.users.operator, { channel: 'phone', content: 'Đèn tín hiệu hỏng', receivedAt: vn('2026-04-29T09:00') });
    ticketId = created.ticket.id;
    receiptCode = created.ticket.receiptCode;
    // Wednesday 29/4 09:00 + 8 working hours: 30/4 and 1/5 are holidays, then the weekend → Monday 4/5 09:00.
    expect(created.ticket.dueAt?.toISOString()).toBe(vn('2026-05-04T09:00').toISOString());
    const list = await s.as('supervisor', 'GET', '/api/calendars?year=2026');
    expect(list.statusCode, list.body).toBe(200);
    const calendar = list.json().items.find((x: { isDefault: boolean }) => x.isDefault);
    calendarId = calendar.id;
    expect(calendar.days.map((d: { date: string }) => d.date)).toContain('2026-04-30');
  });
  afterAll(() => t.close());

  it('given an open ticket due Monday 4/5, when an admin previews a bridge day off on 4/5, then the preview shows its deadline moving to Tuesday and nothing is saved', async () => {
    const response = await s.as('admin', 'PUT', `/api/calendars/${calendarId}/days/2026-05-04?preview=true`, { kind: 'day_off', name: 'Nghỉ bù (hoán đổi)' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      saved: false,
      deadlines: { count: 1, sample: [{ ticketId, receiptCode, before: vn('2026-05-04T09:00').toISOString(), after: vn('2026-05-05T09:00').toISOString() }] },
    });
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.id, ticketId));
    expect(ticket?.dueAt?.toISOString()).toBe(vn('2026-05-04T09:00').toISOString());
    expect(await t.database.db.select().from(calendarDays).where(and(eq(calendarDays.calendarId, calendarId), eq(calendarDays.date, '2026-05-04')))).toEqual([]);
  });

  it('given the same change applied, then the deadline moves, the ticket log says so, and the audit has the day before and after', async () => {
    const response = await s.as('admin', 'PUT', `/api/calendars/${calendarId}/days/2026-05-04`, { kind: 'day_off', name: 'Nghỉ bù (hoán đổi)' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ saved: true, deadlines: { count: 1 } });
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.id, ticketId));
    expect(ticket?.dueAt?.toISOString()).toBe(vn('2026-05-05T09:00').toISOString());
    const events = await t.database.db.select().from(ticketEvents).where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, 'deadline_recomputed')));
    expect(events).toMatchObject([{ actorUserId: expect.any(String), data: { previousDueAt: vn('2026-05-04T09:00').toISOString(), dueAt: vn('2026-05-05T09:00').toISOString() } }]);
    expect((await s.audits(calendarId)).at(-1)).toMatchObject({
      action: 'calendar.day_set',
      details: { date: '2026-05-04', before: null, after: { kind: 'day_off', name: 'Nghỉ bù (hoán đổi)' }, deadlinesMoved: 1 },
    });
  });

  it('given the day removed again, then the deadline comes back to Monday', async () => {
    const response = await s.as('admin', 'DELETE', `/api/calendars/${calendarId}/days/2026-05-04`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().deadlines.sample[0]).toMatchObject({ before: vn('2026-05-05T09:00').toISOString(), after: vn('2026-05-04T09:00').toISOString() });
  });

  it("given the government's Tết 2026 decision (14–22/2) applied in one request, then the year's days are the official break plus the other holidays, and it is audited", async () => {
    const official = ['14', '15', '16', '17', '18', '19', '20', '21', '22'].map((d) => ({ date: `2026-02-${d}`, kind: 'holiday', name: 'Tết Nguyên Đán' }));
    const defaults = (await s.as('admin', 'GET', '/api/calendars/public-holidays/2026')).json().items.filter((h: { name: string }) => h.name !== 'Tết Nguyên Đán');
    const response = await s.as('admin', 'POST', `/api/calendars/${calendarId}/years/2026`, { holidays: [...defaults, ...official] });
    expect(response.statusCode, response.body).toBe(200);
    const days = response.json().days.map((d: { date: string }) => d.date);
    expect(days.filter((d: string) => d.startsWith('2026-02'))).toEqual(official.map((d) => d.date));
    expect(days).toContain('2026-04-30');
    expect(response.json().saved).toBe(true);
    const audit = (await s.audits(calendarId)).at(-1);
    expect(audit).toMatchObject({ action: 'calendar.year_apply', details: { year: 2026, fields: ['days'] } });
    expect((audit?.details as { after: { days: unknown[] } }).after.days).toHaveLength(days.length);
  });

  it('given a decision with no holiday list, when applied, then the default Vietnamese list is used, with extra days off and a swapped Saturday', async () => {
    const response = await s.as('admin', 'POST', `/api/calendars/${calendarId}/years/2027?preview=true`, {
      daysOff: [{ date: '2027-04-29', name: 'Nghỉ hoán đổi' }],
      workingDays: [{ date: '2027-05-08', name: 'Làm bù cho 29/4' }],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().saved).toBe(false);
    const byDate = new Map(response.json().days.map((d: { date: string; kind: string }) => [d.date, d.kind]));
    expect(byDate.get('2027-01-01')).toBe('holiday');
    expect(byDate.get('2027-04-29')).toBe('day_off');
    expect(byDate.get('2027-05-08')).toBe('working_day');
  });

  it('given new office hours (Saturday morning worked), when an admin changes them, then the deadline moves to Saturday', async () => {
    const calendar = (await s.as('admin', 'GET', `/api/calendars/${calendarId}`)).json();
    const weeklyHours = { ...calendar.weeklyHours, '6': [{ start: '07:30', end: '11:30' }] };
    const response = await s.as('admin', 'PATCH', `/api/calendars/${calendarId}`, { weeklyHours });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().deadlines.sample[0].after).toBe(vn('2026-05-02T09:00').toISOString());
    expect((await s.audits(calendarId)).at(-1)).toMatchObject({ action: 'calendar.update', details: { fields: ['weeklyHours'] } });
  });

  it('given a new calendar made the default with its years of holidays, then it is the default and the other is not', async () => {
    const response = await s.as('admin', 'POST', '/api/calendars', { code: 'tinh-moi', name: 'Lịch mới', holidayYears: [2026], isDefault: true });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ isDefault: true, weeklyHours: { '1': [{ start: '07:30', end: '11:30' }, { start: '13:00', end: '17:00' }], '6': [] } });
    expect(response.json().days.length).toBeGreaterThan(10);
    expect((await s.as('admin', 'GET', `/api/calendars/${calendarId}`)).json().isDefault).toBe(false);
  });

  describe('refusals', () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    it.each([
      ['not signed in', null, 'GET', '/api/calendars', undefined, 401, 'UNAUTHENTICATED'],
      ['an operator', 'operator', 'GET', '/api/calendars', undefined, 403, 'FORBIDDEN'],
      ['a supervisor writing', 'supervisor', 'PUT', '/api/calendars/CAL/days/2026-06-01', { kind: 'day_off', name: 'x' }, 403, 'FORBIDDEN'],
      ['an unknown calendar', 'admin', 'GET', `/api/calendars/${unknown}`, undefined, 404, 'NOT_FOUND'],
      ['removing a day that is not there', 'admin', 'DELETE', '/api/calendars/CAL/days/2026-06-02', undefined, 404, 'NOT_FOUND'],
      ['a bad date', 'admin', 'PUT', '/api/calendars/CAL/days/2026-6-1', { kind: 'day_off', name: 'x' }, 400, 'VALIDATION_FAILED'],
      ['an impossible date', 'admin', 'PUT', '/api/calendars/CAL/days/2026-02-30', { kind: 'day_off', name: 'x' }, 400, 'INVALID_DATE'],
      ['an unknown kind', 'admin', 'PUT', '/api/calendars/CAL/days/2026-06-01', { kind: 'party', name: 'x' }, 400, 'VALIDATION_FAILED'],
      ['working-day hours that overlap', 'admin', 'PUT', '/api/calendars/CAL/days/2026-06-06', { kind: 'working_day', name: 'x', hours: [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }] }, 400, 'INVALID_CALENDAR'],
      ['office hours ending before they start', 'admin', 'PATCH', '/api/calendars/CAL', { weeklyHours: { '0': [], '1': [{ start: '17:00', end: '07:30' }], '2': [], '3': [], '4': [], '5': [], '6': [] } }, 400, 'INVALID_CALENDAR'],
      ['office hours at 25:00', 'admin', 'PATCH', '/api/calendars/CAL', { weeklyHours: { '0': [], '1': [{ start: '07:00', end: '25:00' }], '2': [], '3': [], '4': [], '5': [], '6': [] } }, 400, 'VALIDATION_FAILED'],
      ['un-defaulting a calendar', 'admin', 'PATCH', '/api/calendars/CAL', { isDefault: false }, 400, 'VALIDATION_FAILED'],
      ['a decision with a date of another year', 'admin', 'POST', '/api/calendars/CAL/years/2026', { daysOff: [{ date: '2027-01-02', name: 'x' }] }, 400, 'DATE_OUTSIDE_YEAR'],
      ['a decision with a date twice', 'admin', 'POST', '/api/calendars/CAL/years/2026', { holidays: [], daysOff: [{ date: '2026-06-01', name: 'x' }], workingDays: [{ date: '2026-06-01', name: 'y' }] }, 400, 'DUPLICATE_DATE'],
      ['a year out of range', 'admin', 'GET', '/api/calendars/public-holidays/1900', undefined, 400, 'VALIDATION_FAILED'],
      ['a calendar code taken', 'admin', 'POST', '/api/calendars', { code: 'tinh-moi', name: 'Trùng' }, 409, 'ALREADY_EXISTS'],
    ] as const)('given %s (%s %s %s %o), then %i %s', async (_case, role, method, url, payload, status, code) => {
      const response = await s.as(role, method, url.replace('CAL', calendarId), payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
    });

    it('given a calendar whose every hour is removed, when saved, then 422 NO_WORKING_TIME and nothing changes', async () => {
      const none = { '0': [], '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] };
      const response = await s.as('admin', 'PATCH', `/api/calendars/${calendarId}`, { weeklyHours: none });
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().code).toBe('NO_WORKING_TIME');
      expect((await s.as('admin', 'GET', `/api/calendars/${calendarId}`)).json().weeklyHours['1']).toHaveLength(2);
    });
  });
});
