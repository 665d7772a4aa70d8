import type { CallOutcome, EndpointConfig } from '../types.js';
import type { Bridge } from './bridge.js';
import type { Channel } from './channel.js';
import type { LiveRecording, Playback } from './media.js';

export interface StoredRecording {
  name: string;
  format: string;
}

/** Everything Asterisk currently knows about. Engines mutate it; routes read it. */
export class World {
  readonly channels = new Map<string, Channel>();
  readonly bridges = new Map<string, Bridge>();
  readonly playbacks = new Map<string, Playback>();
  readonly liveRecordings = new Map<string, LiveRecording>();
  readonly storedRecordings = new Map<string, StoredRecording>();
  readonly endpoints = new Map<string, EndpointConfig>();
  /** Endpoint states (`PJSIP/op101` → online/offline/unknown), as qualify_frequency finds them; default online. */
  readonly endpointStates = new Map<string, 'unknown' | 'offline' | 'online'>();
  readonly outcomes: CallOutcome[] = [];

  channel(id: string): Channel | undefined {
    const channel = this.channels.get(id);
    return channel && !channel.hangingUp ? channel : undefined;
  }

  /** Live channels in creation order. */
  liveChannels(): Channel[] {
    return [...this.channels.values()].filter((channel) => !channel.hangingUp);
  }

  /** Clears calls and media; stored recordings and endpoint configuration survive (like files and config on disk). */
  clearRuntime(): void {
    this.channels.clear();
    this.bridges.clear();
    this.playbacks.clear();
    this.liveRecordings.clear();
  }
}
