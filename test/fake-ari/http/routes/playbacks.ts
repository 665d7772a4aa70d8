import { badRequest, conflict, notFound } from '../../core/errors.js';
import type { Ctx } from '../../engine/ctx.js';
import { removePendingPlayback } from '../../engine/media.js';
import { finishPlayback, pausePlayback, restartPlayback, splitTarget, unpausePlayback } from '../../engine/playbacks.js';
import type { Playback } from '../../model/media.js';
import { str } from '../params.js';
import { json, noContent, type Router } from '../router.js';

const OPERATIONS = new Set(['restart', 'pause', 'unpause', 'reverse', 'forward']);

function requirePlayback(ctx: Ctx, id: string): Playback {
  const playback = ctx.world.playbacks.get(id);
  if (!playback) throw notFound('Playback not found');
  return playback;
}

function stop(ctx: Ctx, playback: Playback): void {
  if (playback.state === 'queued') {
    const [kind, id] = splitTarget(playback.targetUri);
    const owner = kind === 'bridge' ? ctx.world.bridges.get(id) : ctx.world.channels.get(id);
    if (owner) removePendingPlayback(owner.media, playback.id);
  }
  finishPlayback(ctx, playback);
}

export function playbackRoutes(router: Router, ctx: Ctx): void {
  router
    .add('GET', '/playbacks/:playbackId', (r) => json(200, requirePlayback(ctx, r.params.playbackId ?? '').toJson()))
    .add('DELETE', '/playbacks/:playbackId', (r) => {
      stop(ctx, requirePlayback(ctx, r.params.playbackId ?? ''));
      return noContent();
    })
    .add('POST', '/playbacks/:playbackId/control', (r) => {
      const playback = requirePlayback(ctx, r.params.playbackId ?? '');
      const operation = str(r.query, 'operation') ?? '';
      if (!OPERATIONS.has(operation)) throw badRequest('Invalid operation parameter');
      if (playback.state !== 'playing' && playback.state !== 'paused') throw conflict('Can only control playing media');
      if (operation === 'pause') pausePlayback(ctx, playback);
      if (operation === 'unpause') unpausePlayback(ctx, playback);
      if (operation === 'restart') restartPlayback(ctx, playback);
      return noContent();
    });
}
