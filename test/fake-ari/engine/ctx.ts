import type { Clock, Scheduler } from '../core/clock.js';
import type { IdAllocator } from '../core/ids.js';
import type { AppRegistry } from '../events/apps.js';
import type { EventBus, Route } from '../events/bus.js';
import type { Bridge } from '../model/bridge.js';
import type { Channel } from '../model/channel.js';
import type { World } from '../model/world.js';
import type { EndpointConfig, FakeAriTiming } from '../types.js';

export interface ResolvedOptions {
  username: string;
  password: string;
  recordingsDir: string;
  defaultApp: string;
  asteriskId: string;
  noise: boolean;
  duplicateBridgeRecordingEvents: boolean;
  defaultEndpoint: EndpointConfig;
  dialplanFallback: { dir: string; serviceNumber?: string } | undefined;
  timing: FakeAriTiming;
}

/** Shared state every engine function works on. */
export interface Ctx {
  readonly opts: ResolvedOptions;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly ids: IdAllocator;
  readonly world: World;
  readonly apps: AppRegistry;
  readonly bus: EventBus;
  reportError(error: unknown): void;
}

export function channelRoute(channel: Channel): Route {
  return { channels: [channel.id] };
}

/** Publish an event whose payload is `{...extra, channel}`. */
export function publishChannelEvent(ctx: Ctx, type: string, channel: Channel, extra: Record<string, unknown> = {}): void {
  ctx.bus.publish(type, { ...extra, channel: channel.toJson() }, channelRoute(channel));
}

export function publishBridgeEvent(ctx: Ctx, type: string, bridge: Bridge, channel?: Channel): void {
  const fields: Record<string, unknown> = { bridge: bridge.toJson() };
  if (channel) fields.channel = channel.toJson();
  ctx.bus.publish(type, fields, { bridges: [bridge.id], channels: channel ? [channel.id] : [] });
}

/** ChannelVarset noise (finding 8), only when `noise: true`. */
export function setVar(ctx: Ctx, channel: Channel, variable: string, value: string): void {
  channel.vars.set(variable, value);
  if (ctx.opts.noise) publishChannelEvent(ctx, 'ChannelVarset', channel, { variable, value });
}

export function setState(ctx: Ctx, channel: Channel, state: Channel['state']): void {
  if (channel.state === state) return;
  channel.state = state;
  publishChannelEvent(ctx, 'ChannelStateChange', channel);
}
