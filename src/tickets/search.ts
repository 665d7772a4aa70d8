/**
 * Accent-insensitive search of Vietnamese text: "duong le loi" finds "Đường Lê Lợi" (đ → d).
 * Tickets carry their searchable text folded once, on write (tickets.search_text, a generated column with a trigram
 * index); what the user typed is folded the same way here (foldWords, the JavaScript twin of foldedWords), so a
 * search is one indexed LIKE. A receipt code typed in full is an equality on its unique index.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { tickets } from '../db/schema/index.js';
import { foldWords } from '../search/fold.js';

const receiptCode = /^[0-9A-Za-z]+-\d{4}-\d{6}$/;

/** The citizen's phone is `q`, or receipt code, name, address or content contains it (case, diacritics, punctuation ignored). */
export function ticketTextMatch(q: string): SQL | undefined {
  const needle = q.trim();
  if (needle === '') return undefined;
  if (receiptCode.test(needle)) return eq(tickets.receiptCode, needle);
  // A phone number (9+ digits; spaces, dots, dashes ignored; +84 → 0): the citizen's tickets, on the phone index.
  const digits = needle.replace(/[\s.-]/g, '').replace(/^\+84/, '0');
  if (/^\d{9,15}$/.test(digits)) return eq(tickets.citizenPhone, digits);
  // Folded text has only letters, digits and single spaces: no LIKE wildcard can come from the user.
  const words = foldWords(needle).trim();
  if (words === '') return sql`false`; // only punctuation: nothing to look for, nothing found
  return sql`${tickets.searchText} LIKE ${`%${words}%`}`;
}
