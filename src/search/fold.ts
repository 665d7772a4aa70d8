/**
 * Vietnamese text folded for search, in PostgreSQL (generated columns: tickets.search_text, kb_entries.search_*) and
 * in JavaScript (what the user typed), the two kept alike by test/kb/words.test.ts: diacritics off (đ → d), lower case,
 * every run of other characters one space.
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * The SQL side: f_unaccent of migration 0000, lower case after unaccent (so it does not depend on the database's
 * locale), every run of other characters one space, and a space before and after, so that `LIKE '% chi%'` means "a
 * word starting with chi" and `'% ho %'` "the word ho".
 */
export const foldedWords = (text: SQL) => sql`' ' || regexp_replace(lower(f_unaccent(${text})), '[^a-z0-9]+', ' ', 'g') || ' '`;

/**
 * A word index of folded text: every word and every pair of adjacent words ('le', 'loi', 'le loi'), as a tsvector
 * (the function words_and_pairs of migration 0010, each word cut to 100 characters since 0011). `pairsQuery` (typed.ts) looks a phrase up by its pairs.
 */
export const wordsAndPairs = (folded: SQL) => sql`words_and_pairs(${folded})`;

/** Letters that Unicode does not decompose but unaccent folds (Vietnamese needs only đ). */
const plainLetters: Record<string, string> = { đ: 'd', ð: 'd', ø: 'o', ł: 'l', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th', ı: 'i' };

/**
 * The JavaScript twin of `foldedWords` (below), without the surrounding spaces: diacritics off,
 * đ → d, lower case, every run of other characters one space. Folding here keeps f_unaccent out of the search
 * queries, where the planner would expand it once per word; test/kb/words.test.ts checks both agree.
 */
export function foldWords(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/\p{M}/gu, '')
    .replace(/[đðøłæœßþı]/g, (c) => plainLetters[c] ?? c)
    .replace(/[^a-z0-9]+/g, ' ');
}
