import { sql } from 'drizzle-orm';
import { boolean, customType, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { foldedWords } from '../../search/fold.js';
import { createdAt, id, updatedAt } from './columns.js';
import { users } from './accounts.js';
import { agencies, fields } from './organisation.js';

/** PostgreSQL's full-text document: here, the folded words of an entry, for word-prefix matching without re-checks. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Q&A knowledge base (R19), kept current by the responsible agencies. */
export const kbEntries = pgTable(
  'kb_entries',
  {
    id: id(),
    fieldId: uuid('field_id').references(() => fields.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    keywords: text('keywords'),
    active: boolean('active').notNull().default(true),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // Folded copies, computed by PostgreSQL on every write (src/kb/search.ts). Stored rather than indexed expressions:
    // a trigram match is re-checked on the row, and unaccenting each candidate's text again is what made search slow.
    searchQuestion: text('search_question').generatedAlwaysAs(foldedWords(sql`"question"`)),
    searchQuestionKeywords: text('search_question_keywords').generatedAlwaysAs(
      foldedWords(sql`"question" || ' ' || coalesce("keywords", '')`),
    ),
    // Everything, answer included, as words: an exact word index, as re-checking long answers by LIKE is slow.
    searchAllWords: tsvector('search_all_words').generatedAlwaysAs(
      sql`to_tsvector('simple', ${foldedWords(sql`"question" || ' ' || coalesce("keywords", '') || ' ' || "answer"`)})`,
    ),
  },
  (t) => [
    // One index per ranking tier of src/kb/search.ts: question, question + keywords (trigrams), everything (words).
    index('kb_entries_search_question_idx').using('gin', t.searchQuestion.op('gin_trgm_ops')),
    index('kb_entries_search_question_keywords_idx').using('gin', t.searchQuestionKeywords.op('gin_trgm_ops')),
    index('kb_entries_search_all_words_idx').using('gin', t.searchAllWords),
    index('kb_entries_field_idx').on(t.fieldId),
    index('kb_entries_agency_idx').on(t.agencyId),
  ],
);
