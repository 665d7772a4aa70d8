/** Public types of the fake Asterisk ARI server. */

/** How a dialled endpoint (an operator phone, a hotline) answers an originate or dial. */
export type EndpointBehaviour =
  /** Rings, then answers after `afterMs` (default 20 ms). */
  | { kind: 'answer'; afterMs?: number }
  /** Rings, then answers 486 Busy after `afterMs`: cause 17, never enters Stasis. */
  | { kind: 'busy'; afterMs?: number }
  /** Rings until the originate timeout: ChannelDestroyed cause 19, no final Dial event. */
  | { kind: 'noanswer' }
  /** Nothing listening: no RINGING at all, then cause 19 at the timeout (finding 17). */
  | { kind: 'silent' }
  /**
   * Not registered / unreachable: Asterisk cannot create the channel, the originate
   * (or /channels/create) answers 500 "Allocation failed" and no event is sent.
   * (Not captured; from Asterisk's source: chan_pjsip request fails with cause 3.)
   */
  | { kind: 'unreachable' }
  /** Rings and waits for `fake.answerLeg(id)` / `fake.rejectLeg(id)` (deterministic tests). */
  | { kind: 'manual' };

export interface EndpointConfig {
  behaviour: EndpointBehaviour;
  /** Caller id the endpoint presents (lab: `"Agent 1" <agent1>`). Default: name '', number = resource. */
  callerName?: string;
  callerNumber?: string;
  /** Dialplan context of the endpoint (lab: `agents`). */
  context?: string;
}

export interface FakeAriTiming {
  /** Default length of one media item (`sound:x`) in ms. Default 50. */
  defaultMediaMs: number;
  /** Per-media-URI length in ms, e.g. `{ 'sound:hello-world': 200 }`. `Infinity` = until stopped or `finishPlayback`. */
  mediaMs: Record<string, number>;
  /** Delay between a dial and RINGING. Default 1 ms. */
  ringAfterMs: number;
  /** Multiplier for originate/dial `timeout` seconds (1 = real seconds, 0.01 = 5 s becomes 50 ms). Default 1. */
  dialTimeoutScale: number;
  /** After `continue`, the dialplan hangs the channel up after this delay (ms). Default 5. */
  continueHangupAfterMs: number;
  /** Asterisk restart: delay between the hangups and the WebSocket closing (real: ~1 s). Default 10. */
  restartSocketCloseMs: number;
  /**
   * A bridge recording whose bridge holds one channel alone gets no audio (the phone sends none while its user is
   * silent, or the user is muted); Asterisk's recorder gives up after 4 s (`WARNING app.c: No audio available on
   * Recorder/ARI-…`) and the recording finishes (RecordingFinished done, file kept). Default 4000, as Asterisk 22.
   */
  recorderNoAudioMs: number;
}

export interface FakeAriOptions {
  username?: string;
  password?: string;
  /** Where finished recordings are written as `<dir>/<name>.<format>`. Default: a temp dir removed on close(). */
  recordingsDir?: string;
  /** Stasis application citizen calls are sent to. Default `callcentre`. */
  defaultApp?: string;
  asteriskId?: string;
  /** Also send ChannelVarset noise (STASISSTATUS, BRIDGEPEER…). Default false. */
  noise?: boolean;
  /** Bridge recording events are delivered twice to subscribeAll apps, like Asterisk 22 (finding 20). Default true. */
  duplicateBridgeRecordingEvents?: boolean;
  /** Endpoint used when an endpoint has no explicit configuration. Default answer after 20 ms. */
  defaultEndpoint?: EndpointConfig;
  /**
   * The project's dialplan fallback (asterisk-config/extensions.conf `[stasis-fallback]`): when Stasis() fails, the
   * call is answered in the dialplan instead of refused with 603, and its manifest `<dir>/<uniqueid>.call` gets the
   * `start` line, then the `end` line when the caller hangs up (src/fallback/manifest.ts). Nobody answers it in
   * the fake. Default: no fallback (the lab's `1099`: SIP 603).
   */
  dialplanFallback?: { dir: string; serviceNumber?: string };
  timing?: Partial<FakeAriTiming>;
}

export interface PlaceCallOptions {
  /** Citizen's number (caller id number). */
  from: string;
  /** Dialled number, becomes the dialplan exten and the StasisStart arg. Default `1022`. */
  to?: string;
  /** Trunk endpoint the call arrives on. Default `PJSIP/pstn`. */
  endpoint?: string;
  callerName?: string;
  /** Stasis application. Default: options.defaultApp. */
  app?: string;
  /** Dialplan context. Default `from-pstn`. */
  context?: string;
}

export type CallOutcomeKind = 'stasis' | 'failed' | 'fallback';

export interface CallOutcome {
  channelId: string;
  from: string;
  to: string;
  app: string;
  outcome: CallOutcomeKind;
  /** `FAILED` when Stasis() could not run (no application connected, finding 10). */
  stasisStatus: 'SUCCESS' | 'FAILED' | '';
  /** SIP final response the caller got (603 when Stasis failed with no fallback, 200 when the fallback answered). */
  sipStatus?: number;
  at: string;
}

export interface RecordedRequest {
  at: string;
  method: string;
  /** Path without the `/ari` prefix, like the captures (`/channels/123/answer`). */
  path: string;
  query: Record<string, string | string[]>;
  body?: unknown;
  status: number;
}

export interface RequestFilter {
  method?: string;
  /** Substring or RegExp the path must match. */
  path?: string | RegExp;
}

export interface SentEvent {
  app: string;
  event: Record<string, unknown>;
}

export interface DropWebSocketsOptions {
  /** Refuse new WebSocket connections for this long (ms). */
  refuseMs?: number;
  /** Only drop this application's sockets. */
  app?: string;
}

export interface RestartOptions {
  /** How long ARI stays unreachable (connection refused). Default 50 ms. */
  downMs?: number;
}

export interface DtmfOptions {
  /** `duration_ms` reported in the event. Default 280 (what the lab phones sent). */
  durationMs?: number;
  /** Real delay before each digit's event (a digit's event comes at the end of the key press). Default 5 ms. */
  intervalMs?: number;
}

export interface ChannelState {
  id: string;
  name: string;
  state: string;
  inStasis: boolean;
  app?: string;
  bridgeId?: string;
  moh: boolean;
  onHold: boolean;
  kind: string;
}

export interface BridgeState {
  id: string;
  type: string;
  channels: string[];
  moh: boolean;
  recording?: string;
}

export interface PlaybackState {
  id: string;
  state: string;
  media_uri: string;
  target_uri: string;
}

export interface LiveRecordingState {
  name: string;
  state: string;
  target_uri: string;
  format: string;
}

export interface ApplicationState {
  name: string;
  connected: boolean;
  subscribeAll: boolean;
  channel_ids: string[];
  bridge_ids: string[];
}

export interface FakeAriState {
  channels: ChannelState[];
  bridges: BridgeState[];
  playbacks: PlaybackState[];
  liveRecordings: LiveRecordingState[];
  storedRecordings: Array<{ name: string; format: string }>;
  applications: ApplicationState[];
}
