import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.js';
import { saveRecording } from '../../src/recording/store.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { fakeWav, insertCall, insertRecording, linkCallToAgencyTicket, temporaryRecordingsDir } from './support.js';

const callerNumber = '0912345678';

/** R5 + R22: recordings are retrievable for supervision and evidence, by the right people only, always audited. */
describe('downloading call recordings', () => {
  let t: TestApp;
  let store: Awaited<ReturnType<typeof temporaryRecordingsDir>>;
  const cookies: Record<string, string> = {};
  const ids = { linked: '', other: '', deleted: '', missing: '', tampered: '', inProgress: '' };
  const bytes = fakeWav(48_044);
  let secret = '';

  beforeAll(async () => {
    store = await temporaryRecordingsDir();
    t = await startTestApp({ RECORDINGS_DIR: store.dir });
    const db = t.database.db;
    const health = await createAgency(t, 'so-y-te');
    const transport = await createAgency(t, 'so-gtvt');
    const users = {
      admin: await createTestUser(t, 'quantri', 'admin'),
      supervisor: await createTestUser(t, 'giamsat', 'supervisor'),
      operator: await createTestUser(t, 'dtv-mot', 'operator'),
      otherOperator: await createTestUser(t, 'dtv-hai', 'operator'),
      officer: await createTestUser(t, 'daumoi-yte', 'agency_officer', health.id),
      otherOfficer: await createTestUser(t, 'daumoi-gt', 'agency_officer', transport.id),
    };
    for (const [role, user] of Object.entries(users)) cookies[role] = await login(t, user.username);

    const save = async (callId: string) => {
      const recording = await insertRecording(db, callId);
      await saveRecording(db, { dir: store.dir, timeZone: t.app.env.BUSINESS_TZ, recordingId: recording.id, bytes });
      return recording.id;
    };
    const linkedCall = await insertCall(db, { callerNumber, operatorUserId: users.operator.id });
    await linkCallToAgencyTicket(db, linkedCall.id, health.id);
    ids.linked = await save(linkedCall.id);
    const otherCall = await insertCall(db, { callerNumber, operatorUserId: users.otherOperator.id });
    ids.other = await save(otherCall.id);
    ids.deleted = (await insertRecording(db, linkedCall.id, { status: 'deleted', deletedAt: new Date(), filePath: '2020/01/01/gone.wav' })).id;
    ids.missing = (await insertRecording(db, linkedCall.id, { status: 'done', filePath: '2026/01/01/never-written.wav' })).id;
    secret = path.join(path.dirname(store.dir), `${path.basename(store.dir)}-secret.wav`);
    await writeFile(secret, 'TOP-SECRET-BYTES');
    ids.tampered = (await insertRecording(db, linkedCall.id, { status: 'done', filePath: `../${path.basename(secret)}` })).id;
    ids.inProgress = (await insertRecording(db, linkedCall.id, { status: 'recording' })).id;
  });
  afterAll(async () => {
    await t.close();
    await store.remove();
  });

  const download = (who: string, id: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url: `/api/recordings/${id}/file`, headers: { cookie: cookies[who] ?? '', ...headers } });
  const auditRows = (action: string, id: string) =>
    t.database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, id)));

  it('given an admin, when they download a recording, then the exact bytes stream as audio/wav, uncached, and the download is audited', async () => {
    const response = await download('admin', ids.linked);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload).toEqual(bytes);
    expect(response.headers).toMatchObject({
      'content-type': 'audio/wav',
      'cache-control': 'no-store',
      'accept-ranges': 'bytes',
      'content-length': String(bytes.length),
    });
    const rows = await auditRows('recording.download', ids.linked);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorUsername: 'quantri', actorRole: 'admin', details: { outcome: 'served' } });
    expect(JSON.stringify(rows)).not.toContain(callerNumber);
  });

  it('given a browser player seeking, when it asks for a byte range, then 206 with Content-Range and just those bytes', async () => {
    const response = await download('supervisor', ids.other, { range: 'bytes=1000-1999' });
    expect(response.statusCode).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(response.headers['content-length']).toBe('1000');
    expect(response.rawPayload).toEqual(bytes.subarray(1000, 2000));
    const tail = await download('supervisor', ids.other, { range: 'bytes=-44' });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload).toEqual(bytes.subarray(bytes.length - 44));
  });

  it('given a range past the end of the file, then 416 with the file size in Content-Range', async () => {
    const response = await download('supervisor', ids.other, { range: `bytes=${bytes.length}-` });
    expect(response.statusCode).toBe(416);
    expect(response.headers['content-range']).toBe(`bytes */${bytes.length}`);
    expect(response.json()).toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
    expect((await download('supervisor', ids.other, { range: 'bytes=50-10' })).statusCode).toBe(416);
  });

  it('given an operator, when they download their own call, then allowed; another operator’s call, then 403 and the refusal is audited', async () => {
    expect((await download('operator', ids.linked)).statusCode).toBe(200);
    const refused = await download('operator', ids.other);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'NOT_YOUR_CALL' });
    expect(refused.json().message).toMatch(/cuộc gọi/);
    const rows = await auditRows('recording.download_refused', ids.other);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorUsername: 'dtv-mot', details: { reason: 'NOT_YOUR_CALL' } });
  });

  it('given an agency officer, when the call is linked to their agency’s ticket, then allowed; otherwise 403 OTHER_AGENCY', async () => {
    expect((await download('officer', ids.linked)).rawPayload).toEqual(bytes);
    const unlinked = await download('officer', ids.other);
    expect(unlinked.statusCode).toBe(403);
    expect(unlinked.json().code).toBe('OTHER_AGENCY');
    const otherAgency = await download('otherOfficer', ids.linked);
    expect(otherAgency.statusCode).toBe(403);
    expect(await auditRows('recording.download_refused', ids.linked)).toHaveLength(1);
  });

  it('given nobody signed in, then 401 and nothing is served', async () => {
    const response = await t.app.inject({ url: `/api/recordings/${ids.linked}/file` });
    expect(response.statusCode).toBe(401);
    expect(response.rawPayload).not.toEqual(bytes);
  });

  it('given the metadata route, then granted reads and refusals are both audited, and the disk path is not shown', async () => {
    const response = await t.app.inject({ url: `/api/recordings/${ids.linked}`, headers: { cookie: cookies.officer ?? '' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: ids.linked, status: 'done', format: 'wav', sizeBytes: bytes.length, fileUrl: `/api/recordings/${ids.linked}/file` });
    expect(response.json()).not.toHaveProperty('filePath');
    expect(await auditRows('recording.read_metadata', ids.linked)).toHaveLength(1);
    const refused = await t.app.inject({ url: `/api/recordings/${ids.other}`, headers: { cookie: cookies.officer ?? '' } });
    expect(refused.statusCode).toBe(403);
    expect(await auditRows('recording.read_metadata_refused', ids.other)).toHaveLength(1);
  });

  it('given a recording deleted by retention, then the file is 410 RECORDING_DELETED and the metadata says so', async () => {
    const response = await download('admin', ids.deleted);
    expect(response.statusCode).toBe(410);
    expect(response.json().code).toBe('RECORDING_DELETED');
    const metadata = await t.app.inject({ url: `/api/recordings/${ids.deleted}`, headers: { cookie: cookies.admin ?? '' } });
    expect(metadata.json()).toMatchObject({ status: 'deleted', fileUrl: null });
  });

  it('given a row whose file has vanished from disk, then 410 RECORDING_FILE_MISSING, audited', async () => {
    const response = await download('admin', ids.missing);
    expect(response.statusCode).toBe(410);
    expect(response.json()).toMatchObject({ code: 'RECORDING_FILE_MISSING' });
    expect((await auditRows('recording.download', ids.missing))[0]).toMatchObject({ details: { outcome: 'file_missing' } });
  });

  it('given a recording still being recorded, then 409 RECORDING_IN_PROGRESS', async () => {
    const response = await download('admin', ids.inProgress);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('RECORDING_IN_PROGRESS');
  });

  it('given a tampered file path leaving the store, then nothing is served: a hidden 500, audited as path_refused', async () => {
    const response = await download('admin', ids.tampered);
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INTERNAL' });
    expect(response.body).not.toContain('TOP-SECRET');
    expect(response.body).not.toContain('secret');
    expect((await auditRows('recording.download', ids.tampered))[0]).toMatchObject({ details: { outcome: 'path_refused' } });
  });

  it('given a malformed or unknown id, then 400 / 404', async () => {
    expect((await download('admin', 'not-a-uuid')).statusCode).toBe(400);
    const unknown = await download('admin', '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
    expect((await t.app.inject({ url: '/api/recordings/123', headers: { cookie: cookies.admin ?? '' } })).statusCode).toBe(400);
  });

  it('given a HEAD request, then it is not offered (it would read and audit a whole download)', async () => {
    const response = await t.app.inject({ method: 'HEAD', url: `/api/recordings/${ids.linked}/file`, headers: { cookie: cookies.admin ?? '' } });
    expect(response.statusCode).toBe(404);
  });
});
