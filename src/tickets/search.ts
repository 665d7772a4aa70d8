/**
 * Accent-insensitive search of Vietnamese text: "duong le loi" finds "Đường Lê Lợi" (đ → d).
 * f_unaccent is the IMMUTABLE unaccent wrapper of migration 0000; the content expression matches the
 * trigram index tickets_content_search_idx, so ILIKE '%…%' on content can use it.
 */
import { or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { tickets } from '../db/schema/index.js';

/** LIKE wildcards typed by the user are literal. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const folded = (column: AnyColumn | SQL) => sql`f_unaccent(lower(${column}))`;

export function containsFolded(column: AnyColumn, needle: string): SQL {
  return sql`${folded(column)} ILIKE f_unaccent(lower(${`%${escapeLike(needle)}%`}::text))`;
}

/** Content, citizen name, address or receipt code contains `q`, ignoring case and diacritics. */
export function ticketTextMatch(q: string): SQL | undefined {
  const needle = q.trim();
  if (needle === '') return undefined;
  return or(
    containsFolded(tickets.content, needle),
    containsFolded(tickets.citizenName, needle),
    containsFolded(tickets.citizenAddress, needle),
    containsFolded(tickets.receiptCode, needle),
  );
}
