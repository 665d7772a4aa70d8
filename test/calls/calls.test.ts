import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { insertCall, insertRecording, linkCallToAgencyTicket, temporaryRecordingsDir } from '../recording/support.js';

type Item = { id: string };
const idsOf = (body: { items: Item[] }) => body.items.map((i) => i.id);

/** Call records: supervisors search them all, operators see their own, every read of a number is audited (R22). */
describe('reading call records', () => {
  let t: TestApp;
  let store: Awaited<ReturnType<typeof temporaryRecordingsDir>>;
  const cookies: Record<string, string> = {};
  const calls = { early: '', middle: '', late: '' };
  const operators = { mot: '', hai: '' };

  beforeAll(async () => {
    store = await temporaryRecordingsDir();
    t = await startTestApp({ RECORDINGS_DIR: store.dir });
    const db = t.database.db;
    const health = await createAgency(t, 'so-y-te');
    const operator = await createTestUser(t, 'dtv-mot', 'operator');
    const otherOperator = await createTestUser(t, 'dtv-hai', 'operator');
    await createTestUser(t, 'giamsat', 'supervisor');
    await createTestUser(t, 'daumoi-yte', 'agency_officer', health.id);
    for (const username of ['dtv-mot', 'dtv-hai', 'giamsat', 'daumoi-yte']) cookies[username] = await login(t, username);

    const early = await insertCall(db, {
      callerNumber: '0911111111',
      arrivedAt: new Date('2026-03-01T01:00:00Z'),
      status: 'ended',
      outcome: 'completed',
      operatorUserId: operator.id,
      ivrPath: [
        { node: 'root', event: 'enter', at: '2026-03-01T01:00:01Z' },
        { node: 'root', event: 'digit', digit: '2', at: '2026-03-01T01:00:05Z' },
      ],
      endedAt: new Date('2026-03-01T01:06:00Z'),
      hangupCause: 16,
      hangupCauseText: 'Normal Clearing',
      hangupSide: 'caller',
    });
    await insertRecording(db, early.id, { status: 'done', filePath: 'x.wav', sizeBytes: 10, startedAt: new Date('2026-03-01T01:01:00Z') });
    await linkCallToAgencyTicket(db, early.id, health.id);
    const middle = await insertCall(db, { callerNumber: '0922222222', arrivedAt: new Date('2026-03-02T01:00:00Z'), status: 'ended', outcome: 'abandoned_queue' });
    const late = await insertCall(db, { callerNumber: '0911111111', arrivedAt: new Date('2026-03-03T01:00:00Z'), status: 'connected', operatorUserId: otherOperator.id });
    Object.assign(calls, { early: early.id, middle: middle.id, late: late.id });
    Object.assign(operators, { mot: operator.id, hai: otherOperator.id });
  });
  afterAll(async () => {
    await t.close();
    await store.remove();
  });

  const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: cookies[who] ?? '' } });

  it('given a supervisor, when they list calls, then every call comes newest first', async () => {
    const response = await get('giamsat', '/api/calls');
    expect(response.statusCode).toBe(200);
    expect(idsOf(response.json())).toEqual([calls.late, calls.middle, calls.early]);
  });

  it('given filters, then from/to on arrival, outcome, status and exact caller number narrow the list; limit/offset page it', async () => {
    const from = encodeURIComponent('2026-03-02T00:00:00Z');
    const to = encodeURIComponent('2026-03-03T00:00:00Z');
    expect(idsOf((await get('giamsat', `/api/calls?from=${from}&to=${to}`)).json())).toEqual([calls.middle]);
    expect(idsOf((await get('giamsat', '/api/calls?outcome=completed')).json())).toEqual([calls.early]);
    expect(idsOf((await get('giamsat', '/api/calls?status=connected')).json())).toEqual([calls.late]);
    expect(idsOf((await get('giamsat', '/api/calls?callerNumber=0911111111')).json())).toEqual([calls.late, calls.early]);
    expect(idsOf((await get('giamsat', '/api/calls?callerNumber=091111111')).json())).toEqual([]);
    expect(idsOf((await get('giamsat', '/api/calls?limit=1&offset=1')).json())).toEqual([calls.middle]);
    expect((await get('giamsat', '/api/calls?outcome=lost')).statusCode).toBe(400);
    expect((await get('giamsat', '/api/calls?from=yesterday')).statusCode).toBe(400);
  });

  it('given the operator or field filters of the call history page, then only that operator’s or field’s calls; a malformed id is 400', async () => {
    expect(idsOf((await get('giamsat', `/api/calls?operatorUserId=${operators.mot}`)).json())).toEqual([calls.early]);
    expect(idsOf((await get('giamsat', `/api/calls?operatorUserId=${operators.hai}&callerNumber=0911111111`)).json())).toEqual([calls.late]);
    expect(idsOf((await get('giamsat', `/api/calls?fieldId=${operators.mot}`)).json())).toEqual([]);
    expect((await get('giamsat', '/api/calls?operatorUserId=dtv-mot')).statusCode).toBe(400);
    expect((await get('giamsat', '/api/calls?fieldId=1')).statusCode).toBe(400);
  });

  it('given a caller-number search, then it is audited by filter name without the number itself', async () => {
    await get('giamsat', '/api/calls?callerNumber=0922222222');
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'call.list'));
    const search = rows.find((r) => (r.details as { filters: string[] }).filters.includes('callerNumber'));
    expect(search).toBeDefined();
    expect(JSON.stringify(rows)).not.toContain('0922222222');
  });

  it('given an operator, when they list calls, then only the calls they handled', async () => {
    expect(idsOf((await get('dtv-mot', '/api/calls')).json())).toEqual([calls.early]);
    expect(idsOf((await get('dtv-hai', '/api/calls?callerNumber=0911111111')).json())).toEqual([calls.late]);
  });

  it('given an agency officer, then only calls linked to their agency’s tickets', async () => {
    expect(idsOf((await get('daumoi-yte', '/api/calls')).json())).toEqual([calls.early]);
    expect((await get('daumoi-yte', `/api/calls/${calls.middle}`)).statusCode).toBe(403);
  });

  it('given one call, then its IVR path, timestamps, hangup and recordings’ metadata, and the read is audited', async () => {
    const response = await get('dtv-mot', `/api/calls/${calls.early}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      id: calls.early,
      callerNumber: '0911111111',
      outcome: 'completed',
      hangupCause: 16,
      hangupSide: 'caller',
      endedAt: '2026-03-01T01:06:00.000Z',
      ivrPath: [{ node: 'root', event: 'enter' }, { node: 'root', event: 'digit', digit: '2' }],
    });
    expect(body.recordings).toHaveLength(1);
    expect(body.recordings[0]).toMatchObject({ status: 'done', sizeBytes: 10, fileUrl: expect.stringMatching(/^\/api\/recordings\/.+\/file$/) });
    expect(body.recordings[0]).not.toHaveProperty('filePath');
    const reads = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'call.read'), eq(auditLog.entityId, calls.early)));
    expect(reads).toHaveLength(1);
    expect(reads[0]?.actorUsername).toBe('dtv-mot');
  });

  it('given an operator opening another operator’s call, then 403 NOT_YOUR_CALL, audited, without the number', async () => {
    const response = await get('dtv-mot', `/api/calls/${calls.late}`);
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('NOT_YOUR_CALL');
    expect(response.body).not.toContain('0911111111');
    const refused = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'call.read_refused'), eq(auditLog.entityId, calls.late)));
    expect(refused).toHaveLength(1);
  });

  it('given no session, a malformed or unknown id, then 401 / 400 / 404', async () => {
    expect((await t.app.inject({ url: '/api/calls' })).statusCode).toBe(401);
    expect((await get('giamsat', '/api/calls/abc')).statusCode).toBe(400);
    expect((await get('giamsat', '/api/calls/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
