import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, tickets } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';

/**
 * Issue 12 item 6 (R17, R22): a supervisor or admin publishes an answered or resolved ticket — an editable public
 * version of question and answer, personal data masked automatically and shown before it goes out — and withdraws
 * it; both audited. Citizens then read it at GET /api/public/answers.
 */
describe(`publishing answers (${testDriver()})`, () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let answeredId = '';
  let openId = '';

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_ANSWERS_PER_MINUTE: '1000' });
    const agency = await createAgency(t, 'so-cong-bo');
    for (const [name, role] of [['giamsat', 'supervisor'], ['quantri', 'admin'], ['dtv', 'operator'], ['daumoi', 'agency_officer']] as const) {
      await createTestUser(t, `pb-${name}`, role, role === 'agency_officer' ? agency.id : undefined);
      cookies[name] = await login(t, `pb-${name}`);
    }
    const [answered, open] = await t.database.db.insert(tickets).values([
      {
        receiptCode: '1022-2026-000501', channel: 'phone', status: 'answered', resolvedAt: new Date(),
        citizenName: 'Trần Thị Bích Ngọc', citizenPhone: '0987654321', citizenAddress: '12 Lê Lợi, phường Quyết Thắng',
        content: 'Bà Trần Thị Bích Ngọc (0987654321) ở 12 Lê Lợi, phường Quyết Thắng hỏi thủ tục cấp lại CCCD 075123456789',
        resultText: 'Đã hướng dẫn bà Ngọc nộp hồ sơ tại Công an phường; gọi lại 0987654321 khi có kết quả',
      },
      { receiptCode: '1022-2026-000502', channel: 'web', content: 'Đang chờ xử lý', citizenName: 'Lê Văn Tám' },
    ]).returning();
    answeredId = answered!.id;
    openId = open!.id;
  });
  afterAll(() => t.close());

  const call = (who: string | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: who ? { cookie: cookies[who]! } : {}, ...(payload ? { payload } : {}) });
  const publicAnswers = async () => (await t.app.inject({ url: '/api/public/answers' })).json() as { total: number; items: Array<{ receiptCode: string; question: string; result: string }> };

  it('given an answered ticket, when a supervisor previews its publication, then question and answer come masked, with what was masked', async () => {
    const response = await call('giamsat', 'POST', `/api/tickets/${answeredId}/publication/preview`, {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      question: 'Bà T.T.B.N. (*******321) ở [địa chỉ] hỏi thủ tục cấp lại CCCD [số giấy tờ]',
      answer: 'Đã hướng dẫn bà N. nộp hồ sơ tại Công an phường; gọi lại *******321 khi có kết quả',
      masked: expect.arrayContaining(['name', 'phone', 'address', 'id_number']),
      published: false,
    });
  });

  it('given an edited version, when previewed, then the edit is masked too', async () => {
    const response = await call('quantri', 'POST', `/api/tickets/${answeredId}/publication/preview`, { question: 'Công dân hỏi cấp lại CCCD, liên hệ ngoc.tran@example.vn' });
    expect(response.json()).toMatchObject({ question: 'Công dân hỏi cấp lại CCCD, liên hệ [email]', masked: expect.arrayContaining(['email']) });
  });

  it('given text that still holds personal data, when published, then 409 PUBLICATION_NOT_MASKED and nothing is published', async () => {
    const response = await call('giamsat', 'PUT', `/api/tickets/${answeredId}/publication`, { question: 'Bà Trần Thị Bích Ngọc hỏi cấp lại CCCD', answer: 'Nộp tại Công an phường' });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PUBLICATION_NOT_MASKED');
    expect((await publicAnswers()).total).toBe(0);
  });

  it('given the masked version confirmed, when published, then citizens read it, and it is audited', async () => {
    const preview = (await call('giamsat', 'POST', `/api/tickets/${answeredId}/publication/preview`, {})).json() as { question: string; answer: string };
    const response = await call('giamsat', 'PUT', `/api/tickets/${answeredId}/publication`, { question: preview.question, answer: `${preview.answer}.` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ published: true, question: preview.question, answer: `${preview.answer}.`, publishedAt: expect.any(String) });
    const list = await publicAnswers();
    expect(list.items).toEqual([expect.objectContaining({ receiptCode: '1022-2026-000501', question: preview.question, result: `${preview.answer}.` })]);
    expect(JSON.stringify(list)).not.toMatch(/Bích Ngọc|0987654321|Lê Lợi|075123456789/);
    const audited = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'ticket.published'), eq(auditLog.entityId, answeredId)));
    expect(audited).toHaveLength(1);
    const read = await call('quantri', 'GET', `/api/tickets/${answeredId}/publication`);
    expect(read.json()).toMatchObject({ published: true, question: preview.question });
  });

  it('given a published answer, when unpublished, then 204, citizens no longer see it, and it is audited', async () => {
    expect((await call('quantri', 'DELETE', `/api/tickets/${answeredId}/publication`)).statusCode).toBe(204);
    expect((await publicAnswers()).total).toBe(0);
    expect(await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'ticket.unpublished'))).toHaveLength(1);
    expect((await call('quantri', 'DELETE', `/api/tickets/${answeredId}/publication`)).statusCode).toBe(404);
  });

  it.each([
    ['dtv', 403],
    ['daumoi', 403],
    [null, 401],
  ])('given a caller %s who is not a supervisor or admin, then %i on preview and publish', async (who, status) => {
    expect((await call(who, 'POST', `/api/tickets/${answeredId}/publication/preview`, {})).statusCode).toBe(status);
    expect((await call(who, 'PUT', `/api/tickets/${answeredId}/publication`, { question: 'Hỏi', answer: 'Đáp' })).statusCode).toBe(status);
    expect((await call(who, 'DELETE', `/api/tickets/${answeredId}/publication`)).statusCode).toBe(status);
  });

  it('given a ticket not answered or resolved yet, then 409 TICKET_NOT_CLOSED', async () => {
    const response = await call('giamsat', 'PUT', `/api/tickets/${openId}/publication`, { question: 'Hỏi', answer: 'Đáp' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'TICKET_NOT_CLOSED', message: expect.stringContaining('trả lời') });
    expect((await call('giamsat', 'POST', `/api/tickets/${openId}/publication/preview`, {})).statusCode).toBe(409);
  });

  it('given an unknown ticket, a bad id or an empty text, then 404, 400, 400', async () => {
    expect((await call('giamsat', 'PUT', '/api/tickets/00000000-0000-4000-8000-000000000000/publication', { question: 'Hỏi', answer: 'Đáp' })).statusCode).toBe(404);
    expect((await call('giamsat', 'GET', '/api/tickets/khong-phai-id/publication')).statusCode).toBe(400);
    expect((await call('giamsat', 'PUT', `/api/tickets/${answeredId}/publication`, { question: '', answer: 'Đáp' })).statusCode).toBe(400);
    expect((await call('giamsat', 'PUT', `/api/tickets/${answeredId}/publication`, { question: 'Hỏi' })).statusCode).toBe(400);
  });
});
