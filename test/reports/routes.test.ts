import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, fields } from '../../src/db/schema/index.js';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

describe('GET /api/reports/calls', () => {
  let t: TestApp;
  let cookies: { supervisor: string; operator: string };
  let operatorId: string;
  let fieldId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const supervisor = await createTestUser(t, 'giamsat', 'supervisor');
    const operator = await createTestUser(t, 'dtv1', 'operator');
    operatorId = operator.id;
    cookies = { supervisor: await login(t, supervisor.username), operator: await login(t, operator.username) };
    const [field] = await t.database.db.insert(fields).values({ code: 'y-te', name: 'Y tế' }).returning();
    fieldId = field!.id;
    const s = (iso: string) => new Date(iso);
    let n = 0;
    const row = (values: Partial<typeof calls.$inferInsert>) => ({ channelId: `c-${(n += 1)}`, callerNumber: '0912345678', dialledNumber: '1022', status: 'ended' as const, ...values });
    await t.database.db.insert(calls).values([
      // 30 Nov (Hà Nội): answered in 10 s, talked 100 s, field y-te.
      row({ arrivedAt: s('2026-11-30T02:00:00Z'), enqueuedAt: s('2026-11-30T02:00:20Z'), operatorAnsweredAt: s('2026-11-30T02:00:30Z'), endedAt: s('2026-11-30T02:02:10Z'), outcome: 'completed', operatorUserId: operator.id, fieldId }),
      // 30 Nov: abandoned in the queue after 50 s.
      row({ arrivedAt: s('2026-11-30T03:00:00Z'), enqueuedAt: s('2026-11-30T03:00:20Z'), endedAt: s('2026-11-30T03:01:10Z'), outcome: 'abandoned_queue', fieldId }),
      // 30 Nov: hung up in the IVR (not offered).
      row({ arrivedAt: s('2026-11-30T04:00:00Z'), endedAt: s('2026-11-30T04:00:15Z'), outcome: 'abandoned_ivr' }),
      // 1 Dec 00:30 in Hà Nội (30 Nov 17:30 UTC): answered after 40 s.
      row({ arrivedAt: s('2026-11-30T17:30:00Z'), enqueuedAt: s('2026-11-30T17:30:10Z'), operatorAnsweredAt: s('2026-11-30T17:30:50Z'), endedAt: s('2026-11-30T17:31:50Z'), outcome: 'completed', operatorUserId: operator.id }),
      // Still live: not counted.
      row({ arrivedAt: s('2026-11-30T05:00:00Z'), enqueuedAt: s('2026-11-30T05:00:10Z'), status: 'queued' }),
      // Another month: outside the range.
      row({ arrivedAt: s('2026-10-01T02:00:00Z'), enqueuedAt: s('2026-10-01T02:00:10Z'), endedAt: s('2026-10-01T02:01:00Z'), outcome: 'abandoned_queue' }),
    ]);
  });
  afterAll(async () => t?.close());

  const get = (query: string, cookie = cookies.supervisor) => t.app.inject({ method: 'GET', url: `/api/reports/calls?${query}`, headers: { cookie } });

  it('given call records, when a supervisor asks per day, then days are business days and the figures follow the definitions', async () => {
    const response = await get('from=2026-11-30&to=2026-12-01&groupBy=day');
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ groupBy: 'day', timeZone: 'Asia/Ho_Chi_Minh', serviceLevelSeconds: 20 });
    expect(report.groups).toMatchObject([
      { key: '2026-11-30', offered: 2, answered: 1, abandoned: 1, abandonmentRate: 0.5, serviceLevel: 0.5, asaSeconds: 10, ahtSeconds: 100 },
      { key: '2026-12-01', offered: 1, answered: 1, abandoned: 0, serviceLevel: 0, asaSeconds: 40, ahtSeconds: 60 },
    ]);
    expect(report.total).toMatchObject({ offered: 3, answered: 2, abandoned: 1 });
  });

  it('given call records, when grouped per operator and per field, then groups carry names and unassigned calls come last', async () => {
    const perOperator = (await get('from=2026-11-30&to=2026-12-01&groupBy=operator')).json();
    expect(perOperator.groups.map((g: { key: string | null; label: string | null; answered: number }) => [g.key, g.label, g.answered])).toEqual([
      [operatorId, 'Người dùng dtv1', 2],
      [null, null, 0],
    ]);
    const perField = (await get('from=2026-11-30&to=2026-11-30&groupBy=field')).json();
    expect(perField.groups.map((g: { key: string | null; label: string | null; offered: number }) => [g.key, g.label, g.offered])).toEqual([
      [fieldId, 'Y tế', 2],
      [null, null, 0],
    ]);
  });

  it('given bad input or an operator, when the report is asked, then 400 / 403', async () => {
    expect((await get('from=2026-12-02&to=2026-12-01')).statusCode).toBe(400);
    expect((await get('from=2026-02-30&to=2026-03-01')).statusCode).toBe(400);
    expect((await get('from=2026-11-30')).statusCode).toBe(400);
    expect((await get('from=2026-11-30&to=2026-12-01', cookies.operator)).statusCode).toBe(403);
  });
});
