import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { agencies, fields, kbEntries } from '../../src/db/schema/index.js';
import { foldedWords } from '../../src/search/fold.js';
import { clampLimit, searchKb } from '../../src/kb/search.js';
import { foldWords } from '../../src/search/fold.js';
import { createTestDatabase, testDriver } from '../helpers/db.js';

const rows = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);

/** R19: operators search the Q&A as they type, without diacritics; question matches first; active entries only. */
describe(`knowledge-base search (${testDriver()})`, () => {
  let database: DatabaseHandle;
  const ids: Record<string, string> = {};
  const ref: Record<string, string> = {};
  const names = (hits: { id: string }[]) => {
    const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    return hits.map((h) => byId.get(h.id) ?? h.id);
  };
  const found = async (q: string, more: { fieldId?: string; agencyId?: string; limit?: number } = {}) =>
    names(await searchKb(database.db, { q, ...more }));

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const [procedures, health] = await db
      .insert(fields)
      .values([
        { code: 'thu-tuc-hanh-chinh', name: 'Thủ tục hành chính' },
        { code: 'y-te', name: 'Y tế' },
      ])
      .returning();
    const [police, insurance] = await db
      .insert(agencies)
      .values([
        { code: 'cong-an-tinh', name: 'Công an tỉnh', kind: 'police' },
        { code: 'bhxh-tinh', name: 'Bảo hiểm xã hội tỉnh', kind: 'insurance' },
      ])
      .returning();
    ref.procedures = procedures!.id;
    ref.health = health!.id;
    ref.police = police!.id;
    ref.insurance = insurance!.id;
    const entry = async (name: string, values: Omit<typeof kbEntries.$inferInsert, 'answer'> & { answer?: string }) => {
      const [row] = await db
        .insert(kbEntries)
        .values({ answer: 'Công dân liên hệ Bộ phận một cửa trong giờ hành chính.', fieldId: procedures!.id, agencyId: police!.id, ...values })
        .returning({ id: kbEntries.id });
      ids[name] = row!.id;
    };
    await entry('passportProcedure', {
      question: 'Thủ tục cấp hộ chiếu phổ thông như thế nào?',
      keywords: 'passport, xuất cảnh',
      answer: `Công dân nộp tờ khai mẫu TK01 tại Công an tỉnh hoặc trên Cổng dịch vụ công. ${'Mang theo căn cước để đối chiếu. '.repeat(20)}`,
    });
    await entry('passportFee', { question: 'Lệ phí làm hộ chiếu là bao nhiêu?' });
    await entry('idCard', { question: 'Cấp lại căn cước công dân bị mất', keywords: 'CCCD, căn cước' });
    await entry('travel', { question: 'Xuất cảnh đi du lịch cần giấy tờ gì?', keywords: 'hộ chiếu, visa' });
    await entry('residence', {
      question: 'Đăng ký thường trú cần giấy tờ gì?',
      keywords: 'hộ khẩu, cư trú',
      answer: 'Mang theo căn cước hoặc hộ chiếu còn hạn và giấy tờ chứng minh chỗ ở hợp pháp.',
      agencyId: null,
    });
    await entry('expired', { question: 'Hộ chiếu hết hạn có đi nước ngoài được không?', active: false });
    await entry('completion', { question: 'Hoàn công nhà ở riêng lẻ', keywords: 'xây dựng', agencyId: null });
    await entry('healthCard', {
      question: 'Thẻ bảo hiểm y tế bị mất thì làm sao?',
      keywords: 'BHYT, thẻ bảo hiểm',
      fieldId: health!.id,
      agencyId: insurance!.id,
    });
  });
  afterAll(() => database.close());

  it('given the database folds entries, then what the operator types is folded the same way in JavaScript', async () => {
    const samples = ['Thủ tục cấp HỘ CHIẾU', 'ĐƯỜNG Lê Lợi, Biên Hòa', 'Được hưởng trợ cấp'.normalize('NFD'), '(BHYT) 115 – cấp cứu!', 'Quý Ông Nguyễn Văn Ủy'];
    for (const text of samples) {
      const [row] = rows<{ folded: string }>(await database.db.execute(sql`select ${foldedWords(sql`${text}::text`)} as folded`));
      expect(row?.folded, text).toBe(` ${foldWords(text)} `);
    }
  });

  it('given "thu tuc cap ho chieu" without diacritics, then "Thủ tục cấp hộ chiếu…" is found, whatever the case', async () => {
    expect(await found('thu tuc cap ho chieu')).toEqual(['passportProcedure']);
    expect(await found('THỦ TỤC CẤP HỘ CHIẾU')).toEqual(['passportProcedure']);
    expect(await found('Thủ tục cấp hộ chiếu?')).toEqual(['passportProcedure']);
  });

  it('given a word being typed, then it matches the words it begins; once a space follows, only the whole word', async () => {
    expect(await found('thu tuc cap ho chi')).toEqual(['passportProcedure']);
    expect(await found('hoan c')).toEqual(['completion']);
    expect(await found('ho')).toContain('completion');
    expect(await found('ho ')).not.toContain('completion');
    expect(await found('thu tu cap')).toEqual([]);
  });

  it('given words in the question, keywords and answers, then question matches come first, then keywords, then answers', async () => {
    // In the question as a phrase (nearest the start first), then in the keywords, then in the answer only.
    expect(await found('ho chieu')).toEqual(['passportFee', 'passportProcedure', 'travel', 'residence']);
    // Every word in the question, even not in a row, ranks above keywords; answer matches, shortest question first.
    expect(await found('can cuoc')).toEqual(['idCard', 'residence', 'passportProcedure']);
    expect(await found('cuoc can')).toEqual(['idCard', 'residence', 'passportProcedure']);
  });

  it('given a withdrawn (inactive) entry, then it is never found', async () => {
    expect(await found('het han')).toEqual([]);
    expect(await found('ho chieu')).not.toContain('expired');
  });

  it('given a field or an agency, then only their entries are found', async () => {
    expect(await found('mat', { fieldId: ref.health })).toEqual(['healthCard']);
    expect(await found('mat', { fieldId: ref.procedures })).toEqual(['idCard']);
    expect(await found('giay to', { agencyId: ref.police })).toEqual(['travel']);
    expect(await found('giay to')).toEqual(['residence', 'travel']);
    expect(await found('the bao hiem', { agencyId: ref.police })).toEqual([]);
  });

  it('given a limit, then at most that many (1 to 50), 10 by default', async () => {
    expect(await found('ho chieu', { limit: 2 })).toEqual(['passportFee', 'passportProcedure']);
    expect(await found('ho chieu', { limit: 0 })).toHaveLength(1);
    expect(await found('c', { limit: 500 })).toHaveLength(7);
    expect([clampLimit(undefined), clampLimit(500), clampLimit(2.7)]).toEqual([10, 50, 2]);
  });

  it('given nothing searchable, then nothing is found and nothing fails', async () => {
    expect(await found('%_%')).toEqual([]);
    expect(await found('xin visa du lich chau au')).toEqual([]);
  });

  it('given a hit, then it carries the question, a one-line answer excerpt, field, agency and update time', async () => {
    const [hit] = await searchKb(database.db, { q: 'thu tuc ho chieu' });
    expect(hit).toMatchObject({ id: ids.passportProcedure, question: 'Thủ tục cấp hộ chiếu phổ thông như thế nào?', fieldId: ref.procedures, agencyId: ref.police });
    expect(hit?.answerExcerpt.startsWith('Công dân nộp tờ khai mẫu TK01')).toBe(true);
    expect(hit?.answerExcerpt.length).toBeLessThanOrEqual(201);
    expect(hit?.answerExcerpt.endsWith('…')).toBe(true);
    expect(hit?.updatedAt).toBeInstanceOf(Date);
  });
});
