import type { Channel } from '../model/channel.js';
import type { DtmfOptions } from '../types.js';
import { publishChannelEvent, type Ctx } from './ctx.js';
import { finishRecording } from './recordings.js';

const DIGITS = /^[0-9*#A-D]$/;

/**
 * A key press on the phone: one ChannelDtmfReceived per digit, during playback and recording
 * too, but none while the channel sits in a native-RTP (plain `mixing`) bridge (finding 6).
 * Returns whether an event was sent.
 */
export function receiveDigit(ctx: Ctx, channel: Channel, digit: string, durationMs: number): boolean {
  if (!DIGITS.test(digit)) throw new Error(`Invalid DTMF digit '${digit}'`);
  const bridge = channel.bridgeId ? ctx.world.bridges.get(channel.bridgeId) : undefined;
  if (bridge?.technology === 'native_rtp') return false;
  publishChannelEvent(ctx, 'ChannelDtmfReceived', channel, { digit, duration_ms: durationMs });
  const recording = channel.media.activeRecording;
  const terminateOn = recording?.options.terminateOn;
  if (recording && (terminateOn === 'any' || terminateOn === digit)) finishRecording(ctx, recording);
  return true;
}

/** Digits one after the other; each event comes at the end of its key press (finding 23). */
export async function sendDigits(ctx: Ctx, channelId: string, digits: string, options: DtmfOptions = {}): Promise<number> {
  let sent = 0;
  for (const digit of digits) {
    await ctx.scheduler.sleep(options.intervalMs ?? 5);
    const channel = ctx.world.channel(channelId);
    if (!channel) break;
    if (receiveDigit(ctx, channel, digit, options.durationMs ?? 280)) sent++;
  }
  return sent;
}
