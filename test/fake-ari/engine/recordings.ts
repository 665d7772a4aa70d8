import type { Bridge } from '../model/bridge.js';
import type { LiveRecording } from '../model/media.js';
import type { Ctx } from './ctx.js';
import { splitTarget, targetRoute } from './playbacks.js';
import { writeRecordingFile } from './recording-files.js';

function publish(ctx: Ctx, type: string, recording: LiveRecording, duration?: number): void {
  const route = targetRoute(recording.targetUri);
  const isBridge = splitTarget(recording.targetUri)[0] === 'bridge';
  const copies = isBridge && ctx.opts.duplicateBridgeRecordingEvents ? 2 : 1;
  ctx.bus.publish(type, { recording: recording.toJson(duration) }, { ...route, subscribeAllCopies: copies });
}

export function startRecording(ctx: Ctx, recording: LiveRecording, onDone: () => void): void {
  recording.onDone = onDone;
  recording.state = 'recording';
  recording.startedAt = ctx.clock.now();
  publish(ctx, 'RecordingStarted', recording);
  const max = recording.options.maxDurationSeconds;
  if (max > 0) recording.timer = ctx.scheduler.after(max * 1000, () => finishRecording(ctx, recording));
  const [kind, id] = splitTarget(recording.targetUri);
  const bridge = kind === 'bridge' ? ctx.world.bridges.get(id) : undefined;
  if (bridge) watchRecorderAudio(ctx, bridge);
}

/**
 * Asterisk 22's recorder ends a recording that receives no audio for 4 s (issue 11 item 2: seen while the operator
 * was alone in the recorded bridge dialling a hotline, and while a caller waited alone for a blind transfer): with
 * one channel alone in a recorded bridge, its recordings finish after `timing.recorderNoAudioMs`. Called whenever a
 * recorded bridge's membership changes; a second channel joining in time stops the countdown.
 */
export function watchRecorderAudio(ctx: Ctx, bridge: Bridge): void {
  const alone = bridge.channels.length === 1;
  for (const name of bridge.liveRecordingNames) {
    const recording = ctx.world.liveRecordings.get(name);
    if (!recording || (recording.state !== 'recording' && recording.state !== 'paused')) continue;
    if (!alone) {
      ctx.scheduler.cancel(recording.noAudioTimer);
      recording.noAudioTimer = undefined;
    } else if (!recording.noAudioTimer) {
      recording.noAudioTimer = ctx.scheduler.after(ctx.opts.timing.recorderNoAudioMs, () => {
        recording.noAudioTimer = undefined;
        finishRecording(ctx, recording);
      });
    }
  }
}

/**
 * Stop, hangup, bridge emptied, max duration or terminating digit: RecordingFinished with
 * state done and whole-second duration; the file is written and becomes a stored recording
 * (findings 3 and 20). Cancel (`DELETE /recordings/live/{name}`) discards the file.
 */
export function finishRecording(ctx: Ctx, recording: LiveRecording, state: 'done' | 'canceled' = 'done'): void {
  if (recording.state !== 'recording' && recording.state !== 'paused') return;
  ctx.scheduler.cancel(recording.timer);
  recording.timer = undefined;
  ctx.scheduler.cancel(recording.noAudioTimer);
  recording.noAudioTimer = undefined;
  const now = ctx.clock.now();
  const duration = recording.durationSeconds(now);
  const durationMs = Math.max(0, now - recording.startedAt - recording.pausedTotalMs);
  recording.state = state;
  if (state === 'done') {
    const { name, format } = recording.options;
    writeRecordingFile(ctx.opts.recordingsDir, name, format, durationMs);
    ctx.world.storedRecordings.set(name, { name, format });
  }
  publish(ctx, 'RecordingFinished', recording, duration);
  forgetRecording(ctx, recording);
  const onDone = recording.onDone;
  recording.onDone = undefined;
  onDone?.();
}

/** A recording that never started (its channel hung up while it was queued). */
export function forgetRecording(ctx: Ctx, recording: LiveRecording): void {
  if (ctx.world.liveRecordings.get(recording.name) === recording) ctx.world.liveRecordings.delete(recording.name);
  const [kind, id] = splitTarget(recording.targetUri);
  if (kind === 'bridge') ctx.world.bridges.get(id)?.liveRecordingNames.delete(recording.name);
}

export function pauseRecording(ctx: Ctx, recording: LiveRecording): void {
  if (recording.state !== 'recording') return;
  recording.state = 'paused';
  recording.pausedAt = ctx.clock.now();
}

export function unpauseRecording(ctx: Ctx, recording: LiveRecording): void {
  if (recording.state !== 'paused' || recording.pausedAt === undefined) return;
  recording.pausedTotalMs += ctx.clock.now() - recording.pausedAt;
  recording.pausedAt = undefined;
  recording.state = 'recording';
}
