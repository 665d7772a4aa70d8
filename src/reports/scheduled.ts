/**
 * The daily and weekly reports to the province's leaders (issue 16, R20): calls (offered, answered, abandoned,
 * service level, ASA, AHT), tickets by field and by agency, the agencies late with their tickets, SMS sent (for
 * billing) — as an .xlsx workbook and a printable HTML page, kept in `scheduled_reports` and e-mailed to
 * REPORT_RECIPIENTS when SMTP is configured.
 *
 * Once per period: generating starts by inserting the (kind, period) row; the UNIQUE constraint lets one instance
 * in, whichever runs first, and a restart finds the row there.
 */
import ExcelJS from 'exceljs';
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Principal } from '../auth/roles.js';
import { addDaysIso, isoDateFromDayNumber, weekdayOfDayNumber } from '../calendar/civil-date.js';
import { localDayAndTime } from '../calendar/zone.js';
import type { Database } from '../db/client.js';
import { agencies, scheduledReports, smsMessages } from '../db/schema/index.js';
import { conflict, notFound } from '../web/errors.js';
import { callReport, type CallReport } from './queries.js';
import { addReportSheet, countTitles, reportTable } from './ticket-export.js';
import { periodBounds, ticketReport, type TicketReport } from './tickets.js';

export type ReportKind = 'daily' | 'weekly';

export interface ReportPeriod {
  kind: ReportKind;
  start: string;
  end: string;
}

/** The period a run at `now` reports on: yesterday (daily), or last Monday–Sunday (weekly), in `timeZone`. */
export function periodBefore(kind: ReportKind, now: Date, timeZone: string): ReportPeriod {
  const today = localDayAndTime(timeZone, now.getTime()).dayNumber;
  if (kind === 'daily') return { kind, start: isoDateFromDayNumber(today - 1), end: isoDateFromDayNumber(today - 1) };
  const sinceMonday = (weekdayOfDayNumber(today) + 6) % 7;
  const monday = today - sinceMonday - 7;
  return { kind, start: isoDateFromDayNumber(monday), end: isoDateFromDayNumber(monday + 6) };
}

/** The period that starts on `start`: that day, or the week from that Monday. */
export function periodFrom(kind: ReportKind, start: string): ReportPeriod {
  return { kind, start, end: kind === 'daily' ? start : addDaysIso(start, 6) };
}

/** The hotline itself: what a scheduled report is counted as (every agency, like a supervisor). */
const hotline: Principal = { id: '00000000-0000-0000-0000-000000000000', username: 'scheduler', fullName: 'Báo cáo định kỳ', role: 'supervisor', agencyId: null, sessionId: 'scheduler' };

export interface ReportContent {
  period: ReportPeriod;
  calls: CallReport;
  byField: TicketReport;
  byAgency: TicketReport;
  lateAgencies: TicketReport['groups'];
  sms: { agency: string; messages: number; segments: number }[];
}

export interface ReportOptions {
  timeZone: string;
  serviceLevelSeconds: number;
}

export async function gatherReport(db: Database, period: ReportPeriod, options: ReportOptions, now = new Date()): Promise<ReportContent> {
  const range = { from: period.start, to: period.end };
  const calls = await callReport(db, { ...range, groupBy: 'day' }, { timeZone: options.timeZone, thresholdSeconds: options.serviceLevelSeconds });
  const byField = await ticketReport(db, hotline, { ...range, groupBy: 'field' }, options.timeZone, now);
  const byAgency = await ticketReport(db, hotline, { ...range, groupBy: 'agency' }, options.timeZone, now);
  const lateAgencies = byAgency.groups.filter((g) => g.key !== null && (g.resolvedLate > 0 || g.overdue > 0)).sort((a, b) => b.resolvedLate + b.overdue - (a.resolvedLate + a.overdue));
  const { start, end } = periodBounds(period.start, period.end, options.timeZone);
  const sent = await db
    .select({ agency: sql<string | null>`${agencies.name}`, messages: sql<number>`count(*)::int`, segments: sql<number>`coalesce(sum(${smsMessages.segments}), 0)::int` })
    .from(smsMessages)
    .leftJoin(agencies, eq(agencies.id, smsMessages.agencyId))
    .where(and(eq(smsMessages.status, 'sent'), gte(smsMessages.sentAt, start), lt(smsMessages.sentAt, end)))
    .groupBy(agencies.name)
    .orderBy(sql`2 desc`);
  return { period, calls, byField, byAgency, lateAgencies, sms: sent.map((s) => ({ agency: s.agency ?? '(Tổng đài)', messages: s.messages, segments: s.segments })) };
}

const percent = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(1).replace('.', ',')} %`);
const seconds = (value: number | null) => (value === null ? '—' : `${Math.round(value)} giây`);

export function titleOf(period: ReportPeriod): string {
  return period.kind === 'daily'
    ? `Báo cáo ngày ${period.start} – Tổng đài 1022`
    : `Báo cáo tuần ${period.start} đến ${period.end} – Tổng đài 1022`;
}

function callRows(calls: CallReport): [string, string | number][] {
  const t = calls.total;
  return [
    ['Cuộc gọi vào hàng đợi', t.offered],
    ['Được trả lời', t.answered],
    ['Bỏ máy khi chờ', t.abandoned],
    [`Mức phục vụ (trả lời trong ${calls.serviceLevelSeconds} giây)`, percent(t.serviceLevel)],
    ['Thời gian chờ trung bình (ASA)', seconds(t.asaSeconds)],
    ['Thời gian xử lý trung bình (AHT)', seconds(t.ahtSeconds)],
    ['Chuyển máy đơn vị', t.transferred],
  ];
}

export async function reportWorkbook(content: ReportContent): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tổng đài 1022';
  const summary = workbook.addWorksheet('Cuộc gọi');
  summary.addRow([titleOf(content.period)]).font = { bold: true, size: 14 };
  summary.addRow([]);
  for (const row of callRows(content.calls)) summary.addRow(row);
  summary.getColumn(1).width = 44;
  summary.getColumn(2).width = 16;
  addReportSheet(workbook, 'Phiếu theo lĩnh vực', 'Phiếu theo lĩnh vực', content.byField);
  addReportSheet(workbook, 'Phiếu theo đơn vị', 'Phiếu theo đơn vị', content.byAgency);
  const late = workbook.addWorksheet('Đơn vị trễ hạn');
  late.addRow(['Đơn vị', countTitles.resolvedLate, countTitles.overdue]).font = { bold: true };
  for (const g of content.lateAgencies) late.addRow([g.label ?? '', g.resolvedLate, g.overdue]);
  late.getColumn(1).width = 40;
  const sms = workbook.addWorksheet('SMS');
  sms.addRow(['Đơn vị', 'Tin nhắn đã gửi', 'Số bản tin (tính cước)']).font = { bold: true };
  for (const s of content.sms) sms.addRow([s.agency, s.messages, s.segments]);
  sms.getColumn(1).width = 40;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const htmlTable = (rows: (string | number)[][], header = true) =>
  `<table>${rows
    .map((cells, i) => `<tr>${cells.map((c) => (header && i === 0 ? `<th>${escapeHtml(String(c))}</th>` : `<td>${escapeHtml(String(c))}</td>`)).join('')}</tr>`)
    .join('')}</table>`;

/** A page to read or print (the browser's "Save as PDF" makes the PDF). */
export function reportHtml(content: ReportContent): string {
  const title = titleOf(content.period);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #999;padding:.25rem .6rem;text-align:left}td:not(:first-child){text-align:right}@media print{body{margin:0}}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<h2>Cuộc gọi</h2>${htmlTable(callRows(content.calls), false)}
<h2>Phiếu theo lĩnh vực</h2>${htmlTable(reportTable(content.byField))}
<h2>Phiếu theo đơn vị</h2>${htmlTable(reportTable(content.byAgency))}
<h2>Đơn vị trễ hạn</h2>${content.lateAgencies.length === 0 ? '<p>Không có.</p>' : htmlTable([['Đơn vị', countTitles.resolvedLate, countTitles.overdue], ...content.lateAgencies.map((g) => [g.label ?? '', g.resolvedLate, g.overdue])])}
<h2>SMS đã gửi</h2>${htmlTable([['Đơn vị', 'Tin nhắn', 'Bản tin'], ...content.sms.map((s) => [s.agency, s.messages, s.segments])])}
</body></html>`;
}

export type StoredReport = Omit<typeof scheduledReports.$inferSelect, 'xlsx' | 'html'>;
const listColumns = {
  id: scheduledReports.id,
  kind: scheduledReports.kind,
  periodStart: scheduledReports.periodStart,
  periodEnd: scheduledReports.periodEnd,
  status: scheduledReports.status,
  sizeBytes: scheduledReports.sizeBytes,
  error: scheduledReports.error,
  emailedAt: scheduledReports.emailedAt,
  emailedTo: scheduledReports.emailedTo,
  emailError: scheduledReports.emailError,
  createdBy: scheduledReports.createdBy,
  createdAt: scheduledReports.createdAt,
  generatedAt: scheduledReports.generatedAt,
};

/** Sends a generated report; resolves to the number of recipients, 0 when mail is not configured. */
export type ReportMailer = (report: { title: string; fileName: string; xlsx: Buffer; html: string }) => Promise<number>;

export const reportFileName = (period: ReportPeriod) => `bao-cao-${period.kind === 'daily' ? 'ngay' : 'tuan'}-${period.start}.xlsx`;

/**
 * Generates the period's report unless it exists: null when another run (this instance, another, before a restart)
 * claimed it. A failure is kept on the row (status failed) until the period is asked for again.
 */
export async function generateReport(
  db: Database,
  period: ReportPeriod,
  options: ReportOptions & { mailer: ReportMailer; log: FastifyBaseLogger; createdBy?: string | null; now?: Date },
): Promise<StoredReport | null> {
  const [claimed] = await db
    .insert(scheduledReports)
    .values({ kind: period.kind, periodStart: period.start, periodEnd: period.end, createdBy: options.createdBy ?? null })
    // A failed report is taken again (by the next run or an admin); a generating or ready one never.
    .onConflictDoUpdate({
      target: [scheduledReports.kind, scheduledReports.periodStart],
      set: { status: 'generating', error: null, createdBy: options.createdBy ?? null, createdAt: new Date() },
      setWhere: eq(scheduledReports.status, 'failed'),
    })
    .returning({ id: scheduledReports.id });
  if (!claimed) return null;
  try {
    const content = await gatherReport(db, period, options, options.now);
    const xlsx = await reportWorkbook(content);
    const html = reportHtml(content);
    await db
      .update(scheduledReports)
      .set({ status: 'ready', xlsx, html, sizeBytes: xlsx.length, generatedAt: new Date() })
      .where(eq(scheduledReports.id, claimed.id));
    try {
      const sentTo = await options.mailer({ title: titleOf(period), fileName: reportFileName(period), xlsx, html });
      if (sentTo > 0) await db.update(scheduledReports).set({ emailedAt: new Date(), emailedTo: sentTo }).where(eq(scheduledReports.id, claimed.id));
    } catch (error) {
      options.log.error({ err: error, reportId: claimed.id }, 'report e-mail failed');
      await db.update(scheduledReports).set({ emailError: error instanceof Error ? error.message.slice(0, 500) : 'send failed' }).where(eq(scheduledReports.id, claimed.id));
    }
  } catch (error) {
    options.log.error({ err: error, reportId: claimed.id }, 'report generation failed');
    await db.update(scheduledReports).set({ status: 'failed', error: 'Lỗi khi lập báo cáo' }).where(eq(scheduledReports.id, claimed.id));
  }
  const [stored] = await db.select(listColumns).from(scheduledReports).where(eq(scheduledReports.id, claimed.id));
  return stored ?? null;
}

export async function listReports(db: Database, limit: number): Promise<StoredReport[]> {
  return db.select(listColumns).from(scheduledReports).orderBy(desc(scheduledReports.periodStart), scheduledReports.kind).limit(limit);
}

export async function reportFile(db: Database, id: string): Promise<{ report: StoredReport; xlsx: Buffer; html: string }> {
  const [row] = await db.select().from(scheduledReports).where(eq(scheduledReports.id, id));
  if (!row) throw notFound('báo cáo');
  const { xlsx, html, ...report } = row;
  if (report.status !== 'ready') throw conflict('REPORT_NOT_READY', report.status === 'failed' ? 'Báo cáo lập không thành công' : 'Báo cáo đang được lập');
  return { report, xlsx: xlsx ?? Buffer.alloc(0), html: html ?? '' };
}
