/**
 * The small typed interface the rest of the app uses to drive Asterisk (ARI). Only the gateway
 * (ari-gateway.ts) implements it against a real Asterisk; tests run the gateway against the fake ARI.
 * Field names are Asterisk's own (snake_case) so events can be compared with the captures in shared/ari.
 */

export interface AriCallerId {
  name: string;
  number: string;
}

export interface AriChannel {
  id: string;
  name: string;
  state: string;
  caller: AriCallerId;
  connected?: AriCallerId;
  dialplan?: { context: string; exten: string; priority?: number; app_name?: string; app_data?: string };
  language?: string;
  creationtime?: string;
}

export interface AriBridge {
  id: string;
  bridge_type?: string;
  technology?: string;
  channels: string[];
}

export interface AriPlayback {
  id: string;
  media_uri: string;
  target_uri: string;
  state: string;
}

export interface AriLiveRecording {
  name: string;
  format: string;
  state: string;
  target_uri: string;
  /** Whole seconds, rounded down (finding 3). */
  duration?: number;
}

export interface AriApplication {
  name: string;
  channel_ids: string[];
  bridge_ids: string[];
}

/** A SIP phone or trunk as Asterisk sees it; `state` comes from qualify (OPTIONS) and registration. */
export interface AriEndpoint {
  technology: string;
  resource: string;
  state?: 'unknown' | 'offline' | 'online';
  channel_ids: string[];
}

interface EventBase {
  timestamp?: string;
  application?: string;
}

/** The events call control reacts to. Asterisk sends more (ChannelVarset…): they pass through as `AriAnyEvent`. */
export interface AriEventMap {
  StasisStart: EventBase & { type: 'StasisStart'; channel: AriChannel; args: string[]; replace_channel?: AriChannel };
  StasisEnd: EventBase & { type: 'StasisEnd'; channel: AriChannel };
  ChannelDtmfReceived: EventBase & { type: 'ChannelDtmfReceived'; channel: AriChannel; digit: string; duration_ms: number };
  /** A soft request's `cause` is a flag (32 app, 16 end of Stasis), not a Q.850 cause; a caller's BYE has no cause (finding 4). */
  ChannelHangupRequest: EventBase & { type: 'ChannelHangupRequest'; channel: AriChannel; cause?: number; soft?: boolean };
  ChannelDestroyed: EventBase & { type: 'ChannelDestroyed'; channel: AriChannel; cause: number; cause_txt: string };
  ChannelStateChange: EventBase & { type: 'ChannelStateChange'; channel: AriChannel };
  ChannelEnteredBridge: EventBase & { type: 'ChannelEnteredBridge'; channel: AriChannel; bridge: AriBridge };
  ChannelLeftBridge: EventBase & { type: 'ChannelLeftBridge'; channel: AriChannel; bridge: AriBridge };
  PlaybackStarted: EventBase & { type: 'PlaybackStarted'; playback: AriPlayback };
  PlaybackContinuing: EventBase & { type: 'PlaybackContinuing'; playback: AriPlayback };
  PlaybackFinished: EventBase & { type: 'PlaybackFinished'; playback: AriPlayback };
  RecordingStarted: EventBase & { type: 'RecordingStarted'; recording: AriLiveRecording };
  RecordingFinished: EventBase & { type: 'RecordingFinished'; recording: AriLiveRecording };
  RecordingFailed: EventBase & { type: 'RecordingFailed'; recording: AriLiveRecording };
  /** Originate gives `""`, `RINGING`, `ANSWER`/`BUSY`…; never a `caller` (finding 5). */
  Dial: EventBase & { type: 'Dial'; peer: AriChannel; dialstatus: string; dialstring?: string };
  ApplicationReplaced: EventBase & { type: 'ApplicationReplaced' };
  /** Delivered to apps subscribed to `endpoint:<tech>` (issue 11 item 4: a phone that stops answering qualify). */
  EndpointStateChange: EventBase & { type: 'EndpointStateChange'; endpoint: AriEndpoint };
}

export type AriEventType = keyof AriEventMap;
export type AriEvent = AriEventMap[AriEventType];
export type AriAnyEvent = EventBase & { type: string; [key: string]: unknown };

export type Unsubscribe = () => void;

export interface OriginateOptions {
  endpoint: string;
  /** The Stasis app the leg enters once answered (StasisStart carries appArgs; finding 5). */
  app: string;
  appArgs: string;
  /** Chosen by us so that events can be correlated before the HTTP response. */
  channelId: string;
  callerId?: string;
  /** Seconds to ring before the leg ends with cause 19 (finding 17). */
  timeout?: number;
}

export interface RecordOptions {
  name: string;
  format: string;
  ifExists?: 'fail' | 'overwrite' | 'append';
  maxDurationSeconds?: number;
}

/** A snoop channel on a live channel (finding 22): it starts in Stasis, Up, with no Dial events. */
export interface SnoopOptions {
  /** Chosen by us (deterministic, per call). */
  snoopId: string;
  app: string;
  appArgs: string;
  /** What the snoop hears: on the caller's channel `in` = the caller, `out` = what the caller hears, `both`. */
  spy?: 'none' | 'both' | 'in' | 'out';
  /** Where the snoop speaks: on the operator's channel `out` = to the operator only (coaching). */
  whisper?: 'none' | 'both' | 'in' | 'out';
}

export type PlayTarget = { channelId: string } | { bridgeId: string };

export type HangupReason = 'normal' | 'busy' | 'congestion' | 'no_answer';

/** What call control needs from Asterisk. */
export interface AriPort {
  /** The WebSocket is up and events flow. */
  readonly connected: boolean;

  answer(channelId: string): Promise<void>;
  hangup(channelId: string, reason?: HangupReason): Promise<void>;
  getChannel(channelId: string): Promise<AriChannel>;
  listChannels(): Promise<AriChannel[]>;
  originate(options: OriginateOptions): Promise<AriChannel>;
  /** Creates a snoop channel on `channelId` (spy=none&whisper=none is refused with 400). */
  snoop(channelId: string, options: SnoopOptions): Promise<AriChannel>;
  /** Leaves Stasis and continues in the dialplan (the safe place when call control fails). */
  continueInDialplan(channelId: string, context: string, extension: string, priority?: number): Promise<void>;

  /** Plays a media list in order with one PlaybackFinished at the end (findings 1, 23). */
  play(target: PlayTarget, media: readonly string[], playbackId: string): Promise<AriPlayback>;
  /** Ends the playback with state "done", like a natural end (finding 23). */
  stopPlayback(playbackId: string): Promise<void>;

  createBridge(bridgeId: string, type: string, name?: string): Promise<AriBridge>;
  getBridge(bridgeId: string): Promise<AriBridge>;
  listBridges(): Promise<AriBridge[]>;
  destroyBridge(bridgeId: string): Promise<void>;
  addChannel(bridgeId: string, channelId: string): Promise<void>;
  removeChannel(bridgeId: string, channelId: string): Promise<void>;
  startBridgeMoh(bridgeId: string, mohClass?: string): Promise<void>;
  stopBridgeMoh(bridgeId: string): Promise<void>;

  recordBridge(bridgeId: string, options: RecordOptions): Promise<AriLiveRecording>;
  stopRecording(name: string): Promise<void>;
  getStoredRecordingFile(name: string): Promise<Buffer>;
  deleteStoredRecording(name: string): Promise<void>;

  getApplication(name: string): Promise<AriApplication>;
  /** Adds an event source (`endpoint:PJSIP`, …) to the application (kept while it is registered). */
  subscribeApplication(name: string, eventSource: string): Promise<void>;
  listEndpoints(): Promise<AriEndpoint[]>;

  /** Every event of one type. */
  on<K extends AriEventType>(type: K, handler: (event: AriEventMap[K]) => void): Unsubscribe;
  /**
   * Every event about one channel: `channel.id`, a Dial's `peer.id`, or a playback whose target is the channel.
   * Call contexts use this and release it when the call ends.
   */
  onChannel(channelId: string, handler: (event: AriEvent) => void): Unsubscribe;
  /** After every (re)connection of the events WebSocket: reconcile state with Asterisk here. */
  onConnected(handler: () => void): Unsubscribe;
  /** The events WebSocket was lost (events are missed until the next onConnected). */
  onDisconnected(handler: () => void): Unsubscribe;
}

/** An ARI REST failure with Asterisk's HTTP status and message. */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly operation: string,
  ) {
    super(`${operation}: ${status} ${message}`);
    this.name = 'AriError';
  }
}

/**
 * The resource to release is already gone: 404 (channel, bridge, playback, recording not found), 422 "Channel not
 * in this bridge", 409 "Bridge isn't playing music" or "Channel not in Stasis application" (finding 19).
 */
export function isGone(error: unknown): boolean {
  if (!(error instanceof AriError)) return false;
  if (error.status === 404 || error.status === 422) return true;
  return error.status === 409 && /isn't playing music|not in Stasis/i.test(error.message);
}

/** Runs a release; a resource that is already gone is not an error. Every other failure is rethrown. */
export async function ignoreGone(release: () => Promise<unknown>): Promise<void> {
  try {
    await release();
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}
