import { readFile } from 'node:fs/promises';
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { recordings } from '../db/schema/index.js';
import { saveRecording, storedFilePath } from '../recording/store.js';
import { joinWav, wavDurationMs } from '../recording/wav.js';
import { AriError, ignoreGone, type AriPort } from './ari.js';

export interface RecordingSinkOptions {
  ari: Pick<AriPort, 'getStoredRecordingFile' | 'deleteStoredRecording'>;
  db: Database;
  /** RECORDINGS_DIR: files go to <dir>/YYYY/MM/DD/<callId>.<format>, the date in the business time zone. */
  recordingsDir: string;
  timeZone: string;
  log: FastifyBaseLogger;
}

export type FinalizeResult = 'stored' | 'missing' | 'skipped';

/**
 * Moves a finished call recording out of Asterisk (R5): fetches the stored file over ARI, writes it under
 * RECORDINGS_DIR with its size and SHA-256, updates the recordings row (status done, duration, size, checksum,
 * path relative to RECORDINGS_DIR), then deletes Asterisk's copy. Idempotent: RecordingFinished comes twice with
 * subscribeAll (finding 20) and reconciliation may ask again; only a row still "recording" is processed.
 */
export class RecordingSink {
  readonly #inFlight = new Map<string, Promise<FinalizeResult>>();
  /** Per call recording (its row's name): segments are stored one after the other, in the order they finished. */
  readonly #calls = new Map<string, Promise<unknown>>();

  constructor(private readonly options: RecordingSinkOptions) {}

  /** Recordings being written now (tests wait for this to settle). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  /**
   * `rowWritten`: resolves once the recording's row is committed (call records are written behind the call). The
   * file is asked of Asterisk at once, without waiting for it: RecordingFinished's next ARI request does not wait for
   * the database (issue 11: its step p99 was 33 ms on a real Asterisk), and the row is read only once written.
   */
  finalize(name: string, durationSeconds?: number, rowWritten: Promise<void> = Promise.resolve()): Promise<FinalizeResult> {
    const running = this.#inFlight.get(name);
    if (running) return running;
    const base = recordingOfSegment(name);
    const previous = this.#calls.get(base) ?? Promise.resolve();
    const work = previous
      .catch(() => undefined)
      .then(() => this.#finalize(name, base, durationSeconds, rowWritten))
      .finally(() => {
        this.#inFlight.delete(name);
        if (this.#calls.get(base) === work) this.#calls.delete(base);
      });
    this.#inFlight.set(name, work);
    this.#calls.set(base, work);
    return work;
  }

  async #finalize(name: string, base: string, eventDuration: number | undefined, rowWritten: Promise<void>): Promise<FinalizeResult> {
    const { db, ari, log } = this.options;
    // The file is asked for while the row is written and read: the event is answered without waiting for the database.
    const firstTry = settle(ari.getStoredRecordingFile(name));
    await rowWritten;
    // The first segment finds its row recording; a later one (the recording restarted while the call went on) finds
    // it done with the earlier segments' file, or failed when they were missing.
    const statuses = name === base ? (['recording'] as const) : (['recording', 'done', 'failed'] as const);
    const [row] = await db
      .select()
      .from(recordings)
      .where(and(eq(recordings.name, base), inArray(recordings.status, [...statuses])));
    if (!row) return 'skipped';
    const segment = await this.#fetch(name, firstTry);
    if (!segment) {
      log.error({ recording: name, callId: row.callId }, 'recording file missing in Asterisk');
      if (row.status === 'recording') await db.update(recordings).set({ status: 'failed', endedAt: new Date() }).where(eq(recordings.id, row.id));
      return 'missing';
    }
    const earlier = row.status === 'done' ? await readFile(storedFilePath(row, this.options.recordingsDir)).catch(() => undefined) : undefined;
    const joined = earlier ? joinWav(earlier, segment) : undefined;
    if (earlier && !joined) log.error({ recording: name, callId: row.callId }, 'recording segment not joinable: kept alone');
    const bytes = joined ?? segment;
    const ms = wavDurationMs(bytes);
    const durationSeconds = ms === undefined ? eventDuration : Math.floor(ms / 1000);
    await saveRecording(db, {
      dir: this.options.recordingsDir,
      timeZone: this.options.timeZone,
      recordingId: row.id,
      bytes,
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
    });
    await ignoreGone(() => ari.deleteStoredRecording(name));
    log.info({ recording: name, callId: row.callId, sizeBytes: bytes.length, durationSeconds, joined: joined !== undefined }, 'call recording stored');
    return 'stored';
  }

  /** The stored file, or undefined when Asterisk has none (asked a few times: the file may be closing). */
  async #fetch(name: string, firstTry: Promise<Settled<Buffer>>): Promise<Buffer | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      const result = attempt === 1 ? await firstTry : await settle(this.options.ari.getStoredRecordingFile(name));
      if (result.ok) return result.value;
      const error = result.error;
      if (!(error instanceof AriError && error.status === 404)) throw error;
      if (attempt >= 3) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise's outcome as a value: it may be left unread without an unhandled rejection. */
function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * The name of the call recording (its row) a segment belongs to: `call-<callId>-<n>` → `call-<callId>` (segments
 * after the first are named so: callResources.recordingSegment); any other name is its own.
 */
export function recordingOfSegment(name: string): string {
  return /^(call-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-\d+$/.exec(name)?.[1] ?? name;
}
