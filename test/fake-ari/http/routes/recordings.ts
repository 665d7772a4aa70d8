import { badRequest, conflict, notFound, type AriError } from '../../core/errors.js';
import type { Ctx } from '../../engine/ctx.js';
import { splitTarget } from '../../engine/playbacks.js';
import { copyRecordingFile, deleteRecordingFile, readRecordingFile } from '../../engine/recording-files.js';
import { finishRecording, forgetRecording, pauseRecording, unpauseRecording } from '../../engine/recordings.js';
import type { LiveRecording } from '../../model/media.js';
import type { StoredRecording } from '../../model/world.js';
import { str } from '../params.js';
import { json, noContent, type Router } from '../router.js';

const recordingNotFound = (): AriError => notFound('Recording not found');

function requireLive(ctx: Ctx, name: string): LiveRecording {
  const recording = ctx.world.liveRecordings.get(name);
  if (!recording) throw recordingNotFound();
  return recording;
}

function requireStored(ctx: Ctx, name: string): StoredRecording {
  const stored = ctx.world.storedRecordings.get(name);
  if (!stored || !readRecordingFile(ctx.opts.recordingsDir, stored.name, stored.format)) throw recordingNotFound();
  return stored;
}

/** Stop or cancel: a recording still queued behind a playback just disappears. */
function end(ctx: Ctx, recording: LiveRecording, state: 'done' | 'canceled'): void {
  if (recording.state === 'queued') {
    const [kind, id] = splitTarget(recording.targetUri);
    const channel = kind === 'channel' ? ctx.world.channels.get(id) : undefined;
    const pending = channel?.media.pending;
    const index = pending?.findIndex((c) => c.kind === 'recording' && c.recording === recording) ?? -1;
    if (pending && index >= 0) pending.splice(index, 1);
    forgetRecording(ctx, recording);
    return;
  }
  finishRecording(ctx, recording, state);
  if (state === 'canceled') deleteRecordingFile(ctx.opts.recordingsDir, recording.name, recording.options.format);
}

function inSession(recording: LiveRecording): void {
  if (recording.state !== 'recording' && recording.state !== 'paused') throw conflict('Recording not in session');
}

export function recordingRoutes(router: Router, ctx: Ctx): void {
  const dir = ctx.opts.recordingsDir;
  router
    .add('GET', '/recordings/stored', () =>
      json(200, [...ctx.world.storedRecordings.values()].filter((s) => readRecordingFile(dir, s.name, s.format)).map((s) => ({ ...s }))),
    )
    .add('GET', '/recordings/stored/:name', (r) => json(200, { ...requireStored(ctx, r.params.name ?? '') }))
    .add('DELETE', '/recordings/stored/:name', (r) => {
      const stored = requireStored(ctx, r.params.name ?? '');
      deleteRecordingFile(dir, stored.name, stored.format);
      ctx.world.storedRecordings.delete(stored.name);
      return noContent();
    })
    .add('GET', '/recordings/stored/:name/file', (r) => {
      const stored = requireStored(ctx, r.params.name ?? '');
      const bytes = readRecordingFile(dir, stored.name, stored.format);
      if (!bytes) throw recordingNotFound();
      return { status: 200, bytes, contentType: stored.format.startsWith('wav') ? 'audio/wav' : 'application/octet-stream' };
    })
    .add('POST', '/recordings/stored/:name/copy', (r) => {
      const destination = str(r.query, 'destinationRecordingName');
      if (!destination) throw badRequest('Missing parameter destinationRecordingName');
      const stored = requireStored(ctx, r.params.name ?? '');
      if (ctx.world.storedRecordings.has(destination)) throw conflict('A recording with the same name already exists on the system');
      copyRecordingFile(dir, stored.name, destination, stored.format);
      const copy = { name: destination, format: stored.format };
      ctx.world.storedRecordings.set(destination, copy);
      return json(200, { ...copy });
    })
    .add('GET', '/recordings/live/:name', (r) => json(200, requireLive(ctx, r.params.name ?? '').toJson()))
    .add('DELETE', '/recordings/live/:name', (r) => {
      end(ctx, requireLive(ctx, r.params.name ?? ''), 'canceled');
      return noContent();
    })
    .add('POST', '/recordings/live/:name/stop', (r) => {
      end(ctx, requireLive(ctx, r.params.name ?? ''), 'done');
      return noContent();
    })
    .add('POST', '/recordings/live/:name/pause', (r) => {
      const recording = requireLive(ctx, r.params.name ?? '');
      inSession(recording);
      pauseRecording(ctx, recording);
      return noContent();
    })
    .add('DELETE', '/recordings/live/:name/pause', (r) => {
      const recording = requireLive(ctx, r.params.name ?? '');
      inSession(recording);
      unpauseRecording(ctx, recording);
      return noContent();
    })
    .add('POST', '/recordings/live/:name/mute', (r) => {
      const recording = requireLive(ctx, r.params.name ?? '');
      inSession(recording);
      recording.muted = true;
      return noContent();
    })
    .add('DELETE', '/recordings/live/:name/mute', (r) => {
      const recording = requireLive(ctx, r.params.name ?? '');
      inSession(recording);
      recording.muted = false;
      return noContent();
    });
}
