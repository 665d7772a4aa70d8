/**
 * CSV for spreadsheets (R14, R21): UTF-8 with a BOM so Excel shows Vietnamese, CRLF line ends,
 * RFC 4180 quoting, and cells that start like a formula (= + - @ tab CR) prefixed with ' so a
 * spreadsheet never evaluates text typed by a citizen.
 */
export const csvContentType = 'text/csv; charset=utf-8';
const bom = '\uFEFF';

export type CsvCell = string | number | boolean | Date | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return bom + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
