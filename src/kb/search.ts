/**
 * Search-as-you-type in the knowledge base (R19), for operators during a call.
 *
 * Matching, ignoring case and diacritics (đ → d): every word typed is a word of the entry (question, keywords or
 * answer), the last one only begun while it is being typed, so "thu tuc cap ho chi" finds "Thủ tục cấp hộ chiếu".
 * Ranking, in tiers: the words in a row in the question, then every word in the question, then in question and
 * keywords, then anywhere (the answer); within a tier, the phrase nearest the start, the shortest question, the most
 * recently updated. Only active entries.
 *
 * Speed (10,000 entries, p95 ≤ 20 ms): the folded texts are stored columns (migration 0007_kb_search): question and
 * question + keywords with trigram indexes, so `LIKE '% word %'` is an index scan re-checked on a short string;
 * everything (long answers) as a tsvector with a word index, which needs no re-check. What was typed is folded here
 * (foldWords), so the queries hold plain strings. Each tier is one query reading at most `tierCap` rows, and the
 * next tier runs only while the results are short of the limit: a broad prefix ("thu") costs one capped query, and
 * there the order within the tier is that of the rows read, not of all matches.
 */
import { and, asc, desc, eq, not, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { kbEntries } from '../db/schema/index.js';
import { parseSearch, type TypedSearch } from '../search/typed.js';
import { answerExcerpt } from './words.js';

export interface KbSearchQuery {
  /** What the operator typed. */
  q: string;
  fieldId?: string | undefined;
  agencyId?: string | undefined;
  /** Default 10, at most 50. */
  limit?: number | undefined;
}

export interface KbHit {
  id: string;
  question: string;
  answerExcerpt: string;
  fieldId: string | null;
  agencyId: string | null;
  updatedAt: Date;
}

export const kbSearchLimit = { default: 10, max: 50 } as const;

/** Rows a tier reads at most: bounds a broad prefix's cost; more than any page of results. */
const tierCap = 200;

/** Enough of the answer for the excerpt, without reading long answers whole. */
const answerHead = 400;

/** A prefix this short begins too many words to look up in the word index: it filters what the other words found. */
const shortPrefix = 3;

/** LIKE pattern for folded words in a row, each whole, or the last one only begun: '% ho chieu %', '% ho chi%'. */
const inRow = (words: string[], lastIsPrefix: boolean) => `% ${words.join(' ')}${lastIsPrefix ? '' : ' '}%`;

/** tsquery text for folded words: 'ho & chi:*' (folded words are [a-z0-9] only, nothing to escape). */
const wordQuery = (words: string[], lastIsPrefix: boolean) => `${words.join(' & ')}${lastIsPrefix ? ':*' : ''}`;

function everyWordIn(column: AnyColumn, { words, lastIsPrefix }: TypedSearch): SQL {
  const each = words.map((word, i) => sql`${column} LIKE ${inRow([word], lastIsPrefix && i === words.length - 1)}`);
  return and(...each) ?? sql`true`;
}

/** Every word anywhere, answer included, on the word index; a short last prefix filters what the whole words found. */
export function everyWordAnywhere({ words, lastIsPrefix }: TypedSearch): SQL {
  const column = kbEntries.searchAllWords;
  const last = words[words.length - 1] ?? '';
  if (lastIsPrefix && words.length > 1 && last.length < shortPrefix) {
    // ts_match_vq is @@ as a function: the planner does not take it to the index, so it filters the rows found.
    return sql`${column} @@ to_tsquery('simple', ${wordQuery(words.slice(0, -1), false)})
      AND ts_match_vq(${column}, to_tsquery('simple', ${wordQuery([last], true)}))`;
  }
  return sql`${column} @@ to_tsquery('simple', ${wordQuery(words, lastIsPrefix)})`;
}

/** Tier conditions, best first; each includes the previous (phrase ⊂ all words in question ⊂ … ⊂ anywhere). */
function tierConditions(typed: TypedSearch): SQL[] {
  const tiers = [sql`${kbEntries.searchQuestion} LIKE ${inRow(typed.words, typed.lastIsPrefix)}`];
  if (typed.words.length > 1) tiers.push(everyWordIn(kbEntries.searchQuestion, typed));
  tiers.push(everyWordIn(kbEntries.searchQuestionKeywords, typed), everyWordAnywhere(typed));
  return tiers;
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return kbSearchLimit.default;
  return Math.min(kbSearchLimit.max, Math.max(1, Math.trunc(limit)));
}

/** The active entries matching `query.q`, best first (see the top of this file). Empty when q has no word. */
export async function searchKb(db: Executor, query: KbSearchQuery): Promise<KbHit[]> {
  const typed = parseSearch(query.q);
  if (typed.words.length === 0) return [];
  const limit = clampLimit(query.limit);
  const scope = [eq(kbEntries.active, true)];
  if (query.fieldId) scope.push(eq(kbEntries.fieldId, query.fieldId));
  if (query.agencyId) scope.push(eq(kbEntries.agencyId, query.agencyId));
  const phrase = inRow(typed.words, typed.lastIsPrefix).slice(1, -1);

  const hits: KbHit[] = [];
  let better: SQL | undefined;
  for (const tier of tierConditions(typed)) {
    const candidates = db
      .select({
        id: kbEntries.id,
        question: kbEntries.question,
        answerHead: sql<string>`left(${kbEntries.answer}, ${sql.raw(String(answerHead))})`.as('answer_head'),
        fieldId: kbEntries.fieldId,
        agencyId: kbEntries.agencyId,
        updatedAt: kbEntries.updatedAt,
        phraseAt: sql<number>`strpos(${kbEntries.searchQuestion}, ${phrase})`.as('phrase_at'),
        questionLength: sql<number>`length(${kbEntries.question})`.as('question_length'),
      })
      .from(kbEntries)
      .where(and(...scope, tier, better ? not(better) : undefined))
      .limit(tierCap)
      .as('candidates');
    const rows = await db
      .select()
      .from(candidates)
      .orderBy(asc(candidates.phraseAt), asc(candidates.questionLength), desc(candidates.updatedAt), asc(candidates.id))
      .limit(limit - hits.length);
    for (const row of rows) {
      hits.push({
        id: row.id,
        question: row.question,
        answerExcerpt: answerExcerpt(row.answerHead),
        fieldId: row.fieldId,
        agencyId: row.agencyId,
        updatedAt: row.updatedAt,
      });
    }
    if (hits.length >= limit) break;
    better = tier;
  }
  return hits;
}
