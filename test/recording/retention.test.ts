import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { auditLog, recordings } from '../../src/db/schema/index.js';
import { deleteExpiredRecordings } from '../../src/recording/retention.js';
import { saveRecording } from '../../src/recording/store.js';
import { createTestDatabase } from '../helpers/db.js';
import { capturingLogger, fakeWav, insertCall, insertRecording, linkCallToAgencyTicket, temporaryRecordingsDir } from './support.js';

const tz = 'Asia/Ho_Chi_Minh';
const now = new Date('2027-06-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const exists = (file: string) => access(file).then(
  () => true,
  () => false,
);

describe('recording retention', () => {
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

  const savedRecording = async (endedDaysAgo: number) => {
    const call = await insertCall(database.db);
    const recording = await insertRecording(database.db, call.id, { startedAt: daysAgo(endedDaysAgo) });
    return saveRecording(database.db, { dir: store.dir, timeZone: tz, recordingId: recording.id, bytes: fakeWav(100), endedAt: daysAgo(endedDaysAgo) });
  };
  const statusOf = async (id: string) => (await database.db.select().from(recordings).where(eq(recordings.id, id)))[0];
  const retentionAudits = () => database.db.select().from(auditLog).where(eq(auditLog.action, 'recording.retention_delete'));

  it('given old and recent recordings, when retention runs, then only the old files go, their rows are marked, and one audit entry counts them', async () => {
    const old = await Promise.all([savedRecording(400), savedRecording(366), savedRecording(800)]);
    const recent = await savedRecording(364);
    const { log } = capturingLogger();
    const result = await deleteExpiredRecordings(database.db, { dir: store.dir, retentionDays: 365, log, now, batchSize: 2 });
    expect(result).toMatchObject({ deleted: 3, missingFiles: 0, failed: 0 });
    for (const r of old) {
      expect(await exists(path.join(store.dir, r.filePath!))).toBe(false);
      expect(await statusOf(r.id)).toMatchObject({ status: 'deleted', deletedAt: now, sha256: r.sha256 });
    }
    expect(await exists(path.join(store.dir, recent.filePath!))).toBe(true);
    expect((await statusOf(recent.id))?.status).toBe('done');
    const audits = await retentionAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: null, details: { count: 3, retentionDays: 365 } });
  });

  it('given it already ran, when it runs again, then nothing more is deleted and no new audit entry is written', async () => {
    const { log } = capturingLogger();
    const result = await deleteExpiredRecordings(database.db, { dir: store.dir, retentionDays: 365, log, now });
    expect(result).toMatchObject({ deleted: 0, failed: 0 });
    expect(await retentionAudits()).toHaveLength(1);
  });

  it('given an expired recording whose file is already gone, then it is marked deleted all the same', async () => {
    const call = await insertCall(database.db);
    const ghost = await insertRecording(database.db, call.id, { status: 'done', filePath: '2025/01/01/missing.wav', endedAt: daysAgo(500) });
    const { log } = capturingLogger();
    const result = await deleteExpiredRecordings(database.db, { dir: store.dir, retentionDays: 365, log, now });
    expect(result).toMatchObject({ deleted: 1, missingFiles: 1, failed: 0 });
    expect((await statusOf(ghost.id))?.status).toBe('deleted');
  });

  it('given an expired recording of a call whose ticket is still open, then it is kept as evidence until the ticket closes', async () => {
    const open = await savedRecording(500);
    await linkCallToAgencyTicket(database.db, open.callId, null, 'forwarded');
    const closed = await savedRecording(500);
    await linkCallToAgencyTicket(database.db, closed.callId, null, 'resolved');
    const { log } = capturingLogger();
    await deleteExpiredRecordings(database.db, { dir: store.dir, retentionDays: 365, log, now });
    expect((await statusOf(open.id))?.status).toBe('done');
    expect((await statusOf(closed.id))?.status).toBe('deleted');
  });

  it('given a tampered path pointing outside the store, then that file is not touched, the row is kept and the error is logged', async () => {
    const outside = path.join(path.dirname(store.dir), `${path.basename(store.dir)}-keep.wav`);
    await writeFile(outside, 'keep me');
    const call = await insertCall(database.db);
    const tampered = await insertRecording(database.db, call.id, { status: 'done', filePath: `../${path.basename(outside)}`, endedAt: daysAgo(500) });
    const { log, lines } = capturingLogger();
    const result = await deleteExpiredRecordings(database.db, { dir: store.dir, retentionDays: 365, log, now });
    expect(result).toMatchObject({ failed: 1 });
    expect(await exists(outside)).toBe(true);
    expect((await statusOf(tampered.id))?.status).toBe('done');
    expect(lines.some((l) => l.recordingId === tampered.id && l.level === 50)).toBe(true);
    await database.db.update(recordings).set({ filePath: null }).where(eq(recordings.id, tampered.id));
  });

  it('given retention of 0 days, then recordings are kept forever', async () => {
    const ancient = await savedRecording(5000);
    const { log } = capturingLogger();
    const result = await deleteExpiredRecordings(database.db, { dir: store.dir, retentionDays: 0, log, now });
    expect(result).toEqual({ deleted: 0, missingFiles: 0, failed: 0, cutoff: null });
    const [row] = await database.db.select().from(recordings).where(inArray(recordings.id, [ancient.id]));
    expect(row?.status).toBe('done');
  });
});
