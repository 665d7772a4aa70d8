/**
 * The knowledge base as an .xlsx workbook (issue 16, R19): the whole base, one agency's or one field's. Its columns
 * carry the names the import recognises, so an exported file comes back in with the mapping already guessed.
 */
import ExcelJS from 'exceljs';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { agencies, fields, kbEntries } from '../db/schema/index.js';

export interface KbExportFilter {
  agencyId?: string | undefined;
  fieldId?: string | undefined;
  includeInactive?: boolean | undefined;
}

/** Header names: the same words `guessMapping` reads back. */
export const exportColumns = [
  { header: 'Câu hỏi', key: 'question', width: 60 },
  { header: 'Câu trả lời', key: 'answer', width: 90 },
  { header: 'Từ khóa', key: 'keywords', width: 30 },
  { header: 'Lĩnh vực', key: 'field', width: 24 },
  { header: 'Đơn vị', key: 'agency', width: 24 },
  { header: 'Đang dùng', key: 'active', width: 10 },
  { header: 'Cập nhật', key: 'updatedAt', width: 20 },
] as const;

const asText = (value: string | null) => value ?? '';

/** 07:30 07/12/2026, in the business time zone: the Vietnamese way of writing a time. */
export function vietnameseDateTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
}

/** Cells are written as text (never as formulas, whatever they start with). */
export async function exportKb(db: Executor, filter: KbExportFilter, timeZone: string): Promise<Buffer> {
  const conditions: SQL[] = [];
  if (filter.agencyId) conditions.push(eq(kbEntries.agencyId, filter.agencyId));
  if (filter.fieldId) conditions.push(eq(kbEntries.fieldId, filter.fieldId));
  if (!filter.includeInactive) conditions.push(eq(kbEntries.active, true));
  const rows = await db
    .select({
      question: kbEntries.question,
      answer: kbEntries.answer,
      keywords: kbEntries.keywords,
      field: fields.code,
      agency: agencies.code,
      active: kbEntries.active,
      updatedAt: kbEntries.updatedAt,
    })
    .from(kbEntries)
    .leftJoin(fields, eq(fields.id, kbEntries.fieldId))
    .leftJoin(agencies, eq(agencies.id, kbEntries.agencyId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(agencies.code), asc(fields.code), asc(kbEntries.question));

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tổng đài 1022';
  const sheet = workbook.addWorksheet('Hỏi đáp', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = exportColumns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow({
      question: asText(row.question),
      answer: asText(row.answer),
      keywords: asText(row.keywords),
      field: asText(row.field),
      agency: asText(row.agency),
      active: row.active ? 'có' : 'không',
      updatedAt: vietnameseDateTime(row.updatedAt, timeZone),
    });
  }
  sheet.getColumn('answer').alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
