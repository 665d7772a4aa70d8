import { callPrompts } from '../../telephony/prompts.js';
import type { CallContext } from '../context.js';
import type { CallDeps } from '../deps.js';
import { requestCallback, sayGoodbye } from './endings.js';

/**
 * All lines are busy (R2): the caller hears the over-capacity message and may press 1 — during the message or up
 * to `overCapacityDigitSeconds` after it — to be called back on their number. Otherwise they are released politely.
 * These calls never count against the capacity: a burst of them must not keep admitted callers' lines busy.
 * The caller is answered already (arrival answers every call).
 */
export async function refuseOverCapacity(ctx: CallContext, deps: Pick<CallDeps, 'records' | 'prompts' | 'settings'>): Promise<void> {
  ctx.outcome = 'over_capacity';
  const answeredAt = new Date();
  void deps.records.update(ctx.callId, { answeredAt, overCapacityAt: answeredAt });

  let pressed!: () => void;
  const wantsCallback = new Promise<boolean>((resolve) => {
    pressed = () => resolve(true);
    ctx.onEnd(() => resolve(false));
  });
  const playback = ctx.startPlayback([deps.prompts.uri(callPrompts.overCapacity)]);
  const offDigits = ctx.subscribe((event) => {
    if (event.type === 'ChannelDtmfReceived' && event.channel.id === ctx.channelId && event.digit === '1') {
      void ctx.stopPlayback(playback.id);
      pressed();
    }
  });
  const heard = playback.done.then(async (end) => {
    if (end !== 'ended') await ctx.sleep(deps.settings.overCapacityDigitSeconds * 1000);
    return false;
  });
  const callback = await Promise.race([wantsCallback, heard]);
  offDigits();
  if (ctx.ended) return;
  if (callback) await requestCallback(ctx, deps, 'over_capacity');
  else await sayGoodbye(ctx, deps, callPrompts.goodbye);
}
