/**
 * Recording retention: every night, files of recordings that ended more than
 * RECORDING_RETENTION_DAYS ago are deleted and their rows marked 'deleted' (the row itself stays,
 * with its size and SHA-256, as a trace that the recording existed). 0 keeps recordings forever.
 *
 * A recording whose call is linked to a ticket still open (not resolved, answered or refused) is
 * kept whatever its age: it is evidence for work in progress (R5). Already-missing files are
 * fine; a file that cannot be deleted (or whose stored path leaves the store) is logged, left
 * as it is and retried the next night. Runs in batches; running twice deletes nothing more.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { and, asc, eq, inArray, lt, ne, notExists, notInArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Executor } from '../db/client.js';
import { recordings, ticketCalls, tickets } from '../db/schema/index.js';
import type { ScheduledJob } from '../scheduler/plugin.js';
import { removeRecordingFile } from './store.js';

const MS_PER_DAY = 86_400_000;
const closedTicketStatuses = ['resolved', 'answered', 'refused'] as const;

export interface RetentionOptions {
  /** RECORDINGS_DIR */
  dir: string;
  /** RECORDING_RETENTION_DAYS; 0 = keep forever */
  retentionDays: number;
  log: FastifyBaseLogger;
  now?: Date;
  batchSize?: number;
}

export interface RetentionResult {
  /** rows marked deleted in this run */
  deleted: number;
  /** of those, how many had no file left on disk */
  missingFiles: number;
  /** recordings whose file could not be deleted; kept for the next run */
  failed: number;
  cutoff: Date | null;
}

/** Deletes expired recordings' files, marks their rows and writes one audit entry when anything happened. */
export async function deleteExpiredRecordings(db: Executor, options: RetentionOptions): Promise<RetentionResult> {
  if (options.retentionDays === 0) return { deleted: 0, missingFiles: 0, failed: 0, cutoff: null };
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * MS_PER_DAY);
  const batchSize = options.batchSize ?? 500;
  const failedIds: string[] = [];
  let deleted = 0;
  let missingFiles = 0;
  for (;;) {
    const batch = await db
      .select({ id: recordings.id, filePath: recordings.filePath })
      .from(recordings)
      .where(and(expired(db, cutoff), failedIds.length > 0 ? notInArray(recordings.id, failedIds) : undefined))
      .orderBy(asc(recordings.endedAt), asc(recordings.id))
      .limit(batchSize);
    const removed: string[] = [];
    for (const row of batch) {
      try {
        if (!(await removeRecordingFile(row, options.dir))) missingFiles += 1;
        removed.push(row.id);
      } catch (error) {
        options.log.error({ err: error, recordingId: row.id }, 'recording retention: could not delete the file');
        failedIds.push(row.id);
      }
    }
    if (removed.length > 0) {
      const marked = await db
        .update(recordings)
        .set({ status: 'deleted', deletedAt: now })
        .where(and(inArray(recordings.id, removed), ne(recordings.status, 'deleted')))
        .returning({ id: recordings.id });
      deleted += marked.length;
    }
    if (batch.length < batchSize) break;
  }
  const result = { deleted, missingFiles, failed: failedIds.length, cutoff };
  if (deleted > 0 || failedIds.length > 0) {
    await recordAudit(db, {
      actor: null,
      action: 'recording.retention_delete',
      entityType: 'recording',
      details: { count: deleted, missingFiles, failed: failedIds.length, retentionDays: options.retentionDays, cutoff: cutoff.toISOString() },
    });
  }
  return result;
}

/** Finished recordings that ended before the cutoff and are not evidence for an open ticket. */
function expired(db: Executor, cutoff: Date) {
  return and(
    inArray(recordings.status, ['done', 'failed']),
    lt(recordings.endedAt, cutoff),
    notExists(
      db
        .select({ one: sql`1` })
        .from(ticketCalls)
        .innerJoin(tickets, eq(tickets.id, ticketCalls.ticketId))
        .where(and(eq(ticketCalls.callId, recordings.callId), notInArray(tickets.status, [...closedTicketStatuses]))),
    ),
  );
}

/** The nightly job, at 02:30 in the business time zone (the scheduler's zone). */
export function recordingRetentionJob(app: FastifyInstance): ScheduledJob {
  return {
    name: 'recordings.retention',
    schedule: '30 2 * * *',
    run: async () => {
      const result = await deleteExpiredRecordings(app.db, {
        dir: app.env.RECORDINGS_DIR,
        retentionDays: app.env.RECORDING_RETENTION_DAYS,
        log: app.log,
      });
      app.log.info({ ...result, job: 'recordings.retention' }, 'recording retention finished');
    },
  };
}
