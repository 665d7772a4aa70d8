import { describe, expect, it } from 'vitest';
import { detectFileType } from '../../src/attachments/file-types.js';
import { cleanFileName, contentDisposition } from '../../src/attachments/file-name.js';
import { exeBytes, jpegBytes, oleBytes, pdfBytes, pngBytes, zipBytes } from './samples.js';

/** An ISO base media file (HEIF, AVIF, MP4) opening with its `ftyp` box. */
function isoMedia(major: string, compatible: string[]): Buffer {
  const box = Buffer.concat([Buffer.alloc(4), Buffer.from(`ftyp${major}`, 'latin1'), Buffer.alloc(4), Buffer.from(compatible.join(''), 'latin1')]);
  box.writeUInt32BE(box.length, 0);
  return Buffer.concat([box, Buffer.alloc(32, 7)]);
}

describe('attachment type by magic bytes', () => {
  it.each([
    ['pdf', pdfBytes, 'application/pdf'],
    ['jpeg', jpegBytes, 'image/jpeg'],
    ['png', pngBytes, 'image/png'],
    ['docx', zipBytes(['[Content_Types].xml', 'word/document.xml']), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', zipBytes(['[Content_Types].xml', 'xl/workbook.xml']), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['doc', oleBytes('WordDocument'), 'application/msword'],
    ['xls', oleBytes('Workbook'), 'application/vnd.ms-excel'],
    ['heic (iPhone camera)', isoMedia('heic', ['mif1', 'heic']), 'image/heic'],
    ['heif behind the mif1 brand', isoMedia('mif1', ['mif1', 'heic']), 'image/heic'],
  ])('given a %s file, then its type is recognised from the bytes', (_name, bytes, mimeType) => {
    expect(detectFileType(bytes)?.mimeType).toBe(mimeType);
  });

  it('given an executable, a plain zip, an empty file or an OLE file of another kind, then no allowed type', () => {
    expect(detectFileType(exeBytes)).toBeNull();
    expect(detectFileType(zipBytes(['readme.txt']))).toBeNull();
    expect(detectFileType(Buffer.alloc(0))).toBeNull();
    expect(detectFileType(oleBytes('PowerPoint Document'))).toBeNull();
    expect(detectFileType(isoMedia('avif', ['mif1', 'avif']))).toBeNull();
    expect(detectFileType(isoMedia('isom', ['isom', 'mp41']))).toBeNull();
  });
});

describe('attachment file names', () => {
  it('given a path or control characters, then only a clean base name is kept', () => {
    expect(cleanFileName('C:\\Users\\a\\Công văn.pdf')).toBe('Công văn.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\r\nb.pdf')).toBe('ab.pdf');
    expect(cleanFileName('..')).toBe('tep-dinh-kem');
  });

  it('given a Vietnamese name with quotes, then Content-Disposition has an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Công văn "số" 12.pdf')).toBe(
      `attachment; filename="Cong van _so_ 12.pdf"; filename*=UTF-8''C%C3%B4ng%20v%C4%83n%20%22s%E1%BB%91%22%2012.pdf`,
    );
  });
});
