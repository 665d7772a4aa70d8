/**
 * Reading the agencies' spreadsheets (issue 16, R19): .xlsx, old .xls and .csv, recognised by their bytes, never by
 * their name. Hostile files are refused before SheetJS opens them where that can be told from outside (a zip that
 * would inflate past a bound, too many parts), and after where it cannot (formulas, too many rows or columns).
 */
import * as XLSX from '@e965/xlsx';
import { DomainError, badRequest } from '../web/errors.js';

export type SpreadsheetType = 'xlsx' | 'xls' | 'csv';

export interface SheetRows {
  type: SpreadsheetType;
  /** The first row, trimmed: what the columns are called. */
  headers: string[];
  /** The rows under it, as text, each as long as `headers`; rows with nothing in them are left out. */
  rows: string[][];
}

export const spreadsheetLimits = {
  /** Rows under the header row. */
  rows: 20_000,
  columns: 50,
  /** What an .xlsx may inflate to: a 10 MB sheet of text is about 100 MB of XML. */
  inflatedBytes: 150 * 1024 * 1024,
  zipEntries: 2_000,
  cellCharacters: 20_000,
} as const;

const wrongType = () =>
  new DomainError(415, 'FILE_TYPE_NOT_ALLOWED', 'Chỉ nhận tệp Excel (.xlsx, .xls) hoặc CSV (UTF-8)');
const unreadable = () => badRequest('SPREADSHEET_UNREADABLE', 'Không đọc được tệp: tệp hỏng hoặc không phải bảng tính');

/** What the first bytes say: a zip (xlsx), an OLE compound file (xls), or UTF-8 text without NUL (csv). */
export function detectSpreadsheetType(bytes: Buffer): SpreadsheetType | null {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
  if (bytes.length === 0 || bytes.includes(0)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'csv';
  } catch {
    return null;
  }
}

/**
 * The sizes a zip's central directory announces, summed, without inflating anything: a zip bomb (a few kilobytes
 * that inflate to gigabytes) is refused here. Zip64 archives (parts over 4 GB) are refused outright.
 */
export function zipInflatedSize(bytes: Buffer): { entries: number; inflatedBytes: number } {
  const endSignature = 0x06054b50;
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === endSignature) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable();
  const entries = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  if (entries === 0xffff || offset === 0xffffffff) throw zipTooLarge();
  let inflatedBytes = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) throw unreadable();
    const size = bytes.readUInt32LE(offset + 24);
    if (size === 0xffffffff) throw zipTooLarge();
    inflatedBytes += size;
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return { entries, inflatedBytes };
}

const zipTooLarge = () =>
  new DomainError(413, 'SPREADSHEET_TOO_LARGE', 'Tệp Excel giải nén ra quá lớn; hãy chia thành nhiều tệp nhỏ hơn');

const columnName = (index: number): string => XLSX.utils.encode_col(index);

/** Reads the first sheet of a spreadsheet as text rows; 4xx with what is wrong for anything else. */
export function readSpreadsheet(bytes: Buffer): SheetRows {
  const type = detectSpreadsheetType(bytes);
  if (!type) throw wrongType();
  if (type === 'xlsx') {
    const { entries, inflatedBytes } = zipInflatedSize(bytes);
    if (entries > spreadsheetLimits.zipEntries || inflatedBytes > spreadsheetLimits.inflatedBytes) throw zipTooLarge();
  }
  let workbook: XLSX.WorkBook;
  try {
    workbook =
      type === 'csv'
        ? // raw: text stays text ("0012", "1/2/2020", "=A1" are what the agency typed, not numbers, dates or formulas).
          XLSX.read(bytes.toString('utf8').replace(/^\uFEFF/, ''), { type: 'string', raw: true, dense: true, sheetRows: spreadsheetLimits.rows + 2 })
        : XLSX.read(bytes, { type: 'buffer', cellFormula: true, cellHTML: false, dense: true, sheetRows: spreadsheetLimits.rows + 2 });
  } catch {
    throw unreadable();
  }
  const sheetName = workbook.SheetNames[0];
  const sheet = sheetName === undefined ? undefined : workbook.Sheets[sheetName];
  if (!sheet) throw badRequest('SPREADSHEET_EMPTY', 'Tệp không có trang tính nào');
  const range = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']) : null;
  if (range && range.e.c + 1 > spreadsheetLimits.columns) {
    throw badRequest('TOO_MANY_COLUMNS', `Bảng tính có quá nhiều cột (tối đa ${spreadsheetLimits.columns})`);
  }
  if (type !== 'csv') refuseFormulas(sheet);
  const all = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: false, defval: '', blankrows: false });
  const [headerRow, ...body] = all;
  if (!headerRow) throw badRequest('SPREADSHEET_EMPTY', 'Trang tính đầu tiên không có dữ liệu');
  if (body.length > spreadsheetLimits.rows) {
    throw badRequest('TOO_MANY_ROWS', `Tệp có quá nhiều dòng (tối đa ${spreadsheetLimits.rows.toLocaleString('vi-VN')} dòng mỗi lần)`);
  }
  const width = Math.max(headerRow.length, ...body.map((r) => r.length));
  const text = (value: unknown) => cellText(value);
  const headers = Array.from({ length: width }, (_, i) => text(headerRow[i]) || `Cột ${columnName(i)}`);
  const rows = body
    .map((row) => Array.from({ length: width }, (_, i) => text(row[i])))
    .filter((row) => row.some((cell) => cell !== ''));
  return { type, headers, rows };
}

/** A cell as stored text: NFC, trimmed, control characters (other than line breaks and tabs) dropped, bounded. */
function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  // eslint-disable-next-line no-control-regex
  const text = String(value).normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return text.length > spreadsheetLimits.cellCharacters ? text.slice(0, spreadsheetLimits.cellCharacters) : text;
}

/** A formula is refused, naming its cell: what it shows depends on the program that last saved the file. */
function refuseFormulas(sheet: XLSX.WorkSheet): void {
  const data = sheet['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
  if (!data) return;
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      if (row[c]?.f) {
        throw badRequest(
          'FORMULAS_NOT_ALLOWED',
          `Ô ${columnName(c)}${r + 1} chứa công thức; hãy chép rồi dán dạng giá trị (Paste Values) trước khi tải lên`,
        );
      }
    }
  }
}
