/**
 * What `q` of the ticket list means (GET /api/tickets?q=). A receipt code typed in full is an equality on its unique
 * index; a Vietnamese phone number (normalizeVnPhone: 0…, +84…, 84…; spaces, dots, dashes ignored) the citizen's
 * tickets on the phone index; anything else is words, ignoring case, diacritics (đ → d) and punctuation, found
 * newest first by phrase-search.ts.
 */
import { eq, type SQL } from 'drizzle-orm';
import { tickets } from '../db/schema/index.js';
import { parseSearch, type TypedSearch } from '../search/typed.js';
import { normalizeVnPhone } from '../sms/phone.js';

const receiptCode = /^[0-9A-Za-z]+-\d{4}-\d{6}$/;

export type TicketSearch = { exact: SQL } | { words: TypedSearch };

/** `q` as a condition on an index (receipt code, phone), or as words; undefined when it is blank. */
export function parseTicketSearch(q: string): TicketSearch | undefined {
  const needle = q.trim();
  if (needle === '') return undefined;
  if (receiptCode.test(needle)) return { exact: eq(tickets.receiptCode, needle) };
  // A Vietnamese number (0…, +84…, 84…): "2026-000123", a receipt code's year and number, is words.
  const phone = normalizeVnPhone(needle);
  if (phone) return { exact: eq(tickets.citizenPhone, phone) };
  return { words: parseSearch(q) }; // untrimmed: a space after the last word makes it whole
}
