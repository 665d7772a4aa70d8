import { endpointJson } from '../http/routes/endpoints.js';
import { rmSync } from 'node:fs';
import type { Ctx } from '../engine/ctx.js';
import { placeCall } from '../engine/calls.js';
import { answerLeg, rejectLeg, timeoutLeg } from '../engine/dialing.js';
import { sendDigits } from '../engine/dtmf.js';
import { farEndHangupSpec, hangup } from '../engine/hangup.js';
import { itemEnded } from '../engine/playbacks.js';
import type { EventSockets } from '../events/websocket.js';
import type { InjectedFault } from '../http/ari-http.js';
import type {
  CallOutcome,
  DropWebSocketsOptions,
  DtmfOptions,
  EndpointBehaviour,
  EndpointConfig,
  FakeAriState,
  PlaceCallOptions,
  RecordedRequest,
  RequestFilter,
  RestartOptions,
  SentEvent,
} from '../types.js';
import type { Host } from './host.js';
import { restartAsterisk } from './restart.js';
import { snapshotState } from './state.js';

export type AriEvent = Record<string, unknown> & { type: string };

export interface WaitForEventOptions {
  /** Only events delivered to this application. */
  app?: string;
  /** Only look at events sent after this index of `eventCount()`. Default 0 (all). */
  since?: number;
  timeoutMs?: number;
}

export interface Internals {
  ctx: Ctx;
  host: Host;
  sockets: EventSockets;
  requestLog: RecordedRequest[];
  faults: InjectedFault[];
  errors: unknown[];
  ownsRecordingsDir: boolean;
  startedAt: { value: number };
}

/** The handle tests hold: the server's URLs plus everything a phone, a network or a sysadmin can do. */
export class FakeAri {
  constructor(private readonly internals: Internals) {}

  private get ctx(): Ctx {
    return this.internals.ctx;
  }

  /** `http://127.0.0.1:<port>` — what `ari-client.connect()` takes. */
  get url(): string {
    return `http://127.0.0.1:${this.internals.host.port}`;
  }

  /** `http://127.0.0.1:<port>/ari` */
  get ariUrl(): string {
    return `${this.url}/ari`;
  }

  /** `ws://127.0.0.1:<port>/ari/events?app=<app>&api_key=…&subscribeAll=…` */
  eventsUrl(app: string, subscribeAll = false): string {
    const key = encodeURIComponent(`${this.username}:${this.password}`);
    return `ws://127.0.0.1:${this.internals.host.port}/ari/events?app=${encodeURIComponent(app)}&api_key=${key}&subscribeAll=${subscribeAll}`;
  }

  get port(): number {
    return this.internals.host.port;
  }

  get username(): string {
    return this.ctx.opts.username;
  }

  get password(): string {
    return this.ctx.opts.password;
  }

  get recordingsDir(): string {
    return this.ctx.opts.recordingsDir;
  }

  // ---- the phones -------------------------------------------------------

  /** A citizen calls `to` (default 1022): StasisStart in the app, or a failed (603) outcome if no app is connected. */
  placeCall(options: PlaceCallOptions): CallOutcome {
    return placeCall(this.ctx, options);
  }

  /** The phone presses keys: one ChannelDtmfReceived per digit (none inside a plain mixing bridge). Resolves with the number of events sent. */
  sendDtmf(channelId: string, digits: string, options?: DtmfOptions): Promise<number> {
    return sendDigits(this.ctx, channelId, digits, options);
  }

  /** The far end hangs up (SIP BYE): ChannelHangupRequest without cause, ChannelDestroyed cause 0 (or `cause`). */
  hangupFromFarEnd(channelId: string, options: { cause?: number } = {}): boolean {
    const channel = this.ctx.world.channel(channelId);
    if (!channel) return false;
    hangup(this.ctx, channel, farEndHangupSpec(options.cause));
    return true;
  }

  /** How a dialled endpoint such as `PJSIP/op101` behaves from now on. */
  setEndpoint(endpoint: string, config: EndpointConfig | EndpointBehaviour): void {
    const resolved: EndpointConfig = 'behaviour' in config ? config : { behaviour: config };
    this.ctx.world.endpoints.set(endpoint, resolved);
  }

  /**
   * The endpoint's state changes (a phone stops answering qualify OPTIONS: offline; answers again: online):
   * EndpointStateChange to subscribeAll apps and to apps subscribed to `endpoint:<tech>[/<resource>]`.
   * An offline endpoint is not dialled: an originate to it ends like nothing listening (cause 19 at the timeout).
   */
  setEndpointState(endpoint: string, state: 'unknown' | 'offline' | 'online'): void {
    if ((this.ctx.world.endpointStates.get(endpoint) ?? 'online') === state && this.ctx.world.endpointStates.has(endpoint)) return;
    this.ctx.world.endpointStates.set(endpoint, state);
    this.ctx.bus.publish('EndpointStateChange', { endpoint: endpointJson(this.ctx, endpoint) }, { endpoint });
  }

  /** Answer a ringing outbound leg now (endpoints in `manual` mode). */
  answerLeg(channelId: string): boolean {
    const channel = this.ctx.world.channel(channelId);
    return channel ? answerLeg(this.ctx, channel) : false;
  }

  /** The ringing phone answers 486 Busy. */
  rejectLeg(channelId: string, reason: 'busy' = 'busy'): boolean {
    const channel = this.ctx.world.channel(channelId);
    return channel ? rejectLeg(this.ctx, channel, reason) : false;
  }

  /** Let the dial timeout expire now (cause 19). */
  timeoutLeg(channelId: string): boolean {
    const channel = this.ctx.world.channel(channelId);
    return channel ? timeoutLeg(this.ctx, channel) : false;
  }

  // ---- media ------------------------------------------------------------

  /** The current media item of a playback reaches its natural end (PlaybackContinuing or PlaybackFinished). */
  finishPlayback(playbackId: string): boolean {
    const playback = this.ctx.world.playbacks.get(playbackId);
    if (!playback || (playback.state !== 'playing' && playback.state !== 'paused')) return false;
    itemEnded(this.ctx, playback);
    return true;
  }

  /** Length of a media URI in ms (`Infinity`: plays until stopped or `finishPlayback`). */
  setMediaDuration(mediaUri: string, ms: number): void {
    this.ctx.opts.timing.mediaMs[mediaUri] = ms;
  }

  /** Move the fake's clock forward: timestamps and recording durations jump, no waiting. */
  advanceClock(ms: number): void {
    this.ctx.clock.advance(ms);
  }

  // ---- network and Asterisk ---------------------------------------------

  /** Kill the app WebSockets without a close frame; optionally refuse reconnects for `refuseMs`. */
  dropWebSockets(options: DropWebSocketsOptions = {}): number {
    return this.internals.sockets.drop(options);
  }

  /**
   * Asterisk restarts (finding 16): every channel hung up (ChannelHangupRequest cause 4,
   * StasisEnd, ChannelDestroyed cause 0), sockets closed with 1006, connections refused for
   * `downMs`, then ARI is back with no applications and ids restarting at `<epoch>.0`.
   */
  restart(options: RestartOptions = {}): Promise<void> {
    return restartAsterisk(this.internals, options.downMs ?? 50);
  }

  /**
   * The next `times` (default 1) ARI requests matching `method` and `path` (substring or RegExp of the path without
   * /ari) answer `status` (default 500) without doing anything: Asterisk failing midway through a step.
   */
  failNext(filter: { method: string; path: string | RegExp }, options: { status?: number; message?: string; times?: number } = {}): void {
    this.internals.faults.push({
      method: filter.method.toUpperCase(),
      path: filter.path,
      status: options.status ?? 500,
      message: options.message ?? 'Internal Server Error',
      remaining: options.times ?? 1,
    });
  }

  // ---- observation ------------------------------------------------------

  /** ARI requests received (method, path without /ari, query, body, status). */
  requests(filter: RequestFilter = {}): RecordedRequest[] {
    return this.internals.requestLog.filter((r) => {
      if (filter.method && r.method !== filter.method.toUpperCase()) return false;
      if (filter.path instanceof RegExp) return filter.path.test(r.path);
      if (typeof filter.path === 'string') return r.path.includes(filter.path);
      return true;
    });
  }

  clearRequests(): void {
    this.internals.requestLog.length = 0;
  }

  state(): FakeAriState {
    return snapshotState(this.ctx);
  }

  /** Every citizen call placed and how Stasis() went (failed = 603). */
  outcomes(): CallOutcome[] {
    return this.ctx.world.outcomes.map((o) => ({ ...o }));
  }

  /** Events delivered to applications, oldest first. */
  events(filter: { app?: string; type?: string } = {}): SentEvent[] {
    return this.ctx.bus.sent.filter((s) => (!filter.app || s.app === filter.app) && (!filter.type || s.event.type === filter.type));
  }

  eventCount(): number {
    return this.ctx.bus.sent.length;
  }

  clearEvents(): void {
    this.ctx.bus.sent.length = 0;
  }

  /** Resolves with the first delivered event of `type` matching `match` (searching already-sent ones first). */
  waitForEvent(type: string, match: (event: AriEvent) => boolean = () => true, options: WaitForEventOptions = {}): Promise<AriEvent> {
    const accepts = (sent: SentEvent): boolean =>
      sent.event.type === type && (!options.app || sent.app === options.app) && match(sent.event as AriEvent);
    const found = this.ctx.bus.sent.slice(options.since ?? 0).find(accepts);
    if (found) return Promise.resolve(found.event as AriEvent);
    return new Promise((resolve, reject) => {
      const onEvent = (sent: SentEvent): void => {
        if (!accepts(sent)) return;
        clearTimeout(timer);
        this.ctx.bus.off('event', onEvent);
        resolve(sent.event as AriEvent);
      };
      const timer = setTimeout(() => {
        this.ctx.bus.off('event', onEvent);
        reject(new Error(`Timed out waiting for ${type}`));
      }, options.timeoutMs ?? 2_000);
      this.ctx.bus.on('event', onEvent);
    });
  }

  /** Unexpected exceptions inside the fake (timer callbacks, handlers). Tests can assert it stays empty. */
  errors(): unknown[] {
    return [...this.internals.errors];
  }

  /** Forget all calls, bridges and media without sending events; applications stay connected. */
  reset(): void {
    this.ctx.scheduler.clearAll();
    this.ctx.world.clearRuntime();
    this.ctx.world.outcomes.length = 0;
    this.clearRequests();
    this.clearEvents();
  }

  async close(): Promise<void> {
    this.ctx.scheduler.clearAll();
    this.ctx.bus.removeAllListeners();
    await this.internals.host.stop(true);
    if (this.internals.ownsRecordingsDir) rmSync(this.recordingsDir, { recursive: true, force: true });
  }
}
