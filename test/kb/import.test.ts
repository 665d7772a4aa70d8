import * as XLSX from '@e965/xlsx';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { auditLog, fields, kbEntries, kbImports } from '../../src/db/schema/index.js';
import { multipart } from '../attachments/samples.js';
import { createAgency, createTestUser, login, startTestApp, testEnv, type TestApp } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';
import { csvOf, xlsOf, xlsxOf, zipBomb } from './samples.js';

type Who = 'admin' | 'supervisor' | 'operator' | 'police' | 'insurance';
interface ImportView {
  id: string;
  status: string;
  headers: string[];
  mapping: Record<string, unknown> | null;
  totalRows: number;
  processedRows: number;
  percent: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  errorCode: string | null;
}
interface Preview {
  import: ImportView;
  summary: { rows: number; create: number; update: number; skip: number; problems: Record<string, number> };
  rows: { rowNumber: number; action: string; question: string; fieldId: string | null; agencyId: string | null; entryId: string | null; problems: string[] }[];
  problemRows: { rowNumber: number; problems: string[]; question: string }[];
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Issue 16, R19: the knowledge base from the agencies' spreadsheets (.xlsx, .xls, .csv), and back out as .xlsx. */
describe(`knowledge-base import and export (${testDriver()})`, () => {
  let t: TestApp;
  const cookies = {} as Record<Who, string>;
  const agency = { police: '', insurance: '' };
  let passportField = '';

  const upload = async (who: Who | null, fileName: string, bytes: Buffer, contentType = xlsxType) => {
    const body = multipart(fileName, contentType, bytes);
    return t.app.inject({ method: 'POST', url: '/api/kb/imports', payload: body.payload, headers: { ...body.headers, ...(who ? { cookie: cookies[who] } : {}) } });
  };
  const uploaded = async (who: Who, fileName: string, bytes: Buffer) => {
    const response = await upload(who, fileName, bytes);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ import: ImportView; sampleRows: string[][] }>();
  };
  const call = (who: Who | null, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, ...(who ? { headers: { cookie: cookies[who] } } : {}), ...(payload ? { payload } : {}) });
  const preview = async (who: Who, id: string, mapping: object) => {
    const response = await call(who, 'PUT', `/api/kb/imports/${id}/mapping`, mapping);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Preview>();
  };
  /** Runs an import and waits for the runner: the page would poll GET /api/kb/imports/:id. */
  const run = async (who: Who, id: string, body: object = {}) => {
    const response = await call(who, 'POST', `/api/kb/imports/${id}/run`, body);
    expect(response.statusCode, response.body).toBe(202);
    await t.app.kbImports.kick();
    const status = await call(who, 'GET', `/api/kb/imports/${id}`);
    expect(status.statusCode, status.body).toBe(200);
    return status.json<ImportView>();
  };
  const entriesOf = (agencyId: string) =>
    t.database.db.select().from(kbEntries).where(eq(kbEntries.agencyId, agencyId)).orderBy(kbEntries.question);
  const importCount = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(kbImports))[0]!.n;
  const entryCount = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(kbEntries))[0]!.n;

  beforeAll(async () => {
    t = await startTestApp({ KB_IMPORT_MAX_BYTES: String(2 * 1024 * 1024) });
    agency.police = (await createAgency(t, 'cong-an-tinh')).id;
    agency.insurance = (await createAgency(t, 'bhxh-tinh')).id;
    const [field] = await t.database.db.insert(fields).values({ code: 'xuat-nhap-canh', name: 'Xuất nhập cảnh' }).returning();
    passportField = field!.id;
    const accounts: [Who, 'admin' | 'supervisor' | 'operator' | 'agency_officer', string?][] = [
      ['admin', 'admin'],
      ['supervisor', 'supervisor'],
      ['operator', 'operator'],
      ['police', 'agency_officer', agency.police],
      ['insurance', 'agency_officer', agency.insurance],
    ];
    for (const [who, role, agencyId] of accounts) {
      await createTestUser(t, `imp-${who}`, role, agencyId);
      cookies[who] = await login(t, `imp-${who}`);
    }
  });
  afterAll(() => t.close());

  it('given an .xlsx with a problem on some rows, when previewed, then every row says what it would become and nothing is written; run with the bad rows skipped, the good ones are created or update the same question', async () => {
    const [existing] = await t.database.db
      .insert(kbEntries)
      .values({ question: 'Làm hộ chiếu ở đâu?', answer: 'Câu trả lời cũ', agencyId: agency.police })
      .returning();
    const file = await xlsxOf([
      ['STT', 'Câu hỏi', 'Trả lời', 'Từ khóa', 'Lĩnh vực', 'Đơn vị'],
      [1, 'Làm hộ chiếu ở đâu?', 'Tại Phòng Quản lý xuất nhập cảnh, Công an tỉnh', 'passport', 'Xuat nhap canh', 'cong-an-tinh'],
      [2, 'Thời hạn hộ chiếu là bao lâu?', '10 năm', '', 'xuat-nhap-canh', 'Đơn vị cong-an-tinh'],
      [3, '', 'Trả lời không có câu hỏi', '', '', 'cong-an-tinh'],
      [4, 'Cấp lại thẻ BHYT', 'Nộp tờ khai TK1-TS', '', 'Lĩnh vực không có', 'bhxh-tinh'],
      [5, 'thời hạn  hộ chiếu là bao lâu?', 'Trùng câu hỏi dòng 3', '', '', 'cong-an-tinh'],
      [6, 'Tra cứu quá trình đóng BHXH', 'Qua ứng dụng VssID', 'vssid', '', 'bhxh-tinh'],
    ]);
    const { import: created, sampleRows } = await uploaded('supervisor', 'Hỏi đáp.xlsx', file);
    expect(created).toMatchObject({ status: 'uploaded', totalRows: 6, headers: ['STT', 'Câu hỏi', 'Trả lời', 'Từ khóa', 'Lĩnh vực', 'Đơn vị'] });
    expect(created.mapping).toEqual({ question: 1, answer: 2, keywords: 3, field: 4, agency: 5 });
    expect(sampleRows[0]).toEqual(['1', 'Làm hộ chiếu ở đâu?', 'Tại Phòng Quản lý xuất nhập cảnh, Công an tỉnh', 'passport', 'Xuat nhap canh', 'cong-an-tinh']);

    const before = await entryCount();
    const shown = await preview('supervisor', created.id, { question: 1, answer: 2, keywords: 3, field: 4, agency: 5, previewRows: 3 });
    expect(shown.summary).toMatchObject({ rows: 6, create: 2, update: 1, skip: 3 });
    expect(shown.summary.problems).toMatchObject({ empty_question: 1, unknown_field: 1, duplicate: 1 });
    expect(shown.rows.map((r) => [r.rowNumber, r.action])).toEqual([[2, 'update'], [3, 'create'], [4, 'skip']]);
    expect(shown.rows[0]).toMatchObject({ entryId: existing!.id, fieldId: passportField, agencyId: agency.police });
    expect(shown.problemRows).toEqual([
      { rowNumber: 4, problems: ['empty_question'], question: '' },
      { rowNumber: 5, problems: ['unknown_field'], question: 'Cấp lại thẻ BHYT' },
      { rowNumber: 6, problems: ['duplicate'], question: 'thời hạn hộ chiếu là bao lâu?' },
    ]);
    expect(await entryCount()).toBe(before);

    const refused = await call('supervisor', 'POST', `/api/kb/imports/${created.id}/run`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'ROWS_HAVE_PROBLEMS' });

    const done = await run('supervisor', created.id, { skipRowsWithProblems: true });
    expect(done).toMatchObject({ status: 'done', percent: 100, processedRows: 6, createdCount: 2, updatedCount: 1, skippedCount: 3, errorCode: null });
    const police = await entriesOf(agency.police);
    expect(police.map((e) => [e.question, e.answer, e.fieldId])).toEqual([
      ['Làm hộ chiếu ở đâu?', 'Tại Phòng Quản lý xuất nhập cảnh, Công an tỉnh', passportField],
      ['Thời hạn hộ chiếu là bao lâu?', '10 năm', passportField],
    ]);
    expect(police[0]!.id).toBe(existing!.id);
    expect((await entriesOf(agency.insurance)).map((e) => [e.question, e.keywords])).toEqual([['Tra cứu quá trình đóng BHXH', 'vssid']]);
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'kb.import'), eq(auditLog.entityId, created.id)));
    expect(audit?.details).toEqual({ rows: 6, created: 2, updated: 1, skipped: 3 });

    const again = await call('supervisor', 'POST', `/api/kb/imports/${created.id}/run`, { skipRowsWithProblems: true });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'IMPORT_DONE' });
  });

  it("given an agency officer's old .xls file, when imported, then its entries go to the officer's agency, and importing it twice updates rather than duplicates", async () => {
    const file = xlsOf([
      ['Câu hỏi', 'Câu trả lời', 'Từ khóa'],
      ['Đăng ký thường trú cần giấy tờ gì?', 'Tờ khai CT01 và giấy tờ chỗ ở hợp pháp', 'hộ khẩu, cư trú'],
      ['Đổi CCCD gắn chip ở đâu?', 'Công an cấp huyện nơi thường trú', 'căn cước'],
    ]);
    for (const round of [1, 2]) {
      const { import: created } = await uploaded('police', 'cu-tru.xls', file);
      expect(created.mapping).toEqual({ question: 0, answer: 1, keywords: 2 });
      const shown = await preview('police', created.id, { question: 0, answer: 1, keywords: 2 });
      expect(shown.summary).toMatchObject(round === 1 ? { create: 2, update: 0, skip: 0 } : { create: 0, update: 2, skip: 0 });
      expect(shown.rows.every((r) => r.agencyId === agency.police)).toBe(true);
      const done = await run('police', created.id);
      expect(done).toMatchObject({ status: 'done', createdCount: round === 1 ? 2 : 0, updatedCount: round === 1 ? 0 : 2 });
    }
    const questions = (await entriesOf(agency.police)).map((e) => e.question);
    expect(questions.filter((q) => q === 'Đổi CCCD gắn chip ở đâu?')).toHaveLength(1);
    expect(questions).toContain('Đăng ký thường trú cần giấy tờ gì?');
  });

  it('given a CSV naming another agency, when an officer previews it, then that row is other_agency; a default field applies to rows without one', async () => {
    const file = csvOf([
      ['Question', 'Answer', 'Agency'],
      ['Giờ làm việc của bộ phận một cửa?', 'Sáng 7:30–11:30, chiều 13:30–17:00', ''],
      ['Mức đóng BHYT hộ gia đình?', '4,5% lương cơ sở', 'bhxh-tinh'],
    ]);
    const response = await upload('police', 'hoi-dap.csv', file, 'text/csv');
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json<{ import: ImportView }>().import.id;
    const shown = await preview('police', id, { question: 0, answer: 1, agency: 2, defaultFieldId: passportField });
    expect(shown.rows.map((r) => [r.action, r.problems, r.fieldId, r.agencyId])).toEqual([
      ['create', [], passportField, agency.police],
      ['skip', ['other_agency'], passportField, agency.police],
    ]);
    const other = await call('police', 'PUT', `/api/kb/imports/${id}/mapping`, { question: 0, answer: 1, defaultAgencyId: agency.insurance });
    expect(other.statusCode).toBe(403);
  });

  it('given a write that fails after a thousand rows, then nothing of the import is kept and it says failed; fixed, it runs again', async () => {
    await t.database.db.execute(sql.raw(`
      create function refuse_boom() returns trigger language plpgsql as $$
      begin if new.question = 'boom' then raise exception 'boom refused'; end if; return new; end $$`));
    await t.database.db.execute(sql.raw('create trigger refuse_boom before insert on kb_entries for each row execute function refuse_boom()'));
    const rows = [['Câu hỏi', 'Trả lời', 'Đơn vị']];
    for (let i = 1; i <= 1200; i++) rows.push([i === 1150 ? 'boom' : `Câu hỏi số ${i} về bảo hiểm`, `Trả lời ${i}`, 'bhxh-tinh']);
    const { import: created } = await uploaded('admin', 'lon.xlsx', await xlsxOf(rows));
    await preview('admin', created.id, { question: 0, answer: 1, agency: 2 });
    const before = await entryCount();
    const failed = await run('admin', created.id);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'IMPORT_FAILED', createdCount: 0 });
    expect(await entryCount()).toBe(before);

    await t.database.db.execute(sql.raw('drop trigger refuse_boom on kb_entries'));
    await t.database.db.execute(sql.raw('drop function refuse_boom()'));
    const done = await run('admin', created.id);
    expect(done).toMatchObject({ status: 'done', createdCount: 1200 });
    expect(await entryCount()).toBe(before + 1200);
  });

  it('given an import queued when the server stopped, when an instance starts on the same database, then it runs it', async () => {
    const { import: created } = await uploaded('supervisor', 'sau-khoi-dong.csv', csvOf([['Câu hỏi', 'Trả lời'], ['Hỏi sau khởi động lại', 'Đáp']]));
    await preview('supervisor', created.id, { question: 0, answer: 1 });
    await t.database.db.update(kbImports).set({ status: 'queued' }).where(eq(kbImports.id, created.id));
    const second = await buildApp({ env: testEnv(), database: t.database, logger: false });
    try {
      await second.ready();
      await second.kbImports.kick();
    } finally {
      await second.close();
    }
    const [row] = await t.database.db.select().from(kbImports).where(eq(kbImports.id, created.id));
    expect(row).toMatchObject({ status: 'done', createdCount: 1 });
  });

  describe('hostile or wrong files get a 4xx and change nothing', () => {
    it.each([
      ['a formula', async () => xlsxOf([['Câu hỏi', 'Trả lời'], ['Hỏi', { formula: 'A1&"!"', result: 'Hỏi!' }]]), 400, 'FORMULAS_NOT_ALLOWED'],
      ['a zip bomb', async () => zipBomb(200 * 1024 * 1024), 413, 'SPREADSHEET_TOO_LARGE'],
      ['a file over KB_IMPORT_MAX_BYTES', async () => csvOf([['Câu hỏi', 'Trả lời'], ['Hỏi', 'x'.repeat(3 * 1024 * 1024)]]), 413, 'FILE_TOO_LARGE'],
      ['a program renamed .xlsx', async () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0)]), 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['a zip that is not a workbook', async () => Buffer.from('PK\u0003\u0004 not really a zip'), 400, 'SPREADSHEET_UNREADABLE'],
      ['a header row only', async () => csvOf([['Câu hỏi', 'Trả lời']]), 400, 'SPREADSHEET_EMPTY'],
    ] as const)('given %s, then %i %s', async (_what, make, status, code) => {
      const [imports, entries] = [await importCount(), await entryCount()];
      const response = await upload('supervisor', 'hoi-dap.xlsx', await make());
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json()).toMatchObject({ code });
      expect([await importCount(), await entryCount()]).toEqual([imports, entries]);
    });

    it('given a request that is not multipart, then 415', async () => {
      const response = await call('supervisor', 'POST', '/api/kb/imports', { file: 'x' });
      expect(response.statusCode).toBe(415);
    });
  });

  describe('who may', () => {
    it('given no session, then 401; an operator, 403', async () => {
      expect((await upload(null, 'a.csv', csvOf([['q', 'a'], ['1', '2']]))).statusCode).toBe(401);
      expect((await upload('operator', 'a.csv', csvOf([['q', 'a'], ['1', '2']]))).statusCode).toBe(403);
      expect((await call('operator', 'GET', '/api/kb/export.xlsx')).statusCode).toBe(403);
    });

    it("given another officer's import, then 404; a hotline supervisor sees it", async () => {
      const { import: created } = await uploaded('police', 'a.csv', csvOf([['Câu hỏi', 'Trả lời'], ['Hỏi', 'Đáp']]));
      expect((await call('insurance', 'GET', `/api/kb/imports/${created.id}`)).statusCode).toBe(404);
      expect((await call('insurance', 'PUT', `/api/kb/imports/${created.id}/mapping`, { question: 0, answer: 1 })).statusCode).toBe(404);
      expect((await call('supervisor', 'GET', `/api/kb/imports/${created.id}`)).statusCode).toBe(200);
    });

    it('given a mapping naming a column the file lacks, or one column twice, then 400; a run before any mapping, 409', async () => {
      const { import: created } = await uploaded('supervisor', 'a.csv', csvOf([['A', 'B'], ['Hỏi', 'Đáp']]));
      expect(created.mapping).toBeNull();
      const runFirst = await call('supervisor', 'POST', `/api/kb/imports/${created.id}/run`, {});
      expect([runFirst.statusCode, runFirst.json().code]).toEqual([409, 'MAPPING_REQUIRED']);
      const missing = await call('supervisor', 'PUT', `/api/kb/imports/${created.id}/mapping`, { question: 0, answer: 5 });
      expect([missing.statusCode, missing.json().code]).toEqual([400, 'UNKNOWN_COLUMN']);
      const twice = await call('supervisor', 'PUT', `/api/kb/imports/${created.id}/mapping`, { question: 0, answer: 0 });
      expect([twice.statusCode, twice.json().code]).toEqual([400, 'COLUMN_USED_TWICE']);
      // A column not used, sent as null, stays unused (it was coerced to column 0, then "used twice").
      const unused = await call('supervisor', 'PUT', `/api/kb/imports/${created.id}/mapping`, { question: 0, answer: 1, keywords: null, field: null, agency: null, defaultFieldId: null, defaultAgencyId: null });
      expect(unused.statusCode).toBe(200);
      expect(unused.json().import.mapping).toMatchObject({ question: 0, answer: 1, keywords: null });
    });
  });

  describe('GET /api/kb/export.xlsx', () => {
    const read = (body: Buffer) => XLSX.utils.sheet_to_json<string[]>(XLSX.read(body, { type: 'buffer' }).Sheets['Hỏi đáp']!, { header: 1, raw: false });

    it('given one agency asked for, then the workbook holds its active entries under headers the import recognises', async () => {
      const response = await call('supervisor', 'GET', `/api/kb/export.xlsx?agencyId=${agency.insurance}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe(xlsxType);
      const rows = read(response.rawPayload);
      expect(rows[0]).toEqual(['Câu hỏi', 'Câu trả lời', 'Từ khóa', 'Lĩnh vực', 'Đơn vị', 'Đang dùng', 'Cập nhật']);
      const body = rows.slice(1);
      expect(body.length).toBe((await entriesOf(agency.insurance)).filter((e) => e.active).length);
      expect(body.every((r) => r[4] === 'bhxh-tinh')).toBe(true);
      expect(body.map((r) => r[0])).toContain('Tra cứu quá trình đóng BHXH');
      expect(body[0]![6]).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    });

    it('given one field, then only its entries; an officer gets their own agency only, and 403 for another', async () => {
      const byField = read((await call('admin', 'GET', `/api/kb/export.xlsx?fieldId=${passportField}`)).rawPayload).slice(1);
      expect(byField.length).toBeGreaterThan(0);
      expect(byField.every((r) => r[3] === 'xuat-nhap-canh')).toBe(true);
      const own = read((await call('police', 'GET', '/api/kb/export.xlsx')).rawPayload).slice(1);
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((r) => r[4] === 'cong-an-tinh')).toBe(true);
      expect((await call('police', 'GET', `/api/kb/export.xlsx?agencyId=${agency.insurance}`)).statusCode).toBe(403);
    });

    it('given an exported workbook, when imported back, then every row updates its own entry', async () => {
      const exported = (await call('supervisor', 'GET', `/api/kb/export.xlsx?agencyId=${agency.police}`)).rawPayload;
      const { import: created } = await uploaded('supervisor', 'hoi-dap-1022.xlsx', exported);
      expect(created.mapping).toMatchObject({ question: 0, answer: 1, keywords: 2, field: 3, agency: 4 });
      const shown = await preview('supervisor', created.id, { question: 0, answer: 1, keywords: 2, field: 3, agency: 4 });
      expect(shown.summary).toMatchObject({ create: 0, skip: 0, update: created.totalRows });
    });
  });
});
