import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, ticketEvents } from '../../src/db/schema/index.js';
import { createTicket } from '../../src/tickets/service.js';
import { createTestUser, login } from '../helpers/app.js';
import { fieldId, startTicketApp } from './support.js';

/** R9, R13, R22: the draft created on a call's answer is completed by its operator before any workflow step. */
describe('PATCH /api/tickets/:id — correcting a ticket at the hotline', () => {
  let s: Awaited<ReturnType<typeof startTicketApp>>;
  let otherOperator: string;

  beforeAll(async () => {
    s = await startTicketApp();
    await createTestUser(s.t, 'dtv2', 'operator');
    otherOperator = await login(s.t, 'dtv2');
  });
  afterAll(async () => s?.t.close());

  const draft = async () =>
    (
      await createTicket(s.t.database.db, { id: s.users.operator.id, role: 'operator', agencyId: null }, {
        channel: 'phone',
        content: 'Phiếu nháp: cuộc gọi đang được tiếp nhận',
        citizenPhone: '0912345678',
        draft: true,
      })
    ).ticket;
  const patch = (id: string, payload: object, cookie = s.cookies.operator) => s.t.app.inject({ method: 'PATCH', url: `/api/tickets/${id}`, payload, headers: { cookie } });
  const forward = (id: string, cookie = s.cookies.operator) =>
    s.t.app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, payload: { action: 'forward', agencyId: s.agencies.health.id }, headers: { cookie } });

  it('given a draft from a call, when the operator forwards it unwritten, then 409 DRAFT_TICKET; once they write it, the draft ends and it can be forwarded', async () => {
    const ticket = await draft();
    expect((await forward(ticket.id)).json()).toMatchObject({ statusCode: 409, code: 'DRAFT_TICKET' });

    const health = await fieldId(s.t, 'y-te');
    const edited = await patch(ticket.id, { content: '  Bệnh viện quá tải, xin hướng dẫn khám  ', citizenName: 'Trần Thị B', fieldId: health });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ draft: false, content: 'Bệnh viện quá tải, xin hướng dẫn khám', citizenName: 'Trần Thị B', fieldId: health });

    const [event] = await s.t.database.db.select().from(ticketEvents).where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, 'edited')));
    expect(event?.data).toMatchObject({ changed: ['content', 'citizenName', 'fieldId'], draftCompleted: true });
    // The log names the fields, never the citizen's data (R22).
    expect(JSON.stringify(event?.data)).not.toContain('Trần');
    const audits = await s.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.edit'), eq(auditLog.entityId, ticket.id)));
    expect(audits).toHaveLength(1);

    expect((await forward(ticket.id)).statusCode).toBe(200);
  });

  it('given a ticket at the hotline, when its urgency or field changes, then the deadline is recomputed from its reception (R13)', async () => {
    const ticket = await draft();
    const urgent = (
      await createTicket(s.t.database.db, null, { channel: 'phone', content: 'Khẩn', urgency: 'urgent', receivedAt: ticket.receivedAt })
    ).ticket;
    const edited = (await patch(ticket.id, { urgency: 'urgent' })).json<{ dueAt: string | null; urgency: string }>();
    expect(edited.urgency).toBe('urgent');
    expect(edited.dueAt).toBe(urgent.dueAt?.toISOString() ?? null);
    // Repeating the same values changes nothing and logs nothing.
    const before = await s.t.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect((await patch(ticket.id, { urgency: 'urgent' })).statusCode).toBe(200);
    expect(await s.t.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id))).toHaveLength(before.length);
  });

  it('given wrong requests, then 400 / 401 / 403 / 404 / 409 say why', async () => {
    const ticket = await draft();
    expect((await s.t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { content: 'x' } })).statusCode).toBe(401);
    expect((await patch(ticket.id, {})).statusCode).toBe(400);
    expect((await patch(ticket.id, { content: '   ' })).json()).toMatchObject({ statusCode: 400, code: 'EMPTY_CONTENT' });
    expect((await patch(ticket.id, { citizenPhone: 'abc' })).statusCode).toBe(400);
    expect((await patch(ticket.id, { status: 'resolved' })).statusCode).toBe(400);
    expect((await patch(ticket.id, { fieldId: '00000000-0000-4000-8000-000000000000' })).json()).toMatchObject({ statusCode: 400, code: 'UNKNOWN_FIELD' });
    expect((await patch('00000000-0000-4000-8000-000000000000', { content: 'x' })).statusCode).toBe(404);
    expect((await patch(ticket.id, { content: 'x' }, otherOperator)).json()).toMatchObject({ statusCode: 403, code: 'NOT_YOUR_TICKET' });
    expect((await patch(ticket.id, { content: 'x' }, s.cookies.health)).statusCode).toBe(403);
    // A supervisor may correct anyone's ticket at the hotline; once forwarded it is the agency's.
    expect((await patch(ticket.id, { content: 'Nội dung do giám sát viên ghi' }, s.cookies.supervisor)).statusCode).toBe(200);
    expect((await forward(ticket.id, s.cookies.supervisor)).statusCode).toBe(200);
    expect((await patch(ticket.id, { content: 'muộn rồi' })).json()).toMatchObject({ statusCode: 409, code: 'TICKET_NOT_EDITABLE' });
    const refused = await s.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.edit_refused'), eq(auditLog.entityId, ticket.id)));
    expect(refused.map((r) => (r.details as { code: string }).code).sort()).toEqual(['NOT_YOUR_TICKET', 'TICKET_NOT_EDITABLE']);
  });
});
