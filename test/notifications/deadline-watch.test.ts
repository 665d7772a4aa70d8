import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { notifications } from '../../src/db/schema/index.js';
import { watchDeadlines } from '../../src/notifications/deadline-watch.js';
import { createTicket, transition } from '../../src/tickets/service.js';
import { testEnv } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';
import { startTicketApp } from '../tickets/support.js';

type Ctx = Awaited<ReturnType<typeof startTicketApp>>;
const hour = 3_600_000;
const now = new Date('2026-03-06T09:30:00Z');

/** The deadline watch: due-soon and overdue tickets notified to the agency and supervisors, once per threshold. */
describe(`deadline watch (${testDriver()})`, () => {
  let c: Ctx;
  const ids = { dueSoon: '', overdue: '', closed: '', later: '' };
  const watch = (at: Date, io = c.t.app.io) => watchDeadlines(c.t.database.db, io, { now: at, dueSoonMinutes: 120 });
  const inbox = async (who: keyof Ctx['cookies'], query = '') => {
    const response = await c.t.app.inject({ url: `/api/notifications${query}`, headers: { cookie: c.cookies[who] } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { id: string; kind: string; ticketId: string; readAt: string | null; receiptCode: string }[]; total: number };
  };

  beforeAll(async () => {
    c = await startTicketApp();
    const db = c.t.database.db;
    // Đồng Nai's 24-hour rule: received 23 h before `now` → due in 1 h; 25 h before → overdue by 1 h.
    const make = async (receivedHoursAgo: number) =>
      (await createTicket(db, c.users.operator, { channel: 'phone', content: 'Phản ánh', citizenPhone: '0912345678', receivedAt: new Date(now.getTime() - receivedHoursAgo * hour) }, { now })).ticket.id;
    ids.dueSoon = await make(23);
    await transition(db, c.users.operator, ids.dueSoon, 'forward', { agencyId: c.agencies.health.id }, { now });
    ids.overdue = await make(25);
    ids.closed = await make(30);
    await transition(db, c.users.operator, ids.closed, 'answer', { resultText: 'Đã trả lời' }, { now });
    ids.later = await make(10);
  });
  afterAll(() => c.t.close());

  it('given one ticket due within the hour and one overdue, when the watch runs, then one notice each, to the right rooms, without personal data', async () => {
    const emit = vi.fn();
    const to = vi.spyOn(c.t.app.io, 'to').mockReturnValue({ emit } as never);
    try {
      const created = await watch(now);
      expect(created.map((n) => [n.ticketId, n.kind, n.recipientAgencyId]).sort()).toEqual(
        [
          [ids.dueSoon, 'ticket.due_soon', c.agencies.health.id],
          [ids.overdue, 'ticket.overdue', null],
        ].sort(),
      );
      expect(to).toHaveBeenCalledWith(['role:supervisor', `agency:${c.agencies.health.id}`]);
      expect(to).toHaveBeenCalledWith(['role:supervisor', 'role:operator']);
      expect(emit).toHaveBeenCalledWith('ticket.due_soon.v1', expect.objectContaining({ ticketId: ids.dueSoon, agencyId: c.agencies.health.id }));
      expect(emit).toHaveBeenCalledWith('ticket.overdue.v1', expect.objectContaining({ ticketId: ids.overdue, agencyId: null }));
      expect(JSON.stringify(emit.mock.calls)).not.toContain('0912345678');
    } finally {
      to.mockRestore();
    }
  });

  it('given the watch already ran, when it runs again, even concurrently, then nobody is notified twice', async () => {
    const again = await Promise.all([watch(now), watch(new Date(now.getTime() + 5 * 60_000))]);
    expect(again.flat()).toEqual([]);
    expect(await c.t.database.db.select().from(notifications)).toHaveLength(2);
  });

  it('given the app re-created on the same database (a restart), when the watch runs, then still nothing new', async () => {
    const restarted = await buildApp({ env: testEnv(), database: c.t.database, logger: false });
    await restarted.ready();
    try {
      expect(await watchDeadlines(restarted.db, restarted.io, { now, dueSoonMinutes: 120 })).toEqual([]);
    } finally {
      await restarted.close();
    }
  });

  it('given the due-soon ticket passes its deadline, then it is notified once more, as overdue', async () => {
    const later = new Date(now.getTime() + 2 * hour);
    expect((await watch(later)).map((n) => [n.ticketId, n.kind])).toEqual([[ids.dueSoon, 'ticket.overdue']]);
    expect(await watch(later)).toEqual([]);
  });

  it('given an overdue ticket reassigned to another agency, then the new agency is notified too (a new threshold)', async () => {
    const later = new Date(now.getTime() + 3 * hour);
    await transition(c.t.database.db, c.users.supervisor, ids.dueSoon, 'reassign', { agencyId: c.agencies.transport.id }, { now: later });
    expect((await watch(later)).map((n) => [n.ticketId, n.kind, n.recipientAgencyId])).toEqual([[ids.dueSoon, 'ticket.overdue', c.agencies.transport.id]]);
  });

  describe('GET /api/notifications and POST /:id/read', () => {
    it('given each role, then each sees its own notices: the agency its tickets, operators the hotline’s, supervisors all', async () => {
      expect((await inbox('health')).items.map((n) => n.kind).sort()).toEqual(['ticket.due_soon', 'ticket.overdue']);
      expect((await inbox('transport')).items.map((n) => n.kind)).toEqual(['ticket.overdue']);
      expect((await inbox('operator')).items.map((n) => n.ticketId)).toEqual([ids.overdue]);
      expect((await inbox('supervisor')).total).toBe(4);
      expect((await inbox('ict')).total).toBe(0);
    });

    it('given a notice, when its agency marks it read, then it leaves the unread list; another agency gets 404', async () => {
      const [notice] = (await inbox('health', '?unread=true')).items;
      expect(notice).toBeDefined();
      const refused = await c.t.app.inject({ method: 'POST', url: `/api/notifications/${notice!.id}/read`, headers: { cookie: c.cookies.transport } });
      expect(refused.statusCode).toBe(404);
      const read = await c.t.app.inject({ method: 'POST', url: `/api/notifications/${notice!.id}/read`, headers: { cookie: c.cookies.health } });
      expect(read.statusCode).toBe(200);
      expect(read.json().readAt).not.toBeNull();
      expect((await inbox('health', '?unread=true')).items.map((n) => n.id)).not.toContain(notice!.id);
      expect((await c.t.app.inject({ method: 'POST', url: '/api/notifications/nope/read', headers: { cookie: c.cookies.health } })).statusCode).toBe(400);
    });
  });
});
