import { eq } from 'drizzle-orm';
import { vi } from 'vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callbackRequests } from '../../src/db/schema/index.js';
import { playedOn, waitForEnd } from '../telephony/support.js';
import { expectAcdIdle, queuedCaller, startAcd, type AcdHarness } from './support.js';

describe('waiting callers: announcements, callback key, maximum wait', () => {
  let h: AcdHarness;
  beforeAll(async () => {
    h = await startAcd({ QUEUE_ANNOUNCE_SECONDS: '1', QUEUE_MAX_WAIT_SECONDS: '4', QUEUE_CALLBACK_KEY: '8' });
  });
  afterAll(async () => h?.close());
  afterEach(async () => expectAcdIdle(h));

  const announced = (channelId: string, needle: string) =>
    vi.waitFor(
      () => {
        const hit = playedOn(h.t, channelId).find((m) => m.includes(needle));
        if (!hit) throw new Error(`no announcement with ${needle}: ${playedOn(h.t, channelId).join(' | ')}`);
        return hit;
      },
      { timeout: 3_000, interval: 20 },
    );

  it('given two callers waiting, then each hears their position at the interval: the first that they are next, the second their number and the expected wait', async () => {
    const first = await queuedCaller(h.t, '0911000001', '4');
    const second = await queuedCaller(h.t, '0911000002', '4');
    expect(await announced(first.channelId, 'queue-next')).toBe('sound:vi/queue-next');
    const media = await announced(second.channelId, 'number:2');
    // Nobody is working: one caller ahead × the default 180 s handling time → "about 3 minutes".
    expect(media.split(',')).toEqual(['sound:vi/queue-position', 'number:2', 'sound:vi/queue-in-line', 'sound:vi/wait-expected', 'number:3', 'sound:vi/wait-minutes']);
    for (const c of [first, second]) h.t.fake.hangupFromFarEnd(c.channelId);
    for (const c of [first, second]) expect(await waitForEnd(h.t, c.channelId)).toMatchObject({ outcome: 'abandoned_queue' });
  });

  it('given a waiting caller, when they press the callback key, then a callback request linked to the call (and so to its place) is filed, confirmed, and the call ends', async () => {
    const caller = await queuedCaller(h.t, '0911000003', '1');
    await h.t.fake.sendDtmf(caller.channelId, '8');
    const row = await waitForEnd(h.t, caller.channelId);
    expect(row).toMatchObject({ outcome: 'callback_requested', priority: 10 });
    const requests = await h.t.database.db.select().from(callbackRequests).where(eq(callbackRequests.callId, caller.callId));
    expect(requests).toMatchObject([{ phoneNumber: '0911000003', reason: 'queue_key', status: 'pending' }]);
    expect(playedOn(h.t, caller.channelId).at(-1)).toBe('sound:vi/callback-confirmed');
    expect(h.t.app.acd.waiting()).toEqual([]);
  });

  it('given a caller who waits longer than the maximum, then a callback request is filed for them and the call ends', async () => {
    const caller = await queuedCaller(h.t, '0911000004', '4');
    const row = await vi.waitFor(async () => waitForEnd(h.t, caller.channelId), { timeout: 10_000, interval: 100 });
    expect(row.outcome).toBe('callback_requested');
    const requests = await h.t.database.db.select().from(callbackRequests).where(eq(callbackRequests.callId, caller.callId));
    expect(requests).toMatchObject([{ reason: 'queue_max_wait' }]);
  });
});
