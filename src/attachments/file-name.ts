import { unaccent } from '../sms/unaccent.js';

/**
 * The name a file was uploaded with, kept for display and download: no directories, no control
 * characters, at most 255 characters; "tep-dinh-kem" when nothing is left.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().normalize('NFC');
  return (cleaned === '' || cleaned === '.' || cleaned === '..' ? 'tep-dinh-kem' : cleaned).slice(0, 255);
}

/**
 * RFC 6266 / 5987: an ASCII fallback for old clients and the exact UTF-8 name in filename*.
 * "Công văn số 12.pdf" → attachment; filename="Cong van so 12.pdf"; filename*=UTF-8''C%C3%B4ng%20v%C4%83n...
 */
export function contentDisposition(fileName: string): string {
  const ascii = unaccent(fileName)
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
