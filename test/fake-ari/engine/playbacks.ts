import type { Route } from '../events/bus.js';
import type { Playback } from '../model/media.js';
import type { Ctx } from './ctx.js';

export function targetRoute(targetUri: string): Route {
  const [kind, id] = splitTarget(targetUri);
  return kind === 'bridge' ? { bridges: [id] } : { channels: [id] };
}

export function splitTarget(targetUri: string): [string, string] {
  const colon = targetUri.indexOf(':');
  return [targetUri.slice(0, colon), targetUri.slice(colon + 1)];
}

/** How long one media item lasts in the fake (options.timing). */
export function mediaLength(ctx: Ctx, uri: string): number {
  return ctx.opts.timing.mediaMs[uri] ?? ctx.opts.timing.defaultMediaMs;
}

function publish(ctx: Ctx, type: string, playback: Playback): void {
  ctx.bus.publish(type, { playback: playback.toJson() }, targetRoute(playback.targetUri));
}

export function startPlayback(ctx: Ctx, playback: Playback, onDone: () => void): void {
  playback.onDone = onDone;
  playback.state = 'playing';
  publish(ctx, 'PlaybackStarted', playback);
  scheduleItem(ctx, playback, mediaLength(ctx, playback.current));
}

function scheduleItem(ctx: Ctx, playback: Playback, lengthMs: number): void {
  ctx.scheduler.cancel(playback.timer);
  playback.timer = undefined;
  playback.itemStartedAt = ctx.clock.now();
  playback.remainingMs = lengthMs;
  if (Number.isFinite(lengthMs)) playback.timer = ctx.scheduler.after(lengthMs, () => itemEnded(ctx, playback));
}

/** The current media item reached its end: continue with the next one (PlaybackContinuing) or finish. */
export function itemEnded(ctx: Ctx, playback: Playback): void {
  if (playback.state !== 'playing' && playback.state !== 'paused') return;
  ctx.scheduler.cancel(playback.timer);
  if (playback.next === undefined) {
    finishPlayback(ctx, playback);
    return;
  }
  playback.state = 'continuing';
  publish(ctx, 'PlaybackContinuing', playback);
  playback.index++;
  playback.state = 'playing';
  publish(ctx, 'PlaybackStarted', playback);
  scheduleItem(ctx, playback, mediaLength(ctx, playback.current));
}

/** Natural end, stop (`DELETE /playbacks/{id}`) or hangup: PlaybackFinished with state done (finding 23). */
export function finishPlayback(ctx: Ctx, playback: Playback): void {
  if (playback.state === 'done' || playback.state === 'canceled') return;
  ctx.scheduler.cancel(playback.timer);
  playback.timer = undefined;
  playback.state = 'done';
  publish(ctx, 'PlaybackFinished', playback);
  ctx.world.playbacks.delete(playback.id);
  const onDone = playback.onDone;
  playback.onDone = undefined;
  onDone?.();
}

export function pausePlayback(ctx: Ctx, playback: Playback): void {
  if (playback.state !== 'playing') return;
  ctx.scheduler.cancel(playback.timer);
  playback.timer = undefined;
  const elapsed = ctx.clock.now() - playback.itemStartedAt;
  playback.remainingMs = Math.max(0, (playback.remainingMs ?? 0) - elapsed);
  playback.state = 'paused';
}

export function unpausePlayback(ctx: Ctx, playback: Playback): void {
  if (playback.state !== 'paused') return;
  playback.state = 'playing';
  scheduleItem(ctx, playback, playback.remainingMs ?? mediaLength(ctx, playback.current));
}

export function restartPlayback(ctx: Ctx, playback: Playback): void {
  playback.state = 'playing';
  scheduleItem(ctx, playback, mediaLength(ctx, playback.current));
}
