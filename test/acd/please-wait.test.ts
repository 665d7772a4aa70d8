import { beforeAll, describe, expect, it } from 'vitest';
import { playedOn, waitForEnd, waitForStatus } from '../telephony/support.js';
import { queuedCaller, withOneOperator, type AcdHarness, type Desktop } from './support.js';

/** Issue 11 item 3 (R3, R4): "please wait" (5 s) is for callers who will wait, not for those an operator can take now. */
describe('"please wait" when the caller joins the queue', () => {
  const fixture = withOneOperator();
  let h: AcdHarness;
  let op: Desktop;
  beforeAll(async () => {
    ({ h, op } = fixture);
  });

  it('given an operator free, when a caller chooses a field, then no "please wait" is played and the operator is connected', async () => {
    await h.post(op, '/api/agents/me/login');
    const caller = await queuedCaller(h.t, '0900000301', '1');
    await waitForStatus(h.t, caller.channelId, 'connected');
    expect(playedOn(h.t, caller.channelId).some((media) => media.includes('please-wait'))).toBe(false);
    h.t.fake.hangupFromFarEnd(caller.channelId);
    await waitForEnd(h.t, caller.channelId);
    await h.t.app.acd.settled();
  });

  it('given no operator free, when a caller chooses a field, then "please wait" is played before the music', async () => {
    const caller = await queuedCaller(h.t, '0900000302', '4');
    expect(playedOn(h.t, caller.channelId).some((media) => media.includes('please-wait'))).toBe(true);
    h.t.fake.hangupFromFarEnd(caller.channelId);
    await waitForEnd(h.t, caller.channelId);
  });
});
