import { and, asc, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';

/** A queue table of the outboxes and the inbox: each has these three columns. */
export type LeasedTable = PgTable & { id: AnyPgColumn; attempts: AnyPgColumn; nextAttemptAt: AnyPgColumn };

export interface ClaimOptions {
  /** The rows still to handle (e.g. status = 'pending'); those due now are taken. */
  pending: SQL | undefined;
  now: Date;
  /** How long a claimed row stays invisible to other workers while it is handled. */
  leaseMs: number;
  batchSize: number;
}

/**
 * The claim of every outbox and inbox pass (SMS, the channels' outbound messages, the channels' inbox): the due rows,
 * oldest first, `FOR UPDATE SKIP LOCKED` (several servers on one PostgreSQL never take the same row), their
 * `nextAttemptAt` pushed a lease ahead and the attempt counted, committed before the caller handles them. A crash
 * while handling leaves a row pending: it comes back when its lease ends.
 */
export async function claimLeased<T extends LeasedTable>(db: Database, table: T, options: ClaimOptions): Promise<T['$inferSelect'][]> {
  const { now, leaseMs, batchSize } = options;
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: table.id })
      .from(table as PgTable)
      .where(and(options.pending, lte(table.nextAttemptAt, now)))
      .orderBy(asc(table.nextAttemptAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const lease = { attempts: sql`${table.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) } as PgUpdateSetSource<T>;
    const claimed = await tx
      .update(table)
      .set(lease)
      .where(inArray(table.id, due.map((d) => d.id)))
      .returning();
    return claimed as T['$inferSelect'][];
  });
}
