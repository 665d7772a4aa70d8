import { badRequest, conflict, notFound, preconditionFailed, unprocessable } from '../../core/errors.js';
import type { Ctx } from '../../engine/ctx.js';
import type { Bridge } from '../../model/bridge.js';
import type { Channel } from '../../model/channel.js';

/** Asterisk's find_control: 404 if the channel does not exist, 409 if it is not in Stasis. */
export function requireControl(ctx: Ctx, channelId: string): Channel {
  const channel = ctx.world.channel(channelId);
  if (!channel) throw notFound('Channel not found');
  if (!channel.inStasis) throw conflict('Channel not in Stasis application');
  return channel;
}

/** Asterisk's channel_state_invalid: Down/Ringing outbound legs cannot be answered, played to… */
export function requireValidState(channel: Channel): void {
  if (channel.state === 'Down' || channel.state === 'Ringing') throw preconditionFailed('Channel in invalid state');
}

export function requireChannel(ctx: Ctx, channelId: string): Channel {
  const channel = ctx.world.channel(channelId);
  if (!channel) throw notFound('Channel not found');
  return channel;
}

export function requireBridge(ctx: Ctx, bridgeId: string): Bridge {
  const bridge = ctx.world.bridges.get(bridgeId);
  if (!bridge) throw notFound('Bridge not found');
  return bridge;
}

/** Channels named in addChannel/removeChannel: 400 unknown, 422 not in Stasis. */
export function requireBridgeChannels(ctx: Ctx, channelIds: string[]): Channel[] {
  if (channelIds.length === 0) throw badRequest('Missing parameter channel');
  return channelIds.map((id) => {
    const channel = ctx.world.channel(id);
    if (!channel) throw badRequest('Channel not found');
    if (!channel.inStasis) throw unprocessable('Channel not in Stasis application');
    return channel;
  });
}
