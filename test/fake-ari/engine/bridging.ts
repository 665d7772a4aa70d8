import { badRequest, conflict } from '../core/errors.js';
import { Bridge, computeTechnology, type BridgeType } from '../model/bridge.js';
import type { Channel } from '../model/channel.js';
import { MediaQueue } from '../model/media-queue.js';
import { asteriskTimestamp } from '../core/clock.js';
import { publishBridgeEvent, setVar, type Ctx } from './ctx.js';
import { abortQueue, waitUntilIdle } from './media.js';
import { finishRecording, watchRecorderAudio } from './recordings.js';

const KNOWN_TYPE_FLAGS = new Set(['mixing', 'holding', 'dtmf_events', 'proxy_media', 'video_sfu', 'video_single', 'sdp_label']);

export function parseBridgeType(type: string | undefined): { bridgeType: BridgeType; dtmfEvents: boolean } {
  const flags = (type ?? 'mixing').split(',').map((flag) => flag.trim()).filter(Boolean);
  for (const flag of flags) if (!KNOWN_TYPE_FLAGS.has(flag)) throw badRequest('Invalid bridge type');
  return { bridgeType: flags.includes('holding') ? 'holding' : 'mixing', dtmfEvents: flags.includes('dtmf_events') };
}

export function createBridge(ctx: Ctx, args: { id?: string; name?: string; type?: string }): Bridge {
  const { bridgeType, dtmfEvents } = parseBridgeType(args.type);
  const id = args.id || ctx.ids.uuid();
  const bridge = new Bridge(id, args.name ?? '', bridgeType, dtmfEvents, asteriskTimestamp(ctx.clock.now()), new MediaQueue());
  ctx.world.bridges.set(id, bridge);
  publishBridgeEvent(ctx, 'BridgeCreated', bridge);
  return bridge;
}

function isPlainSip(ctx: Ctx, channelId: string): boolean {
  const channel = ctx.world.channels.get(channelId);
  return channel !== undefined && channel.kind !== 'snoop' && channel.tech === 'PJSIP';
}

function retechnology(ctx: Ctx, bridge: Bridge): void {
  bridge.technology = computeTechnology(bridge, (id) => isPlainSip(ctx, id));
}

/**
 * `POST /bridges/{id}/addChannel`: 409 at once while the channel records; waits while it
 * plays (finding 2); moves it out of another bridge first.
 */
export async function addChannel(ctx: Ctx, bridge: Bridge, channel: Channel): Promise<void> {
  if (channel.media.activeRecording) throw conflict(`Channel ${channel.id} currently recording`);
  const ready = await waitUntilIdle(ctx, channel.media);
  if (!ready || channel.hangingUp || !ctx.world.bridges.has(bridge.id)) return;
  joinBridge(ctx, bridge, channel);
}

export function joinBridge(ctx: Ctx, bridge: Bridge, channel: Channel): void {
  if (channel.bridgeId === bridge.id) return;
  const previous = channel.bridgeId ? ctx.world.bridges.get(channel.bridgeId) : undefined;
  if (previous) leaveBridge(ctx, previous, channel);
  bridge.channels.push(channel.id);
  channel.bridgeId = bridge.id;
  if (channel.stasisApp) ctx.apps.get(channel.stasisApp)?.bridgeSubs.add(bridge.id);
  publishBridgeEvent(ctx, 'ChannelEnteredBridge', bridge, channel);
  retechnology(ctx, bridge);
  watchRecorderAudio(ctx, bridge);
  const peer = bridge.channels.find((id) => id !== channel.id);
  if (peer) setVar(ctx, channel, 'BRIDGEPEER', ctx.world.channels.get(peer)?.name ?? '');
}

/** A channel leaves; an emptied bridge loses its MOH and finishes its recording (findings 19, 20). */
export function leaveBridge(ctx: Ctx, bridge: Bridge, channel: Channel): void {
  const index = bridge.channels.indexOf(channel.id);
  if (index < 0) return;
  bridge.channels.splice(index, 1);
  channel.bridgeId = undefined;
  setVar(ctx, channel, 'BRIDGEPEER', '');
  publishBridgeEvent(ctx, 'ChannelLeftBridge', bridge, channel);
  retechnology(ctx, bridge);
  if (bridge.channels.length > 0) {
    watchRecorderAudio(ctx, bridge);
    return;
  }
  bridge.mohClass = undefined;
  finishBridgeRecordings(ctx, bridge);
}

function finishBridgeRecordings(ctx: Ctx, bridge: Bridge): void {
  for (const name of [...bridge.liveRecordingNames]) {
    const recording = ctx.world.liveRecordings.get(name);
    if (recording) finishRecording(ctx, recording);
  }
}

/** Bridges never go away by themselves (finding 4): only this does it. */
export function destroyBridge(ctx: Ctx, bridge: Bridge): void {
  for (const channelId of [...bridge.channels]) {
    const channel = ctx.world.channels.get(channelId);
    if (channel) leaveBridge(ctx, bridge, channel);
  }
  abortQueue(ctx, bridge.media);
  finishBridgeRecordings(ctx, bridge);
  publishBridgeEvent(ctx, 'BridgeDestroyed', bridge);
  ctx.world.bridges.delete(bridge.id);
  ctx.apps.forgetBridge(bridge.id);
}
