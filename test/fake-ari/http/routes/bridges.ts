import { conflict, internalError, unprocessable } from '../../core/errors.js';
import { addChannel, createBridge, destroyBridge, leaveBridge } from '../../engine/bridging.js';
import type { Ctx } from '../../engine/ctx.js';
import { enqueue } from '../../engine/media.js';
import { startRecording } from '../../engine/recordings.js';
import { list, str } from '../params.js';
import { json, noContent, type Reply, type Request, type Router } from '../router.js';
import { requireBridge, requireBridgeChannels } from './lookup.js';
import { newPlayback, newRecording, validateDurations } from './media-args.js';

function create(ctx: Ctx, request: Request): Reply {
  const id = request.params.bridgeId ?? str(request.query, 'bridgeId');
  const name = str(request.query, 'name');
  const type = str(request.query, 'type');
  const existing = id ? ctx.world.bridges.get(id) : undefined;
  if (existing && request.params.bridgeId === undefined) throw conflict(`Bridge with id '${existing.id}' already exists`);
  if (existing) {
    // POST /bridges/{id} on an existing bridge "updates" it; Asterisk refuses real changes.
    if (name && name !== existing.name) throw internalError('Changing bridge name is not implemented');
    if (type) throw internalError('Supplying a bridge type when updating a bridge is not allowed.');
    return json(200, existing.toJson());
  }
  return json(200, createBridge(ctx, { id, name, type }).toJson());
}

async function add(ctx: Ctx, request: Request): Promise<Reply> {
  const bridge = requireBridge(ctx, request.params.bridgeId ?? '');
  const channels = requireBridgeChannels(ctx, list(request.query, 'channel'));
  for (const channel of channels) await addChannel(ctx, bridge, channel);
  return noContent();
}

function remove(ctx: Ctx, request: Request): Reply {
  const bridge = requireBridge(ctx, request.params.bridgeId ?? '');
  const channels = requireBridgeChannels(ctx, list(request.query, 'channel'));
  if (channels.some((channel) => channel.bridgeId !== bridge.id)) throw unprocessable('Channel not in this bridge');
  for (const channel of channels) leaveBridge(ctx, bridge, channel);
  return noContent();
}

function play(ctx: Ctx, request: Request): Reply {
  const bridge = requireBridge(ctx, request.params.bridgeId ?? '');
  const playback = newPlayback(ctx, request.query, `bridge:${bridge.id}`, 'en', request.params.playbackId);
  const body = playback.toJson();
  enqueue(ctx, bridge.media, { kind: 'playback', playback });
  return json(201, body);
}

/** The bridge's hidden Recorder channel records at once, independent of playbacks. */
function record(ctx: Ctx, request: Request): Reply {
  const bridge = requireBridge(ctx, request.params.bridgeId ?? '');
  validateDurations(request.query);
  const recording = newRecording(ctx, request.query, `bridge:${bridge.id}`);
  const body = recording.toJson();
  bridge.liveRecordingNames.add(recording.name);
  startRecording(ctx, recording, () => undefined);
  return json(201, body);
}

export function bridgeRoutes(router: Router, ctx: Ctx): void {
  router
    .add('GET', '/bridges', () => json(200, [...ctx.world.bridges.values()].map((b) => b.toJson())))
    .add('POST', '/bridges', (r) => create(ctx, r))
    .add('GET', '/bridges/:bridgeId', (r) => json(200, requireBridge(ctx, r.params.bridgeId ?? '').toJson()))
    .add('POST', '/bridges/:bridgeId', (r) => create(ctx, r))
    .add('DELETE', '/bridges/:bridgeId', (r) => {
      destroyBridge(ctx, requireBridge(ctx, r.params.bridgeId ?? ''));
      return noContent();
    })
    .add('POST', '/bridges/:bridgeId/addChannel', (r) => add(ctx, r))
    .add('POST', '/bridges/:bridgeId/removeChannel', (r) => remove(ctx, r))
    .add('POST', '/bridges/:bridgeId/moh', (r) => {
      requireBridge(ctx, r.params.bridgeId ?? '').mohClass = str(r.query, 'mohClass') || 'default';
      return noContent();
    })
    .add('DELETE', '/bridges/:bridgeId/moh', (r) => {
      const bridge = requireBridge(ctx, r.params.bridgeId ?? '');
      if (!bridge.mohClass) throw conflict("Bridge isn't playing music");
      bridge.mohClass = undefined;
      return noContent();
    })
    .add('POST', '/bridges/:bridgeId/play', (r) => play(ctx, r))
    .add('POST', '/bridges/:bridgeId/play/:playbackId', (r) => play(ctx, r))
    .add('POST', '/bridges/:bridgeId/record', (r) => record(ctx, r));
}
