import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fields, publicAnswers, tickets } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';

/** R17: published answers, personal data masked, searchable without diacritics — on PGlite and PostgreSQL. */
describe(`published answers (${testDriver()})`, () => {
  let t: TestApp;
  let fieldId = '';

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_ANSWERS_PER_MINUTE: '100' });
    const [field] = await t.database.db.insert(fields).values({ code: 'giao-thong', name: 'Giao thông' }).returning();
    fieldId = field!.id;
    const resolved = { channel: 'phone' as const, status: 'resolved' as const, published: true };
    const rows = await t.database.db.insert(tickets).values([
      {
        ...resolved,
        receiptCode: '1022-2026-000201',
        citizenName: 'Phạm Minh Đức',
        citizenPhone: '0912000111',
        citizenAddress: '9 Nguyễn Huệ',
        content: 'Đường Lê Lợi có ổ gà lớn',
        resultText: 'Sở GTVT đã vá xong ổ gà trên Đường Lê Lợi.',
        fieldId,
        resolvedAt: new Date('2026-11-03T00:00:00Z'),
      },
      {
        ...resolved,
        receiptCode: '1022-2026-000202',
        citizenName: 'Võ Thị Hoa',
        citizenPhone: '0912000222',
        content: 'Hỏi thủ tục cấp giấy phép xây dựng',
        resultText: 'Hồ sơ nộp tại bộ phận một cửa.',
        resolvedAt: new Date('2026-11-04T00:00:00Z'),
      },
      { ...resolved, receiptCode: '1022-2026-000203', content: 'Đường hỏng, chưa công bố', published: false, resultText: 'x' },
      { ...resolved, receiptCode: '1022-2026-000204', content: 'Đường hỏng, đang xử lý', status: 'forwarded' },
    ]).returning();
    // Their public versions, as a supervisor publishes them (src/public/publication.ts; see publish.test.ts).
    await t.database.db.insert(publicAnswers).values(rows.map((row) => ({ ticketId: row.id, question: row.content, answer: row.resultText ?? '' })));
  });
  afterAll(() => t.close());

  it('given published resolved tickets, when listed without login, then newest first with initials, last 3 digits and no address', async () => {
    const response = await t.app.inject({ url: '/api/public/answers' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(2);
    expect(body.items.map((i: { receiptCode: string }) => i.receiptCode)).toEqual(['1022-2026-000202', '1022-2026-000201']);
    expect(body.items[1]).toEqual({
      receiptCode: '1022-2026-000201',
      field: 'Giao thông',
      citizenName: 'P.M.Đ.',
      citizenPhone: '*******111',
      question: 'Đường Lê Lợi có ổ gà lớn',
      result: 'Sở GTVT đã vá xong ổ gà trên Đường Lê Lợi.',
      resolvedAt: '2026-11-03T00:00:00.000Z',
    });
    expect(response.body).not.toMatch(/Phạm Minh Đức|0912000111|Nguyễn Huệ/);
  });

  it('given a search without diacritics or case ("DUONG le loi"), then the matching answer only', async () => {
    const response = await t.app.inject({ url: `/api/public/answers?q=${encodeURIComponent('DUONG le loi')}` });
    expect(response.json().items.map((i: { receiptCode: string }) => i.receiptCode)).toEqual(['1022-2026-000201']);
    const accented = await t.app.inject({ url: `/api/public/answers?q=${encodeURIComponent('giấy phép')}` });
    expect(accented.json().items.map((i: { receiptCode: string }) => i.receiptCode)).toEqual(['1022-2026-000202']);
  });

  it('given LIKE wildcards in the search, then they match literally', async () => {
    const response = await t.app.inject({ url: `/api/public/answers?q=${encodeURIComponent('%')}` });
    expect(response.json().total).toBe(0);
  });

  it('given a field filter and pagination, then the page and the total agree', async () => {
    const byField = await t.app.inject({ url: `/api/public/answers?fieldId=${fieldId}` });
    expect(byField.json().total).toBe(1);
    const page = await t.app.inject({ url: '/api/public/answers?limit=1&offset=1' });
    expect(page.json()).toMatchObject({ total: 2, items: [{ receiptCode: '1022-2026-000201' }] });
    expect((await t.app.inject({ url: '/api/public/answers?limit=0' })).statusCode).toBe(400);
  });
});
