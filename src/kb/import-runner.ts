/**
 * Runs queued knowledge-base imports (issue 16, R19), one at a time per instance. A run is one transaction that
 * claims its import row (FOR UPDATE SKIP LOCKED: two instances never run the same one), writes every row and marks
 * the import done — so "done" and the entries commit together, and a run cut short by a restart left nothing behind:
 * its import is still `queued` and is run again when the app starts. Progress is told while the transaction runs
 * (it cannot be committed before the end): to `progressOf` for the status route and as `kb.import.progress.v1` to
 * the person who started it.
 */
import { asc, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Server } from 'socket.io';
import { recordAudit } from '../audit/service.js';
import type { Database } from '../db/client.js';
import { kbImports, users } from '../db/schema/index.js';
import { rooms } from '../realtime/socket.js';
import { DomainError } from '../web/errors.js';
import { planRows, type ColumnMapping } from './import-rows.js';
import { loadLookups, writePlan } from './import-service.js';

/** `kb.import.progress.v1`, to `user:<who started it>`: sent after each batch of rows, and at the end. */
export interface KbImportProgressV1 {
  importId: string;
  status: 'importing' | 'done' | 'failed';
  processedRows: number;
  totalRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  errorCode: string | null;
}

export interface KbImportEvents {
  'kb.import.progress.v1': KbImportProgressV1;
}

export class KbImportRunner {
  private readonly running = new Map<string, number>();
  private pass: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    private readonly io: Pick<Server, 'to'> | null,
  ) {}

  /** Rows written so far by a run in this instance; undefined when none is running here. */
  progressOf(id: string): number | undefined {
    return this.running.get(id);
  }

  /** Looks for queued imports now; resolves when the queue is empty (tests await it). */
  kick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      do {
        this.again = false;
        while (!this.closed && (await this.runOne())) {
          // next queued import
        }
      } while (this.again && !this.closed);
    })().finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pass?.catch(() => undefined);
  }

  /** Claims and runs one queued import; false when there was none to claim. */
  private async runOne(): Promise<boolean> {
    let claimed: { id: string; createdBy: string; totalRows: number } | null = null;
    try {
      const outcome = await this.db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(kbImports)
          .where(eq(kbImports.status, 'queued'))
          .orderBy(asc(kbImports.updatedAt))
          .limit(1)
          .for('update', { skipLocked: true });
        if (!row) return null;
        const id = row.id;
        claimed = { id, createdBy: row.createdBy, totalRows: row.totalRows };
        this.running.set(id, 0);
        const startedAt = new Date();
        this.emit(row.createdBy, { importId: id, status: 'importing', processedRows: 0, totalRows: row.totalRows, createdCount: 0, updatedCount: 0, skippedCount: 0, errorCode: null });
        const plan = planRows(row.rows, row.mapping as unknown as ColumnMapping, await loadLookups(tx, row.agencyScope));
        if (!row.skipRowsWithProblems && plan.some((r) => r.action === 'skip')) {
          // The base changed since the preview (another import, an edit): the run would not be what was previewed.
          throw new DomainError(409, 'ROWS_HAVE_PROBLEMS', 'Dữ liệu đã thay đổi từ lúc xem trước: có dòng lỗi, hãy xem trước lại');
        }
        let lastTold = 0;
        const counts = await writePlan(tx, plan, row.createdBy, (processed) => {
          this.running.set(id, processed);
          if (processed - lastTold >= 1000 || processed === plan.length) {
            lastTold = processed;
            this.emit(row.createdBy, { importId: id, status: 'importing', processedRows: processed, totalRows: row.totalRows, createdCount: 0, updatedCount: 0, skippedCount: 0, errorCode: null });
          }
        });
        const [actor] = await tx.select({ id: users.id, username: users.username, role: users.role }).from(users).where(eq(users.id, row.createdBy));
        await recordAudit(tx, {
          actor: actor ?? null,
          action: 'kb.import',
          entityType: 'kb_import',
          entityId: id,
          details: { rows: row.totalRows, created: counts.created, updated: counts.updated, skipped: counts.skipped },
        });
        await tx
          .update(kbImports)
          .set({
            status: 'done',
            processedRows: plan.length,
            createdCount: counts.created,
            updatedCount: counts.updated,
            skippedCount: counts.skipped,
            startedAt,
            finishedAt: new Date(),
            updatedAt: new Date(),
          })
          .where(eq(kbImports.id, id));
        return { id, createdBy: row.createdBy, totalRows: row.totalRows, ...counts };
      });
      if (!outcome) return false;
      this.log.info({ importId: outcome.id, created: outcome.created, updated: outcome.updated, skipped: outcome.skipped }, 'knowledge-base import done');
      this.emit(outcome.createdBy, {
        importId: outcome.id, status: 'done', processedRows: outcome.totalRows, totalRows: outcome.totalRows,
        createdCount: outcome.created, updatedCount: outcome.updated, skippedCount: outcome.skipped, errorCode: null,
      });
      return true;
    } catch (error) {
      const failed = claimed as { id: string; createdBy: string; totalRows: number } | null;
      if (!failed) throw error;
      const code = error instanceof DomainError ? error.code : 'IMPORT_FAILED';
      const message = error instanceof DomainError ? error.message : 'Lỗi khi ghi vào cơ sở dữ liệu; không dòng nào được nhập';
      this.log.error({ err: error, importId: failed.id }, 'knowledge-base import failed');
      await this.db
        .update(kbImports)
        .set({ status: 'failed', errorCode: code, errorMessage: message, processedRows: 0, finishedAt: new Date(), updatedAt: new Date() })
        .where(eq(kbImports.id, failed.id));
      this.emit(failed.createdBy, {
        importId: failed.id, status: 'failed', processedRows: 0, totalRows: failed.totalRows, createdCount: 0, updatedCount: 0, skippedCount: 0, errorCode: code,
      });
      return true;
    } finally {
      const done = claimed as { id: string } | null;
      if (done) this.running.delete(done.id);
    }
  }

  private emit(userId: string, payload: KbImportProgressV1): void {
    this.io?.to(rooms.user(userId)).emit('kb.import.progress.v1', payload);
  }
}
