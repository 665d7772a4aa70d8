import { and, count, desc, eq, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { fields, publicAnswers, tickets } from '../db/schema/index.js';
import { maskPhone, nameInitials } from './masking.js';

export interface AnswerQuery {
  q?: string | undefined;
  fieldId?: string | undefined;
  limit: number;
  offset: number;
}

/** `%`, `_` and `\` typed by the citizen are searched literally. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Case- and diacritic-insensitive: "duong" finds "Đường" (f_unaccent comes from migration 0000). */
function matches(column: SQLWrapper, pattern: string): SQL {
  return sql`f_unaccent(lower(coalesce(${column}, ''))) ILIKE f_unaccent(lower(${pattern}))`;
}

/**
 * R17: the published answers — the public version (masked, src/public/publication.ts) of answered or resolved tickets
 * a supervisor published — newest first, with the citizen reduced to initials and three digits, and no address.
 */
export async function publishedAnswers(db: Executor, query: AnswerQuery) {
  const filters: SQL[] = [eq(tickets.published, true), inArray(tickets.status, ['answered', 'resolved'])];
  if (query.fieldId) filters.push(eq(tickets.fieldId, query.fieldId));
  const q = query.q?.trim();
  if (q) {
    const pattern = `%${likeEscape(q)}%`;
    const found = or(matches(publicAnswers.question, pattern), matches(publicAnswers.answer, pattern), matches(tickets.receiptCode, pattern));
    if (found) filters.push(found);
  }
  const where = and(...filters);
  const [total] = await db.select({ n: count() }).from(tickets).innerJoin(publicAnswers, eq(publicAnswers.ticketId, tickets.id)).where(where);
  const rows = await db
    .select({ ticket: tickets, fieldName: fields.name, question: publicAnswers.question, answer: publicAnswers.answer })
    .from(tickets)
    .innerJoin(publicAnswers, eq(publicAnswers.ticketId, tickets.id))
    .leftJoin(fields, eq(fields.id, tickets.fieldId))
    .where(where)
    .orderBy(desc(tickets.resolvedAt), desc(tickets.receiptCode))
    .limit(query.limit)
    .offset(query.offset);
  return {
    total: Number(total?.n ?? 0),
    items: rows.map(({ ticket, fieldName, question, answer }) => ({
      receiptCode: ticket.receiptCode,
      field: fieldName,
      citizenName: nameInitials(ticket.citizenName),
      citizenPhone: maskPhone(ticket.citizenPhone),
      question,
      result: answer,
      resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    })),
  };
}
