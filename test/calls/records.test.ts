import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallStatus } from '../../src/calls/context.js';
import { CallRecords } from '../../src/calls/repository.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { calls, recordings } from '../../src/db/schema/index.js';
import { createTestDatabase } from '../helpers/db.js';

/** Issue 6 (R23): call records are written behind the call — in order per call, never thrown at the call's steps. */
describe('call records written behind the call', () => {
  let database: DatabaseHandle;
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  let records: CallRecords;
  let channel = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    records = new CallRecords(database.db, log);
  });
  afterAll(async () => {
    await database.close();
  });

  const row = async (id: string) => (await database.db.select().from(calls).where(eq(calls.id, id)))[0];
  const arrive = (id = records.newId()) => {
    channel += 1;
    return { id, inserted: records.arrive({ id, channelId: `ch-${channel}`, callerNumber: '0912345678', dialledNumber: '1022' }) };
  };

  it('given a call whose writes are queued without waiting, when flushed, then they were applied in order and the end came last', async () => {
    const { id, inserted } = arrive();
    // Queued at once, before the insert has committed: each waits for the one before it.
    void records.status(id, 'ivr', { answeredAt: new Date() });
    void records.saveIvrPath(id, [{ node: 'main', event: 'digit', digit: '1', at: new Date().toISOString() }]);
    void records.status(id, 'queued', { priority: 1 });
    const ended = records.end(id, { outcome: 'abandoned_queue', hangupSide: 'caller', hangupCause: 16, hangupCauseText: 'Normal Clearing' });
    void records.status(id, 'connected'); // after the end: an ended record is not reopened
    await records.flushed(id);
    expect(await inserted).toMatchObject({ id, status: 'arrived' });
    expect(await ended).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'ended', outcome: 'abandoned_queue', priority: 1, ivrPath: [{ node: 'main', digit: '1' }] });
    expect((await row(id))?.answeredAt).toBeInstanceOf(Date);
    // A second end changes nothing.
    expect(await records.end(id, { outcome: 'completed', hangupSide: null, hangupCause: null, hangupCauseText: null })).toBe(false);
  });

  it('given a write that fails, when the next writes are queued, then the failure is logged without the number, nothing throws and the next writes still run', async () => {
    const { id, inserted } = arrive();
    await inserted;
    await expect(records.update(id, { status: 'no-such-status' as CallStatus })).resolves.toBeUndefined();
    void records.update(id, { priority: 3 });
    await records.flushed(id);
    expect(await row(id)).toMatchObject({ status: 'arrived', priority: 3 });
    const logged = lines.find((l) => l.msg === 'call record update failed');
    expect(logged).toMatchObject({ callId: id, columns: ['status'] });
    expect(JSON.stringify(lines)).not.toContain('0912345678');
  });

  it('given a channel that already has a record, when it arrives again, then arrive resolves null and the first record stays', async () => {
    const first = arrive();
    await first.inserted;
    const second = records.arrive({ id: records.newId(), channelId: `ch-${channel}`, callerNumber: '0912345678', dialledNumber: '1022' });
    expect(await second).toBeNull();
    expect(await records.byChannel(`ch-${channel}`)).toMatchObject({ id: first.id });
  });

  it('given writes of many calls queued, when settled, then every call has all of its writes and no queue is left', async () => {
    const many = Array.from({ length: 20 }, () => arrive());
    for (const { id } of many) {
      void records.status(id, 'ivr');
      void records.assignOperator(id, '00000000-0000-4000-8000-000000000000'); // no such user: the FK refuses, logged
      void records.status(id, 'queued');
    }
    await records.settled();
    for (const { id } of many) expect(await row(id)).toMatchObject({ status: 'queued', operatorUserId: null });
    expect(lines.filter((l) => l.msg === 'recording who answered the call failed')).toHaveLength(20);
    await records.settled(); // nothing left queued: resolves at once
  });
});

/** Issue 11 item 10: fewer transactions per call — the recording's row rides with the 'connected' write. */
describe('a recording row written with the call\'s next update', () => {
  let database: DatabaseHandle;
  let records: CallRecords;
  const calledMethods: string[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    // Every query the repository builds or sends starts with one of these methods of the database.
    const counted = new Proxy(database.db, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof property !== 'string' || !['select', 'insert', 'update', 'delete', 'execute', 'transaction'].includes(property) || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calledMethods.push(property);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    records = new CallRecords(counted, pino({ level: 'silent' }));
  });
  afterAll(async () => database?.close());

  it('given a bridge recording started milliseconds before the call is marked connected, when written, then one statement writes both, and the recording row exists once the call is flushed', async () => {
    const id = records.newId();
    await records.arrive({ id, channelId: 'rec-1', callerNumber: '0912345678', dialledNumber: '1022' });
    calledMethods.length = 0;
    void records.startRecording({ callId: id, name: `call-${id}`, format: 'wav' });
    await new Promise((resolve) => setTimeout(resolve, 5)); // the conversation bridge is set up meanwhile
    void records.status(id, 'connected', { operatorAnsweredAt: new Date(), bridgeId: `call-${id}` });
    await records.flushed(id);
    // Both queries are built, then sent as one statement (before: the insert, then the update, each sent alone).
    expect(calledMethods.filter((m) => m === 'execute')).toHaveLength(1);
    expect(calledMethods.sort()).toEqual(['execute', 'insert', 'update']);
    const [rec] = await database.db.select().from(recordings).where(eq(recordings.callId, id));
    expect(rec).toMatchObject({ name: `call-${id}`, status: 'recording' });
    expect((await database.db.select().from(calls).where(eq(calls.id, id)))[0]).toMatchObject({ status: 'connected', bridgeId: `call-${id}` });
  });

  it('given the IVR path saved when the caller chose, and the call queued a moment later, when written, then one update carries both; a path with no update after it is written alone within a second', async () => {
    const id = records.newId();
    await records.arrive({ id, channelId: 'ivr-1', callerNumber: '0912345678', dialledNumber: '1022' });
    calledMethods.length = 0;
    const chose = { node: 'main', event: 'digit' as const, digit: '1', at: new Date().toISOString() };
    void records.saveIvrPath(id, [chose]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // "please wait", the holding bridge
    await records.status(id, 'queued', { priority: 10 });
    expect(calledMethods).toEqual(['update']);
    expect((await database.db.select().from(calls).where(eq(calls.id, id)))[0]).toMatchObject({ status: 'queued', priority: 10, ivrPath: [{ node: 'main', digit: '1' }] });

    void records.saveIvrPath(id, [chose, { ...chose, node: 'health', digit: '2' }]);
    await vi.waitFor(async () => expect((await database.db.select().from(calls).where(eq(calls.id, id)))[0]?.ivrPath).toHaveLength(2), { timeout: 5_000, interval: 50 });
  });

  it('given a recording started and no other write of the call, when it is flushed (the recording is about to be finalised) or ends, then the row is written first', async () => {
    const id = records.newId();
    await records.arrive({ id, channelId: 'rec-2', callerNumber: '0912345678', dialledNumber: '1022' });
    void records.startRecording({ callId: id, name: `call-${id}`, format: 'wav' });
    await records.flushed(id);
    expect(await database.db.select().from(recordings).where(eq(recordings.callId, id))).toHaveLength(1);

    const other = records.newId();
    await records.arrive({ id: other, channelId: 'rec-3', callerNumber: '0912345678', dialledNumber: '1022' });
    const started = records.startRecording({ callId: other, name: `call-${other}`, format: 'wav' });
    expect(await records.end(other, { outcome: 'completed', hangupSide: 'caller', hangupCause: 16, hangupCauseText: null })).toBe(true);
    await started;
    expect(await database.db.select().from(recordings).where(eq(recordings.callId, other))).toHaveLength(1);
  });
});
