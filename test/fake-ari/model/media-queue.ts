import type { LiveRecording, Playback } from './media.js';

/**
 * The command queue Asterisk keeps per channel (and per bridge announcer): playbacks and
 * recordings run one after the other (finding 1), and a bridge join queued behind a
 * playback waits for it (finding 2).
 */
export type MediaCommand =
  | { kind: 'playback'; playback: Playback }
  | { kind: 'recording'; recording: LiveRecording }
  | { kind: 'barrier'; run: () => void; cancel: () => void };

export class MediaQueue {
  readonly pending: MediaCommand[] = [];
  active?: MediaCommand;

  get idle(): boolean {
    return this.active === undefined && this.pending.length === 0;
  }

  get activeRecording(): LiveRecording | undefined {
    return this.active?.kind === 'recording' ? this.active.recording : undefined;
  }
}
