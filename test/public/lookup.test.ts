import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fields, tickets } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

/** R17: a citizen follows their ticket by receipt code and phone number. */
describe('public ticket lookup', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_LOOKUP_PER_MINUTE: '100' });
    const [field] = await t.database.db.insert(fields).values({ code: 'y-te', name: 'Y tế' }).returning();
    await t.database.db.insert(tickets).values([
      {
        receiptCode: '1022-2026-000101',
        channel: 'phone',
        citizenName: 'Trần Thị Bích',
        citizenPhone: '0987654321',
        citizenAddress: '5 Trần Phú',
        citizenEmail: 'bich@example.vn',
        content: 'Hỏi lịch tiêm',
        fieldId: field!.id,
        status: 'resolved',
        resultText: 'Lịch tiêm vào thứ Bảy tại trạm y tế phường.',
        resolvedAt: new Date('2026-11-02T03:00:00Z'),
      },
      { receiptCode: '1022-2026-000102', channel: 'web', citizenName: 'Lê Văn C', citizenPhone: '0911111222', content: 'Ổ gà', status: 'forwarded', resultText: 'nháp' },
    ]);
  });
  afterAll(() => t.close());

  const lookup = (receiptCode: string, phone: string) =>
    t.app.inject({ url: `/api/public/tickets/lookup?receiptCode=${encodeURIComponent(receiptCode)}&phone=${encodeURIComponent(phone)}` });

  it('given the right code and phone (any VN format), then status, times and the result, with personal data masked', async () => {
    const response = await lookup('1022-2026-000101', '+84987654321');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      receiptCode: '1022-2026-000101',
      status: 'resolved',
      statusLabel: 'Đã giải quyết',
      field: 'Y tế',
      citizenName: 'T.T.B.',
      citizenPhone: '*******321',
      resolvedAt: '2026-11-02T03:00:00.000Z',
      result: 'Lịch tiêm vào thứ Bảy tại trạm y tế phường.',
    });
    expect(response.body).not.toMatch(/0987654321|Trần Thị Bích|Trần Phú|bich@example/);
  });

  it('given a ticket still in progress, then its status without any result text', async () => {
    const response = await lookup('1022-2026-000102', '0911111222');
    expect(response.json()).toMatchObject({ status: 'forwarded', result: null });
  });

  it('given a wrong phone, an unknown code or a malformed phone, then the same 404', async () => {
    const wrongPhone = await lookup('1022-2026-000101', '0911111222');
    const unknownCode = await lookup('1022-2026-999999', '0987654321');
    const garbage = await lookup('1022-2026-000101', 'abc');
    for (const response of [wrongPhone, unknownCode, garbage]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual(wrongPhone.json());
    }
  });

  it('given missing parameters, then 400', async () => {
    expect((await t.app.inject({ url: '/api/public/tickets/lookup?receiptCode=1022-2026-000101' })).statusCode).toBe(400);
  });
});
