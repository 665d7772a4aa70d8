import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, updatedAt } from './columns.js';
import { users } from './accounts.js';
import { tickets } from './tickets.js';

/**
 * The public version of an answered or resolved ticket (R17): the question and the answer as a supervisor published
 * them, personal data masked (src/public/publication.ts). Shown while `tickets.published` is true (a reopening clears it).
 */
export const publicAnswers = pgTable('public_answers', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  question: text('question').notNull(),
  answer: text('answer').notNull(),
  publishedBy: uuid('published_by').references(() => users.id),
  publishedAt: at('published_at').notNull().defaultNow(),
  updatedAt: updatedAt(),
});
