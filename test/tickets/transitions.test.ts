import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { attachments, auditLog, calls, recordings, smsMessages, ticketEvents } from '../../src/db/schema/index.js';
import { startTicketApp } from './support.js';

type Ctx = Awaited<ReturnType<typeof startTicketApp>>;
type Who = keyof Ctx['cookies'];

/** R9–R15 through the API: every transition with the right role, and every refusal. */
describe('the ticket workflow through the API', () => {
  let c: Ctx;
  const create = async (who: Who = 'operator', body: Record<string, unknown> = {}) => {
    const response = await c.t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: { cookie: c.cookies[who] },
      payload: { channel: 'phone', content: 'Ổ gà lớn trên đường Lê Lợi', citizenName: 'Nguyễn Văn An', citizenPhone: '0912345678', ...body },
    });
    return response;
  };
  const newTicket = async (body: Record<string, unknown> = {}) => {
    const response = await create('operator', body);
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; receiptCode: string; status: string; dueAt: string | null; receivedAt: string };
  };
  const act = (who: Who, id: string, payload: Record<string, unknown>) =>
    c.t.app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: { cookie: c.cookies[who] }, payload });
  const ok = async (who: Who, id: string, payload: Record<string, unknown>) => {
    const response = await act(who, id, payload);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { ticket: Record<string, unknown> & { events: { type: string }[] }; event: Record<string, unknown> };
  };
  const refused = async (who: Who, id: string, payload: Record<string, unknown>, status: number, code: string) => {
    const response = await act(who, id, payload);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().code).toBe(code);
    return response.json() as { message: string };
  };
  const forwardedTo = async (agency: 'health' | 'transport' | 'ict') => {
    const ticket = await newTicket();
    await ok('operator', ticket.id, { action: 'forward', agencyId: c.agencies[agency].id });
    return ticket;
  };
  const acknowledgedBy = async (agency: 'health' | 'transport' | 'ict') => {
    const ticket = await forwardedTo(agency);
    await ok(agency, ticket.id, { action: 'acknowledge' });
    return ticket;
  };

  beforeAll(async () => {
    c = await startTicketApp();
  });
  afterAll(() => c.t.close());

  describe('creating', () => {
    it('given an operator, when they create a phone ticket, then it is received with a receipt code, a deadline and a created event', async () => {
      const response = await create();
      expect(response.statusCode).toBe(201);
      const ticket = response.json();
      expect(ticket).toMatchObject({ status: 'received', channel: 'phone', citizenName: 'Nguyễn Văn An', overdue: false });
      expect(ticket.receiptCode).toMatch(/^1022-\d{4}-\d{6}$/);
      // Đồng Nai's general rule: 24 clock hours from receipt.
      expect(new Date(ticket.dueAt).getTime() - new Date(ticket.receivedAt).getTime()).toBe(24 * 3_600_000);
      expect(ticket.events).toMatchObject([{ type: 'created', toStatus: 'received', actorName: 'Người dùng dtv' }]);
      const audit = await c.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.create'), eq(auditLog.entityId, ticket.id)));
      expect(audit).toHaveLength(1);
    });

    it('given an agency officer, when they create a ticket, then 403', async () => {
      expect((await create('health')).statusCode).toBe(403);
    });

    it('given bad input (no content, unknown channel, bad email, unknown field), then 400', async () => {
      expect((await create('operator', { content: '' })).statusCode).toBe(400);
      expect((await create('operator', { channel: 'pigeon' })).statusCode).toBe(400);
      expect((await create('operator', { citizenEmail: 'not-an-email' })).statusCode).toBe(400);
      expect((await create('operator', { fieldId: '00000000-0000-4000-8000-000000000000' })).json().code).toBe('INVALID_REFERENCE');
      expect((await create('operator', { callId: '00000000-0000-4000-8000-000000000000' })).json().code).toBe('UNKNOWN_CALL');
    });
  });

  describe('calls and files', () => {
    it('given a call, when the operator files its ticket, then the call and its recording are linked and the call time is the receipt time (R5, R9)', async () => {
      const arrivedAt = new Date(Date.now() - 10 * 60_000);
      const [call] = await c.t.database.db.insert(calls).values({ channelId: `chan-${randomUUID()}`, callerNumber: '0912345678', dialledNumber: '1022', arrivedAt }).returning();
      await c.t.database.db.insert(recordings).values({ callId: call!.id, name: `rec-${randomUUID()}`, status: 'done', durationSeconds: 95 });
      const ticket = (await create('operator', { callId: call!.id })).json();
      expect(ticket.receivedAt).toBe(arrivedAt.toISOString());
      expect(ticket.calls).toMatchObject([{ id: call!.id, callerNumber: '0912345678', recordings: [{ status: 'done', durationSeconds: 95 }] }]);
      expect((await create('operator', { receivedAt: new Date(Date.now() + 3_600_000).toISOString() })).json().code).toBe('RECEIVED_IN_FUTURE');
    });

    it('given files uploaded to a ticket, when the agency resolves it with them, then they are attached to the result step; a foreign file is 400', async () => {
      const ticket = await acknowledgedBy('health');
      const other = await newTicket();
      const file = (ticketId: string) => ({ ticketId, purpose: 'result' as const, fileName: 'cong-van.pdf', mimeType: 'application/pdf', sizeBytes: 1024, sha256: 'a'.repeat(64) });
      const [own, foreign] = await c.t.database.db.insert(attachments).values([file(ticket.id), file(other.id)]).returning();
      await refused('health', ticket.id, { action: 'resolve', resultText: 'Xong', attachmentIds: [foreign!.id] }, 400, 'UNKNOWN_ATTACHMENT');
      const { ticket: after, event } = await ok('health', ticket.id, { action: 'resolve', resultText: 'Xong', attachmentIds: [own!.id] });
      expect(after.attachments).toMatchObject([{ id: own!.id, eventId: event.id, purpose: 'result', fileName: 'cong-van.pdf' }]);
      expect(event.data).toMatchObject({ attachmentIds: [own!.id] });
    });
  });

  describe('level 1: answer and refuse (R10, R11)', () => {
    it('given a received ticket, when the operator answers it, then it is answered with the result and an event', async () => {
      const ticket = await newTicket();
      const { ticket: after, event } = await ok('operator', ticket.id, { action: 'answer', resultText: 'Giờ tiếp dân: 7:30–17:00' });
      expect(after).toMatchObject({ status: 'answered', resultText: 'Giờ tiếp dân: 7:30–17:00' });
      expect(after.resolvedAt).not.toBeNull();
      expect(event).toMatchObject({ type: 'answered', fromStatus: 'received', toStatus: 'answered', actorName: 'Người dùng dtv' });
    });

    it('given a received ticket, when the operator refuses it without a reason, then 400; with one, then refused', async () => {
      const ticket = await newTicket();
      await refused('operator', ticket.id, { action: 'refuse' }, 400, 'REASON_REQUIRED');
      await refused('operator', ticket.id, { action: 'answer' }, 400, 'RESULT_REQUIRED');
      const { ticket: after, event } = await ok('operator', ticket.id, { action: 'refuse', reason: 'Khiếu nại: gửi theo kênh khiếu nại' });
      expect(after).toMatchObject({ status: 'refused', resultText: 'Khiếu nại: gửi theo kênh khiếu nại' });
      expect(event).toMatchObject({ note: 'Khiếu nại: gửi theo kênh khiếu nại', data: { reason: 'Khiếu nại: gửi theo kênh khiếu nại' } });
    });

    it('given an answered ticket, when the operator answers or forwards it again, then 409 naming the state', async () => {
      const ticket = await newTicket();
      await ok('operator', ticket.id, { action: 'answer', resultText: 'Đã trả lời' });
      const { message } = await refused('operator', ticket.id, { action: 'forward', agencyId: c.agencies.health.id }, 409, 'TRANSITION_NOT_ALLOWED');
      expect(message).toBe('Không thể chuyển đơn vị phiếu đang ở trạng thái “Đã trả lời tại tổng đài”');
    });
  });

  describe('level 2 (R12–R15)', () => {
    it('given a received ticket, when forwarded without an agency or to an unknown one, then 400', async () => {
      const ticket = await newTicket();
      await refused('operator', ticket.id, { action: 'forward' }, 400, 'AGENCY_REQUIRED');
      await refused('operator', ticket.id, { action: 'forward', agencyId: '00000000-0000-4000-8000-000000000000' }, 400, 'UNKNOWN_AGENCY');
      await refused('operator', ticket.id, { action: 'forward', agencyId: 'so-y-te' }, 400, 'VALIDATION_FAILED');
    });

    it('given a received ticket, when forwarded to the health department, then its officer sees it and others do not', async () => {
      const ticket = await newTicket();
      const { ticket: after, event } = await ok('operator', ticket.id, { action: 'forward', agencyId: c.agencies.health.id, note: 'Chuyển Sở Y tế' });
      expect(after).toMatchObject({ status: 'forwarded', agencyId: c.agencies.health.id });
      expect(after.forwardedAt).not.toBeNull();
      expect(event).toMatchObject({ type: 'forwarded', note: 'Chuyển Sở Y tế', data: { fromAgencyId: null, toAgencyId: c.agencies.health.id } });
      expect((await c.t.app.inject({ url: `/api/tickets/${ticket.id}`, headers: { cookie: c.cookies.health } })).statusCode).toBe(200);
      expect((await c.t.app.inject({ url: `/api/tickets/${ticket.id}`, headers: { cookie: c.cookies.transport } })).statusCode).toBe(403);
    });

    it('given a forwarded ticket, when another agency or an operator acknowledges it, then 403; its own agency, then acknowledged; twice, then 409', async () => {
      const ticket = await forwardedTo('health');
      await refused('transport', ticket.id, { action: 'acknowledge' }, 403, 'OTHER_AGENCY');
      await refused('operator', ticket.id, { action: 'acknowledge' }, 403, 'ROLE_NOT_ALLOWED');
      const { ticket: after } = await ok('health', ticket.id, { action: 'acknowledge' });
      expect(after.status).toBe('acknowledged');
      const { message } = await refused('health', ticket.id, { action: 'acknowledge' }, 409, 'TRANSITION_NOT_ALLOWED');
      expect(message).toContain('Đơn vị đã tiếp nhận');
      const refusals = await c.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.transition_refused'), eq(auditLog.entityId, ticket.id)));
      expect(refusals.map((r) => (r.details as { code: string }).code).sort()).toEqual(['OTHER_AGENCY', 'ROLE_NOT_ALLOWED', 'TRANSITION_NOT_ALLOWED']);
    });

    it('given a forwarded ticket not yet acknowledged, when the agency resolves or posts progress, then 409', async () => {
      const ticket = await forwardedTo('health');
      await refused('health', ticket.id, { action: 'resolve', resultText: 'Đã xử lý' }, 409, 'TRANSITION_NOT_ALLOWED');
      await refused('health', ticket.id, { action: 'progress', note: 'Đang xác minh' }, 409, 'TRANSITION_NOT_ALLOWED');
    });

    it('given an acknowledged ticket, when the officer posts progress with a new appointment, then appointmentAt is set and dueAt kept (R13)', async () => {
      const ticket = await acknowledgedBy('health');
      await refused('health', ticket.id, { action: 'progress' }, 400, 'NOTE_REQUIRED');
      await refused('health', ticket.id, { action: 'progress', note: 'x', appointmentAt: '2020-01-01T00:00:00+07:00' }, 400, 'APPOINTMENT_IN_PAST');
      await refused('health', ticket.id, { action: 'progress', note: 'x', appointmentAt: 'tomorrow' }, 400, 'VALIDATION_FAILED');
      const appointmentAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const { ticket: after, event } = await ok('health', ticket.id, { action: 'progress', note: 'Đang xác minh tại hiện trường', appointmentAt });
      expect(after).toMatchObject({ status: 'acknowledged', appointmentAt, dueAt: ticket.dueAt });
      expect(event).toMatchObject({ type: 'progress', note: 'Đang xác minh tại hiện trường', data: { appointmentAt } });
    });

    it('given an acknowledged ticket, when the officer resolves it, then resolved, the result recorded and the R15 SMS queued in the same transaction', async () => {
      const ticket = await acknowledgedBy('health');
      await refused('health', ticket.id, { action: 'resolve' }, 400, 'RESULT_REQUIRED');
      await refused('transport', ticket.id, { action: 'resolve', resultText: 'x' }, 403, 'OTHER_AGENCY');
      await refused('supervisor', ticket.id, { action: 'resolve', resultText: 'x' }, 403, 'ROLE_NOT_ALLOWED');
      expect(await c.t.database.db.select().from(smsMessages).where(eq(smsMessages.ticketId, ticket.id))).toHaveLength(0);
      const { ticket: after, event } = await ok('health', ticket.id, { action: 'resolve', resultText: 'Đã vá ổ gà ngày 05/3' });
      expect(after).toMatchObject({ status: 'resolved', resultText: 'Đã vá ổ gà ngày 05/3' });
      expect(event).toMatchObject({ type: 'resolved', actorAgencyId: c.agencies.health.id, actorAgencyName: 'Sở Y tế' });
      const sms = await c.t.database.db.select().from(smsMessages).where(eq(smsMessages.ticketId, ticket.id));
      expect(sms).toMatchObject([{ template: 'ticket.resolved', agencyId: c.agencies.health.id }]);
    });

    it('given a ticket that is not theirs, when the agency returns it without a reason, then 400; with one, then it goes back to the hotline', async () => {
      const ticket = await acknowledgedBy('transport');
      await refused('transport', ticket.id, { action: 'return' }, 400, 'REASON_REQUIRED');
      const { ticket: after, event } = await ok('transport', ticket.id, { action: 'return', reason: 'Thuộc thẩm quyền UBND huyện' });
      expect(after).toMatchObject({ status: 'returned', agencyId: null });
      expect(event).toMatchObject({ type: 'returned', data: { fromAgencyId: c.agencies.transport.id, toAgencyId: null } });
      expect((await c.t.app.inject({ url: `/api/tickets/${ticket.id}`, headers: { cookie: c.cookies.transport } })).statusCode).toBe(403);
      await refused('transport', ticket.id, { action: 'return', reason: 'again' }, 403, 'OTHER_AGENCY');
      const { ticket: again } = await ok('operator', ticket.id, { action: 'forward', agencyId: c.agencies.health.id });
      expect(again).toMatchObject({ status: 'forwarded', agencyId: c.agencies.health.id });
    });

    it('given unclear jurisdiction, when the hotline forwards to Sở TT&TT, then its officer forwards it on; another agency may not (R12)', async () => {
      const ticket = await forwardedTo('ict');
      await ok('ict', ticket.id, { action: 'acknowledge' });
      await refused('ict', ticket.id, { action: 'forward', agencyId: c.agencies.ict.id }, 400, 'SAME_AGENCY');
      const { ticket: after, event } = await ok('ict', ticket.id, { action: 'forward', agencyId: c.agencies.transport.id, note: 'Thuộc Sở GTVT' });
      expect(after).toMatchObject({ status: 'forwarded', agencyId: c.agencies.transport.id });
      expect(event).toMatchObject({ type: 'forwarded', fromStatus: 'acknowledged', actorAgencyId: c.agencies.ict.id });
      const { message } = await refused('transport', ticket.id, { action: 'forward', agencyId: c.agencies.health.id }, 403, 'NOT_UNCLEAR_JURISDICTION_AGENCY');
      expect(message).toContain('trả lại');
    });
  });

  describe('supervision: reassign and reopen', () => {
    it('given a forwarded ticket, when a supervisor reassigns it, then it moves to the other agency; an operator may not; a received ticket cannot be reassigned', async () => {
      const ticket = await acknowledgedBy('health');
      await refused('operator', ticket.id, { action: 'reassign', agencyId: c.agencies.transport.id }, 403, 'ROLE_NOT_ALLOWED');
      await refused('health', ticket.id, { action: 'reassign', agencyId: c.agencies.transport.id }, 403, 'ROLE_NOT_ALLOWED');
      await refused('supervisor', ticket.id, { action: 'reassign' }, 400, 'AGENCY_REQUIRED');
      const { ticket: after, event } = await ok('supervisor', ticket.id, { action: 'reassign', agencyId: c.agencies.transport.id, note: 'Đúng thẩm quyền Sở GTVT' });
      expect(after).toMatchObject({ status: 'forwarded', agencyId: c.agencies.transport.id });
      expect(event.type).toBe('reassigned');
      const fresh = await newTicket();
      await refused('supervisor', fresh.id, { action: 'reassign', agencyId: c.agencies.transport.id }, 409, 'TRANSITION_NOT_ALLOWED');
    });

    it('given answered and resolved tickets, when a supervisor reopens them, then answered → received and resolved → forwarded to the same agency', async () => {
      const answered = await newTicket();
      await ok('operator', answered.id, { action: 'answer', resultText: 'Đã trả lời' });
      await refused('operator', answered.id, { action: 'reopen', reason: 'x' }, 403, 'ROLE_NOT_ALLOWED');
      await refused('supervisor', answered.id, { action: 'reopen' }, 400, 'REASON_REQUIRED');
      expect((await ok('supervisor', answered.id, { action: 'reopen', reason: 'Trả lời chưa đúng' })).ticket).toMatchObject({ status: 'received', resultText: null, resolvedAt: null });
      await refused('supervisor', answered.id, { action: 'reopen', reason: 'again' }, 409, 'TRANSITION_NOT_ALLOWED');

      const resolved = await acknowledgedBy('health');
      await ok('health', resolved.id, { action: 'resolve', resultText: 'Xong' });
      const { ticket: after } = await ok('admin', resolved.id, { action: 'reopen', reason: 'Công dân phản ánh chưa được giải quyết' });
      expect(after).toMatchObject({ status: 'forwarded', agencyId: c.agencies.health.id, resolvedAt: null, published: false });
      expect(new Date(after.dueAt as string).getTime()).toBeGreaterThan(new Date(resolved.dueAt as string).getTime());
    });
  });

  describe('refusals common to every action', () => {
    it('given an unknown ticket, a malformed id or an unknown action, then 404 / 400 / 400', async () => {
      expect((await act('operator', '00000000-0000-4000-8000-000000000000', { action: 'answer', resultText: 'x' })).statusCode).toBe(404);
      expect((await act('operator', 'abc', { action: 'answer', resultText: 'x' })).statusCode).toBe(400);
      const ticket = await newTicket();
      expect((await act('operator', ticket.id, { action: 'close' })).statusCode).toBe(400);
      expect((await act('operator', ticket.id, { action: 'answer', resultText: 'x', status: 'resolved' })).statusCode).toBe(400);
    });

    it('given any transition, then exactly one processing-log event per transition, none for refusals', async () => {
      const ticket = await forwardedTo('health');
      await refused('health', ticket.id, { action: 'resolve', resultText: 'x' }, 409, 'TRANSITION_NOT_ALLOWED');
      const events = await c.t.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
      expect(events.map((e) => e.type).sort()).toEqual(['created', 'forwarded']);
    });
  });

  describe('events to live screens', () => {
    it('given a forward, then ticket.updated.v1 goes to the agency and the hotline rooms, without personal data', async () => {
      const ticket = await newTicket();
      const emit = vi.fn();
      const to = vi.spyOn(c.t.app.io, 'to').mockReturnValue({ emit } as never);
      try {
        await ok('operator', ticket.id, { action: 'forward', agencyId: c.agencies.health.id });
        expect(to).toHaveBeenCalledWith(expect.arrayContaining([`agency:${c.agencies.health.id}`, 'role:supervisor', 'role:operator']));
      } finally {
        to.mockRestore();
      }
      expect(emit).toHaveBeenCalledWith('ticket.updated.v1', expect.objectContaining({ id: ticket.id, status: 'forwarded', agencyId: c.agencies.health.id }));
      const payload = JSON.stringify(emit.mock.calls);
      expect(payload).not.toContain('0912345678');
      expect(payload).not.toContain('Nguyễn');
    });
  });

  describe('the processing log (R14)', () => {
    it('given a handled ticket, when its log is read and exported, then JSON lists each step and the CSV opens in Excel (BOM, Vietnamese)', async () => {
      const ticket = await acknowledgedBy('health');
      await ok('health', ticket.id, { action: 'resolve', resultText: 'Đã xử lý, "hoàn tất"' });
      const json = await c.t.app.inject({ url: `/api/tickets/${ticket.id}/events`, headers: { cookie: c.cookies.health } });
      expect(json.json().items.map((e: { type: string }) => e.type)).toEqual(['created', 'forwarded', 'acknowledged', 'resolved']);

      const csv = await c.t.app.inject({ url: `/api/tickets/${ticket.id}/events.csv`, headers: { cookie: c.cookies.supervisor } });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toContain(`nhat-ky-${ticket.receiptCode}.csv`);
      expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(lines[0]).toBe('Mã phiếu,Thời điểm,Bước,Từ trạng thái,Sang trạng thái,Người thực hiện,Đơn vị,Ghi chú');
      expect(lines).toHaveLength(5);
      expect(lines[3]).toContain('Đơn vị đã tiếp nhận');
      expect(lines[4]).toMatch(/\+07:00,resolved,Đơn vị đã tiếp nhận,Đã giải quyết,Người dùng daumoi-yte \(daumoi-yte\),Sở Y tế,$/);
      const exports = await c.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.export_log'), eq(auditLog.entityId, ticket.id)));
      expect(exports).toHaveLength(1);
    });

    it("given another agency's officer, when they read or export the log, then 403 and the refusal is audited", async () => {
      const ticket = await forwardedTo('health');
      expect((await c.t.app.inject({ url: `/api/tickets/${ticket.id}/events`, headers: { cookie: c.cookies.transport } })).statusCode).toBe(403);
      expect((await c.t.app.inject({ url: `/api/tickets/${ticket.id}/events.csv`, headers: { cookie: c.cookies.transport } })).statusCode).toBe(403);
      const refusals = await c.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.read_refused'), eq(auditLog.entityId, ticket.id)));
      expect(refusals).toHaveLength(2);
    });
  });
});
