/**
 * Receipt codes (R18): one per ticket, unique, never reused, e.g. 1022-2026-000123.
 * The yearly counter row is incremented inside the ticket's own transaction: the row lock
 * serialises concurrent creations, and a rolled-back ticket rolls its number back too, so the
 * codes of a year have neither duplicates nor gaps.
 */
import { sql } from 'drizzle-orm';
import { formatInZone } from '../calendar/index.js';
import type { Executor } from '../db/client.js';
import { receiptCodeCounters } from '../db/schema/index.js';

export const defaultReceiptPrefix = '1022';

/** The calendar year of `at` in the business time zone (a ticket at 23:30 on 31/12 in Hà Nội belongs to that year). */
export function businessYear(at: Date, timeZone: string): number {
  return Number(formatInZone(at, timeZone).slice(0, 4));
}

export function formatReceiptCode(prefix: string, year: number, value: number): string {
  return `${prefix}-${year}-${String(value).padStart(6, '0')}`;
}

/** Takes the next number of `year`. Call it inside the transaction that inserts the ticket. */
export async function allocateReceiptCode(tx: Executor, year: number, prefix = defaultReceiptPrefix): Promise<string> {
  const [row] = await tx
    .insert(receiptCodeCounters)
    .values({ year, lastValue: 1 })
    .onConflictDoUpdate({ target: receiptCodeCounters.year, set: { lastValue: sql`${receiptCodeCounters.lastValue} + 1` } })
    .returning({ lastValue: receiptCodeCounters.lastValue });
  if (!row) throw new Error('receipt code counter returned no row');
  return formatReceiptCode(prefix, year, row.lastValue);
}
