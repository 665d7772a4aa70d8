import type { MediaQueue } from './media-queue.js';

export type BridgeType = 'mixing' | 'holding';

export class Bridge {
  readonly channels: string[] = [];
  /** Technology as Asterisk reports it; events carry the value from before the change (like Asterisk). */
  technology: string;
  mohClass?: string;
  /** Names of the live recordings of this bridge (the hidden Recorder channels). */
  readonly liveRecordingNames = new Set<string>();
  readonly creator = 'Stasis';

  constructor(
    readonly id: string,
    readonly name: string,
    readonly bridgeType: BridgeType,
    readonly dtmfEvents: boolean,
    readonly creationTime: string,
    readonly media: MediaQueue,
  ) {
    this.technology = bridgeType === 'holding' ? 'holding_bridge' : 'simple_bridge';
  }

  toJson(): Record<string, unknown> {
    return {
      id: this.id,
      technology: this.technology,
      bridge_type: this.bridgeType,
      bridge_class: 'stasis',
      creator: this.creator,
      name: this.name,
      channels: [...this.channels],
      creationtime: this.creationTime,
      video_mode: 'talker',
    };
  }
}

/**
 * What Asterisk's smart bridge picks: two plain PJSIP channels in a mixing bridge without
 * `dtmf_events` go native RTP (which is why no DTMF events arrive, finding 6); three or more
 * need softmix.
 */
export function computeTechnology(bridge: Bridge, isPlainSip: (channelId: string) => boolean): string {
  if (bridge.bridgeType === 'holding') return 'holding_bridge';
  const count = bridge.channels.length;
  if (count >= 3) return 'softmix';
  if (count === 2 && !bridge.dtmfEvents && bridge.channels.every(isPlainSip)) return 'native_rtp';
  return 'simple_bridge';
}
