import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStateHistory, calls, fields } from '../../src/db/schema/index.js';
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
    const inserted = await t.database.db.insert(calls).values([
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
    ]).returning({ id: calls.id });
    const [first, , , second] = inserted.map((c) => c.id);
    const state = (st: typeof agentStateHistory.$inferInsert.state, from: string, to: string | null, callId: string | null = null) => ({
      userId: operator.id,
      state: st,
      callId,
      startedAt: s(from),
      endedAt: to === null ? null : s(to),
    });
    await t.database.db.insert(agentStateHistory).values([
      // Logged in before the range: 50 s of it fall on the 30th.
      state('available', '2026-11-29T16:59:50Z', '2026-11-29T17:00:50Z'),
      state('offline', '2026-11-29T17:00:50Z', '2026-11-30T02:00:00Z'),
      // The first call: ringing 10 s, on call 100 s, wrap-up 30 s (carrying the call), then available 40 s.
      state('available', '2026-11-30T02:00:00Z', '2026-11-30T02:00:20Z'),
      state('ringing', '2026-11-30T02:00:20Z', '2026-11-30T02:00:30Z', first),
      state('on_call', '2026-11-30T02:00:30Z', '2026-11-30T02:02:10Z', first),
      state('wrap_up', '2026-11-30T02:02:10Z', '2026-11-30T02:02:40Z', first),
      state('available', '2026-11-30T02:02:40Z', '2026-11-30T02:03:20Z'),
      state('offline', '2026-11-30T02:03:20Z', '2026-11-30T17:30:50Z'),
      // The second (1 Dec in Hà Nội): on call 60 s, then a wrap-up of 20 s without the call id, 1 s after its end.
      state('on_call', '2026-11-30T17:30:50Z', '2026-11-30T17:31:50Z', second),
      state('wrap_up', '2026-11-30T17:31:51Z', '2026-11-30T17:32:11Z'),
      state('offline', '2026-11-30T17:32:11Z', null),
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
      // 30th: (10 ringing + 100 on call + 30 wrap-up) / (50 + 20 + 10 + 100 + 30 + 40) logged in.
      { key: '2026-11-30', offered: 2, answered: 1, abandoned: 1, abandonmentRate: 0.5, serviceLevel: 0.5, asaSeconds: 10, talkSeconds: 100, wrapUpSeconds: 30, ahtSeconds: 130, occupancy: 0.56 },
      { key: '2026-12-01', offered: 1, answered: 1, abandoned: 0, serviceLevel: 0, asaSeconds: 40, talkSeconds: 60, wrapUpSeconds: 20, ahtSeconds: 80, occupancy: 1 },
    ]);
    expect(report.total).toMatchObject({ offered: 3, answered: 2, abandoned: 1, talkSeconds: 80, wrapUpSeconds: 25, ahtSeconds: 105, occupancy: 0.6667 });
  });

  it('given call records, when grouped per operator and per field, then groups carry names and unassigned calls come last', async () => {
    const perOperator = (await get('from=2026-11-30&to=2026-12-01&groupBy=operator')).json();
    expect(perOperator.groups.map((g: { key: string | null; label: string | null; answered: number }) => [g.key, g.label, g.answered])).toEqual([
      [operatorId, 'Người dùng dtv1', 2],
      [null, null, 0],
    ]);
    expect(perOperator.groups.map((g: { occupancy: number | null; ahtSeconds: number | null }) => [g.ahtSeconds, g.occupancy])).toEqual([
      [105, 0.6667], // 220 busy / 330 logged in over the range
      [null, null],
    ]);
    const perField = (await get('from=2026-11-30&to=2026-11-30&groupBy=field')).json();
    expect(perField.groups.map((g: { key: string | null; label: string | null; offered: number }) => [g.key, g.label, g.offered])).toEqual([
      [fieldId, 'Y tế', 2],
      [null, null, 0],
    ]);
    expect(perField.groups.map((g: { occupancy: number | null; ahtSeconds: number | null }) => [g.ahtSeconds, g.occupancy])).toEqual([
      [130, null], // operators' time belongs to no field
      [null, null],
    ]);
    expect(perField.total.occupancy).toBeNull();
  });

  it('given bad input or an operator, when the report is asked, then 400 / 403', async () => {
    expect((await get('from=2026-12-02&to=2026-12-01')).statusCode).toBe(400);
    expect((await get('from=2026-02-30&to=2026-03-01')).statusCode).toBe(400);
    expect((await get('from=2026-11-30')).statusCode).toBe(400);
    expect((await get('from=2026-11-30&to=2026-12-01', cookies.operator)).statusCode).toBe(403);
  });
});
