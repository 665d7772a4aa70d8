import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { smsMessages } from '../../src/db/schema/index.js';
import { multipart, pdfBytes } from '../attachments/samples.js';
import { startTicketApp } from './support.js';

type Context = Awaited<ReturnType<typeof startTicketApp>>;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe('agency portal through the API: an officer works the agency’s tickets end to end (R12–R15, R22)', () => {
  let c: Context;
  beforeAll(async () => {
    c = await startTicketApp();
  });
  afterAll(() => c.t.close());

  const call = (who: keyof Context['cookies'], method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    c.t.app.inject({ method, url, headers: { cookie: c.cookies[who] }, ...(payload ? { payload } : {}) });

  /** A ticket the operator received `receivedHoursAgo` ago and forwarded to the health department. */
  const forwarded = async (receivedHoursAgo: number) => {
    const created = await call('operator', 'POST', '/api/tickets', { channel: 'phone', content: 'Trạm y tế không tiếp nhận', citizenName: 'Nguyễn Văn An', citizenPhone: '0912345678', receivedAt: hoursAgo(receivedHoursAgo) });
    expect(created.statusCode, created.body).toBe(201);
    const moved = await call('operator', 'POST', `/api/tickets/${created.json().id}/transitions`, { action: 'forward', agencyId: c.agencies.health.id });
    expect(moved.statusCode, moved.body).toBe(200);
    return created.json().id as string;
  };

  it('given a ticket received 30 h ago and forwarded, when the officer lists the new tickets, then it is overdue with the working time past; a fresh one is on time with working minutes left', async () => {
    const late = await forwarded(30);
    const fresh = await forwarded(0);
    const response = await call('health', 'GET', '/api/tickets?status=forwarded');
    expect(response.statusCode, response.body).toBe(200);
    const byId = new Map(response.json().items.map((t: { id: string }) => [t.id, t]));
    expect(byId.get(late)).toMatchObject({ overdue: true, timeLeft: { state: 'overdue', minutes: expect.any(Number), workingMinutes: expect.any(Number) } });
    expect((byId.get(late) as { timeLeft: { minutes: number; workingMinutes: number } }).timeLeft.minutes).toBeLessThan(0);
    expect((byId.get(late) as { timeLeft: { workingMinutes: number } }).timeLeft.workingMinutes).toBeLessThanOrEqual(0);
    const freshLeft = (byId.get(fresh) as { timeLeft: { state: string; minutes: number; workingMinutes: number } }).timeLeft;
    expect(freshLeft.state).toBe('on_time');
    expect(freshLeft.minutes).toBeGreaterThan(23 * 60);
    expect(freshLeft.workingMinutes).toBeGreaterThanOrEqual(0);
    expect(freshLeft.workingMinutes).toBeLessThanOrEqual(freshLeft.minutes);
    const overdueOnly = await call('health', 'GET', '/api/tickets?due=overdue');
    expect(overdueOnly.json().items.map((t: { id: string }) => t.id)).toEqual([late]);
    const detail = await call('health', 'GET', `/api/tickets/${late}`);
    expect(detail.json().timeLeft.state).toBe('overdue');
  });

  it('given a forwarded ticket, when the officer acknowledges, reports progress with a new appointment, attaches the written answer and resolves it, then each step is logged and the SMS is held by the development provider', async () => {
    const id = await forwarded(2);
    expect((await call('health', 'POST', `/api/tickets/${id}/transitions`, { action: 'acknowledge' })).statusCode).toBe(200);
    const appointmentAt = new Date(Date.now() + 48 * 3_600_000).toISOString();
    const progress = await call('health', 'POST', `/api/tickets/${id}/transitions`, { action: 'progress', note: 'Đang xác minh tại trạm y tế', appointmentAt });
    expect(progress.statusCode, progress.body).toBe(200);
    expect(progress.json().ticket.appointmentAt).toBe(appointmentAt);

    const body = multipart('cong-van-tra-loi.pdf', 'application/pdf', pdfBytes);
    const uploaded = await c.t.app.inject({ method: 'POST', url: `/api/tickets/${id}/attachments`, payload: body.payload, headers: { ...body.headers, cookie: c.cookies.health } });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json().purpose).toBe('result');

    const resolved = await call('health', 'POST', `/api/tickets/${id}/transitions`, { action: 'resolve', resultText: 'Trạm y tế đã tiếp nhận lại hồ sơ', attachmentIds: [uploaded.json().id] });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().ticket).toMatchObject({ status: 'resolved', timeLeft: null });
    expect(resolved.json().ticket.attachments).toMatchObject([{ id: uploaded.json().id, eventId: resolved.json().event.id }]);

    await c.t.app.smsOutbox.runOnce();
    const [sms] = await c.t.database.db.select().from(smsMessages).where(and(eq(smsMessages.ticketId, id)));
    expect(sms).toMatchObject({ status: 'sent', provider: 'dev' });
    const log = await call('health', 'GET', `/api/tickets/${id}/events`);
    expect(log.json().items.map((e: { type: string }) => e.type)).toEqual(['created', 'forwarded', 'acknowledged', 'progress', 'resolved']);
  });

  it('given a forwarded ticket that is not the agency’s, when the officer returns it to 1022 with a reason, then the hotline gets it back and the officer no longer sees it', async () => {
    const id = await forwarded(1);
    const refused = await call('health', 'POST', `/api/tickets/${id}/transitions`, { action: 'return' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('REASON_REQUIRED');
    const returned = await call('health', 'POST', `/api/tickets/${id}/transitions`, { action: 'return', reason: 'Thuộc thẩm quyền Sở Giao thông vận tải' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().ticket).toMatchObject({ status: 'returned', agencyId: null });
    expect((await call('health', 'GET', `/api/tickets/${id}`)).statusCode).toBe(403);
    expect((await call('operator', 'GET', '/api/tickets?status=returned')).json().items.map((t: { id: string }) => t.id)).toContain(id);
  });

  it('given another agency’s officer, when they read or act on the ticket, then 403 OTHER_AGENCY', async () => {
    const id = await forwarded(1);
    expect((await call('transport', 'GET', `/api/tickets/${id}`)).json().code).toBe('OTHER_AGENCY');
    expect((await call('transport', 'POST', `/api/tickets/${id}/transitions`, { action: 'acknowledge' })).json().code).toBe('OTHER_AGENCY');
  });

  it('given the officer, when they update their agency’s hotline and email, then it is saved and audited with before/after; its name stays the admin’s', async () => {
    const response = await call('health', 'PATCH', `/api/agencies/${c.agencies.health.id}`, { hotline: '02513822222', email: 'tiepnhan@soyte.dongnai.gov.vn' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ hotline: '02513822222' });
    expect((await call('health', 'PATCH', `/api/agencies/${c.agencies.health.id}`, { name: 'Đổi tên' })).json().code).toBe('FIELD_NOT_EDITABLE');
  });
});
