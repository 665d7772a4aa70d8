import { count, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';
import { conflict } from '../web/errors.js';

/** A table whose rows point at the row about to go, and how a person calls those rows ("phiếu", "cuộc gọi"). */
export interface Reference {
  table: PgTable;
  column: PgColumn;
  what: string;
}

/**
 * Refuses to delete a row others still point at (409 `code`), naming how many of each: a clear message instead of the
 * database's foreign-key error, and the advice to deactivate instead (configuration that served tickets is history).
 */
export async function requireUnreferenced(db: Executor, id: string, references: readonly Reference[], code: string, subject: string): Promise<void> {
  const uses: string[] = [];
  for (const { table, column, what } of references) {
    const [row] = await db.select({ n: count() }).from(table).where(eq(column, id));
    if (row && row.n > 0) uses.push(`${row.n} ${what}`);
  }
  if (uses.length > 0) throw conflict(code, `Không xóa được ${subject} vì đang được dùng bởi ${uses.join(', ')}: hãy ngừng dùng thay vì xóa`);
}
