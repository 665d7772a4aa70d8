import type { Ctx } from '../engine/ctx.js';
import { subscribedChannels } from '../http/routes/applications.js';
import type { FakeAriState } from '../types.js';

/** Everything currently alive, for "nothing left behind" assertions. */
export function snapshotState(ctx: Ctx): FakeAriState {
  const { world } = ctx;
  return {
    channels: world.liveChannels().map((c) => ({
      id: c.id,
      name: c.name,
      state: c.state,
      inStasis: c.inStasis,
      app: c.stasisApp,
      bridgeId: c.bridgeId,
      moh: c.mohClass !== undefined,
      onHold: c.onHold,
      kind: c.kind,
    })),
    bridges: [...world.bridges.values()].map((b) => ({
      id: b.id,
      type: b.bridgeType,
      channels: [...b.channels],
      moh: b.mohClass !== undefined,
      recording: [...b.liveRecordingNames][0],
    })),
    playbacks: [...world.playbacks.values()].map((p) => ({ id: p.id, state: p.state, media_uri: p.current, target_uri: p.targetUri })),
    liveRecordings: [...world.liveRecordings.values()].map((r) => ({
      name: r.name,
      state: r.state,
      target_uri: r.targetUri,
      format: r.options.format,
    })),
    storedRecordings: [...world.storedRecordings.values()].map((s) => ({ ...s })),
    applications: [...ctx.apps.apps.values()].map((app) => ({
      name: app.name,
      connected: app.active,
      subscribeAll: app.subscribeAll,
      channel_ids: subscribedChannels(ctx, app),
      bridge_ids: [...app.bridgeSubs].filter((id) => world.bridges.has(id)),
    })),
  };
}
