/**
 * The file types a ticket may carry, recognised by their first bytes and, for the Office formats,
 * by what is inside the container — never by the name or the Content-Type the browser sent.
 */
export interface FileType {
  mimeType: string;
  extension: string;
}

const pdf: FileType = { mimeType: 'application/pdf', extension: 'pdf' };
const jpeg: FileType = { mimeType: 'image/jpeg', extension: 'jpg' };
const png: FileType = { mimeType: 'image/png', extension: 'png' };
const docx: FileType = { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
const xlsx: FileType = { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
const doc: FileType = { mimeType: 'application/msword', extension: 'doc' };
const xls: FileType = { mimeType: 'application/vnd.ms-excel', extension: 'xls' };
const heic: FileType = { mimeType: 'image/heic', extension: 'heic' };

export const allowedFileTypes: readonly FileType[] = [pdf, jpeg, png, heic, docx, xlsx, doc, xls];

const startsWith = (bytes: Buffer, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

const pdfMagic = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const jpegMagic = [0xff, 0xd8, 0xff];
const pngMagic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The allowed type of `bytes` (the whole file), or null. */
export function detectFileType(bytes: Buffer): FileType | null {
  if (startsWith(bytes, pdfMagic)) return pdf;
  if (startsWith(bytes, jpegMagic)) return jpeg;
  if (startsWith(bytes, pngMagic)) return png;
  if (isHeic(bytes)) return heic;
  if (startsWith(bytes, zipMagic)) return officeOpenXmlType(bytes);
  if (startsWith(bytes, oleMagic)) return compoundDocumentType(bytes);
  return null;
}

const heicBrands = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);

/**
 * A phone camera's HEIC photo (iPhone): an ISO base media file whose first box is `ftyp` with a HEIC brand, as the
 * major brand or, behind the generic `mif1`/`msf1`, among the compatible ones (an AVIF image is not taken).
 */
function isHeic(bytes: Buffer): boolean {
  if (bytes.length < 16 || bytes.toString('latin1', 4, 8) !== 'ftyp') return false;
  const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length, 256);
  const brands = [bytes.toString('latin1', 8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(bytes.toString('latin1', offset, offset + 4));
  return brands.some((brand) => heicBrands.has(brand));
}

/** A .docx has word/document.xml, an .xlsx xl/workbook.xml: read from the ZIP central directory. */
function officeOpenXmlType(bytes: Buffer): FileType | null {
  const names = zipEntryNames(bytes);
  if (names.includes('word/document.xml')) return docx;
  if (names.includes('xl/workbook.xml')) return xlsx;
  return null;
}

const endOfCentralDirectory = 0x06054b50;
const centralDirectoryEntry = 0x02014b50;

function zipEntryNames(bytes: Buffer): string[] {
  const searchFrom = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= searchFrom; i--) {
    if (bytes.readUInt32LE(i) === endOfCentralDirectory) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const entries = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < entries && offset + 46 <= bytes.length; n++) {
    if (bytes.readUInt32LE(offset) !== centralDirectoryEntry) break;
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    names.push(bytes.toString('utf8', offset + 46, Math.min(bytes.length, offset + 46 + nameLength)));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Legacy Office (OLE2 compound file): a Word file has a "WordDocument" stream, Excel "Workbook" or "Book". */
function compoundDocumentType(bytes: Buffer): FileType | null {
  const has = (name: string) => bytes.includes(Buffer.from(name, 'utf16le'));
  if (has('WordDocument')) return doc;
  if (has('Workbook') || has('Book\u0000')) return xls;
  return null;
}
