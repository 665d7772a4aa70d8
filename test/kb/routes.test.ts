import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, fields } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';

type Who = 'admin' | 'supervisor' | 'operator' | 'police' | 'insurance';
interface Entry {
  id: string;
  question: string;
  answer: string;
  keywords: string | null;
  fieldId: string | null;
  agencyId: string | null;
  active: boolean;
  updatedBy: string | null;
}

const unknownId = '00000000-0000-4000-8000-000000000000';

/** R19, R24: /api/kb — operators search during calls; the hotline and each agency keep their Q&A; every write audited. */
describe(`knowledge-base routes (${testDriver()})`, () => {
  let t: TestApp;
  const cookies = {} as Record<Who, string>;
  const agency = { police: '', insurance: '' };
  const userIds = {} as Record<Who, string>;
  let fieldId = '';

  const call = (who: Who | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, ...(who ? { headers: { cookie: cookies[who] } } : {}), ...(payload ? { payload } : {}) });
  const create = async (who: Who, payload: object) => {
    const response = await call(who, 'POST', '/api/kb', payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Entry>();
  };
  const search = async (who: Who, query: string) => {
    const response = await call(who, 'GET', `/api/kb/search?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ id: string; question: string; answerExcerpt: string; updatedAt: string }[]>();
  };
  const audited = (action: string, entityId: string) =>
    t.database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));

  beforeAll(async () => {
    t = await startTestApp();
    agency.police = (await createAgency(t, 'cong-an-tinh')).id;
    agency.insurance = (await createAgency(t, 'bhxh-tinh')).id;
    const [field] = await t.database.db.insert(fields).values({ code: 'thu-tuc-hanh-chinh', name: 'Thủ tục hành chính' }).returning();
    fieldId = field!.id;
    const accounts: [Who, 'admin' | 'supervisor' | 'operator' | 'agency_officer', string?][] = [
      ['admin', 'admin'],
      ['supervisor', 'supervisor'],
      ['operator', 'operator'],
      ['police', 'agency_officer', agency.police],
      ['insurance', 'agency_officer', agency.insurance],
    ];
    for (const [who, role, agencyId] of accounts) {
      userIds[who] = (await createTestUser(t, `kb-${who}`, role, agencyId)).id;
      cookies[who] = await login(t, `kb-${who}`);
    }
  });
  afterAll(() => t.close());

  describe('GET /api/kb/search', () => {
    it('given an operator typing without diacritics, then the entry is found with an excerpt of its answer', async () => {
      const entry = await create('supervisor', {
        question: 'Thủ tục cấp hộ chiếu phổ thông như thế nào?',
        answer: 'Nộp tờ khai TK01 tại Phòng Quản lý xuất nhập cảnh Công an tỉnh.',
        keywords: 'passport, xuất cảnh',
        agencyId: agency.police,
        fieldId,
      });
      const hits = await search('operator', `q=${encodeURIComponent('thu tuc cap ho chi')}`);
      expect(hits.map((h) => h.id)).toEqual([entry.id]);
      expect(hits[0]).toMatchObject({ question: entry.question, answerExcerpt: entry.answer, fieldId, agencyId: agency.police });
      expect(Number.isNaN(Date.parse(hits[0]!.updatedAt))).toBe(false);
      expect(await search('admin', `q=passport&fieldId=${fieldId}&agencyId=${agency.police}&limit=5`)).toHaveLength(1);
    });

    it('given no session, then 401', async () => {
      expect((await call(null, 'GET', '/api/kb/search?q=ho+chieu')).statusCode).toBe(401);
    });

    it.each([
      ['no q', '', /\(q\)/],
      ['an empty q', 'q=', /\(q\)/],
      ['only spaces', 'q=%20%20', /\(q\)/],
      ['201 characters', `q=${'a'.repeat(201)}`, /\(q\) từ 1 đến 200 ký tự/],
      ['limit 0', 'q=ho&limit=0', /\(limit\)/],
      ['limit 51', 'q=ho&limit=51', /\(limit\)/],
      ['a limit that is not a number', 'q=ho&limit=muoi', /\(limit\)/],
      ['a field id that is not a UUID', 'q=ho&fieldId=y-te', /\(fieldId\)/],
      ['an agency id that is not a UUID', 'q=ho&agencyId=1', /\(agencyId\)/],
    ])('given %s, then 400 with a Vietnamese message naming the parameter', async (_case, query, message) => {
      const response = await call('operator', 'GET', `/api/kb/search?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(response.json<{ message: string }>().message).toMatch(message);
    });

    it("given an agency officer, then they search their agency's entries only; asking for another agency is 403", async () => {
      const theirs = await create('insurance', { question: 'Cấp lại thẻ bảo hiểm y tế bị mất', answer: 'Nộp tờ khai TK1-TS tại BHXH huyện.' });
      const hotline = await create('admin', { question: 'Cấp lại thẻ thư viện bị mất', answer: 'Liên hệ Thư viện tỉnh.' });
      expect((await search('operator', 'q=cap+lai+the')).map((h) => h.id).sort()).toEqual([theirs.id, hotline.id].sort());
      expect((await search('insurance', 'q=cap+lai+the')).map((h) => h.id)).toEqual([theirs.id]);
      expect(await search('police', 'q=cap+lai+the')).toEqual([]);
      const response = await call('police', 'GET', `/api/kb/search?q=the&agencyId=${agency.insurance}`);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'OTHER_AGENCY' });
    });
  });

  describe('GET /api/kb (the keeper\'s list)', () => {
    type Page = { items: (Entry & { answerExcerpt: string })[]; total: number };
    const list = async (who: Who, query = '') => {
      const response = await call(who, 'GET', `/api/kb?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Page>();
    };

    it("given an agency officer, then their agency's entries only, newest change first, withdrawn ones included, narrowed by words typed", async () => {
      const older = await create('insurance', { question: 'Tra cứu quá trình đóng bảo hiểm xã hội', answer: 'Trên ứng dụng VssID, mục Quá trình tham gia.' });
      expect((await call('insurance', 'DELETE', `/api/kb/${older.id}`)).statusCode).toBe(204);
      const newer = await create('insurance', { question: 'Chuyển nơi khám chữa bệnh ban đầu', answer: 'Đầu mỗi quý, tại BHXH huyện.', keywords: 'KCB ban đầu' });
      const police = await create('police', { question: 'Tra cứu phạt nguội', answer: 'Trên Cổng thông tin Cục CSGT.' });
      const all = await list('insurance');
      const ids = all.items.map((i) => i.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
      expect(ids).not.toContain(police.id);
      expect(all.items.every((i) => i.agencyId === agency.insurance)).toBe(true);
      expect(all.total).toBe(all.items.length);
      expect(all.items.find((i) => i.id === older.id)).toMatchObject({ active: false, answerExcerpt: older.answer });
      expect((await list('insurance', 'q=tra+cuu')).items.map((i) => i.id)).toEqual([older.id]);
      expect((await list('insurance', 'q=kcb')).items.map((i) => i.id)).toEqual([newer.id]);
      expect((await list('insurance', 'q=tra+cuu&status=active')).items).toEqual([]);
      expect((await list('insurance', 'status=inactive')).items.map((i) => i.id)).toEqual([older.id]);
      const first = await list('insurance', 'limit=1');
      expect(first.items).toHaveLength(1);
      expect(first.total).toBe(all.total);
      expect((await list('insurance', 'limit=1&offset=1')).items[0]?.id).toBe(ids[1]);
    });

    it('given a supervisor, then every agency, or the one asked for', async () => {
      const police = await list('supervisor', `agencyId=${agency.police}`);
      expect(police.items.length).toBeGreaterThan(0);
      expect(police.items.every((i) => i.agencyId === agency.police)).toBe(true);
      expect((await list('admin')).total).toBeGreaterThan(police.total);
    });

    it('given no session 401, an operator 403, an officer asking for another agency 403, bad parameters 400', async () => {
      expect((await call(null, 'GET', '/api/kb')).statusCode).toBe(401);
      expect((await call('operator', 'GET', '/api/kb')).statusCode).toBe(403);
      const other = await call('police', 'GET', `/api/kb?agencyId=${agency.insurance}`);
      expect(other.statusCode).toBe(403);
      expect(other.json()).toMatchObject({ code: 'OTHER_AGENCY' });
      for (const query of ['status=deleted', 'limit=0', 'limit=101', 'offset=-1', 'agencyId=bhxh', `q=${'a'.repeat(201)}`]) {
        expect((await call('admin', 'GET', `/api/kb?${query}`)).statusCode, query).toBe(400);
      }
    });
  });

  describe('GET /api/kb/:id', () => {
    let entry: Entry;
    beforeAll(async () => {
      entry = await create('police', { question: 'Đăng ký tạm trú ở đâu?', answer: 'Tại Công an xã nơi tạm trú, hoặc trên VNeID.' });
    });

    it('given an operator, then the whole entry; given its own agency officer, then too', async () => {
      const response = await call('operator', 'GET', `/api/kb/${entry.id}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: entry.id, answer: 'Tại Công an xã nơi tạm trú, hoặc trên VNeID.', agencyId: agency.police, active: true });
      expect((await call('police', 'GET', `/api/kb/${entry.id}`)).statusCode).toBe(200);
    });

    it('given no session 401, another agency 403, a bad id 400, an unknown id 404', async () => {
      expect((await call(null, 'GET', `/api/kb/${entry.id}`)).statusCode).toBe(401);
      const other = await call('insurance', 'GET', `/api/kb/${entry.id}`);
      expect(other.statusCode).toBe(403);
      expect(other.json()).toMatchObject({ code: 'OTHER_AGENCY' });
      expect((await call('operator', 'GET', '/api/kb/khong-phai-uuid')).statusCode).toBe(400);
      const missing = await call('operator', 'GET', `/api/kb/${unknownId}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', message: 'Không tìm thấy câu hỏi – trả lời' });
    });
  });

  describe('POST /api/kb', () => {
    it('given an agency officer, then the entry is their agency’s, written by them, and audited as kb.create', async () => {
      const entry = await create('police', { question: '  Làm căn cước cho trẻ em dưới 14 tuổi  ', answer: 'Cha mẹ làm thủ tục trên VNeID.', keywords: '' });
      expect(entry).toMatchObject({ question: 'Làm căn cước cho trẻ em dưới 14 tuổi', agencyId: agency.police, keywords: null, updatedBy: userIds.police, active: true });
      const [row] = await audited('kb.create', entry.id);
      expect(row).toMatchObject({ actorUsername: 'kb-police', entityType: 'kb_entry', details: { agencyId: agency.police } });
    });

    it('given a supervisor, then an entry of any agency or of none (the hotline’s own)', async () => {
      expect((await create('supervisor', { question: 'Giờ làm việc của tổng đài?', answer: '24/7.' })).agencyId).toBeNull();
      expect((await create('supervisor', { question: 'Đổi thẻ BHYT', answer: 'Tại BHXH.', agencyId: agency.insurance })).agencyId).toBe(agency.insurance);
    });

    it('given no session 401, an operator 403, an officer writing for another agency or for none 403', async () => {
      const body = { question: 'Câu hỏi?', answer: 'Trả lời.' };
      expect((await call(null, 'POST', '/api/kb', body)).statusCode).toBe(401);
      expect((await call('operator', 'POST', '/api/kb', body)).statusCode).toBe(403);
      const other = await call('police', 'POST', '/api/kb', { ...body, agencyId: agency.insurance });
      expect(other.statusCode).toBe(403);
      expect(other.json()).toMatchObject({ code: 'OTHER_AGENCY' });
      expect((await call('police', 'POST', '/api/kb', { ...body, agencyId: null })).statusCode).toBe(403);
    });

    it.each([
      ['no answer', { question: 'Câu hỏi?' }],
      ['a blank question', { question: '   ', answer: 'Trả lời.' }],
      ['an unknown property', { question: 'Câu hỏi?', answer: 'Trả lời.', active: false }],
      ['a field id that is not a UUID', { question: 'Câu hỏi?', answer: 'Trả lời.', fieldId: 'y-te' }],
      ['a field that does not exist', { question: 'Câu hỏi?', answer: 'Trả lời.', fieldId: unknownId }],
    ])('given %s, then 400', async (_case, payload) => {
      const response = await call('admin', 'POST', '/api/kb', payload);
      expect(response.statusCode, response.body).toBe(400);
    });
  });

  describe('PATCH /api/kb/:id', () => {
    it('given a supervisor changing any entry, then it is saved, found by its new words, and audited with the fields changed', async () => {
      const entry = await create('police', { question: 'Xin cấp giấy xác nhận cư trú', answer: 'Tại Công an xã.' });
      const response = await call('supervisor', 'PATCH', `/api/kb/${entry.id}`, { question: 'Xin giấy xác nhận thông tin về cư trú', keywords: 'CT07' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ question: 'Xin giấy xác nhận thông tin về cư trú', keywords: 'CT07', updatedBy: userIds.supervisor });
      expect((await search('operator', 'q=ct07')).map((h) => h.id)).toEqual([entry.id]);
      expect(await search('operator', 'q=xin+cap+giay+xac+nhan')).toEqual([]);
      const [row] = await audited('kb.update', entry.id);
      expect(row).toMatchObject({ actorUsername: 'kb-supervisor', details: { fields: ['question', 'keywords'] } });
    });

    it('given an agency officer, then their own entries only, and they cannot hand one to another agency', async () => {
      const own = await create('insurance', { question: 'Gia hạn thẻ BHYT hộ gia đình', answer: 'Tại đại lý thu.' });
      const notOwn = await create('police', { question: 'Cấp hộ chiếu cho trẻ em', answer: 'Cha mẹ nộp hồ sơ.' });
      expect((await call('insurance', 'PATCH', `/api/kb/${own.id}`, { answer: 'Tại đại lý thu hoặc trên VssID.' })).statusCode).toBe(200);
      expect((await call('insurance', 'PATCH', `/api/kb/${notOwn.id}`, { answer: 'Khác.' })).statusCode).toBe(403);
      const handOver = await call('insurance', 'PATCH', `/api/kb/${own.id}`, { agencyId: agency.police });
      expect(handOver.statusCode).toBe(403);
      expect(handOver.json()).toMatchObject({ code: 'OTHER_AGENCY' });
      expect((await call('insurance', 'GET', `/api/kb/${own.id}`)).json()).toMatchObject({ agencyId: agency.insurance, answer: 'Tại đại lý thu hoặc trên VssID.' });
    });

    it('given no session 401, an operator 403, an unknown id 404, an empty or bad change 400', async () => {
      const entry = await create('admin', { question: 'Số điện thoại đường dây nóng?', answer: '1022.' });
      expect((await call(null, 'PATCH', `/api/kb/${entry.id}`, { answer: 'x' })).statusCode).toBe(401);
      expect((await call('operator', 'PATCH', `/api/kb/${entry.id}`, { answer: 'x' })).statusCode).toBe(403);
      expect((await call('admin', 'PATCH', `/api/kb/${unknownId}`, { answer: 'x' })).statusCode).toBe(404);
      expect((await call('admin', 'PATCH', '/api/kb/1022', { answer: 'x' })).statusCode).toBe(400);
      expect((await call('admin', 'PATCH', `/api/kb/${entry.id}`, {})).statusCode).toBe(400);
      expect((await call('admin', 'PATCH', `/api/kb/${entry.id}`, { answer: ' ' })).statusCode).toBe(400);
      expect((await call('admin', 'PATCH', `/api/kb/${entry.id}`, { agencyId: unknownId })).statusCode).toBe(400);
      expect(await audited('kb.update', entry.id)).toEqual([]);
    });
  });

  describe('DELETE /api/kb/:id', () => {
    it('given an officer withdrawing their entry, then it is kept inactive, search no longer finds it, audited once', async () => {
      const entry = await create('police', { question: 'Báo mất xe máy ở đâu?', answer: 'Công an xã nơi mất xe.' });
      expect((await search('operator', 'q=bao+mat+xe')).map((h) => h.id)).toEqual([entry.id]);
      expect((await call('police', 'DELETE', `/api/kb/${entry.id}`)).statusCode).toBe(204);
      expect(await search('operator', 'q=bao+mat+xe')).toEqual([]);
      expect((await call('operator', 'GET', `/api/kb/${entry.id}`)).json()).toMatchObject({ active: false });
      expect((await call('police', 'DELETE', `/api/kb/${entry.id}`)).statusCode).toBe(204);
      expect(await audited('kb.deactivate', entry.id)).toHaveLength(1);
      // Brought back by a change.
      expect((await call('supervisor', 'PATCH', `/api/kb/${entry.id}`, { active: true })).statusCode).toBe(200);
      expect((await search('operator', 'q=bao+mat+xe')).map((h) => h.id)).toEqual([entry.id]);
    });

    it('given no session 401, an operator 403, another agency 403, a bad id 400, an unknown id 404', async () => {
      const entry = await create('police', { question: 'Cấp biển số xe', answer: 'Tại Công an huyện.' });
      expect((await call(null, 'DELETE', `/api/kb/${entry.id}`)).statusCode).toBe(401);
      expect((await call('operator', 'DELETE', `/api/kb/${entry.id}`)).statusCode).toBe(403);
      expect((await call('insurance', 'DELETE', `/api/kb/${entry.id}`)).statusCode).toBe(403);
      expect((await call('admin', 'DELETE', '/api/kb/abc')).statusCode).toBe(400);
      expect((await call('admin', 'DELETE', `/api/kb/${unknownId}`)).statusCode).toBe(404);
      expect((await call('operator', 'GET', `/api/kb/${entry.id}`)).json()).toMatchObject({ active: true });
      expect(await audited('kb.deactivate', entry.id)).toEqual([]);
    });
  });
});
