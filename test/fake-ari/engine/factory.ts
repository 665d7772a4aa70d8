import { asteriskTimestamp } from '../core/clock.js';
import { conflict } from '../core/errors.js';
import { Channel, type CallerId, type ChannelKind, type ChannelStateName, type DialplanLocation } from '../model/channel.js';
import { MediaQueue } from '../model/media-queue.js';
import { publishChannelEvent, type Ctx } from './ctx.js';

export interface NewChannel {
  id?: string;
  name: string;
  kind: ChannelKind;
  state: ChannelStateName;
  caller: CallerId;
  dialplan: DialplanLocation;
  protocolId?: string;
}

/** Create a channel, register it and publish ChannelCreated. */
export function createChannel(ctx: Ctx, spec: NewChannel): Channel {
  const id = spec.id || ctx.ids.uniqueId();
  if (ctx.world.channels.has(id)) throw conflict('Channel with given unique ID already exists');
  const channel = new Channel(id, spec.name, spec.kind, asteriskTimestamp(ctx.clock.now()), spec, new MediaQueue());
  ctx.world.channels.set(id, channel);
  publishChannelEvent(ctx, 'ChannelCreated', channel);
  channel.protocolId = spec.protocolId ?? '';
  return channel;
}

/** `"Citizen 0912" <0912>` → name/number, like ast_callerid_parse. */
export function parseCallerId(callerId: string): CallerId {
  const match = /^\s*(?:"([^"]*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(callerId);
  if (match) return { name: (match[1] ?? match[2] ?? '').trim(), number: (match[3] ?? '').trim() };
  return /^[+\d*#]+$/.test(callerId.trim()) ? { name: '', number: callerId.trim() } : { name: callerId.trim(), number: '' };
}

export function splitEndpoint(endpoint: string): { tech: string; resource: string } | undefined {
  const slash = endpoint.indexOf('/');
  if (slash <= 0 || slash === endpoint.length - 1) return undefined;
  return { tech: endpoint.slice(0, slash), resource: endpoint.slice(slash + 1) };
}
