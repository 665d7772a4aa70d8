import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

/** The wallboard's count of open tickets due soon and overdue per agency (issue 13; R13). */
describe('GET /api/reports/deadlines', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const agencyIds = { health: '', police: '' };

  beforeAll(async () => {
    t = await startTestApp({ DEADLINE_DUE_SOON_MINUTES: '120' });
    for (const [username, role] of [['giamsat', 'supervisor'], ['quantri', 'admin'], ['dtv1', 'operator']] as const) {
      await createTestUser(t, username, role);
      cookies[username] = await login(t, username);
    }
    const health = await createAgency(t, 'so-y-te');
    const police = await createAgency(t, 'cong-an');
    Object.assign(agencyIds, { health: health.id, police: police.id });
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000);
    let n = 0;
    const ticket = (values: Partial<typeof tickets.$inferInsert>) => ({ receiptCode: `1022-TEST-${++n}`, channel: 'phone' as const, content: 'Phản ánh', ...values });
    await t.database.db.insert(tickets).values([
      ticket({ agencyId: health.id, status: 'forwarded', dueAt: hours(-5) }), // overdue
      ticket({ agencyId: health.id, status: 'acknowledged', dueAt: hours(-1) }), // overdue
      ticket({ agencyId: health.id, status: 'forwarded', dueAt: hours(1) }), // due soon
      ticket({ agencyId: health.id, status: 'resolved', dueAt: hours(-3) }), // closed: not counted
      ticket({ agencyId: police.id, status: 'forwarded', dueAt: hours(1.5) }), // due soon
      ticket({ agencyId: police.id, status: 'forwarded', dueAt: hours(30) }), // on time: not counted
      ticket({ status: 'received', dueAt: hours(-2) }), // at the hotline, overdue
      ticket({ status: 'received', dueAt: hours(-2), draft: true }), // a draft: not counted
    ]);
  });
  afterAll(async () => t?.close());

  const get = (who: string) => t.app.inject({ url: '/api/reports/deadlines', headers: { cookie: cookies[who] ?? '' } });

  it('given open tickets past or near their deadline, then a supervisor gets them counted per agency, the most overdue first, drafts and closed ones left out', async () => {
    const response = await get('giamsat');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ dueSoonMinutes: number; agencies: Array<{ agencyId: string | null; dueSoon: number; overdue: number }>; total: object }>();
    expect(body.dueSoonMinutes).toBe(120);
    expect(body.agencies.map(({ agencyId, dueSoon, overdue }) => ({ agencyId, dueSoon, overdue }))).toEqual([
      { agencyId: agencyIds.health, dueSoon: 1, overdue: 2 },
      { agencyId: null, dueSoon: 0, overdue: 1 },
      { agencyId: agencyIds.police, dueSoon: 1, overdue: 0 },
    ]);
    expect(body.total).toEqual({ dueSoon: 2, overdue: 3 });
    expect((await get('quantri')).statusCode).toBe(200);
  });

  it('given an operator or nobody, then 403 / 401', async () => {
    expect((await get('dtv1')).statusCode).toBe(403);
    expect((await get('nobody')).statusCode).toBe(401);
  });
});
