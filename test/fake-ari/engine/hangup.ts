import { appendFileSync } from 'node:fs';
import { asteriskTimestamp } from '../core/clock.js';
import { CAUSE, causeText, SOFT_HANGUP } from '../core/causes.js';
import type { Channel } from '../model/channel.js';
import { leaveBridge } from './bridging.js';
import { publishChannelEvent, type Ctx } from './ctx.js';
import { abortQueue } from './media.js';
import { exitStasis } from './stasis.js';

export interface HangupRequestFields {
  cause?: number;
  soft?: boolean;
  tech_cause?: number;
}

export interface HangupSpec {
  /** ChannelHangupRequest payload; omitted → no ChannelHangupRequest (timeouts). */
  request?: HangupRequestFields;
  /** Runs right after the ChannelHangupRequest (Dial BUSY/CANCEL). */
  afterRequest?: () => void;
  /** tech_cause on the end-of-Stasis ChannelHangupRequest (302 after a redirect). */
  endOfStasisTechCause?: number;
  destroy: { cause: number; tech_cause?: number };
}

/** `DELETE /channels/{id}`: soft hangup flag 32, ChannelDestroyed with the reason (default 16). */
export function appHangupSpec(cause: number = CAUSE.normal): HangupSpec {
  return { request: { cause: SOFT_HANGUP.explicit, soft: true }, destroy: { cause } };
}

/** The far end sent BYE: ChannelHangupRequest without cause, ChannelDestroyed cause 0. */
export function farEndHangupSpec(cause: number = CAUSE.unknown): HangupSpec {
  return { request: {}, destroy: { cause } };
}

/**
 * Hang a channel up with Asterisk's event order (finding 4): ChannelHangupRequest →
 * ChannelLeftBridge → media finished → StasisEnd → (dialplan channels) ChannelHangupRequest
 * cause 16 soft → ChannelDestroyed. Snoop channels on it go too.
 */
export function hangup(ctx: Ctx, channel: Channel, spec: HangupSpec): void {
  if (channel.hangingUp) return;
  cancelDialing(ctx, channel);
  if (spec.request) publishChannelEvent(ctx, 'ChannelHangupRequest', channel, { ...spec.request });
  channel.hangingUp = true;
  spec.afterRequest?.();
  const bridge = channel.bridgeId ? ctx.world.bridges.get(channel.bridgeId) : undefined;
  if (bridge) leaveBridge(ctx, bridge, channel);
  abortQueue(ctx, channel.media);
  channel.mohClass = undefined;
  if (channel.inStasis) {
    exitStasis(ctx, channel);
    if (channel.kind === 'inbound') publishEndOfStasis(ctx, channel, spec.endOfStasisTechCause);
  }
  for (const snoop of ctx.world.liveChannels()) {
    if (snoop.snoopTargetId === channel.id) hangup(ctx, snoop, { destroy: { cause: CAUSE.normal } });
  }
  destroy(ctx, channel, spec.destroy);
}

export function publishEndOfStasis(ctx: Ctx, channel: Channel, techCause?: number): void {
  const fields: HangupRequestFields = { cause: SOFT_HANGUP.endOfStasis, soft: true };
  if (techCause !== undefined) fields.tech_cause = techCause;
  publishChannelEvent(ctx, 'ChannelHangupRequest', channel, { ...fields });
}

export function cancelDialing(ctx: Ctx, channel: Channel): void {
  for (const timer of channel.dialing?.timers ?? []) ctx.scheduler.cancel(timer);
  if (channel.dialing) channel.dialing.timers = [];
}

function destroy(ctx: Ctx, channel: Channel, cause: { cause: number; tech_cause?: number }): void {
  channel.hangingUp = true;
  if (channel.stasisApp) channel.dialplan = { ...channel.dialplan, app_name: '', app_data: '' };
  const fields: Record<string, unknown> = { cause: cause.cause, cause_txt: causeText(cause.cause) };
  if (cause.tech_cause !== undefined) fields.tech_cause = cause.tech_cause;
  publishChannelEvent(ctx, 'ChannelDestroyed', channel, fields);
  // The fallback context's hangup handler (asterisk-config [fallback-end]): nobody answered in the fake.
  if (channel.fallbackManifest) appendFileSync(channel.fallbackManifest, `end status=NOANSWER cause=${cause.cause} at=${asteriskTimestamp(ctx.clock.now())}\n`);
  ctx.world.channels.delete(channel.id);
  ctx.apps.forgetChannel(channel.id);
}
