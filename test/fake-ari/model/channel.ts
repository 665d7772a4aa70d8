import type { TimerHandle } from '../core/clock.js';
import type { MediaQueue } from './media-queue.js';

export type ChannelKind = 'inbound' | 'originated' | 'created' | 'snoop';
export type ChannelStateName = 'Down' | 'Ring' | 'Ringing' | 'Up';

export interface CallerId {
  name: string;
  number: string;
}

export interface DialplanLocation {
  context: string;
  exten: string;
  priority: number;
  app_name: string;
  app_data: string;
}

/** Dialling state of an outbound leg (originate, or create + dial) until it answers or fails. */
export interface DialState {
  mode: 'originate' | 'dial';
  /** Stasis application to enter on answer (originate with `app`). */
  app?: string;
  appArgs: string[];
  dialstring: string;
  timers: TimerHandle[];
}

export class Channel {
  state: ChannelStateName;
  caller: CallerId;
  connected: CallerId = { name: '', number: '' };
  dialplan: DialplanLocation;
  protocolId = '';
  readonly language = 'en';

  stasisApp?: string;
  inStasis = false;
  bridgeId?: string;
  mohClass?: string;
  onHold = false;
  /** Set once a hangup sequence started; the channel is gone for ARI. */
  hangingUp = false;
  dialing?: DialState;
  /** `/channels/create` stores the dialstring used later by `/dial`. */
  savedDialstring?: string;
  snoopTargetId?: string;
  /** The dialplan fallback's manifest of this call (its hangup handler appends the `end` line). */
  fallbackManifest?: string;
  readonly vars = new Map<string, string>();
  readonly media: MediaQueue;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly kind: ChannelKind,
    readonly creationTime: string,
    init: { state: ChannelStateName; caller: CallerId; dialplan: DialplanLocation },
    media: MediaQueue,
  ) {
    this.state = init.state;
    this.caller = init.caller;
    this.dialplan = init.dialplan;
    this.media = media;
  }

  /** Technology part of the name (`PJSIP`, `Snoop`). */
  get tech(): string {
    return this.name.split('/')[0] ?? '';
  }

  toJson(): Record<string, unknown> {
    return {
      id: this.id,
      name: this.name,
      state: this.state,
      protocol_id: this.protocolId,
      caller: { ...this.caller },
      connected: { ...this.connected },
      accountcode: '',
      dialplan: { ...this.dialplan },
      creationtime: this.creationTime,
      language: this.language,
    };
  }
}
