import { customType, date, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * The daily and weekly reports to the province's leaders (issue 16, R20): one row per kind and period, claimed by
 * inserting it (UNIQUE kind + period), so a period's report is generated once — across restarts and instances.
 */
export const scheduledReports = pgTable(
  'scheduled_reports',
  {
    id: id(),
    kind: text('kind', { enum: ['daily', 'weekly'] }).notNull(),
    /** First and last business day covered (BUSINESS_TZ). */
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['generating', 'ready', 'failed'] }).notNull().default('generating'),
    xlsx: bytea('xlsx'),
    html: text('html'),
    sizeBytes: integer('size_bytes'),
    error: text('error'),
    /** Set when e-mailed to REPORT_RECIPIENTS; `emailError` when sending failed. */
    emailedAt: at('emailed_at'),
    emailedTo: integer('emailed_to'),
    emailError: text('email_error'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    generatedAt: at('generated_at'),
  },
  (t) => [unique('scheduled_reports_kind_period').on(t.kind, t.periodStart), index('scheduled_reports_created_idx').on(t.createdAt)],
);
