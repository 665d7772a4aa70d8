import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackImportJob } from '../../src/fallback/job.js';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { wavBytes } from './support.js';

/** Issue 17: a call the fallback took while no instance was connected is in the call list once an instance is back. */
describe('the fallback import job in the app', () => {
  let t: TestApp;
  let work: string;
  let cookie: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'fallback-job-'));
    mkdirSync(path.join(work, 'fallback'));
    t = await startTestApp({ FALLBACK_DIR: path.join(work, 'fallback'), RECORDINGS_DIR: path.join(work, 'recordings') });
    await createTestUser(t, 'giamsat', 'supervisor');
    cookie = await login(t, 'giamsat');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('given a finished fallback call in FALLBACK_DIR, when the minute job runs, then a supervisor lists it (outcome fallback) and plays its recording; the job runs every minute', async () => {
    const job = fallbackImportJob(t.app);
    expect(job.schedule).toBe('* * * * *');
    const audio = wavBytes(3_000);
    writeFileSync(
      path.join(work, 'fallback', '1764900000.7.call'),
      'start v=1 uniqueid=1764900000.7 linkedid=1764900000.7 caller=0912345678 number=02511022 at=2026-12-05T09:00:00.125+0700\n' +
        'record file=1764900000.7.wav at=2026-12-05T09:00:14.300+0700\n' +
        'dialled status=NOANSWER at=2026-12-05T09:00:44.300+0700\n' +
        'end status=NOANSWER cause=16 at=2026-12-05T09:00:50.000+0700\n',
    );
    writeFileSync(path.join(work, 'fallback', '1764900000.7.wav'), audio);
    await job.run();

    const list = await t.app.inject({ method: 'GET', url: '/api/calls?outcome=fallback', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    const [call] = list.json<{ items: Array<{ id: string; outcome: string; dialledNumber: string; hangupSide: string }> }>().items;
    expect(call).toMatchObject({ outcome: 'fallback', dialledNumber: '02511022', hangupSide: 'system' });
    const detail = await t.app.inject({ method: 'GET', url: `/api/calls/${call?.id}`, headers: { cookie } });
    const recordingId = detail.json<{ recordings: Array<{ id: string }> }>().recordings[0]?.id;
    const file = await t.app.inject({ method: 'GET', url: `/api/recordings/${recordingId}/file`, headers: { cookie } });
    expect(file.statusCode).toBe(200);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(createHash('sha256').update(audio).digest('hex'));
  });
});
