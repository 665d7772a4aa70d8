/**
 * A ticket report as a file for inspection (R21): CSV (UTF-8 with BOM, so Excel shows Vietnamese) or .xlsx.
 * Names come from the database: a CSV cell that a spreadsheet would run as a formula is prefixed with an apostrophe.
 */
import ExcelJS from 'exceljs';
import type { TicketCounts, TicketGrouping, TicketReport } from './tickets.js';

const groupTitles: Record<TicketGrouping, string> = {
  field: 'Lĩnh vực',
  agency: 'Đơn vị',
  channel: 'Kênh tiếp nhận',
  status: 'Trạng thái',
  urgency: 'Mức độ',
  day: 'Ngày',
  week: 'Tuần (từ thứ Hai)',
  month: 'Tháng',
};

export const countTitles: Record<keyof TicketCounts, string> = {
  total: 'Tổng số phiếu',
  open: 'Đang xử lý',
  resolved: 'Đã giải quyết',
  resolvedOnTime: 'Đúng hạn',
  resolvedLate: 'Trễ hạn',
  overdue: 'Quá hạn chưa xử lý',
};
const countKeys = Object.keys(countTitles) as (keyof TicketCounts)[];

/** The report as rows of cells: a title row, one row per group, the total last. */
export function reportTable(report: TicketReport): (string | number)[][] {
  const none = report.groupBy === 'agency' ? '(chưa chuyển đơn vị)' : report.groupBy === 'field' ? '(chưa phân lĩnh vực)' : '(không có)';
  return [
    [groupTitles[report.groupBy], ...countKeys.map((k) => countTitles[k])],
    ...report.groups.map((g) => [g.label ?? none, ...countKeys.map((k) => g[k])]),
    ['Tổng cộng', ...countKeys.map((k) => report.total[k])],
  ];
}

const formulaStart = /^[=+\-@\t\r]/;
const csvCell = (value: string | number) => {
  if (typeof value === 'number') return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function reportCsv(report: TicketReport): Buffer {
  const lines = reportTable(report).map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function reportXlsx(report: TicketReport, title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tổng đài 1022';
  addReportSheet(workbook, 'Phiếu', title, report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One sheet: a title line, the period, then the table (shared with the scheduled reports). */
export function addReportSheet(workbook: ExcelJS.Workbook, name: string, title: string, report: TicketReport): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([`Từ ngày ${report.from} đến ngày ${report.to} (${report.timeZone})`]);
  sheet.addRow([]);
  const table = reportTable(report);
  table.forEach((cells, i) => {
    const row = sheet.addRow(cells);
    if (i === 0 || i === table.length - 1) row.font = { bold: true };
  });
  sheet.getColumn(1).width = 36;
  for (let c = 2; c <= countKeys.length + 1; c++) sheet.getColumn(c).width = 16;
  return sheet;
}
