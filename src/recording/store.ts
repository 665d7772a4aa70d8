/**
 * The recordings file store (R5): one audio file per recording under RECORDINGS_DIR, at
 * `YYYY/MM/DD/<callId>.<format>`, the date being the day the recording started in the business
 * time zone (BUSINESS_TZ), whatever the process time zone.
 *
 * For call control — when Asterisk reports RecordingFinished, hand the bytes over:
 *
 *   await saveRecording(app.db, {
 *     dir: app.env.RECORDINGS_DIR,
 *     timeZone: app.env.BUSINESS_TZ,
 *     recordingId,                       // the recordings row created when recording started
 *     bytes: createReadStream(asteriskFile) // or a Buffer, or the body of GET /recordings/stored/{name}/file
 *     durationSeconds: event.recording.duration, // optional
 *   });
 *
 * The file is written to a temporary name in the target folder, flushed to disk and renamed, so
 * a reader never sees half a file and a failed write leaves any previous file untouched. Then the
 * row gets status 'done', the relative filePath, sizeBytes, sha256, endedAt (default: now) and
 * durationSeconds. The row must exist and must not be 'deleted'. Saving again overwrites.
 *
 * openRecording() is the only way files are read back: it refuses any stored path that would
 * leave RECORDINGS_DIR (symlinks included) and answers 410 when the file is gone.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq, ne } from 'drizzle-orm';
import { localDateOf } from '../calendar/zone.js';
import type { Executor } from '../db/client.js';
import { recordings } from '../db/schema/index.js';
import { DomainError, notFound } from '../web/errors.js';

export type RecordingRow = typeof recordings.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const formatPattern = /^[a-z0-9]{1,16}$/;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Relative path of a recording file: `YYYY/MM/DD/<callId>.<format>`, dated in `timeZone`. */
export function recordingPath(callId: string, startedAt: Date, timeZone: string, format: string): string {
  if (!uuidPattern.test(callId)) throw new Error(`recordingPath: call id is not a UUID: ${JSON.stringify(callId)}`);
  if (!formatPattern.test(format)) throw new Error(`recordingPath: unsupported format: ${JSON.stringify(format)}`);
  const { year, month, day } = localDateOf(timeZone, startedAt.getTime());
  return path.posix.join(pad(year, 4), pad(month), pad(day), `${callId.toLowerCase()}.${format}`);
}

/** Thrown when a stored path would leave the recordings folder: a tampered row, never served. */
export class RecordingPathOutsideStoreError extends Error {
  constructor(recordingId: string) {
    super(`recording ${recordingId}: stored file path leaves RECORDINGS_DIR; refusing to touch it`);
    this.name = 'RecordingPathOutsideStoreError';
  }
}

export const recordingFileMissing = () =>
  new DomainError(410, 'RECORDING_FILE_MISSING', 'Không tìm thấy tệp ghi âm trên máy chủ lưu trữ');

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Absolute path of a row's file, checked lexically to stay inside `dir`. */
export function storedFilePath(row: Pick<RecordingRow, 'id' | 'filePath'>, dir: string): string {
  if (!row.filePath) throw recordingFileMissing();
  const root = path.resolve(dir);
  const absolute = path.resolve(root, row.filePath);
  if (!isInside(root, absolute)) throw new RecordingPathOutsideStoreError(row.id);
  return absolute;
}

const isGone = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

export interface SaveRecordingInput {
  /** RECORDINGS_DIR */
  dir: string;
  /** BUSINESS_TZ: decides the date folder. */
  timeZone: string;
  recordingId: string;
  bytes: Buffer | AsyncIterable<Buffer | Uint8Array>;
  /** When the recording ended; default now. */
  endedAt?: Date;
  /** The length in milliseconds, from the file itself (issue 11 item 9); durationSeconds is derived from it. */
  durationMs?: number;
  /** Only when the length in milliseconds is not known (Asterisk's whole seconds). */
  durationSeconds?: number;
}

/** Writes a recording's file atomically and marks its row done. Returns the updated row. */
export async function saveRecording(db: Executor, input: SaveRecordingInput): Promise<RecordingRow> {
  const [row] = await db.select().from(recordings).where(eq(recordings.id, input.recordingId));
  if (!row) throw notFound('bản ghi âm');
  if (row.status === 'deleted') throw new Error(`recording ${row.id} was deleted by retention; not saving again`);
  const relative = recordingPath(row.callId, row.startedAt, input.timeZone, row.format);
  const { sizeBytes, sha256 } = await writeAtomically(path.resolve(input.dir, relative), input.bytes);
  const [saved] = await db
    .update(recordings)
    .set({
      status: 'done',
      filePath: relative,
      sizeBytes,
      sha256,
      endedAt: input.endedAt ?? new Date(),
      ...durationColumns(input),
    })
    .where(and(eq(recordings.id, row.id), ne(recordings.status, 'deleted')))
    .returning();
  if (!saved) throw new Error(`recording ${row.id} disappeared or was deleted while saving`);
  return saved;
}

/** `durationMs` exact, `durationSeconds` the nearest whole second (8.9 s → 9, not Asterisk's 8). */
function durationColumns(input: Pick<SaveRecordingInput, 'durationMs' | 'durationSeconds'>): { durationMs?: number; durationSeconds?: number } {
  if (input.durationMs !== undefined) return { durationMs: Math.round(input.durationMs), durationSeconds: Math.round(input.durationMs / 1000) };
  if (input.durationSeconds !== undefined) return { durationMs: Math.round(input.durationSeconds * 1000), durationSeconds: Math.round(input.durationSeconds) };
  return {};
}

async function writeAtomically(target: string, bytes: SaveRecordingInput['bytes']) {
  const folder = path.dirname(target);
  await mkdir(folder, { recursive: true });
  const temporary = path.join(folder, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  try {
    const file = await open(temporary, 'wx', 0o640);
    try {
      for await (const chunk of Buffer.isBuffer(bytes) ? [bytes] : bytes) {
        hash.update(chunk);
        sizeBytes += chunk.byteLength;
        await file.write(chunk);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
  return { sizeBytes, sha256: hash.digest('hex') };
}

/** Makes the rename itself durable (the folder entry), as databases do. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface ByteRange {
  start: number;
  /** inclusive */
  end: number;
}

/** An open recording file; whoever opened it calls stream() (which closes it when done) or close(). */
export interface OpenedRecording {
  size: number;
  stream(range?: ByteRange): Readable;
  close(): Promise<void>;
}

/**
 * Opens a row's file for reading after checking it resolves (symlinks included) inside `dir` and
 * is a regular file. Missing → 410 RECORDING_FILE_MISSING; outside → RecordingPathOutsideStoreError.
 */
export async function openRecording(row: Pick<RecordingRow, 'id' | 'filePath'>, dir: string): Promise<OpenedRecording> {
  const lexical = storedFilePath(row, dir);
  let real: string;
  let root: string;
  try {
    root = await realpath(path.resolve(dir));
    real = await realpath(lexical);
  } catch (error) {
    if (isGone(error)) throw recordingFileMissing();
    throw error;
  }
  if (!isInside(root, real)) throw new RecordingPathOutsideStoreError(row.id);
  let handle: FileHandle;
  try {
    handle = await open(real, 'r');
  } catch (error) {
    if (isGone(error)) throw recordingFileMissing();
    throw error;
  }
  const stats = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!stats.isFile()) {
    await handle.close();
    throw recordingFileMissing();
  }
  return {
    size: stats.size,
    stream: (range) => handle.createReadStream(range ? { start: range.start, end: range.end } : {}),
    close: () => handle.close(),
  };
}

/**
 * Deletes a row's file; an already-missing file is fine (returns false). Refuses paths outside
 * `dir` (RecordingPathOutsideStoreError) rather than delete something that is not a recording.
 */
export async function removeRecordingFile(row: Pick<RecordingRow, 'id' | 'filePath'>, dir: string): Promise<boolean> {
  if (!row.filePath) return false;
  const absolute = storedFilePath(row, dir);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
  if (!isInside(await realpath(path.resolve(dir)), real)) throw new RecordingPathOutsideStoreError(row.id);
  await rm(absolute, { force: true });
  return true;
}
