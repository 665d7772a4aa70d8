/**
 * What the public may see of a citizen (R22): "Nguyễn Văn An" → "N.V.A.", the phone number's last
 * three digits, never the address or the e-mail.
 */
export function nameInitials(name: string | null | undefined): string | null {
  if (!name) return null;
  const words = name.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return null;
  return words.map((w) => `${w.charAt(0).toLocaleUpperCase('vi')}.`).join('');
}

import { maskPhone } from '../sms/phone.js';

export { maskPhone };

/** What the citizen told us about themselves: found in a text, it is masked. */
export interface CitizenData {
  name?: string | null;
  phone?: string | null;
  address?: string | null;
  email?: string | null;
}

export type MaskedKind = 'name' | 'phone' | 'email' | 'address' | 'id_number' | 'receipt_code' | 'house_number';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const unaccented = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
/** The text as written and without diacritics, as a regular expression of whole words, any case. */
const anyWriting = (text: string) => {
  const variants = [...new Set([text.normalize('NFC'), unaccented(text)])].map((v) => escape(v).replace(/\s+/g, '\\s+'));
  return `(?<![\\p{L}\\p{N}])(?:${variants.join('|')})(?![\\p{L}\\p{N}])`;
};
const honorifics = 'ông|bà|anh|chị|em|cô|chú|bác|cháu|ong|ba|chi|co|chu|bac|chau';

/**
 * The public version of a text (R17, R22): e-mails, receipt codes, phone numbers (to their last 3 digits), ID numbers
 * (9–12 digits: CMND, CCCD), house numbers, the citizen's address, and their name (to initials, also as "bà Ngọc")
 * masked. Masking masked text changes nothing, so what a publisher confirms is what is published. Names of other
 * people and addresses written otherwise cannot be recognised: the publisher reads the preview and edits it.
 */
export function maskPersonalData(source: string, citizen: CitizenData): { text: string; masked: MaskedKind[] } {
  const masked = new Set<MaskedKind>();
  let text = source.normalize('NFC');
  const replace = (kind: MaskedKind, pattern: RegExp, by: string | ((match: string, ...groups: string[]) => string)) => {
    const next = text.replace(pattern, by as string);
    if (next !== text) masked.add(kind);
    text = next;
  };
  replace('email', /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu, '[email]');
  replace('receipt_code', /(?<![\p{L}\p{N}-])[A-Za-z0-9]{1,10}-\d{4}-\d{6,}(?![\p{L}\p{N}])/gu, '[mã phiếu]');
  replace('phone', /(?<![\p{L}\p{N}*])(?:\+?84|0)(?:[ .-]?\d){8,10}(?![\p{L}\p{N}])/gu, (match) => maskPhone(match) ?? '***');
  replace('id_number', /(?<![\p{L}\p{N}*])\d{9,12}(?![\p{L}\p{N}])/gu, '[số giấy tờ]');
  replace('house_number', /(số nhà)\s+\d[\p{L}\p{N}/-]*/giu, '$1 […]');
  const address = citizen.address?.trim();
  if (address && address.length >= 5) replace('address', new RegExp(anyWriting(address), 'giu'), '[địa chỉ]');
  const name = citizen.name?.trim();
  if (name) {
    const initials = nameInitials(name) ?? '';
    replace('name', new RegExp(anyWriting(name), 'giu'), initials);
    const given = name.split(/\s+/u).at(-1);
    if (given && given.length > 1) {
      replace('name', new RegExp(`(?<![\\p{L}])(${honorifics})\\s+${anyWriting(given)}`, 'giu'), (_match, honorific: string) => `${honorific} ${given.charAt(0).toLocaleUpperCase('vi')}.`);
    }
  }
  return { text, masked: [...masked] };
}
