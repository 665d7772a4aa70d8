import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { wavDurationMs } from '../../src/recording/wav.js';
import { expectNothingLeft, recordingRow, startTelephony, waitForEnd, type Telephony } from '../telephony/support.js';
import { connectedCall, hotlineEndpoint, seedPeople, transferSteps } from './support.js';

/** The fake's recorder gives up after this long with one person alone in the recorded bridge (Asterisk: 4 s). */
const noAudioMs = 150;

/**
 * Issue 11 item 2 (R5): Asterisk's recorder ends a bridge recording after 4 s without audio — seen while the operator
 * was alone in the bridge dialling the hotline, and while the caller waited alone for a blind transfer. The recording
 * must still cover the whole conversation: the next segment starts at once and the segments make one file.
 */
describe('a recording that Asterisk ends while the conversation goes on', () => {
  let t: Telephony;
  let people: Awaited<ReturnType<typeof seedPeople>>;

  beforeAll(async () => {
    t = await startTelephony({ env: { TRANSFER_RING_SECONDS: '300' }, fake: { timing: { recorderNoAudioMs: noAudioMs } } });
    people = await seedPeople(t);
  });
  afterAll(async () => t?.close());
  afterEach(async () => {
    await t.calls.settled();
    await transfers().settled();
    expectNothingLeft(t);
  });

  const { transfers, post, hotlineLeg } = transferSteps(() => t, () => people);
  const finishedRecordings = (callId: string) =>
    t.fake
      .events({ type: 'RecordingFinished' })
      .map((e) => (e.event as { recording: { name: string } }).recording.name)
      .filter((name, i, all) => name.includes(callId) && all.indexOf(name) === i);

  for (const mode of ['attended', 'blind'] as const) {
    it(`given a ${mode} transfer whose hotline rings longer than the recorder waits for audio, when the recorder ends the recording, then recording starts again at once and the call keeps one file covering the whole conversation`, async () => {
      t.fake.setEndpoint(hotlineEndpoint, { kind: 'manual' });
      const call = await connectedCall(t, people.operator.id);
      const started = Date.now();
      expect((await post(`/api/calls/${call.callId}/transfer`, { mode, agencyId: people.agency.id })).statusCode).toBe(200);
      const leg = await hotlineLeg(call.callId);
      // Alone in the recorded bridge for several of the recorder's no-audio periods.
      await vi.waitFor(() => expect(finishedRecordings(call.callId).length).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 20 });
      t.fake.answerLeg(leg);
      if (mode === 'attended') {
        await vi.waitFor(() => expect(transfers().get(call.callId)?.state).toBe('consulting'));
        expect((await post(`/api/calls/${call.callId}/transfer/complete`)).statusCode).toBe(200);
      }
      await transfers().settled();
      // A live recording again, on the conversation bridge, while caller and agency talk.
      await vi.waitFor(() => expect(t.fake.state().liveRecordings.some((r) => r.name.includes(call.callId))).toBe(true));
      t.fake.hangupFromFarEnd(leg);
      const row = await waitForEnd(t, call.channelId);
      const lasted = Date.now() - started;
      expect(row).toMatchObject({ outcome: 'transferred' });
      await t.calls.deps.sink.settled();

      // One row, one file: every segment joined, nothing left in Asterisk's store.
      const rows = await recordingRow(t, call.callId);
      expect(rows.map((r) => [r.name, r.status])).toEqual([[`call-${call.callId}`, 'done']]);
      const file = readFileSync(path.join(t.recordingsDir, rows[0]!.filePath!));
      const segments = finishedRecordings(call.callId);
      expect(segments.length).toBeGreaterThanOrEqual(3);
      expect(t.fake.state().storedRecordings.filter((r) => r.name.includes(call.callId))).toEqual([]);
      // The file is as long as the segments together: no gap bigger than one request's time between them.
      const covered = wavDurationMs(file) ?? 0;
      expect(covered).toBeGreaterThan(lasted - 50 * segments.length - 200);
      expect(covered).toBeLessThanOrEqual(lasted + 50);
    });
  }
});
