/**
 * Dates, times, durations and phone numbers for people: times in the server's BUSINESS_TZ whatever the browser's
 * own zone, the Vietnamese way — 07:30 07/12/2026 — in both languages.
 */

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    partsCache.set(timeZone, f);
  }
  return f;
}

function parts(value: string | Date, timeZone: string) {
  const date = typeof value === 'string' ? new Date(value) : value;
  const out: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(date)) out[part.type] = part.value;
  return out as { year: string; month: string; day: string; hour: string; minute: string; second: string };
}

/** 07:30 07/12/2026 */
export function formatDateTime(value: string | Date, timeZone: string): string {
  const p = parts(value, timeZone);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** 07/12/2026 */
export function formatDate(value: string | Date, timeZone: string): string {
  const p = parts(value, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** 07:30 */
export function formatTime(value: string | Date, timeZone: string): string {
  const p = parts(value, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** 0:42, 12:05, 1:02:05 (a negative duration shows as 0:00). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * Vietnamese numbers grouped to be read aloud: mobiles 0912 345 678, landlines with their area code 0251 3822 456,
 * short numbers (1022, 113) and masked ones (***678) as they are.
 */
export function formatPhone(number: string): string {
  const digits = number.replace(/[\s.-]/g, '');
  if (!/^\+?\d+$/.test(digits)) return number;
  const national = digits.startsWith('+84') ? `0${digits.slice(3)}` : digits.startsWith('84') && digits.length === 11 ? `0${digits.slice(2)}` : digits;
  if (national.length === 10 && /^0[35789]/.test(national)) return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
  if (national.length === 11 && national.startsWith('02')) return `${national.slice(0, 4)} ${national.slice(4, 8)} ${national.slice(8)}`;
  return national;
}
