import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLeft, menuPlayed, queuedCall, startTelephony, waitForEnd, waitForStatus, type Telephony } from './support.js';

/**
 * Issue 11 item 5 (R5): the app connects with subscribeAll=false, and Asterisk sends nothing of a dialplan channel
 * after its StasisEnd unless the app subscribed to it — yet the Q.850 cause only comes with ChannelDestroyed, after
 * StasisEnd. Causes were missing for callers who hung up in the IVR or the queue and for operator hang-ups.
 */
describe('hang-up causes on the call record', () => {
  let t: Telephony;

  beforeAll(async () => {
    t = await startTelephony();
  });
  afterAll(async () => t?.close());
  afterEach(async () => {
    await t.calls.settled();
    expectNothingLeft(t);
  });

  it('given a caller in the IVR, when they hang up, then the record has ChannelDestroyed\u2019s cause', async () => {
    const call = t.fake.placeCall({ from: '0912000501', to: '1022' });
    await menuPlayed(t, call.channelId);
    t.fake.hangupFromFarEnd(call.channelId, { cause: 16 });
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'abandoned_ivr', hangupSide: 'caller', hangupCause: 16, hangupCauseText: 'Normal Clearing' });
  });

  it('given a caller waiting in the queue, when they hang up, then the record has the cause', async () => {
    const call = await queuedCall(t, '0912000502');
    t.fake.hangupFromFarEnd(call.channelId, { cause: 16 });
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'abandoned_queue', hangupSide: 'caller', hangupCause: 16 });
  });

  it('given a conversation, when the operator hangs up, then the record has the cause of the caller\u2019s release', async () => {
    const call = await queuedCall(t, '0912000503');
    const result = await t.calls.connectToEndpoint(call.callId, 'PJSIP/op101');
    if (!result.connected) throw new Error('not connected');
    await waitForStatus(t, call.channelId, 'connected');
    t.fake.hangupFromFarEnd(result.legId, { cause: 16 });
    expect(await waitForEnd(t, call.channelId)).toMatchObject({ outcome: 'completed', hangupSide: 'operator', hangupCause: 16, hangupCauseText: 'Normal Clearing' });
  });
});
