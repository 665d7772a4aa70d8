import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { recordings } from '../../src/db/schema/index.js';
import {
  RecordingPathOutsideStoreError,
  openRecording,
  recordingPath,
  removeRecordingFile,
  saveRecording,
} from '../../src/recording/store.js';
import { createTestDatabase } from '../helpers/db.js';
import { fakeWav, insertCall, insertRecording, temporaryRecordingsDir } from './support.js';

const tz = 'Asia/Ho_Chi_Minh';
const callId = '0b8f7c1e-3d2a-4e5f-9a6b-1c2d3e4f5a6b';

describe('recording file layout', () => {
  it('given a call at 23:30 in Hà Nội (16:30Z), when its path is computed, then it lands in that local day', () => {
    expect(recordingPath(callId, new Date('2026-11-30T23:30:00+07:00'), tz, 'wav')).toBe(`2026/11/30/${callId}.wav`);
    expect(new Date('2026-11-30T23:30:00+07:00').toISOString()).toBe('2026-11-30T16:30:00.000Z');
  });

  it('given a call at 00:30 local (still the previous day in UTC), then the local date wins', () => {
    expect(recordingPath(callId, new Date('2026-11-30T17:30:00Z'), tz, 'wav')).toBe(`2026/12/01/${callId}.wav`);
    expect(recordingPath(callId, new Date('2026-11-30T17:30:00Z'), 'UTC', 'wav')).toBe(`2026/11/30/${callId}.wav`);
  });

  it('given a process running in another time zone, then the path does not change', () => {
    const previous = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(recordingPath(callId, new Date('2026-01-01T00:15:00+07:00'), tz, 'wav')).toBe(`2026/01/01/${callId}.wav`);
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('given a call id or format that could leave the folder, then it is refused', () => {
    expect(() => recordingPath('../../etc/passwd', new Date(), tz, 'wav')).toThrow(/UUID/);
    expect(() => recordingPath(callId, new Date(), tz, 'wav/../../x')).toThrow(/format/);
  });
});

describe('saving and opening recording files', () => {
  let database: DatabaseHandle;
  let store: Awaited<ReturnType<typeof temporaryRecordingsDir>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await temporaryRecordingsDir();
  });
  afterAll(async () => {
    await database.close();
    await store.remove();
  });

  const newRecording = async (startedAt = new Date('2026-11-30T16:30:00Z')) => {
    const call = await insertCall(database.db, { arrivedAt: startedAt });
    return insertRecording(database.db, call.id, { startedAt });
  };

  it('given a finished recording as a Buffer, when saved, then the file, size, SHA-256 and row agree', async () => {
    const recording = await newRecording();
    const bytes = fakeWav(10_000);
    const endedAt = new Date('2026-11-30T16:35:00Z');
    const saved = await saveRecording(database.db, { dir: store.dir, timeZone: tz, recordingId: recording.id, bytes, endedAt, durationSeconds: 299.6 });
    expect(saved).toMatchObject({
      status: 'done',
      filePath: `2026/11/30/${recording.callId}.wav`,
      sizeBytes: 10_000,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      durationSeconds: 300,
      endedAt,
    });
    expect(await readFile(path.join(store.dir, saved.filePath!))).toEqual(bytes);
  });

  it('given the bytes as a stream of chunks, when saved, then size and checksum cover every chunk', async () => {
    const recording = await newRecording();
    const chunks = [fakeWav(3000, 1), fakeWav(5000, 2), fakeWav(1, 3)];
    async function* source() {
      yield* chunks;
    }
    const saved = await saveRecording(database.db, { dir: store.dir, timeZone: tz, recordingId: recording.id, bytes: source() });
    const whole = Buffer.concat(chunks);
    expect(saved.sizeBytes).toBe(8001);
    expect(saved.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(saved.endedAt).toBeInstanceOf(Date);
    expect(saved.durationSeconds).toBeNull();
  });

  it('given a source that fails midway, then no partial file is left, the previous file is intact and the row is unchanged', async () => {
    const recording = await newRecording(new Date('2026-05-05T03:00:00Z'));
    const first = fakeWav(2000, 5);
    const saved = await saveRecording(database.db, { dir: store.dir, timeZone: tz, recordingId: recording.id, bytes: first });
    async function* broken() {
      yield fakeWav(4000, 9);
      throw new Error('Asterisk connection lost');
    }
    await expect(saveRecording(database.db, { dir: store.dir, timeZone: tz, recordingId: recording.id, bytes: broken() })).rejects.toThrow(
      'Asterisk connection lost',
    );
    const folder = path.join(store.dir, '2026/05/05');
    expect(await readdir(folder)).toEqual([`${recording.callId}.wav`]);
    expect(await readFile(path.join(folder, `${recording.callId}.wav`))).toEqual(first);
    const [row] = await database.db.select().from(recordings).where(eq(recordings.id, recording.id));
    expect(row).toMatchObject({ sizeBytes: saved.sizeBytes, sha256: saved.sha256 });
  });

  it('given a recording deleted by retention, when saved again, then it is refused', async () => {
    const recording = await newRecording();
    await database.db.update(recordings).set({ status: 'deleted' }).where(eq(recordings.id, recording.id));
    await expect(saveRecording(database.db, { dir: store.dir, timeZone: tz, recordingId: recording.id, bytes: fakeWav(10) })).rejects.toThrow(/deleted/);
  });

  it('given a saved file, when opened with a range, then exactly those bytes stream', async () => {
    const recording = await newRecording();
    const bytes = fakeWav(500);
    const saved = await saveRecording(database.db, { dir: store.dir, timeZone: tz, recordingId: recording.id, bytes });
    const file = await openRecording(saved, store.dir);
    expect(file.size).toBe(500);
    expect(await buffer(file.stream({ start: 100, end: 199 }))).toEqual(bytes.subarray(100, 200));
  });

  it('given a row whose file is gone, when opened, then 410 RECORDING_FILE_MISSING', async () => {
    await expect(openRecording({ id: 'r1', filePath: '2020/01/01/nothing.wav' }, store.dir)).rejects.toMatchObject({
      statusCode: 410,
      code: 'RECORDING_FILE_MISSING',
    });
    await expect(openRecording({ id: 'r1', filePath: null }, store.dir)).rejects.toMatchObject({ statusCode: 410 });
  });

  it('given a tampered path leaving the store (.., absolute, or a symlink out), then it is neither opened nor deleted', async () => {
    const outside = path.join(path.dirname(store.dir), `${path.basename(store.dir)}-secret.txt`);
    await writeFile(outside, 'not a recording');
    await mkdir(path.join(store.dir, 'links'), { recursive: true });
    await symlink(outside, path.join(store.dir, 'links', 'evil.wav'));
    for (const filePath of [`../${path.basename(outside)}`, outside, 'links/evil.wav']) {
      await expect(openRecording({ id: 'r2', filePath }, store.dir)).rejects.toBeInstanceOf(RecordingPathOutsideStoreError);
      await expect(removeRecordingFile({ id: 'r2', filePath }, store.dir)).rejects.toBeInstanceOf(RecordingPathOutsideStoreError);
    }
    expect(await readFile(outside, 'utf8')).toBe('not a recording');
  });
});
