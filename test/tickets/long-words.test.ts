import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets } from '../../src/db/schema/index.js';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';

/** A pasted link: one "word" of ~2,100 bytes once folded (every run of other characters is one space). */
const pastedLink = `https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=${'a1b2c3d4'.repeat(260)}`;
const longWord = 'x'.repeat(3000);

/**
 * Issue 12 item 2: a word longer than a tsvector lexeme (2,047 bytes) made the ticket's word index fail (PGlite) or
 * wrap its length (PostgreSQL 15). It is indexed truncated; the text is stored whole and still found.
 */
describe(`long words in tickets and the knowledge base (${testDriver()})`, () => {
  let t: TestApp;
  let cookie = '';

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_SUBMIT_PER_HOUR: '100' });
    await createTestUser(t, 'dtv-dai', 'operator');
    await createTestUser(t, 'qt-dai', 'admin');
    cookie = await login(t, 'dtv-dai');
  });
  afterAll(() => t.close());

  const stored = async (receiptCode: string) => (await t.database.db.select().from(tickets).where(eq(tickets.receiptCode, receiptCode)))[0];
  const search = async (q: string) => {
    const response = await t.app.inject({ url: `/api/tickets?q=${encodeURIComponent(q)}`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: Array<{ receiptCode: string }> }).items.map((i) => i.receiptCode);
  };

  it('given a citizen’s request holding a pasted link, when submitted anonymously, then 201, the content is stored whole and found by its words', async () => {
    const content = `Tôi không mở được trang ${pastedLink} xin hướng dẫn`;
    const response = await t.app.inject({ method: 'POST', url: '/api/public/requests', payload: { name: 'Lê Văn Tám', phone: '0912000111', content } });
    expect(response.statusCode, response.body).toBe(201);
    const { receiptCode } = response.json() as { receiptCode: string };
    expect((await stored(receiptCode))?.content).toBe(content);
    expect(await search('khong mo duoc trang https')).toContain(receiptCode);
    // Search boxes take 200 characters: the long word is typed begun, as the last word.
    expect(await search(`chi tiet html ma thu tuc ${'a1b2c3d4'.repeat(20)}`)).toEqual([receiptCode]);
    expect(await search('xin huong dan')).toContain(receiptCode);
  });

  it('given a 3,000-letter word, when staff create and edit tickets, then 201 and 200, stored whole, found by the word and by a phrase around it', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: { cookie }, payload: { channel: 'phone', content: `Phản ánh ${longWord} ở chợ` } });
    expect(created.statusCode, created.body).toBe(201);
    const { id, receiptCode } = created.json() as { id: string; receiptCode: string };
    const address = `Ấp ${'y'.repeat(480)}`;
    const edited = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${id}`, headers: { cookie }, payload: { content: `Phản ánh ${longWord} ${longWord}y ở chợ Biên Hòa`, citizenAddress: address } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await stored(receiptCode)).toMatchObject({ content: `Phản ánh ${longWord} ${longWord}y ở chợ Biên Hòa`, citizenAddress: address });
    // Search boxes take 200 characters: a long word is typed begun, as the last word of what is typed.
    expect(await search(`phan anh ${longWord.slice(0, 150)}`)).toEqual([receiptCode]);
    expect(await search(`ap ${'y'.repeat(190)}`)).toEqual([receiptCode]);
    expect(await search('o cho bien hoa')).toEqual([receiptCode]);
    // Typed whole (a space after it), 150 letters are not the 3,000-letter word.
    expect(await search(`${longWord.slice(0, 150)} `)).toEqual([]);
  });

  it('given a knowledge-base answer holding a long word, when written, then 201 and the entry is found by its other words', async () => {
    const admin = await login(t, 'qt-dai');
    const entry = await t.app.inject({ method: 'POST', url: '/api/kb', headers: { cookie: admin }, payload: { question: 'Đường dẫn nộp hồ sơ trực tuyến?', answer: `Vào ${pastedLink} rồi chọn thủ tục`, keywords: longWord.slice(0, 500) } });
    expect(entry.statusCode, entry.body).toBe(201);
    const found = await t.app.inject({ url: '/api/kb/search?q=nop%20ho%20so', headers: { cookie: admin } });
    expect(found.statusCode).toBe(200);
    expect((found.json() as Array<{ id: string }>).map((h) => h.id)).toContain((entry.json() as { id: string }).id);
  });
});
