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

export { maskPhone } from '../sms/phone.js';
