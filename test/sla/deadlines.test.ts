import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInZone } from '../../src/calendar/index.js';
import { calendarDays, slaRules, workCalendars } from '../../src/db/schema/index.js';
import { createTicket, transition } from '../../src/tickets/service.js';
import { defaultTicketSettings } from '../../src/tickets/settings.js';
import { fieldId, ruleId, startTicketApp } from '../tickets/support.js';

type Ctx = Awaited<ReturnType<typeof startTicketApp>>;
const tz = 'Asia/Ho_Chi_Minh';
const local = (d: Date | null) => (d ? formatInZone(d, tz) : null);

/** R13 from the stored rules and calendar: preview for admins, and the deadlines tickets get. */
describe('deadlines', () => {
  let c: Ctx;
  beforeAll(async () => {
    c = await startTicketApp();
  });
  afterAll(() => c.t.close());

  const preview = (who: keyof Ctx['cookies'], payload: Record<string, unknown>) =>
    c.t.app.inject({ method: 'POST', url: '/api/sla/preview', headers: { cookie: c.cookies[who] }, payload });

  describe('POST /api/sla/preview', () => {
    it('given Friday 16:30 and 8 working hours, then Monday 16:30 +07:00', async () => {
      const response = await preview('admin', { ruleId: await ruleId(c.t, 'thanh-hoa-verify-8wh'), start: '2026-03-06T16:30:00+07:00' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ dueAt: '2026-03-09T16:30:00+07:00' });
    });

    it('given 24 clock hours across the 30/4 holiday, then the holiday still counts', async () => {
      const response = await preview('supervisor', { ruleId: await ruleId(c.t, 'dong-nai-24h'), start: '2026-04-29T10:00:00+07:00' });
      expect(response.json()).toEqual({ dueAt: '2026-04-30T10:00:00+07:00' });
    });

    it('given 8 working hours across 30/4 and 1/5 (Thursday, Friday), then they and the weekend are skipped', async () => {
      const response = await preview('admin', { ruleId: await ruleId(c.t, 'thanh-hoa-verify-8wh'), start: '2026-04-29T16:30:00+07:00' });
      expect(response.json()).toEqual({ dueAt: '2026-05-04T16:30:00+07:00' });
    });

    it('given a start in UTC, then the answer is still in the calendar zone', async () => {
      const response = await preview('admin', { ruleId: await ruleId(c.t, 'thanh-hoa-result-4wh'), start: '2026-03-06T02:00:00Z' });
      expect(response.json()).toEqual({ dueAt: '2026-03-06T14:30:00+07:00' }); // 09:00 + 2.5 h to 11:30, then 1.5 h after 13:00
    });

    it('given a swapped working Saturday in the calendar, then it counts as working time', async () => {
      const [calendar] = await c.t.database.db.select().from(workCalendars).where(eq(workCalendars.isDefault, true));
      await c.t.database.db.insert(calendarDays).values({ calendarId: calendar!.id, date: '2026-03-07', kind: 'working_day', name: 'Làm bù' });
      const response = await preview('admin', { ruleId: await ruleId(c.t, 'thanh-hoa-verify-8wh'), start: '2026-03-06T16:30:00+07:00' });
      expect(response.json()).toEqual({ dueAt: '2026-03-07T16:30:00+07:00' });
      await c.t.database.db.delete(calendarDays).where(eq(calendarDays.date, '2026-03-07'));
    });

    it('given an operator or an officer, then 403; bad input 400; an unknown rule 404', async () => {
      const id = await ruleId(c.t, 'dong-nai-24h');
      expect((await preview('operator', { ruleId: id, start: '2026-03-06T16:30:00+07:00' })).statusCode).toBe(403);
      expect((await preview('health', { ruleId: id, start: '2026-03-06T16:30:00+07:00' })).statusCode).toBe(403);
      expect((await preview('admin', { ruleId: id, start: 'Friday' })).statusCode).toBe(400);
      expect((await preview('admin', { ruleId: 'dong-nai-24h', start: '2026-03-06T16:30:00+07:00' })).statusCode).toBe(400);
      expect((await preview('admin', { start: '2026-03-06T16:30:00+07:00' })).statusCode).toBe(400);
      const missing = await preview('admin', { ruleId: '00000000-0000-4000-8000-000000000000', start: '2026-03-06T16:30:00+07:00' });
      expect(missing.statusCode).toBe(404);
    });

    it('given a calendar with no working time, then 422 NO_WORKING_TIME, not a hang', async () => {
      const [calendar] = await c.t.database.db.insert(workCalendars).values({ code: 'khong-lam', name: 'Không làm việc', weeklyHours: {} }).returning();
      const [rule] = await c.t.database.db.insert(slaRules).values({ code: 'never', name: 'never', kind: 'working_hours', hours: 1, calendarId: calendar!.id, active: false }).returning();
      const response = await preview('admin', { ruleId: rule!.id, start: '2026-03-06T16:30:00+07:00' });
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('NO_WORKING_TIME');
    });
  });

  it('given GET /api/sla/rules, then every signed-in user reads the four R13 rules', async () => {
    const response = await c.t.app.inject({ url: '/api/sla/rules', headers: { cookie: c.cookies.health } });
    expect(response.json().items.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['dong-nai-24h', 'dong-nai-urgent-health-4h', 'thanh-hoa-result-4wh', 'thanh-hoa-verify-8wh']),
    );
  });

  describe('deadlines of tickets', () => {
    const friday = new Date('2026-03-06T09:30:00Z'); // 16:30 in Vietnam

    it('given an urgent health ticket, then due 4 hours after receipt; a normal one 24 hours', async () => {
      const health = await fieldId(c.t, 'y-te');
      const urgent = await createTicket(c.t.database.db, c.users.operator, { channel: 'phone', content: 'Cấp cứu', fieldId: health, urgency: 'urgent', receivedAt: friday });
      expect(local(urgent.ticket.dueAt)).toBe('2026-03-06T20:30:00+07:00');
      const normal = await createTicket(c.t.database.db, c.users.operator, { channel: 'phone', content: 'Hỏi', fieldId: health, receivedAt: friday });
      expect(local(normal.ticket.dueAt)).toBe('2026-03-07T16:30:00+07:00');
    });

    it('given a clock-hours rule, when forwarded later, then the deadline still counts from receipt (Đồng Nai)', async () => {
      const { ticket } = await createTicket(c.t.database.db, c.users.operator, { channel: 'phone', content: 'Hỏi', receivedAt: friday }, { now: friday });
      const later = new Date(friday.getTime() + 5 * 3_600_000);
      const { ticket: forwarded } = await transition(c.t.database.db, c.users.operator, ticket.id, 'forward', { agencyId: c.agencies.health.id }, { now: later });
      expect(local(forwarded.dueAt)).toBe('2026-03-07T16:30:00+07:00');
      expect(forwarded.forwardedAt).toEqual(later);
    });

    it('given a working-hours rule, when forwarded, then the agency has 8 working hours from forwarding (Thanh Hóa)', async () => {
      const settings = { ...defaultTicketSettings, defaultRuleCode: 'thanh-hoa-verify-8wh' };
      const { ticket } = await createTicket(c.t.database.db, c.users.operator, { channel: 'phone', content: 'Hỏi', receivedAt: friday }, { now: friday, settings });
      expect(local(ticket.dueAt)).toBe('2026-03-09T16:30:00+07:00');
      const monday = new Date('2026-03-09T01:00:00Z'); // 08:00
      const { ticket: forwarded, event } = await transition(c.t.database.db, c.users.operator, ticket.id, 'forward', { agencyId: c.agencies.health.id }, { now: monday, settings });
      expect(local(forwarded.dueAt)).toBe('2026-03-10T08:00:00+07:00');
      expect(event.data).toMatchObject({ dueAt: forwarded.dueAt?.toISOString() });
    });

    it('given no rule matches, then the ticket has no deadline and is never overdue', async () => {
      await c.t.database.db.update(slaRules).set({ active: false });
      try {
        const { ticket } = await createTicket(c.t.database.db, c.users.operator, { channel: 'phone', content: 'Hỏi', receivedAt: friday });
        expect(ticket.dueAt).toBeNull();
        expect(ticket.slaRuleId).toBeNull();
      } finally {
        await c.t.database.db.update(slaRules).set({ active: true }).where(eq(slaRules.code, 'dong-nai-24h'));
      }
    });
  });
});
