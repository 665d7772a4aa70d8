import { and, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { recordings } from '../db/schema/index.js';
import { saveRecording } from '../recording/store.js';
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
    const work = this.#finalize(name, durationSeconds, rowWritten).finally(() => this.#inFlight.delete(name));
    this.#inFlight.set(name, work);
    return work;
  }

  async #finalize(name: string, eventDuration: number | undefined, rowWritten: Promise<void>): Promise<FinalizeResult> {
    const { db, ari, log } = this.options;
    // The file is asked for while the row is written and read: the event is answered without waiting for the database.
    const firstTry = settle(ari.getStoredRecordingFile(name));
    await rowWritten;
    const [row] = await db
      .select()
      .from(recordings)
      .where(and(eq(recordings.name, name), eq(recordings.status, 'recording')));
    if (!row) return 'skipped';
    const bytes = await this.#fetch(name, firstTry);
    if (!bytes) {
      log.error({ recording: name, callId: row.callId }, 'recording file missing in Asterisk');
      await db.update(recordings).set({ status: 'failed', endedAt: new Date() }).where(eq(recordings.id, row.id));
      return 'missing';
    }
    const durationSeconds = wavDurationSeconds(bytes) ?? eventDuration;
    await saveRecording(db, {
      dir: this.options.recordingsDir,
      timeZone: this.options.timeZone,
      recordingId: row.id,
      bytes,
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
    });
    await ignoreGone(() => ari.deleteStoredRecording(name));
    log.info({ recording: name, callId: row.callId, sizeBytes: bytes.length, durationSeconds }, 'call recording stored');
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

/** Whole seconds of a PCM WAV file (data size / byte rate), rounded down like Asterisk; undefined if not a WAV. */
export function wavDurationSeconds(bytes: Buffer): number | undefined {
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ' && offset + 16 <= bytes.length) byteRate = bytes.readUInt32LE(offset + 16);
    if (id === 'data') return byteRate ? Math.floor(Math.min(size, bytes.length - offset - 8) / byteRate) : undefined;
    offset += 8 + size + (size % 2);
  }
  return undefined;
}
