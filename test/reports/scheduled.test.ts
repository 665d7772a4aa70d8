import * as XLSX from '@e965/xlsx';
import { eq } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { calls, scheduledReports, smsMessages, tickets } from '../../src/db/schema/index.js';
import { periodBefore } from '../../src/reports/scheduled.js';
import { scheduledReportJobs } from '../../src/reports/scheduled-routes.js';
import { createAgency, createTestUser, login, startTestApp, testEnv, type TestApp } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';

interface Mail { to: string[]; body: string }

/** A local SMTP server that keeps what it receives (the test's mail catcher). */
async function mailCatcher(): Promise<{ url: string; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the period a scheduled report covers', () => {
  it('given Monday 07:00 in Hà Nội, then the daily report is Sunday and the weekly one the Monday–Sunday before', () => {
    const mondayMorning = new Date('2026-12-07T00:00:00Z'); // 07:00 +07
    expect(periodBefore('daily', mondayMorning, 'Asia/Ho_Chi_Minh')).toEqual({ kind: 'daily', start: '2026-12-06', end: '2026-12-06' });
    expect(periodBefore('weekly', mondayMorning, 'Asia/Ho_Chi_Minh')).toEqual({ kind: 'weekly', start: '2026-11-30', end: '2026-12-06' });
    // Still Sunday in UTC, already Monday in Hà Nội.
    expect(periodBefore('weekly', new Date('2026-12-06T23:30:00Z'), 'Asia/Ho_Chi_Minh').start).toBe('2026-11-30');
  });
});

/** Issue 16, R20: daily and weekly reports, generated once per period, stored, downloadable and e-mailed. */
describe(`scheduled reports (${testDriver()})`, () => {
  let t: TestApp;
  let catcher: Awaited<ReturnType<typeof mailCatcher>>;
  let env: Record<string, string>;
  const cookies = { admin: '', supervisor: '', operator: '' };

  beforeAll(async () => {
    catcher = await mailCatcher();
    env = { SMTP_URL: catcher.url, MAIL_FROM: 'Tong dai 1022 <bao-cao@tongdai.test>', REPORT_RECIPIENTS: 'lanhdao@tinh.test, vanphong@tinh.test' };
    t = await startTestApp(env);
    for (const role of ['admin', 'supervisor', 'operator'] as const) {
      await createTestUser(t, `sr-${role}`, role);
      cookies[role] = await login(t, `sr-${role}`);
    }
    const police = await createAgency(t, 'cong-an-bc');
    const at = (iso: string) => new Date(iso);
    // 30 Nov 2026 in Hà Nội: two calls offered (one answered after 10 s, one abandoned), three tickets, two SMS sent.
    await t.database.db.insert(calls).values([
      { channelId: 'sr-1', callerNumber: '0912000001', dialledNumber: '1022', status: 'ended', arrivedAt: at('2026-11-30T02:00:00Z'), enqueuedAt: at('2026-11-30T02:00:05Z'), operatorAnsweredAt: at('2026-11-30T02:00:15Z'), endedAt: at('2026-11-30T02:03:15Z'), outcome: 'completed' },
      { channelId: 'sr-2', callerNumber: '0912000002', dialledNumber: '1022', status: 'ended', arrivedAt: at('2026-11-30T03:00:00Z'), enqueuedAt: at('2026-11-30T03:00:05Z'), endedAt: at('2026-11-30T03:01:05Z'), outcome: 'abandoned_queue' },
    ]);
    const [late] = await t.database.db.insert(tickets).values([
      { receiptCode: 'SR-1', channel: 'phone', content: 'x', receivedAt: at('2026-11-30T02:05:00Z'), agencyId: police.id, status: 'resolved', dueAt: at('2026-11-30T05:00:00Z'), resolvedAt: at('2026-11-30T09:00:00Z') },
      { receiptCode: 'SR-2', channel: 'web', content: 'x', receivedAt: at('2026-11-30T04:00:00Z'), agencyId: police.id, status: 'forwarded', dueAt: at('2026-12-01T04:00:00Z') },
      { receiptCode: 'SR-3', channel: 'phone', content: 'x', receivedAt: at('2026-11-30T06:00:00Z'), status: 'answered', resolvedAt: at('2026-11-30T06:10:00Z') },
    ]).returning();
    await t.database.db.insert(smsMessages).values([
      { ticketId: late!.id, agencyId: police.id, phone: '0912000001', template: 'ack', body: 'x', status: 'sent', segments: 2, sentAt: at('2026-11-30T02:06:00Z') },
      { ticketId: late!.id, agencyId: police.id, phone: '0912000001', template: 'result', body: 'x', status: 'sent', segments: 1, sentAt: at('2026-11-30T09:01:00Z') },
      { ticketId: late!.id, agencyId: police.id, phone: '0912000001', template: 'result', body: 'x', status: 'failed', segments: 1 },
    ]);
  });
  afterAll(async () => {
    await t.close();
    await catcher.close();
  });

  const post = (who: keyof typeof cookies, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/reports/scheduled', headers: { cookie: cookies[who] }, payload });

  it('given an admin asking for 30 November, then the workbook holds the hand-counted figures, the page prints them, the leaders get it by e-mail; asked again, 409', async () => {
    const response = await post('admin', { kind: 'daily', periodStart: '2026-11-30' });
    expect(response.statusCode, response.body).toBe(201);
    const report = response.json<{ id: string; status: string; emailedTo: number | null; periodEnd: string }>();
    expect(report).toMatchObject({ status: 'ready', emailedTo: 2, periodEnd: '2026-11-30' });

    const file = await t.app.inject({ method: 'GET', url: `/api/reports/scheduled/${report.id}/xlsx`, headers: { cookie: cookies.supervisor } });
    expect(file.statusCode).toBe(200);
    const workbook = XLSX.read(file.rawPayload, { type: 'buffer' });
    const sheet = (name: string) => XLSX.utils.sheet_to_json<(string | number)[]>(workbook.Sheets[name]!, { header: 1, blankrows: false });
    const callFigures = Object.fromEntries(sheet('Cuộc gọi').slice(1).map(([k, v]) => [k, v]));
    expect(callFigures).toMatchObject({ 'Cuộc gọi vào hàng đợi': 2, 'Được trả lời': 1, 'Bỏ máy khi chờ': 1, 'Thời gian chờ trung bình (ASA)': '10 giây' });
    // SR-2 (due 1 December, still forwarded) is overdue as of the report: "now" in the test is after that.
    expect(sheet('Phiếu theo đơn vị').at(-1)).toEqual(['Tổng cộng', 3, 1, 2, 1, 1, 1]);
    expect(sheet('Đơn vị trễ hạn')).toEqual([['Đơn vị', 'Trễ hạn', 'Quá hạn chưa xử lý'], ['Đơn vị cong-an-bc', 1, 1]]);
    expect(sheet('SMS')).toEqual([['Đơn vị', 'Tin nhắn đã gửi', 'Số bản tin (tính cước)'], ['Đơn vị cong-an-bc', 2, 3]]);

    const page = await t.app.inject({ method: 'GET', url: `/api/reports/scheduled/${report.id}/html`, headers: { cookie: cookies.supervisor } });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Báo cáo ngày 2026-11-30 – Tổng đài 1022');

    expect(catcher.mails).toHaveLength(1);
    expect(catcher.mails[0]!.to).toEqual(['lanhdao@tinh.test', 'vanphong@tinh.test']);
    expect(catcher.mails[0]!.body).toContain('bao-cao-ngay-2026-11-30.xlsx');

    const again = await post('admin', { kind: 'daily', periodStart: '2026-11-30' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'REPORT_EXISTS']);
    const list = await t.app.inject({ method: 'GET', url: '/api/reports/scheduled', headers: { cookie: cookies.supervisor } });
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(report.id);
  });

  it('given two instances on one database running the daily and weekly jobs at once, and again after a restart, then each period has one report and one e-mail', async () => {
    const second = await buildApp({ env: testEnv(env), database: t.database, logger: false });
    await second.ready();
    const mailsBefore = catcher.mails.length;
    try {
      const [a, b] = [scheduledReportJobs(t.app), scheduledReportJobs(second)];
      await Promise.all([...a, ...b].map((job) => job.run()));
      await Promise.all(scheduledReportJobs(second).map((job) => job.run()));
    } finally {
      await second.close();
    }
    const daily = periodBefore('daily', new Date(), 'Asia/Ho_Chi_Minh');
    const weekly = periodBefore('weekly', new Date(), 'Asia/Ho_Chi_Minh');
    for (const period of [daily, weekly]) {
      const rows = await t.database.db.select().from(scheduledReports).where(eq(scheduledReports.periodStart, period.start));
      expect(rows.filter((r) => r.kind === period.kind).map((r) => r.status)).toEqual(['ready']);
    }
    expect(catcher.mails.length - mailsBefore).toBe(2);
  });

  it('given a report that failed, when an admin asks for the period again, then it is made; a ready one is not', async () => {
    await t.database.db.insert(scheduledReports).values({ kind: 'daily', periodStart: '2026-11-28', periodEnd: '2026-11-28', status: 'failed', error: 'x' });
    const retried = await post('admin', { kind: 'daily', periodStart: '2026-11-28' });
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.json()).toMatchObject({ status: 'ready', error: null });
    expect((await t.database.db.select().from(scheduledReports).where(eq(scheduledReports.periodStart, '2026-11-28'))).length).toBe(1);
    expect((await post('admin', { kind: 'daily', periodStart: '2026-11-28' })).statusCode).toBe(409);
  });

  it('given a supervisor asking to make one, then 403; an operator listing, 403; a weekly report not from a Monday, 400; an unknown id, 404', async () => {
    expect((await post('supervisor', { kind: 'daily', periodStart: '2026-11-29' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/reports/scheduled', headers: { cookie: cookies.operator } })).statusCode).toBe(403);
    const notMonday = await post('admin', { kind: 'weekly', periodStart: '2026-12-01' });
    expect([notMonday.statusCode, notMonday.json().code]).toEqual([400, 'NOT_A_MONDAY']);
    const badDate = await post('admin', { kind: 'daily', periodStart: '2026-02-30' });
    expect([badDate.statusCode, badDate.json().code]).toEqual([400, 'BAD_DATE']);
    expect((await t.app.inject({ method: 'GET', url: '/api/reports/scheduled/00000000-0000-4000-8000-000000000000/xlsx', headers: { cookie: cookies.admin } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/reports/scheduled' })).statusCode).toBe(401);
  });
});
