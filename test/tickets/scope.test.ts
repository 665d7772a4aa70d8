import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, tickets } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

/** R22: each agency sees what concerns it, and every opening of a ticket is audited. */
describe('tickets seen through an agency', () => {
  let t: TestApp;
  let ownTicket = '';
  let otherTicket = '';
  let officer = '';
  let operator = '';

  beforeAll(async () => {
    t = await startTestApp();
    const health = await createAgency(t, 'so-y-te');
    const transport = await createAgency(t, 'so-gtvt');
    await createTestUser(t, 'daumoi-yte', 'agency_officer', health.id);
    await createTestUser(t, 'dtv', 'operator');
    officer = await login(t, 'daumoi-yte');
    operator = await login(t, 'dtv');
    const rows = await t.database.db
      .insert(tickets)
      .values([
        { receiptCode: '1022-2026-000001', channel: 'phone', content: 'Hỏi lịch tiêm', agencyId: health.id, status: 'forwarded', citizenPhone: '0912345678' },
        { receiptCode: '1022-2026-000002', channel: 'web', content: 'Ổ gà đường Lê Lợi', agencyId: transport.id, status: 'forwarded', citizenPhone: '0987654321' },
      ])
      .returning();
    ownTicket = rows[0]!.id;
    otherTicket = rows[1]!.id;
  });
  afterAll(() => t.close());

  it("given an agency officer, when they open another agency's ticket, then 403 and the refusal is audited", async () => {
    const response = await t.app.inject({ url: `/api/tickets/${otherTicket}`, headers: { cookie: officer } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('OTHER_AGENCY');
    expect(response.body).not.toContain('0987654321');
    const refused = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.read_refused'), eq(auditLog.entityId, otherTicket)));
    expect(refused).toHaveLength(1);
  });

  it("given an agency officer, when they open their own agency's ticket, then they read it and the read is audited", async () => {
    const response = await t.app.inject({ url: `/api/tickets/${ownTicket}`, headers: { cookie: officer } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ receiptCode: '1022-2026-000001', citizenPhone: '0912345678', events: [] });
    const reads = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.read'), eq(auditLog.entityId, ownTicket)));
    expect(reads).toHaveLength(1);
  });

  it('given an agency officer, when they list tickets, then only their agency’s appear; an operator sees both', async () => {
    const mine = await t.app.inject({ url: '/api/tickets', headers: { cookie: officer } });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toEqual([ownTicket]);
    const all = await t.app.inject({ url: '/api/tickets', headers: { cookie: operator } });
    expect(all.json().items).toHaveLength(2);
  });

  it('given a ticket id that does not exist or is malformed, then 404 / 400', async () => {
    expect((await t.app.inject({ url: '/api/tickets/00000000-0000-4000-8000-000000000000', headers: { cookie: operator } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/tickets/123', headers: { cookie: operator } })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/tickets?status=lost', headers: { cookie: operator } })).statusCode).toBe(400);
  });
});
