import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { foldedWords } from '../../search/fold.js';
import { at, createdAt, id, updatedAt } from './columns.js';
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

/**
 * A spreadsheet being imported into the knowledge base (issue 16, R19): the rows as read from the file, the column
 * mapping chosen after the preview, then the run's progress and outcome. Kept in the database so that an import
 * survives a restart (a run cut short is run again: it is one transaction, so nothing of it was written).
 */
export const kbImports = pgTable(
  'kb_imports',
  {
    id: id(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    /** An agency officer's agency: every row goes to it. Null for hotline staff. */
    agencyScope: uuid('agency_scope').references(() => agencies.id),
    fileName: text('file_name').notNull(),
    fileType: text('file_type', { enum: ['xlsx', 'xls', 'csv'] }).notNull(),
    /** uploaded → queued → importing → done | failed */
    status: text('status', { enum: ['uploaded', 'queued', 'importing', 'done', 'failed'] }).notNull().default('uploaded'),
    headers: jsonb('headers').$type<string[]>().notNull(),
    rows: jsonb('rows').$type<string[][]>().notNull(),
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    skipRowsWithProblems: boolean('skip_rows_with_problems').notNull().default(false),
    totalRows: integer('total_rows').notNull(),
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
  },
  (t) => [index('kb_imports_status_idx').on(t.status), index('kb_imports_created_by_idx').on(t.createdBy)],
);
