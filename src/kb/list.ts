/**
 * The entries a keeper looks after (R19, R24), for the pages that edit them: newest change first, active or
 * withdrawn, optionally narrowed to those holding every word typed (question, keywords or answer; the last word may
 * be unfinished). Search during a call is search.ts: ranked, active entries only.
 */
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { kbEntries } from '../db/schema/index.js';
import { parseSearch } from '../search/typed.js';
import { everyWordAnywhere } from './search.js';
import { answerExcerpt } from './words.js';

export type KbEntryStatus = 'active' | 'inactive' | 'all';

export interface KbListQuery {
  q?: string | undefined;
  agencyId?: string | undefined;
  status: KbEntryStatus;
  limit: number;
  offset: number;
}

export interface KbListItem {
  id: string;
  question: string;
  answerExcerpt: string;
  keywords: string | null;
  fieldId: string | null;
  agencyId: string | null;
  active: boolean;
  updatedAt: Date;
}

export const kbListLimit = { default: 50, max: 100 } as const;

/** Enough of the answer for the excerpt, without reading long answers whole. */
const answerHead = 400;

function conditions(query: KbListQuery): SQL | undefined {
  const where: SQL[] = [];
  if (query.agencyId) where.push(eq(kbEntries.agencyId, query.agencyId));
  if (query.status !== 'all') where.push(eq(kbEntries.active, query.status === 'active'));
  const typed = parseSearch(query.q ?? '');
  if (typed.words.length > 0) where.push(everyWordAnywhere(typed));
  return and(...where);
}

export async function listEntries(db: Executor, query: KbListQuery): Promise<{ items: KbListItem[]; total: number }> {
  const where = conditions(query);
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: kbEntries.id,
        question: kbEntries.question,
        answerHead: sql<string>`left(${kbEntries.answer}, ${sql.raw(String(answerHead))})`,
        keywords: kbEntries.keywords,
        fieldId: kbEntries.fieldId,
        agencyId: kbEntries.agencyId,
        active: kbEntries.active,
        updatedAt: kbEntries.updatedAt,
      })
      .from(kbEntries)
      .where(where)
      .orderBy(desc(kbEntries.updatedAt), desc(kbEntries.id))
      .limit(query.limit)
      .offset(query.offset),
    db.select({ n: count() }).from(kbEntries).where(where),
  ]);
  const items = rows.map(({ answerHead: answer, ...row }) => ({ ...row, answerExcerpt: answerExcerpt(answer) }));
  return { items, total: counted?.n ?? 0 };
}
