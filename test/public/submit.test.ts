import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fields, smsMessages, ticketEvents, tickets } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const valid = {
  name: 'Nguyễn Văn An',
  phone: '+84 912 345 678',
  email: 'an@example.vn',
  address: '12 Lê Lợi, Biên Hòa',
  content: 'Đèn đường trước số nhà 12 bị hỏng đã một tuần.',
};

/** R9 (web channel), R16 (acknowledgement with the receipt code), R18. */
describe('citizen files a request through the web form', () => {
  let t: TestApp;
  let fieldId = '';

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_SUBMIT_PER_HOUR: '50' });
    const [field] = await t.database.db.insert(fields).values({ code: 'ha-tang', name: 'Hạ tầng' }).returning();
    fieldId = field!.id;
  });
  afterAll(() => t.close());

  const submit = (payload: object) => t.app.inject({ method: 'POST', url: '/api/public/requests', payload });

  it('given a valid request, when submitted without login, then 201 with the receipt code and the R16 acknowledgement; a web ticket exists', async () => {
    const response = await submit({ ...valid, fieldId });
    expect(response.statusCode).toBe(201);
    const { receiptCode, message } = response.json();
    expect(receiptCode).toMatch(/^1022-\d{4}-\d{6}$/);
    expect(message).toContain('đã nhận được thông tin góp ý, phản ánh của Quý khách');
    expect(message).toContain(receiptCode);
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.receiptCode, receiptCode));
    expect(ticket).toMatchObject({ channel: 'web', status: 'received', citizenPhone: '0912345678', citizenName: 'Nguyễn Văn An', fieldId, createdBy: null });
    const events = await t.database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket!.id));
    expect(events.map((e) => e.type)).toEqual(['created']);
  });

  it('given SMS acknowledgement is off (the default), then no SMS is queued for a web request', async () => {
    const response = await submit(valid);
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.receiptCode, response.json().receiptCode));
    expect(await t.database.db.select().from(smsMessages).where(eq(smsMessages.ticketId, ticket!.id))).toHaveLength(0);
  });

  it.each([
    [{ ...valid, name: '  ' }, 'NAME_REQUIRED', 'họ và tên'],
    [{ ...valid, phone: undefined }, 'PHONE_REQUIRED', 'số điện thoại'],
    [{ ...valid, phone: '12345' }, 'PHONE_INVALID', '0xxxxxxxxx'],
    [{ ...valid, email: 'not-an-email' }, 'EMAIL_INVALID', 'email'],
    [{ ...valid, content: 'ngắn' }, 'CONTENT_TOO_SHORT', 'ít nhất 10 ký tự'],
    [{ ...valid, content: 'a'.repeat(5001) }, 'CONTENT_TOO_LONG', '5000'],
    [{ ...valid, fieldId: '00000000-0000-4000-8000-000000000000' }, 'FIELD_UNKNOWN', 'Lĩnh vực'],
    [{ ...valid, fieldId: 'abc' }, 'FIELD_UNKNOWN', 'Lĩnh vực'],
  ])('given bad input %#, when submitted, then 400 with a Vietnamese message', async (payload, code, words) => {
    const response = await submit(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe(code);
    expect(response.json().message.toLowerCase()).toContain(words.toLowerCase());
  });

  it('given a body that is not JSON or has wrong types, then 400', async () => {
    expect((await submit({ ...valid, content: 42 })).statusCode).toBe(400);
    const raw = await t.app.inject({ method: 'POST', url: '/api/public/requests', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(raw.statusCode).toBe(400);
  });
});

describe('web form rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_SUBMIT_PER_HOUR: '2', SMS_ACK_WEB_REQUESTS: 'true' });
  });
  afterAll(() => t.close());

  it('given SMS acknowledgement on, then the R16 SMS with the receipt code is queued in the same transaction', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/public/requests', payload: valid, remoteAddress: '10.0.0.9' });
    expect(response.statusCode).toBe(201);
    const [ticket] = await t.database.db.select().from(tickets).where(eq(tickets.receiptCode, response.json().receiptCode));
    const sms = await t.database.db.select().from(smsMessages).where(eq(smsMessages.ticketId, ticket!.id));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ template: 'ticket.received', phone: '0912345678' });
    expect(sms[0]?.body).toContain(response.json().receiptCode);
  });

  it('given more submissions from one IP than allowed per hour, then 429 in Vietnamese; another IP is unaffected', async () => {
    const from = (ip: string) => t.app.inject({ method: 'POST', url: '/api/public/requests', payload: valid, remoteAddress: ip });
    expect((await from('10.0.0.1')).statusCode).toBe(201);
    expect((await from('10.0.0.1')).statusCode).toBe(201);
    const third = await from('10.0.0.1');
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(third.json().message).toContain('Quá nhiều yêu cầu');
    expect((await from('10.0.0.2')).statusCode).toBe(201);
  });
});
