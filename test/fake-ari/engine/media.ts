import type { MediaCommand, MediaQueue } from '../model/media-queue.js';
import type { Ctx } from './ctx.js';
import { finishPlayback, startPlayback } from './playbacks.js';
import { finishRecording, forgetRecording, startRecording } from './recordings.js';

/** Queue a playback, recording or barrier; it starts when everything before it is done. */
export function enqueue(ctx: Ctx, queue: MediaQueue, command: MediaCommand): void {
  queue.pending.push(command);
  pump(ctx, queue);
}

function pump(ctx: Ctx, queue: MediaQueue): void {
  while (queue.active === undefined) {
    const command = queue.pending.shift();
    if (!command) return;
    if (command.kind === 'barrier') {
      command.run();
      continue;
    }
    queue.active = command;
    const done = (): void => {
      if (queue.active !== command) return;
      queue.active = undefined;
      pump(ctx, queue);
    };
    if (command.kind === 'playback') startPlayback(ctx, command.playback, done);
    else startRecording(ctx, command.recording, done);
  }
}

/** Resolves once everything queued so far has finished (a bridge join behind a playback). */
export function waitUntilIdle(ctx: Ctx, queue: MediaQueue): Promise<boolean> {
  if (queue.idle) return Promise.resolve(true);
  return new Promise((resolve) => {
    enqueue(ctx, queue, { kind: 'barrier', run: () => resolve(true), cancel: () => resolve(false) });
  });
}

/** Remove a playback that has not started yet; returns false if it is not pending here. */
export function removePendingPlayback(queue: MediaQueue, playbackId: string): boolean {
  const index = queue.pending.findIndex((c) => c.kind === 'playback' && c.playback.id === playbackId);
  if (index < 0) return false;
  queue.pending.splice(index, 1);
  return true;
}

/** Hangup or bridge destruction: finish what runs, drop what waits. */
export function abortQueue(ctx: Ctx, queue: MediaQueue): void {
  const pending = queue.pending.splice(0);
  const active = queue.active;
  queue.active = undefined;
  if (active?.kind === 'playback') finishPlayback(ctx, active.playback);
  if (active?.kind === 'recording') finishRecording(ctx, active.recording);
  for (const command of pending) {
    if (command.kind === 'barrier') command.cancel();
    if (command.kind === 'playback') ctx.world.playbacks.delete(command.playback.id);
    if (command.kind === 'recording') forgetRecording(ctx, command.recording);
  }
}
