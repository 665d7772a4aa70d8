import type { Channel } from '../model/channel.js';
import { publishChannelEvent, setVar, type Ctx } from './ctx.js';

/** Run `Stasis(app,args)` on a channel: StasisStart goes to that application only. */
export function enterStasis(ctx: Ctx, channel: Channel, app: string, args: string[]): void {
  channel.stasisApp = app;
  channel.inStasis = true;
  channel.dialplan = { ...channel.dialplan, app_name: 'Stasis', app_data: [app, ...args].join(',') };
  setVar(ctx, channel, 'STASISSTATUS', '');
  ctx.bus.publish('StasisStart', { args, channel: channel.toJson() }, { onlyApp: app });
}

export function exitStasis(ctx: Ctx, channel: Channel): void {
  if (!channel.inStasis) return;
  ctx.bus.publish('StasisEnd', { channel: channel.toJson() }, { onlyApp: channel.stasisApp });
  channel.inStasis = false;
  setVar(ctx, channel, 'STASISSTATUS', 'SUCCESS');
}

export function publishDialplan(ctx: Ctx, channel: Channel, app: string, data: string): void {
  channel.dialplan = { ...channel.dialplan, app_name: app, app_data: data };
  publishChannelEvent(ctx, 'ChannelDialplan', channel, { dialplan_app: app, dialplan_app_data: data });
}

/** `a,b` → `['a','b']`, `''`/undefined → `[]`, like Stasis() splits its arguments. */
export function splitArgs(appArgs: string | undefined): string[] {
  if (appArgs === undefined || appArgs === '') return [];
  return appArgs.split(',');
}
