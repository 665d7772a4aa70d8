/**
 * Vietnamese phone numbers: accepted as 0xxxxxxxxx, +84xxxxxxxxx or 84xxxxxxxxx (spaces, dots
 * and dashes ignored), stored in the national form 0xxxxxxxxx.
 */
export function normalizeVnPhone(raw: string): string | null {
  const compact = raw.replace(/[\s.\-()]/g, '');
  let national: string;
  if (/^\+84\d+$/.test(compact)) national = `0${compact.slice(3)}`;
  else if (/^84\d{9,10}$/.test(compact)) national = `0${compact.slice(2)}`;
  else national = compact;
  return /^0\d{9,10}$/.test(national) ? national : null;
}

/** Mobile numbers (10 digits, 03/05/07/08/09): the only ones an SMS can reach. */
export function isVnMobile(national: string): boolean {
  return /^0[35789]\d{8}$/.test(national);
}

/** The last 3 digits only, e.g. `*******789`. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 3) return '***';
  return `${'*'.repeat(digits.length - 3)}${digits.slice(-3)}`;
}
