import { badRequest, conflict, notFound, unprocessable } from '../../core/errors.js';
import type { Ctx } from '../../engine/ctx.js';
import type { Application } from '../../events/apps.js';
import { list } from '../params.js';
import { json, type Reply, type Request, type Router } from '../router.js';

/** `GET /applications/{name}`: subscribeAll apps show Asterisk's all-topics (app-reconnect captures). */
export function applicationJson(ctx: Ctx, app: Application): Record<string, unknown> {
  if (app.subscribeAll) {
    return {
      name: app.name,
      channel_ids: ['__AST_CHANNEL_ALL_TOPIC'],
      bridge_ids: ['__AST_BRIDGE_ALL_TOPIC'],
      endpoint_ids: ['__AST_ENDPOINT_ALL_TOPIC'],
      device_names: ['__AST_DEVICE_STATE_ALL_TOPIC'],
      events_allowed: [],
      events_disallowed: [],
    };
  }
  return {
    name: app.name,
    channel_ids: subscribedChannels(ctx, app),
    bridge_ids: [...app.bridgeSubs].filter((id) => ctx.world.bridges.has(id)),
    endpoint_ids: [...app.otherSubs].filter((s) => s.startsWith('endpoint:')).map((s) => s.slice('endpoint:'.length)),
    device_names: [...app.otherSubs].filter((s) => s.startsWith('deviceState:')).map((s) => s.slice('deviceState:'.length)),
    events_allowed: [],
    events_disallowed: [],
  };
}

/** Explicit subscriptions plus the channels parked in the application's Stasis (finding 13). */
export function subscribedChannels(ctx: Ctx, app: Application): string[] {
  const ids = new Set<string>();
  for (const channel of ctx.world.liveChannels()) {
    if (app.channelSubs.has(channel.id) || (channel.inStasis && channel.stasisApp === app.name)) ids.add(channel.id);
  }
  return [...ids];
}

function requireApp(ctx: Ctx, name: string): Application {
  const app = ctx.apps.get(name);
  if (!app) throw notFound('Application not found');
  return app;
}

function changeSubscription(ctx: Ctx, request: Request, subscribe: boolean): Reply {
  const sources = list(request.query, 'eventSource');
  if (sources.length === 0) throw badRequest('Missing parameter eventSource');
  const app = requireApp(ctx, request.params.applicationName ?? '');
  for (const source of sources) {
    const colon = source.indexOf(':');
    const scheme = source.slice(0, colon);
    const id = source.slice(colon + 1);
    const set = scheme === 'channel' ? app.channelSubs : scheme === 'bridge' ? app.bridgeSubs : app.otherSubs;
    const key = scheme === 'channel' || scheme === 'bridge' ? id : source;
    if (colon < 0 || !['channel', 'bridge', 'endpoint', 'deviceState'].includes(scheme)) throw badRequest('Invalid event source URI scheme');
    if (scheme === 'channel' && !ctx.world.channel(id)) throw unprocessable(`Unable to find eventSource '${source}'`);
    if (scheme === 'bridge' && !ctx.world.bridges.has(id)) throw unprocessable(`Unable to find eventSource '${source}'`);
    if (!subscribe && !set.has(key)) throw conflict('Application not subscribed to event source');
    if (subscribe) set.add(key);
    else set.delete(key);
  }
  return json(200, applicationJson(ctx, app));
}

export function applicationRoutes(router: Router, ctx: Ctx): void {
  router
    .add('GET', '/applications', () => json(200, [...ctx.apps.apps.values()].map((app) => applicationJson(ctx, app))))
    .add('GET', '/applications/:applicationName', (r) => json(200, applicationJson(ctx, requireApp(ctx, r.params.applicationName ?? ''))))
    .add('POST', '/applications/:applicationName/subscription', (r) => changeSubscription(ctx, r, true))
    .add('DELETE', '/applications/:applicationName/subscription', (r) => changeSubscription(ctx, r, false))
    .add('PUT', '/applications/:applicationName/eventFilter', (r) => json(200, applicationJson(ctx, requireApp(ctx, r.params.applicationName ?? ''))));
}
