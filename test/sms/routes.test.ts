import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsMessages } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

/** R15: the province pays per message; billing counts per agency and month, in Vietnam's time. */
describe('SMS log and billing routes', () => {
  let t: TestApp;
  let supervisor = '';
  let operator = '';
  let health = '';
  let transport = '';

  beforeAll(async () => {
    t = await startTestApp();
    health = (await createAgency(t, 'so-y-te')).id;
    transport = (await createAgency(t, 'so-gtvt')).id;
    await createTestUser(t, 'giamsat', 'supervisor');
    await createTestUser(t, 'dtv', 'operator');
    supervisor = await login(t, 'giamsat');
    operator = await login(t, 'dtv');
    const base = { template: 'ticket.resolved', body: 'x', phone: '0912345678' };
    await t.database.db.insert(smsMessages).values([
      // 00:30 on 1 November in Hà Nội = 17:30 UTC on 31 October: November.
      { ...base, agencyId: health, status: 'sent', segments: 2, sentAt: new Date('2026-10-31T17:30:00Z') },
      { ...base, agencyId: health, status: 'sent', segments: 2, sentAt: new Date('2026-11-15T03:00:00Z') },
      { ...base, agencyId: health, status: 'failed', segments: 2, createdAt: new Date('2026-11-16T03:00:00Z') },
      { ...base, agencyId: transport, status: 'sent', segments: 1, sentAt: new Date('2026-11-20T03:00:00Z') },
      // 00:30 on 1 December in Hà Nội: December, not November.
      { ...base, agencyId: transport, status: 'sent', segments: 1, sentAt: new Date('2026-11-30T17:30:00Z') },
      // 23:30 on 31 October in Hà Nội: October.
      { ...base, agencyId: transport, status: 'sent', segments: 1, sentAt: new Date('2026-10-31T16:30:00Z') },
    ]);
  });
  afterAll(() => t.close());

  it('given SMS around the month boundaries, when a supervisor asks for 2026-11, then counts and segments per agency and status in business time', async () => {
    const response = await t.app.inject({ url: '/api/sms/stats?month=2026-11', headers: { cookie: supervisor } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.totals).toEqual({ sentMessages: 3, sentSegments: 5 });
    const rows = body.rows.map((r: { agencyId: string; status: string; messages: number; segments: number }) => [r.agencyId, r.status, r.messages, r.segments]);
    expect(rows).toEqual(
      expect.arrayContaining([
        [health, 'sent', 2, 4],
        [health, 'failed', 1, 2],
        [transport, 'sent', 1, 1],
      ]),
    );
    expect(rows).toHaveLength(3);
  });

  it('given a bad month or an operator, then 400 / 403', async () => {
    expect((await t.app.inject({ url: '/api/sms/stats?month=2026-13', headers: { cookie: supervisor } })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/sms/stats?month=2026-11', headers: { cookie: operator } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/sms/stats?month=2026-11' })).statusCode).toBe(401);
  });

  it('given the SMS log, when a supervisor lists it, then phone numbers are masked to the last 3 digits', async () => {
    const response = await t.app.inject({ url: `/api/sms?agencyId=${transport}`, headers: { cookie: supervisor } });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { phone: string; agencyId: string }[];
    expect(items).toHaveLength(3);
    expect(items.every((i) => i.phone === '*******678' && i.agencyId === transport)).toBe(true);
    expect(response.body).not.toContain('0912345678');
  });
});
