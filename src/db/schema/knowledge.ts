import { boolean, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { users } from './accounts.js';
import { agencies, fields } from './organisation.js';

/** Q&A knowledge base (R19), kept current by the responsible agencies. */
export const kbEntries = pgTable('kb_entries', {
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
});
