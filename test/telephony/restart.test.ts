import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testEnv } from '../helpers/app.js';
import { calls } from '../../src/db/schema/index.js';
import {
  callRow,
  expectNothingLeft,
  menuPlayed,
  queuedCall,
  recordingRow,
  startTelephony,
  waitForEnd,
  waitForStatus,
  type Telephony,
} from './support.js';

/** R23: the app dies (no hangups, no goodbye) and a new instance starts on the same database and Asterisk. */
describe('restart safety against the fake Asterisk', () => {
  let t: Telephony;
  beforeAll(async () => {
    t = await startTelephony();
  });
  afterAll(async () => t?.close());
  afterEach(async () => {
    await t.calls.settled();
    expectNothingLeft(t);
  });

  const rowsFor = (channelId: string) => t.database.db.select().from(calls).where(eq(calls.channelId, channelId));

  it('given a caller in the IVR, when the app is killed and started again, then the call is re-adopted, the menu starts again and the path is kept', async () => {
    const call = t.fake.placeCall({ from: '0912345678', to: '1022' });
    await menuPlayed(t, call.channelId);
    const before = await waitForStatus(t, call.channelId, 'ivr');
    await t.kill();
    expect(t.fake.state().channels.map((c) => c.id)).toEqual([call.channelId]); // the caller is still there
    const since = t.fake.eventCount();
    await t.restart();
    expect(t.calls.deps.registry.byChannel(call.channelId)?.callId).toBe(before.id);
    await menuPlayed(t, call.channelId, since);
    await t.fake.sendDtmf(call.channelId, '1');
    const queued = await waitForStatus(t, call.channelId, 'queued');
    const path = (queued.ivrPath as Array<{ node: string; event: string }>).map((p) => `${p.node}:${p.event}`);
    expect(path.slice(0, 2)).toEqual(['greeting:enter', 'main:enter']);
    expect(path.filter((p) => p === 'greeting:enter')).toHaveLength(2);
    expect(path.at(-1)).toBe('main:exit');
    expect(await rowsFor(call.channelId)).toHaveLength(1);
    t.fake.hangupFromFarEnd(call.channelId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'abandoned_queue', hangupSide: 'caller' });
  });

  it('given a queued caller, when the app is killed and started again, then the caller stays in the holding bridge with music and in the queue', async () => {
    const { channelId, callId } = await queuedCall(t);
    await t.kill();
    await t.restart();
    expect(t.calls.deps.registry.get(callId)?.status).toBe('queued');
    expect(t.fake.state().bridges).toEqual([expect.objectContaining({ id: `hold-${callId}`, channels: [channelId], moh: true })]);
    expect((await callRow(t, channelId))?.status).toBe('queued');
    // The re-adopted call can be connected by the new instance.
    const result = await t.calls.connectToEndpoint(callId, 'PJSIP/op101');
    expect(result.connected).toBe(true);
    t.fake.hangupFromFarEnd(channelId);
    expect(await waitForEnd(t, channelId)).toMatchObject({ outcome: 'completed' });
  });

  it('given a conversation, when the app is killed and started again, then the conversation and its recording go on, and end normally', async () => {
    const { channelId, callId } = await queuedCall(t);
    const result = await t.calls.connectToEndpoint(callId, 'PJSIP/op101');
    if (!result.connected) throw new Error('not connected');
    await t.kill();
    t.fake.advanceClock(2_000);
    await t.restart();
    expect(t.fake.state().bridges).toEqual([expect.objectContaining({ id: `call-${callId}`, recording: `call-${callId}` })]);
    expect(t.calls.deps.registry.get(callId)?.status).toBe('connected');
    t.fake.advanceClock(2_000);
    t.fake.hangupFromFarEnd(result.legId); // the operator ends the call
    const row = await waitForEnd(t, channelId);
    expect(row).toMatchObject({ outcome: 'completed', hangupSide: 'operator' });
    const [recording] = await recordingRow(t, callId);
    // 4 s of fake clock across the restart, plus whatever real time a loaded machine took (whole seconds, rounded down).
    expect(recording).toMatchObject({ status: 'done' });
    expect(recording?.durationSeconds).toBeGreaterThanOrEqual(4);
    expect(readFileSync(path.join(t.recordingsDir, recording!.filePath!)).length).toBe(recording!.sizeBytes);
  });

  it('given a queued caller, when they hang up while the app is down, then the restarted app closes the record and removes the holding bridge', async () => {
    const { channelId, callId } = await queuedCall(t);
    await t.kill();
    t.fake.hangupFromFarEnd(channelId);
    await t.restart();
    const row = await callRow(t, channelId);
    expect(row).toMatchObject({ status: 'ended', outcome: 'abandoned_queue', hangupSide: null });
    expect(t.fake.state().bridges.map((b) => b.id)).not.toContain(`hold-${callId}`);
  });

  it('given a conversation, when the caller hangs up while the app is down, then the restarted app hangs up the leg and stores the recording', async () => {
    const { channelId, callId } = await queuedCall(t);
    const result = await t.calls.connectToEndpoint(callId, 'PJSIP/op101');
    expect(result.connected).toBe(true);
    await t.kill();
    t.fake.advanceClock(1_000);
    t.fake.hangupFromFarEnd(channelId);
    await t.restart();
    await t.calls.settled();
    expect(await callRow(t, channelId)).toMatchObject({ status: 'ended', outcome: 'completed' });
    const [recording] = await recordingRow(t, callId);
    expect(recording).toMatchObject({ status: 'done' });
    expect(recording?.durationSeconds).toBeGreaterThanOrEqual(1);
  });

  it('given a running instance, when a second instance takes the application over, then it adopts the calls without a second record and the first lets go', async () => {
    const { channelId, callId } = await queuedCall(t);
    const old = t.app;
    const oldCalls = t.calls;
    // Start the new instance while the old one is connected (finding 15), then stop the old one.
    const next = await buildApp({ env: testEnv(t.env), database: t.database, logger: false });
    await next.ready();
    await waitConnected(next);
    await next.calls!.reconciled();
    await oldCalls.settled();
    expect(oldCalls.deps.registry.size).toBe(0);
    expect(next.calls!.deps.registry.get(callId)?.status).toBe('queued');
    await old.close();
    t.app = next;
    t.calls = next.calls!;
    t.gateway = next.ariGateway!;
    expect(t.fake.state().applications.find((a) => a.name === 'callcentre')?.connected).toBe(true);
    expect(await rowsFor(channelId)).toHaveLength(1);
    t.fake.hangupFromFarEnd(channelId);
    expect(await waitForEnd(t, channelId)).toMatchObject({ outcome: 'abandoned_queue' });
  });

  it('given a failure while handling a new call, when it happens, then the caller is sent to the dialplan fallback and the record is failed', async () => {
    const records = t.calls.deps.records;
    const original = records.inboundNumber.bind(records);
    records.inboundNumber = async () => {
      throw new Error('database unavailable');
    };
    try {
      const call = t.fake.placeCall({ from: '0912345678', to: '1022' });
      const row = await waitForEnd(t, call.channelId);
      expect(row).toMatchObject({ outcome: 'failed', hangupSide: 'system' });
      expect(t.fake.requests({ method: 'POST', path: `/channels/${call.channelId}/continue` })).toMatchObject([
        { query: { context: 'stasis-fallback', extension: 's', priority: '1' }, status: 204 },
      ]);
    } finally {
      records.inboundNumber = original;
    }
    await expect.poll(() => t.fake.state().channels.length).toBe(0);
  });
});

async function waitConnected(app: FastifyInstance): Promise<void> {
  // As long as startApp (support.ts) waits: on a loaded machine a second instance takes more than vi.waitFor's 1 s.
  await vi.waitFor(
    () => {
      if (app.ariLink.status.state !== 'connected') throw new Error('not connected');
    },
    { timeout: 15_000, interval: 20 },
  );
}
