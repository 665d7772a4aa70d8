import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallStatus } from '../../src/calls/context.js';
import { CallRecords } from '../../src/calls/repository.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { calls } from '../../src/db/schema/index.js';
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
