import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { callbackRequests, fields } from '../../src/db/schema/index.js';
import {
  callRow,
  expectNothingLeft,
  playedOn,
  recordingRow,
  startTelephony,
  waitForEnd,
  waitForStatus,
  type Telephony,
} from './support.js';

describe('call control against the fake Asterisk', () => {
  let t: Telephony;
  let baseline: number;
  beforeAll(async () => {
    t = await startTelephony();
    baseline = t.gateway.listenerCounts().client;
  });
  afterAll(async () => t?.close());
  afterEach(async () => {
    await t.calls.settled();
    expectNothingLeft(t);
    expect(t.gateway.listenerCounts().client).toBe(baseline);
  });

  const dtmf = async (channelId: string, digits: string) => t.fake.sendDtmf(channelId, digits);
  const menuPlayed = (channelId: string) =>
    t.fake.waitForEvent('PlaybackStarted', (e) => (e.playback as { media_uri: string; target_uri: string }).media_uri.includes('main-menu') && (e.playback as { target_uri: string }).target_uri === `channel:${channelId}`);

  it.each(['1022', '02511022'])('given the served number %s, when a citizen calls, then the call is answered and hears the greeting', async (number) => {
    const call = t.fake.placeCall({ from: '0912345678', to: number });
    await menuPlayed(call.channelId);
    expect(t.fake.requests({ method: 'POST', path: `/channels/${call.channelId}/answer` })).toHaveLength(1);
    expect(playedOn(t, call.channelId)[0]).toBe('sound:vi/greeting,sound:vi/recording-notice');
    const row = await callRow(t, call.channelId);
    expect(row).toMatchObject({ dialledNumber: number, callerNumber: '0912345678', status: 'ivr' });
    expect(row?.answeredAt).toBeInstanceOf(Date);
    t.fake.hangupFromFarEnd(call.channelId);
    const ended = await waitForEnd(t, call.channelId);
    expect(ended).toMatchObject({ status: 'ended', outcome: 'abandoned_ivr', hangupSide: 'caller' });
  });

  it('given a number that is not served, when it is called, then the caller hears the unknown-number message and is hung up (failed)', async () => {
    const call = t.fake.placeCall({ from: '0912345678', to: '1900' });
    const row = await waitForEnd(t, call.channelId);
    // vi/unknown-number has no file in the test prompts: the built-in sound plays instead.
    expect(playedOn(t, call.channelId)).toEqual(['sound:ss-noservice']);
    expect(row).toMatchObject({ outcome: 'failed', hangupSide: 'system' });
  });

  it('given the menu, when the caller presses an invalid key, then a repeat key, then 1, then the path records it and the call is queued with its field and priority in a holding bridge with music', async () => {
    const call = t.fake.placeCall({ from: '0912345678', to: '1022' });
    await menuPlayed(call.channelId);
    let since = t.fake.eventCount();
    await dtmf(call.channelId, '7');
    await t.fake.waitForEvent('PlaybackFinished', (e) => (e.playback as { target_uri: string }).target_uri === `channel:${call.channelId}`, { since });
    since = t.fake.eventCount();
    await dtmf(call.channelId, '*');
    await t.fake.waitForEvent('PlaybackStarted', (e) => (e.playback as { media_uri: string }).media_uri === 'sound:vi/main-menu', { since });
    await dtmf(call.channelId, '1');
    const row = await waitForStatus(t, call.channelId, 'queued');
    const [field] = await t.database.db.select().from(fields).where(eq(fields.code, 'y-te'));
    expect(row).toMatchObject({ fieldId: field?.id, priority: 10, bridgeId: `hold-${row.id}` });
    expect(row.enqueuedAt).toBeInstanceOf(Date);
    const path = (row.ivrPath as Array<{ node: string; event: string; digit?: string }>).map((p) => `${p.node}:${p.event}${p.digit ?? ''}`);
    expect(path).toEqual(['greeting:enter', 'main:enter', 'main:invalid7', 'main:repeat*', 'main:digit1', 'main:exit']);
    const bridge = t.fake.state().bridges.find((b) => b.id === `hold-${row.id}`);
    expect(bridge).toMatchObject({ type: 'holding', channels: [call.channelId], moh: true });
    expect(playedOn(t, call.channelId)).toEqual([
      'sound:vi/greeting,sound:vi/recording-notice',
      'sound:vi/main-menu',
      'sound:vi/invalid-input,sound:vi/main-menu',
      'sound:vi/main-menu',
      'sound:vi/please-wait',
    ]);
    t.fake.hangupFromFarEnd(call.channelId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'abandoned_queue', hangupSide: 'caller' });
  });

  it('given the menu, when the caller presses nothing, then it replays after the timeout and ends with the goodbye when retries are exhausted', async () => {
    const call = t.fake.placeCall({ from: '0912345678', to: '1022' });
    const row = await waitForEnd(t, call.channelId);
    expect(playedOn(t, call.channelId)).toEqual([
      'sound:vi/greeting,sound:vi/recording-notice',
      'sound:vi/main-menu',
      'sound:vi/no-input,sound:vi/main-menu',
      'sound:vm-goodbye',
    ]);
    const events = (row.ivrPath as Array<{ event: string }>).map((p) => p.event);
    expect(events).toEqual(['enter', 'enter', 'timeout', 'timeout', 'exit']);
    expect(row).toMatchObject({ outcome: 'completed', hangupSide: 'system' });
  });

  it('given the menu, when the caller chooses a callback, then a pending request on the caller number is confirmed and the call ends as callback_requested', async () => {
    const call = t.fake.placeCall({ from: '0987654321', to: '1022' });
    await menuPlayed(call.channelId);
    await dtmf(call.channelId, '2');
    const row = await waitForEnd(t, call.channelId);
    expect(row.outcome).toBe('callback_requested');
    const requests = await t.database.db.select().from(callbackRequests).where(eq(callbackRequests.callId, row.id));
    expect(requests).toMatchObject([{ phoneNumber: '0987654321', reason: 'ivr', status: 'pending' }]);
    expect(playedOn(t, call.channelId).at(-1)).toBe('sound:vi/callback-confirmed');
  });

  it('given a queued caller, when connected to an operator who answers and talks, then one bridge recording covers the conversation and is stored with its checksum', async () => {
    t.fake.setEndpoint('PJSIP/op101', { kind: 'answer', afterMs: 10 });
    const call = t.fake.placeCall({ from: '0912345678', to: '1022' });
    await menuPlayed(call.channelId);
    await dtmf(call.channelId, '1');
    const queued = await waitForStatus(t, call.channelId, 'queued');
    const result = await t.calls.connectToEndpoint(queued.id, 'PJSIP/op101');
    expect(result).toMatchObject({ connected: true });
    const connected = await callRow(t, call.channelId);
    expect(connected).toMatchObject({ status: 'connected', bridgeId: `call-${queued.id}` });
    const state = t.fake.state();
    expect(state.bridges).toEqual([
      expect.objectContaining({
        id: `call-${queued.id}`,
        type: 'mixing',
        channels: [result.connected ? result.legId : '', call.channelId],
        recording: `call-${queued.id}`,
      }),
    ]);
    expect(state.liveRecordings.map((r) => r.name)).toEqual([`call-${queued.id}`]);
    t.fake.advanceClock(3_000);
    t.fake.hangupFromFarEnd(call.channelId);
    const row = await waitForEnd(t, call.channelId);
    expect(row).toMatchObject({ outcome: 'completed', hangupSide: 'caller' });
    const [recording] = await recordingRow(t, row.id);
    expect(recording).toMatchObject({ status: 'done', format: 'wav' });
    expect(recording?.durationSeconds).toBeGreaterThanOrEqual(3); // fake clock + real time on a loaded machine
    const file = readFileSync(path.join(t.recordingsDir, recording!.filePath!));
    expect(recording!.filePath).toMatch(new RegExp(`^\\d{4}/\\d{2}/\\d{2}/${row.id}\\.wav$`));
    expect(recording!.sizeBytes).toBe(file.length);
    expect(recording!.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(t.fake.state().storedRecordings).toEqual([]);
    expect(t.fake.requests({ method: 'POST', path: /\/record$/ }).map((r) => r.path)).toEqual([`/bridges/call-${queued.id}/record`]);
  });

  it('given a connected call, when the operator hangs up, then the caller is released and the call is completed on the operator side', async () => {
    const call = t.fake.placeCall({ from: '0912345678', to: '1022' });
    await menuPlayed(call.channelId);
    await dtmf(call.channelId, '1');
    const queued = await waitForStatus(t, call.channelId, 'queued');
    const result = await t.calls.connectToEndpoint(queued.id, 'PJSIP/op102');
    if (!result.connected) throw new Error('not connected');
    t.fake.hangupFromFarEnd(result.legId);
    const row = await waitForEnd(t, call.channelId);
    expect(row).toMatchObject({ outcome: 'completed', hangupSide: 'operator' });
    expect((await recordingRow(t, row.id))[0]).toMatchObject({ status: 'done' });
    // Nothing asked of Asterisk for what is already gone (the holding bridge, the leg, the finished recording):
    // no 404s, and the caller hung up once.
    const ofThisCall = t.fake.requests().filter((r) => r.path.includes(queued.id) || r.path.includes(call.channelId));
    const gone = ofThisCall.filter((r) => r.status === 404 && !r.path.startsWith('/playbacks/')); // a barge-in may race its prompt's end
    expect(gone.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(ofThisCall.filter((r) => r.method === 'DELETE' && r.path === `/channels/${call.channelId}`)).toHaveLength(1);
  });

  it('given an operator who answers and hangs up at once, while the conversation is being set up, then the caller waits in the queue again, not in a dead bridge', async () => {
    t.fake.setEndpoint('PJSIP/op104', { kind: 'manual' });
    const call = t.fake.placeCall({ from: '0912345678', to: '1022' });
    await menuPlayed(call.channelId);
    await dtmf(call.channelId, '1');
    const queued = await waitForStatus(t, call.channelId, 'queued');
    const connecting = t.calls.connectToEndpoint(queued.id, 'PJSIP/op104');
    const leg = await vi.waitFor(() => {
      const found = t.fake.state().channels.find((c) => c.id.startsWith(`leg-${queued.id}-`));
      if (!found) throw new Error('not dialled yet');
      return found.id;
    });
    // Answered, and gone again at once: the bridge is being set up when the hangup arrives.
    await t.fake.waitForEvent('Dial', (e) => (e.peer as { id: string }).id === leg && e.dialstatus === 'RINGING');
    t.fake.answerLeg(leg);
    await t.fake.waitForEvent('StasisStart', (e) => (e.channel as { id: string }).id === leg);
    t.fake.hangupFromFarEnd(leg);
    const result = await connecting;
    if (result.connected) {
      // The hangup came after the caller was moved in: the conversation is over, the caller is released once.
      expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'completed', hangupSide: 'operator' });
      expect(t.fake.requests({ method: 'DELETE', path: `/channels/${call.channelId}` })).toHaveLength(1);
      return;
    }
    expect(result).toMatchObject({ connected: false, reason: 'no_answer' });
    expect(await callRow(t, call.channelId)).toMatchObject({ status: 'queued', endedAt: null });
    expect(t.fake.state().bridges.map((b) => b.id)).toEqual([`hold-${queued.id}`]);
    t.fake.hangupFromFarEnd(call.channelId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'abandoned_queue' });
  });

  it('given a queued caller, when the operator phone is busy, then the caller stays queued with music and nothing of the leg is left', async () => {
    t.fake.setEndpoint('PJSIP/op103', { kind: 'busy', afterMs: 5 });
    const call = t.fake.placeCall({ from: '0912345678', to: '1022' });
    await menuPlayed(call.channelId);
    await dtmf(call.channelId, '1');
    const queued = await waitForStatus(t, call.channelId, 'queued');
    const result = await t.calls.connectToEndpoint(queued.id, 'PJSIP/op103');
    expect(result).toMatchObject({ connected: false, reason: 'busy', cause: 17 });
    expect(await callRow(t, call.channelId)).toMatchObject({ status: 'queued' });
    expect(t.fake.state().channels.map((c) => c.id)).toEqual([call.channelId]);
    expect(t.fake.state().bridges).toEqual([expect.objectContaining({ id: `hold-${queued.id}`, moh: true })]);
    t.fake.hangupFromFarEnd(call.channelId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'abandoned_queue' });
    expect(await recordingRow(t, queued.id)).toEqual([]);
  });

  it('given a caller in the greeting, when they hang up during the playback, then no playback, timer or listener is left', async () => {
    const call = t.fake.placeCall({ from: '0912345678', to: '02511022' });
    await t.fake.waitForEvent('PlaybackStarted', (e) => (e.playback as { target_uri: string }).target_uri === `channel:${call.channelId}`);
    t.fake.hangupFromFarEnd(call.channelId);
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'abandoned_ivr', hangupSide: 'caller' });
  });
});
