import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fields, tickets } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';

type Who = 'supervisor' | 'operator' | 'police' | 'insurance';
interface Counts { total: number; open: number; resolved: number; resolvedOnTime: number; resolvedLate: number; overdue: number }
interface Report { groupBy: string; groups: (Counts & { key: string | null; label: string | null })[]; total: Counts }

/**
 * Issue 16, R20/R21: ticket statistics, checked against a small dataset counted by hand. Business days in
 * Asia/Ho_Chi_Minh (UTC+7): 2026-11-30T17:30Z is already 1 December there.
 */
describe(`GET /api/reports/tickets (${testDriver()})`, () => {
  let t: TestApp;
  const cookies = {} as Record<Who, string>;
  const agency = { police: '', insurance: '' };
  let fieldId = '';

  const get = (who: Who | null, query: string) =>
    t.app.inject({ method: 'GET', url: `/api/reports/tickets${query}`, ...(who ? { headers: { cookie: cookies[who] } } : {}) });
  const report = async (who: Who, query: string) => {
    const response = await get(who, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Report>();
  };
  const counts = (r: Report) => Object.fromEntries(r.groups.map((g) => [g.label ?? 'none', [g.total, g.open, g.resolved, g.resolvedOnTime, g.resolvedLate, g.overdue]]));

  beforeAll(async () => {
    t = await startTestApp();
    agency.police = (await createAgency(t, 'cong-an')).id;
    agency.insurance = (await createAgency(t, 'bhxh')).id;
    const [field] = await t.database.db.insert(fields).values({ code: 'cu-tru', name: 'Cư trú' }).returning();
    fieldId = field!.id;
    for (const [who, role, agencyId] of [
      ['supervisor', 'supervisor'],
      ['operator', 'operator'],
      ['police', 'agency_officer', agency.police],
      ['insurance', 'agency_officer', agency.insurance],
    ] as const) {
      await createTestUser(t, `tr-${who}`, role, agencyId);
      cookies[who] = await login(t, `tr-${who}`);
    }
    const at = (iso: string) => new Date(iso);
    let n = 0;
    const ticket = (values: Partial<typeof tickets.$inferInsert>) => ({ receiptCode: `T-${(n += 1)}`, channel: 'phone' as const, content: 'Nội dung', ...values });
    await t.database.db.insert(tickets).values([
      // 1. 30 Nov, police, field: resolved before its deadline.
      ticket({ receivedAt: at('2026-11-30T02:00:00Z'), agencyId: agency.police, fieldId, status: 'resolved', dueAt: at('2026-12-02T02:00:00Z'), resolvedAt: at('2026-12-01T02:00:00Z') }),
      // 2. 30 Nov, police, field, web: resolved after its deadline.
      ticket({ receivedAt: at('2026-11-30T03:00:00Z'), agencyId: agency.police, fieldId, channel: 'web', status: 'resolved', dueAt: at('2026-12-01T03:00:00Z'), resolvedAt: at('2026-12-03T03:00:00Z') }),
      // 3. 1 Dec in Hà Nội (30 Nov 17:30 UTC), police, urgent: forwarded, deadline passed — overdue.
      ticket({ receivedAt: at('2026-11-30T17:30:00Z'), agencyId: agency.police, urgency: 'urgent', status: 'forwarded', dueAt: at('2026-12-01T05:00:00Z') }),
      // 4. 1 Dec, insurance, email: forwarded, deadline far ahead — open, not overdue.
      ticket({ receivedAt: at('2026-12-01T04:00:00Z'), agencyId: agency.insurance, channel: 'email', status: 'forwarded', dueAt: at('2099-01-01T00:00:00Z') }),
      // 5. 2 Dec, no agency: answered by the hotline, no deadline — resolved on time.
      ticket({ receivedAt: at('2026-12-02T04:00:00Z'), status: 'answered', resolvedAt: at('2026-12-02T04:05:00Z') }),
      // 6. 2 Dec: a draft — never counted.
      ticket({ receivedAt: at('2026-12-02T05:00:00Z'), draft: true }),
      // 7. 8 Dec (the next week), insurance: refused — closed, no resolution time.
      ticket({ receivedAt: at('2026-12-08T04:00:00Z'), agencyId: agency.insurance, status: 'refused', dueAt: at('2026-12-01T00:00:00Z') }),
      // 8. 1 Jan: outside the period.
      ticket({ receivedAt: at('2027-01-01T04:00:00Z'), agencyId: agency.police }),
    ]);
  });
  afterAll(() => t.close());

  it('given tickets in and around the period, when grouped by agency, then each agency counts its own: open, resolved on time and late, overdue', async () => {
    const r = await report('supervisor', '?from=2026-11-30&to=2026-12-31&groupBy=agency');
    // [total, open, resolved, on time, late, overdue]
    expect(counts(r)).toEqual({
      'Đơn vị cong-an': [3, 1, 2, 1, 1, 1],
      'Đơn vị bhxh': [2, 1, 0, 0, 0, 0],
      none: [1, 0, 1, 1, 0, 0],
    });
    expect(r.groups.at(-1)!.key).toBeNull();
    expect(r.total).toEqual({ total: 6, open: 2, resolved: 3, resolvedOnTime: 2, resolvedLate: 1, overdue: 1 });
  });

  it('given groupBy day, week, month, channel, status, urgency, field, then the keys are business days, Mondays, months and the values themselves', async () => {
    const byDay = await report('supervisor', '?from=2026-11-30&to=2026-12-31&groupBy=day');
    expect(byDay.groups.map((g) => [g.key, g.total])).toEqual([['2026-11-30', 2], ['2026-12-01', 2], ['2026-12-02', 1], ['2026-12-08', 1]]);
    const byWeek = await report('supervisor', '?from=2026-11-30&to=2026-12-31&groupBy=week');
    expect(byWeek.groups.map((g) => [g.key, g.total])).toEqual([['2026-11-30', 5], ['2026-12-07', 1]]);
    const byMonth = await report('supervisor', '?from=2026-11-01&to=2027-01-31&groupBy=month');
    expect(byMonth.groups.map((g) => [g.key, g.total])).toEqual([['2026-11-01', 2], ['2026-12-01', 4], ['2027-01-01', 1]]);
    const byChannel = await report('supervisor', '?from=2026-11-30&to=2026-12-31&groupBy=channel');
    expect(byChannel.groups.map((g) => [g.key, g.label, g.total])).toEqual([['phone', 'Điện thoại', 4], ['web', 'Cổng thông tin', 1], ['email', 'Thư điện tử', 1]]);
    const byStatus = await report('supervisor', '?from=2026-11-30&to=2026-12-31&groupBy=status');
    expect(Object.fromEntries(byStatus.groups.map((g) => [g.key, g.total]))).toEqual({ resolved: 2, forwarded: 2, answered: 1, refused: 1 });
    const byUrgency = await report('supervisor', '?from=2026-11-30&to=2026-12-31&groupBy=urgency');
    expect(Object.fromEntries(byUrgency.groups.map((g) => [g.key, g.total]))).toEqual({ normal: 5, urgent: 1 });
    const byField = await report('supervisor', `?from=2026-11-30&to=2026-12-31&groupBy=field&agencyId=${agency.police}`);
    expect(counts(byField)).toEqual({ 'Cư trú': [2, 0, 2, 1, 1, 0], none: [1, 1, 0, 0, 0, 1] });
  });

  it("given an agency officer, then only their agency's tickets are counted; another agency's, 403", async () => {
    const r = await report('police', '?from=2026-11-30&to=2026-12-31&groupBy=status');
    expect(r.total.total).toBe(3);
    expect((await get('police', `?from=2026-11-30&to=2026-12-31&agencyId=${agency.insurance}`)).statusCode).toBe(403);
    expect((await report('insurance', '?from=2026-11-30&to=2026-12-31')).total.total).toBe(2);
  });

  it('given no session 401, an operator 403, bad dates 400', async () => {
    expect((await get(null, '?from=2026-11-30&to=2026-12-31')).statusCode).toBe(401);
    expect((await get('operator', '?from=2026-11-30&to=2026-12-31')).statusCode).toBe(403);
    for (const [query, code] of [
      ['?from=2026-02-30&to=2026-03-01', 'BAD_DATE'],
      ['?from=2026-12-31&to=2026-12-01', 'BAD_RANGE'],
      ['?from=2025-01-01&to=2026-12-31', 'RANGE_TOO_LONG'],
    ]) {
      const response = await get('supervisor', query!);
      expect([response.statusCode, response.json().code]).toEqual([400, code]);
    }
    expect((await get('supervisor', '?from=2026-11-30&to=2026-12-31&groupBy=citizen')).statusCode).toBe(400);
  });

  it('given format=csv or xlsx, then the same figures as a file, Vietnamese headers, the total last', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/reports/tickets/export?from=2026-11-30&to=2026-12-31&groupBy=agency&format=csv', headers: { cookie: cookies.supervisor } });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Đơn vị,Tổng số phiếu,Đang xử lý,Đã giải quyết,Đúng hạn,Trễ hạn,Quá hạn chưa xử lý');
    expect(lines).toContain('Đơn vị cong-an,3,1,2,1,1,1');
    expect(lines.at(-1)).toBe('Tổng cộng,6,2,3,2,1,1');

    const xlsx = await t.app.inject({ method: 'GET', url: '/api/reports/tickets/export?from=2026-11-30&to=2026-12-31&groupBy=channel&format=xlsx', headers: { cookie: cookies.police } });
    expect(xlsx.statusCode).toBe(200);
    const sheet = XLSX.read(xlsx.rawPayload, { type: 'buffer' }).Sheets['Phiếu']!;
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(sheet, { header: 1, blankrows: false });
    expect(rows.at(-1)).toEqual(['Tổng cộng', 3, 1, 2, 1, 1, 1]);
    expect(rows).toContainEqual(['Cổng thông tin', 1, 0, 1, 0, 1, 0]);
  });
});
