import type { TimerHandle } from '../core/clock.js';

export type PlaybackStateName = 'queued' | 'playing' | 'continuing' | 'paused' | 'done' | 'canceled';

export class Playback {
  state: PlaybackStateName = 'queued';
  index = 0;
  timer?: TimerHandle;
  itemStartedAt = 0;
  remainingMs?: number;
  /** Called once when the playback leaves the queue (finished or stopped). */
  onDone?: () => void;

  constructor(
    readonly id: string,
    readonly mediaUris: string[],
    readonly targetUri: string,
    readonly language: string,
  ) {}

  get current(): string {
    return this.mediaUris[this.index] ?? '';
  }

  get next(): string | undefined {
    return this.mediaUris[this.index + 1];
  }

  toJson(): Record<string, unknown> {
    const json: Record<string, unknown> = { id: this.id, media_uri: this.current };
    if (this.next !== undefined) json.next_media_uri = this.next;
    json.target_uri = this.targetUri;
    json.language = this.language;
    json.state = this.state;
    return json;
  }
}

export type RecordingStateName = 'queued' | 'recording' | 'paused' | 'done' | 'failed' | 'canceled';
export type TerminateOn = 'none' | 'any' | '*' | '#';

export interface RecordingOptions {
  name: string;
  format: string;
  targetUri: string;
  maxDurationSeconds: number;
  maxSilenceSeconds: number;
  terminateOn: TerminateOn;
  ifExists: 'fail' | 'overwrite' | 'append';
  beep: boolean;
}

export class LiveRecording {
  state: RecordingStateName = 'queued';
  startedAt = 0;
  pausedAt?: number;
  pausedTotalMs = 0;
  muted = false;
  timer?: TimerHandle;
  /** Bridge recordings: runs while one channel is alone in the bridge (the recorder's no-audio rule). */
  noAudioTimer?: TimerHandle;
  onDone?: () => void;

  constructor(readonly options: RecordingOptions) {}

  get name(): string {
    return this.options.name;
  }

  get targetUri(): string {
    return this.options.targetUri;
  }

  /** Whole seconds, rounded down (finding 3). */
  durationSeconds(now: number): number {
    if (this.startedAt === 0) return 0;
    const pausedNow = this.pausedAt === undefined ? 0 : now - this.pausedAt;
    return Math.max(0, Math.floor((now - this.startedAt - this.pausedTotalMs - pausedNow) / 1000));
  }

  toJson(duration?: number): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      format: this.options.format,
      state: this.state,
      target_uri: this.targetUri,
    };
    if (duration !== undefined) json.duration = duration;
    return json;
  }
}
