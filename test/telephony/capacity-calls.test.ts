import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LineCapacity, type CapacityChangedV1 } from '../../src/capacity/service.js';
import { callbackRequests, lineCapacitySchedules } from '../../src/db/schema/index.js';
import { callRow, expectNothingLeft, playedOn, startTelephony, waitForEnd, waitForStatus, type Telephony } from './support.js';

describe('line capacity (R2) against the fake Asterisk', () => {
  let t: Telephony;
  beforeAll(async () => {
    // Night all day long: 2 lines.
    t = await startTelephony({ capacity: [{ startsAt: '00:00', endsAt: '00:00', capacity: 2 }] });
  });
  afterAll(async () => t?.close());
  afterEach(async () => {
    await t.calls.settled();
    expectNothingLeft(t);
  });

  const queuedCall = async (from: string) => {
    const call = t.fake.placeCall({ from, to: '1022' });
    await waitForStatus(t, call.channelId, 'ivr');
    await t.fake.waitForEvent('PlaybackStarted', (e) => (e.playback as { media_uri: string; target_uri: string }).media_uri.includes('main-menu') && (e.playback as { target_uri: string }).target_uri === `channel:${call.channelId}`);
    await t.fake.sendDtmf(call.channelId, '1');
    await waitForStatus(t, call.channelId, 'queued');
    return call;
  };

  it('given capacity 2 and two calls up, when a third arrives and presses 1, then it hears the over-capacity message and gets a confirmed callback request', async () => {
    const first = await queuedCall('0911000001');
    const second = await queuedCall('0911000002');
    const third = t.fake.placeCall({ from: '0911000003', to: '1022' });
    const started = await t.fake.waitForEvent('PlaybackStarted', (e) => (e.playback as { target_uri: string }).target_uri === `channel:${third.channelId}`);
    expect((started.playback as { media_uri: string }).media_uri).toBe('sound:vi/over-capacity');
    await t.fake.sendDtmf(third.channelId, '1');
    const row = await waitForEnd(t, third.channelId);
    expect(row).toMatchObject({ outcome: 'callback_requested', hangupSide: 'system', status: 'ended' });
    expect(row.overCapacityAt).toBeInstanceOf(Date);
    expect(row.ivrPath).toEqual([]);
    expect(playedOn(t, third.channelId)).toEqual(['sound:vi/over-capacity', 'sound:vi/callback-confirmed']);
    const requests = await t.database.db.select().from(callbackRequests).where(eq(callbackRequests.callId, row.id));
    expect(requests).toMatchObject([{ phoneNumber: '0911000003', reason: 'over_capacity', status: 'pending' }]);
    // The admitted calls were never disturbed.
    expect((await callRow(t, first.channelId))?.endedAt).toBeNull();
    t.fake.hangupFromFarEnd(first.channelId);
    t.fake.hangupFromFarEnd(second.channelId);
    await waitForEnd(t, first.channelId);
    await waitForEnd(t, second.channelId);
  });

  it('given capacity 2 and two calls up, when a third arrives and presses nothing, then it hears goodbye and is released as over_capacity', async () => {
    const first = await queuedCall('0911000001');
    const second = await queuedCall('0911000002');
    const third = t.fake.placeCall({ from: '0911000003', to: '1022' });
    const row = await waitForEnd(t, third.channelId);
    expect(row).toMatchObject({ outcome: 'over_capacity', hangupSide: 'system' });
    expect(playedOn(t, third.channelId)).toEqual(['sound:vi/over-capacity', 'sound:vm-goodbye']);
    t.fake.hangupFromFarEnd(first.channelId);
    await waitForEnd(t, first.channelId);
    // A line is free again: the next caller is admitted.
    const fourth = await queuedCall('0911000004');
    t.fake.hangupFromFarEnd(second.channelId);
    t.fake.hangupFromFarEnd(fourth.channelId);
    await waitForEnd(t, second.channelId);
    await waitForEnd(t, fourth.channelId);
  });

  it('given two calls up, when the capacity is lowered to 1, then no live call is cut and the next caller is refused', async () => {
    const first = await queuedCall('0911000001');
    const second = await queuedCall('0911000002');
    await t.database.db.update(lineCapacitySchedules).set({ capacity: 1 });
    const third = t.fake.placeCall({ from: '0911000003', to: '1022' });
    expect(await waitForEnd(t, third.channelId)).toMatchObject({ outcome: 'over_capacity' });
    expect((await callRow(t, first.channelId))?.endedAt).toBeNull();
    expect((await callRow(t, second.channelId))?.endedAt).toBeNull();
    await t.database.db.update(lineCapacitySchedules).set({ capacity: 2 });
    t.fake.hangupFromFarEnd(first.channelId);
    t.fake.hangupFromFarEnd(second.channelId);
    await waitForEnd(t, first.channelId);
    await waitForEnd(t, second.channelId);
  });

  it('given the schedule read for the wall-board, when it changes, then the next arrival sees it at once and the wall-board once its copy is older than it accepts', async () => {
    const capacity = new LineCapacity({ db: t.database.db, timeZone: 'Asia/Ho_Chi_Minh', fallback: 0, log: t.app.log });
    expect((await capacity.now({ maxAgeMs: 60_000 })).capacity).toBe(2);
    await t.database.db.update(lineCapacitySchedules).set({ capacity: 5 });
    expect((await capacity.now({ maxAgeMs: 60_000 })).capacity).toBe(2); // the wall-board's copy, read just now
    expect((await capacity.now()).capacity).toBe(5); // an arrival reads the table
    await t.database.db.update(lineCapacitySchedules).set({ capacity: 2 });
    expect((await capacity.now({ maxAgeMs: 0 })).capacity).toBe(2);
  });

  it('given the schedule, when the switching job runs across 18:00, then it logs and notifies the new capacity once', async () => {
    await t.database.db.delete(lineCapacitySchedules);
    await t.database.db.insert(lineCapacitySchedules).values([
      { name: 'Giờ hành chính', startsAt: '07:00', endsAt: '18:00', capacity: 15 },
      { name: 'Ngoài giờ', startsAt: '18:00', endsAt: '07:00', capacity: 2 },
    ]);
    let now = new Date('2026-12-07T17:59:00+07:00');
    const events: CapacityChangedV1[] = [];
    const capacity = new LineCapacity({ db: t.database.db, timeZone: 'Asia/Ho_Chi_Minh', fallback: 0, log: t.app.log, now: () => now, notify: (e) => events.push(e) });
    await capacity.job().run();
    await capacity.job().run();
    now = new Date('2026-12-07T18:00:00+07:00');
    await capacity.job().run();
    expect(events.map((e) => [e.previous, e.capacity, e.window])).toEqual([
      [null, 15, 'Giờ hành chính'],
      [15, 2, 'Ngoài giờ'],
    ]);
    expect(capacity.current).toBe(2);
    await t.database.db.delete(lineCapacitySchedules);
    await t.database.db.insert(lineCapacitySchedules).values({ name: 'all day', startsAt: '00:00', endsAt: '00:00', capacity: 2 });
  });
});
