import { badRequest, conflict, internalError, unprocessable } from '../../core/errors.js';
import type { Ctx } from '../../engine/ctx.js';
import { LiveRecording, Playback, type RecordingOptions, type TerminateOn } from '../../model/media.js';
import { bool, int, list, str } from '../params.js';
import type { Query } from '../router.js';

const FORMATS = new Set(['wav', 'wav16', 'gsm', 'ulaw', 'alaw', 'sln', 'sln16', 'g722', 'g729', 'WAV', 'wav49', 'h263', 'ogg']);
const TERMINATE_ON = new Set(['none', 'any', '*', '#']);
const IF_EXISTS = new Set(['fail', 'overwrite', 'append']);

/** Validate play parameters and build a queued Playback (not yet enqueued). */
export function newPlayback(ctx: Ctx, query: Query, targetUri: string, language: string, playbackId?: string): Playback {
  const media = list(query, 'media');
  if (media.length === 0) throw badRequest('Missing parameter media');
  if (int(query, 'skipms', 3000) < 0) throw badRequest('skipms cannot be negative');
  if (int(query, 'offsetms', 0) < 0) throw badRequest('offsetms cannot be negative');
  const id = playbackId || str(query, 'playbackId') || ctx.ids.uuid();
  if (ctx.world.playbacks.has(id)) throw internalError('Failed to queue media for playback');
  const playback = new Playback(id, media, targetUri, str(query, 'lang') || language);
  ctx.world.playbacks.set(id, playback);
  return playback;
}

/** Validate record parameters in Asterisk's order and build a queued LiveRecording. */
export function newRecording(ctx: Ctx, query: Query, targetUri: string): LiveRecording {
  const options = recordingOptions(query, targetUri);
  const live = ctx.world.liveRecordings.get(options.name);
  const stored = ctx.world.storedRecordings.get(options.name);
  if (live || (stored && options.ifExists === 'fail')) {
    throw conflict(`Recording '${options.name}' already exists and can not be overwritten`);
  }
  const recording = new LiveRecording(options);
  ctx.world.liveRecordings.set(options.name, recording);
  return recording;
}

/** Checks that need no channel/bridge lookup (Asterisk runs them first). */
export function validateDurations(query: Query): void {
  if (int(query, 'maxDurationSeconds', 0) < 0) throw badRequest('max_duration_seconds cannot be negative');
  if (int(query, 'maxSilenceSeconds', 0) < 0) throw badRequest('max_silence_seconds cannot be negative');
}

function recordingOptions(query: Query, targetUri: string): RecordingOptions {
  const name = str(query, 'name') ?? '';
  const format = str(query, 'format') ?? '';
  const terminateOn = str(query, 'terminateOn') || 'none';
  const ifExists = str(query, 'ifExists') || 'fail';
  if (!TERMINATE_ON.has(terminateOn)) throw badRequest('terminateOn invalid');
  if (!IF_EXISTS.has(ifExists)) throw badRequest('ifExists invalid');
  if (!FORMATS.has(format)) throw unprocessable('specified format is unknown on this system');
  if (name === '' || name.includes('..')) throw badRequest('Recording name invalid');
  return {
    name,
    format,
    targetUri,
    maxDurationSeconds: int(query, 'maxDurationSeconds', 0),
    maxSilenceSeconds: int(query, 'maxSilenceSeconds', 0),
    terminateOn: terminateOn as TerminateOn,
    ifExists: ifExists as RecordingOptions['ifExists'],
    beep: bool(query, 'beep', false),
  };
}
