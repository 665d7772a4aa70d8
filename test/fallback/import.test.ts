import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { calls, recordings, sipEndpoints, users } from '../../src/db/schema/index.js';
import { importFallbackCalls, type FallbackImportOptions } from '../../src/fallback/importer.js';
import { createTestDatabase } from '../helpers/db.js';
import { insertCall } from '../recording/support.js';
import { wavBytes } from './support.js';

/**
 * Issue 11 item 11 and issue 17: a call the dialplan fallback took while no app instance was connected leaves a
 * manifest and a recording (asterisk-config/extensions.conf); the import turns them into a call record and an
 * archived recording, once, whatever runs it again or beside it.
 */
describe('importing the dialplan fallback\'s calls', () => {
  let database: DatabaseHandle;
  let operatorId: string;
  let work: string;
  let fallbackDir: string;
  let recordingsDir: string;
  const log = pino({ level: 'silent' });
  const at = (iso: string) => new Date(iso);
  const options = (now = '2026-12-05T03:00:00Z', more: Partial<FallbackImportOptions> = {}): FallbackImportOptions => ({
    dir: fallbackDir,
    recordingsDir,
    timeZone: 'Asia/Ho_Chi_Minh',
    log,
    now: () => at(now),
    ...more,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    const [user] = await database.db
      .insert(users)
      .values({ username: 'dtv101', fullName: 'Điện thoại viên 101', passwordHash: 'x', role: 'operator' })
      .returning();
    operatorId = user?.id ?? '';
    await database.db.insert(sipEndpoints).values({ endpoint: 'PJSIP/op101', kind: 'ip_phone', userId: operatorId });
  });
  afterAll(async () => database?.close());
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'fallback-import-'));
    fallbackDir = path.join(work, 'fallback');
    recordingsDir = path.join(work, 'recordings');
    mkdirSync(fallbackDir);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  let sequence = 0;
  /** A call's manifest lines, as the dialplan writes them (local time of the container, +07:00). */
  function fallbackCall(o: { answered?: boolean; callerHungUp?: boolean; recording?: boolean } = {}) {
    sequence += 1;
    const uniqueId = `1764900000.${sequence}`;
    const lines = [
      `start v=1 uniqueid=${uniqueId} linkedid=${uniqueId} caller=0912345678 number=1022 at=2026-12-05T09:00:00.125+0700`,
      ...(o.recording === false ? [] : [`record file=${uniqueId}.wav at=2026-12-05T09:00:14.300+0700`]),
      ...(o.answered ? ['answered by=PJSIP/op101-0000002a at=2026-12-05T09:00:19.870+0700'] : []),
      ...(o.callerHungUp ? [] : [`dialled status=${o.answered ? 'ANSWER' : 'NOANSWER'} at=2026-12-05T09:01:20.990+0700`]),
      `end status=${o.answered ? 'ANSWER' : o.callerHungUp ? 'CANCEL' : 'NOANSWER'} cause=16 at=2026-12-05T09:01:21.002+0700`,
    ];
    const manifest = path.join(fallbackDir, `${uniqueId}.call`);
    const wav = path.join(fallbackDir, `${uniqueId}.wav`);
    return {
      uniqueId,
      manifest,
      wav,
      /** Writes the first `count` lines (all by default), each with its newline. */
      write(count = lines.length) {
        writeFileSync(manifest, lines.slice(0, count).map((l) => `${l}\n`).join(''));
      },
      append(from: number) {
        appendFileSync(manifest, lines.slice(from).map((l) => `${l}\n`).join(''));
      },
      recordingBytes: wavBytes(66_700),
    };
  }

  const rowOf = async (uniqueId: string) => database.db.select().from(calls).where(eq(calls.channelId, uniqueId));
  const recordingsOf = async (callId: string) => database.db.select().from(recordings).where(eq(recordings.callId, callId));

  it('given an answered fallback call with its closed recording, when imported, then one call record (outcome fallback, operator, times, cause) and its recording archived with size, SHA-256 and duration, and Asterisk\'s files removed', async () => {
    const call = fallbackCall({ answered: true });
    call.write();
    writeFileSync(call.wav, call.recordingBytes);
    expect(await importFallbackCalls(database.db, options())).toEqual({ imported: 1, waiting: 0, failed: 0 });
    const [row] = await rowOf(call.uniqueId);
    expect(row).toMatchObject({
      status: 'ended',
      outcome: 'fallback',
      callerNumber: '0912345678',
      dialledNumber: '1022',
      operatorUserId: operatorId,
      arrivedAt: at('2026-12-05T02:00:00.125Z'),
      operatorAnsweredAt: at('2026-12-05T02:00:19.870Z'),
      endedAt: at('2026-12-05T02:01:21.002Z'),
      hangupCause: 16,
      hangupSide: 'operator',
    });
    const [recording] = await recordingsOf(row?.id ?? '');
    expect(recording).toMatchObject({
      name: `fallback/${call.uniqueId}`,
      status: 'done',
      filePath: `2026/12/05/${row?.id}.wav`,
      sizeBytes: call.recordingBytes.length,
      sha256: createHash('sha256').update(call.recordingBytes).digest('hex'),
      durationSeconds: 67,
      startedAt: at('2026-12-05T02:00:14.300Z'),
      endedAt: at('2026-12-05T02:01:21.002Z'),
    });
    expect(readFileSync(path.join(recordingsDir, recording?.filePath ?? ''))).toEqual(call.recordingBytes);
    expect(existsSync(call.manifest) || existsSync(call.wav)).toBe(false);
  });

  it('given a call imported but whose files were not removed (crash), when imported again and by two instances at once, then still one call and one recording, and the files go', async () => {
    const call = fallbackCall({ answered: true });
    call.write();
    writeFileSync(call.wav, call.recordingBytes);
    await importFallbackCalls(database.db, options());
    call.write();
    writeFileSync(call.wav, call.recordingBytes);
    const [first, second] = await Promise.all([importFallbackCalls(database.db, options()), importFallbackCalls(database.db, options())]);
    expect((first?.imported ?? 0) + (second?.imported ?? 0)).toBeGreaterThanOrEqual(1);
    expect(first?.failed).toBe(0);
    expect(second?.failed).toBe(0);
    const rows = await rowOf(call.uniqueId);
    expect(rows).toHaveLength(1);
    expect(await recordingsOf(rows[0]?.id ?? '')).toHaveLength(1);
    expect(existsSync(call.manifest) || existsSync(call.wav)).toBe(false);
  });

  it('given two instances importing a new call at the same moment, when both run, then one call record and one recording', async () => {
    const call = fallbackCall({ answered: true });
    call.write();
    writeFileSync(call.wav, call.recordingBytes);
    const results = await Promise.all([importFallbackCalls(database.db, options()), importFallbackCalls(database.db, options())]);
    expect(results.map((r) => r.failed)).toEqual([0, 0]);
    const rows = await rowOf(call.uniqueId);
    expect(rows).toHaveLength(1);
    const recs = await recordingsOf(rows[0]?.id ?? '');
    expect(recs).toMatchObject([{ status: 'done', sha256: createHash('sha256').update(call.recordingBytes).digest('hex') }]);
  });

  it('given a call still going on (no end line yet, or its last line half-written), when the import runs, then nothing is imported until the end line is complete', async () => {
    const call = fallbackCall({ answered: true });
    call.write(3);
    writeFileSync(call.wav, wavBytes(5_000, { closed: false }));
    appendFileSync(call.manifest, 'dialled status=ANS');
    expect(await importFallbackCalls(database.db, options())).toEqual({ imported: 0, waiting: 1, failed: 0 });
    expect(await rowOf(call.uniqueId)).toEqual([]);
    call.write(3);
    call.append(3);
    writeFileSync(call.wav, call.recordingBytes);
    expect(await importFallbackCalls(database.db, options())).toMatchObject({ imported: 1 });
    expect(await rowOf(call.uniqueId)).toHaveLength(1);
  });

  it('given a finished call whose recording MixMonitor has not closed yet, when imported, then it waits; past the grace time the file is taken as it is, its length from its size', async () => {
    const call = fallbackCall({ answered: true });
    call.write();
    const open = wavBytes(3_000, { closed: false });
    writeFileSync(call.wav, open);
    expect(await importFallbackCalls(database.db, options('2026-12-05T02:02:00Z'))).toEqual({ imported: 0, waiting: 1, failed: 0 });
    expect(await importFallbackCalls(database.db, options('2026-12-05T02:20:00Z'))).toMatchObject({ imported: 1 });
    const [row] = await rowOf(call.uniqueId);
    expect(await recordingsOf(row?.id ?? '')).toMatchObject([{ status: 'done', durationSeconds: 3, sizeBytes: open.length }]);
  });

  it('given a caller who hung up while the phones rang, when imported, then the call has no operator and the caller hung up; its recording is kept', async () => {
    const call = fallbackCall({ callerHungUp: true });
    call.write();
    writeFileSync(call.wav, wavBytes(4_000));
    await importFallbackCalls(database.db, options());
    const [row] = await rowOf(call.uniqueId);
    expect(row).toMatchObject({ outcome: 'fallback', operatorUserId: null, operatorAnsweredAt: null, hangupSide: 'caller' });
    expect(await recordingsOf(row?.id ?? '')).toHaveLength(1);
  });

  it('given a caller who left during the prompts (no recording started), when imported, then the call is recorded without a recording', async () => {
    const call = fallbackCall({ callerHungUp: true, recording: false });
    call.write();
    expect(await importFallbackCalls(database.db, options())).toMatchObject({ imported: 1 });
    const [row] = await rowOf(call.uniqueId);
    expect(await recordingsOf(row?.id ?? '')).toEqual([]);
  });

  it('given a call whose end line never came (Asterisk stopped mid-call), when 12 hours have passed since its last event, then it is imported as it stands', async () => {
    const call = fallbackCall({ answered: true });
    call.write(3);
    writeFileSync(call.wav, wavBytes(2_000, { closed: false }));
    expect(await importFallbackCalls(database.db, options('2026-12-05T10:00:00Z'))).toMatchObject({ imported: 0, waiting: 1 });
    expect(await importFallbackCalls(database.db, options('2026-12-05T14:30:00Z'))).toMatchObject({ imported: 1 });
    const [row] = await rowOf(call.uniqueId);
    expect(row).toMatchObject({ outcome: 'fallback', endedAt: at('2026-12-05T02:00:19.870Z'), hangupCause: null, hangupSide: null, operatorUserId: operatorId });
  });

  it('given a call the app itself sent to the fallback (its record ended as failed), when imported, then that record gets the fallback\'s outcome, operator, end and recording; a completed record is left as it was', async () => {
    const call = fallbackCall({ answered: true });
    const appRow = await insertCall(database.db, { channelId: call.uniqueId, status: 'ended', outcome: 'failed', endedAt: at('2026-12-05T02:00:05Z'), hangupSide: 'system' });
    call.write();
    writeFileSync(call.wav, call.recordingBytes);
    await importFallbackCalls(database.db, options());
    expect(await rowOf(call.uniqueId)).toMatchObject([{ id: appRow.id, outcome: 'fallback', operatorUserId: operatorId, endedAt: at('2026-12-05T02:01:21.002Z'), hangupSide: 'operator' }]);
    expect(await recordingsOf(appRow.id)).toHaveLength(1);

    const other = fallbackCall({ answered: true, recording: false });
    const completed = await insertCall(database.db, { channelId: other.uniqueId, status: 'ended', outcome: 'completed', endedAt: at('2026-12-05T02:00:05Z') });
    other.write();
    await importFallbackCalls(database.db, options());
    expect(await rowOf(other.uniqueId)).toMatchObject([{ id: completed.id, outcome: 'completed', operatorUserId: null }]);
  });

  it('given an unreadable manifest, when imported, then it is left alone while young and set aside as .bad once old; the other calls are imported', async () => {
    writeFileSync(path.join(fallbackDir, 'broken.call'), 'this is not a manifest\n');
    const call = fallbackCall({ answered: true, recording: false });
    call.write();
    expect(await importFallbackCalls(database.db, options())).toEqual({ imported: 1, waiting: 1, failed: 0 });
    const later = new Date(Date.now() + 13 * 3_600_000).toISOString();
    expect(await importFallbackCalls(database.db, options(later))).toEqual({ imported: 0, waiting: 0, failed: 1 });
    expect(readdirSync(fallbackDir)).toEqual(['broken.call.bad']);
  });

  it('given no fallback directory yet, when the import runs, then it does nothing', async () => {
    rmSync(fallbackDir, { recursive: true });
    expect(await importFallbackCalls(database.db, options())).toEqual({ imported: 0, waiting: 0, failed: 0 });
  });
});
