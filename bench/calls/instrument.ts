/**
 * Measures, inside the app process, how long the app takes to react to Asterisk: from an ARI event arriving on the
 * events WebSocket (before ari-client parses it) to the next ARI request the app sends for the same call (when
 * `fetch` is called). Installed from outside the application code:
 *   - ari-client's `connect` is wrapped (the gateway looks it up on the shared CommonJS module at call time) so the
 *     WebSocket's 'message' gets a first listener that stamps the arrival, and the client's '*' event a first
 *     listener that files the parsed event under its call;
 *   - `globalThis.fetch` (what AriRest uses) is wrapped to stamp each ARI request and the arrival of its response.
 * A call is keyed by its call id, found in our resource names (`pb-<callId>-n`, `leg-<callId>-n`, `hold-/call-<callId>`)
 * or, for the caller's channel, learnt from a request or event naming both (`/channels/<chan>/play/pb-<callId>-1`).
 *
 * Pairing: a trigger event (below) for a call starts a step; the first ARI request for that call afterwards closes it.
 * A later trigger replaces an unclosed one. The PlaybackFinished of a playback the app stopped itself (barge-in) is no
 * trigger: the app already acted on the key. A request is the app's reaction to its call's latest input: when an HTTP
 * response of the call arrives after a trigger and before the next request, that request answers the response (in
 * `anyInput`), and the trigger asked for nothing of its own (e.g. the leg's ChannelDestroyed during the end-of-call
 * cleanup, whose requests go one after the other, or before the recording's stored copy is deleted once the file is
 * written). A trigger whose handler waits for something else (a database read) before its request is still counted. Requests that follow an HTTP response rather than an event are counted in
 * `anyInput` only. When disabled the hooks cost one boolean test per event and per request.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { StepSamples } from './protocol.js';

/** Events the app acts on in a normal call. Others (ChannelStateChange, PlaybackStarted, Dial, …) only inform. */
const triggers = new Set(['StasisStart', 'StasisEnd', 'PlaybackFinished', 'ChannelDtmfReceived', 'ChannelHangupRequest', 'ChannelDestroyed', 'RecordingFinished']);
const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const maxSamples = 2_000_000;

interface Pending {
  at: number;
  type: string;
}

type AnyEvent = { type: string } & Record<string, unknown>;

export class StepProbe {
  enabled = false;
  /** ARI requests sent and events received since start (always counted). */
  readonly counts = { requests: 0, events: 0 };
  #alias = new Map<string, string>();
  #pending = new Map<string, Pending>();
  #lastInput = new Map<string, number>();
  #choice = new Map<string, number>();
  /** Playbacks the app stopped itself (barge-in): their PlaybackFinished asks nothing of the app. */
  #stopped = new Set<string>();
  #samples: StepSamples = { byTrigger: {}, anyInput: [], choiceToOriginate: [], ringingAt: {} };
  #count = 0;
  #arrivedAt = 0;

  constructor(private readonly ariBase: string) {}

  take(): StepSamples {
    const taken = this.#samples;
    this.#samples = { byTrigger: {}, anyInput: [], choiceToOriginate: [], ringingAt: {} };
    this.#count = 0;
    this.#alias.clear();
    this.#pending.clear();
    this.#lastInput.clear();
    this.#choice.clear();
    this.#stopped.clear();
    return taken;
  }

  /** The WebSocket delivered a message (before JSON.parse and ari-client's resource objects). */
  messageArrived(): void {
    if (this.enabled) this.#arrivedAt = performance.now();
  }

  /** ari-client's '*' event, in the same tick as the message. */
  event(event: AnyEvent): void {
    this.counts.events += 1;
    if (!this.enabled) return;
    const at = this.#arrivedAt || performance.now();
    const key = this.#eventKey(event);
    if (!key) return;
    this.#lastInput.set(key, at);
    if (event.type === 'Dial' && event.dialstatus === 'RINGING') {
      // Wall-clock (epoch ms, sub-ms) so another process can compare: the desktops' screen-pop times.
      const leg = (event.peer as { id?: string } | undefined)?.id;
      const callId = leg ? uuidPattern.exec(leg)?.[0] : undefined;
      if (callId) this.#samples.ringingAt[callId] = performance.timeOrigin + at;
    }
    const stoppedByUs = event.type === 'PlaybackFinished' && this.#stopped.delete((event.playback as { id?: string } | undefined)?.id ?? '');
    if (triggers.has(event.type) && !stoppedByUs) {
      this.#pending.set(key, { at, type: event.type });
      if (event.type === 'ChannelDtmfReceived') this.#choice.set(key, at);
    }
  }

  /** An ARI request is about to be sent. */
  request(method: string, url: string): string | undefined {
    if (!url.startsWith(this.ariBase)) return undefined;
    this.counts.requests += 1;
    if (!this.enabled) return undefined;
    const at = performance.now();
    const parsed = new URL(url);
    const path = parsed.pathname.slice(parsed.pathname.indexOf('/ari') + 4);
    const key = this.#requestKey(path, parsed.searchParams);
    if (!key) return undefined;
    if (method === 'DELETE' && path.startsWith('/playbacks/')) this.#stopped.add(decodeURIComponent(path.slice('/playbacks/'.length)));
    const pending = this.#pending.get(key);
    if (pending) {
      this.#pending.delete(key);
      this.#push((this.#samples.byTrigger[pending.type] ??= []), at - pending.at);
    }
    const input = this.#lastInput.get(key);
    if (input !== undefined) {
      this.#lastInput.delete(key);
      this.#push(this.#samples.anyInput, at - input);
    }
    if (method === 'POST' && /^\/channels\/leg-/.test(path)) {
      const chose = this.#choice.get(key);
      if (chose !== undefined) {
        this.#choice.delete(key);
        this.#push(this.#samples.choiceToOriginate, at - chose);
      }
    }
    return key;
  }

  /** The response of a request arrived (headers; the body follows in the same or next tick). */
  responded(key: string): void {
    if (!this.enabled) return;
    this.#lastInput.set(key, performance.now());
    this.#pending.delete(key); // the next request answers this response, not an earlier event
  }

  #push(into: number[], value: number): void {
    if (this.#count >= maxSamples) return;
    this.#count += 1;
    into.push(value);
  }

  #learn(channelId: string, callId: string): void {
    if (this.#alias.get(channelId) === callId) return;
    this.#alias.set(channelId, callId);
    // What was filed under the bare channel id now belongs to the call.
    for (const map of [this.#pending, this.#lastInput, this.#choice] as Array<Map<string, unknown>>) {
      const value = map.get(channelId);
      if (value !== undefined && !map.has(callId)) map.set(callId, value);
      map.delete(channelId);
    }
  }

  #channelKey(channelId: string): string {
    const callId = uuidPattern.exec(channelId)?.[0];
    return callId ?? this.#alias.get(channelId) ?? channelId;
  }

  #eventKey(event: AnyEvent): string | undefined {
    const channel = (event.channel as { id?: string } | undefined)?.id;
    const peer = (event.peer as { id?: string } | undefined)?.id;
    const playback = event.playback as { id?: string; target_uri?: string } | undefined;
    const recording = event.recording as { name?: string; target_uri?: string } | undefined;
    const bridge = (event.bridge as { id?: string } | undefined)?.id;
    const named = [playback?.id, recording?.name, bridge, peer, channel].find((s) => s !== undefined && uuidPattern.test(s));
    const callId = named ? uuidPattern.exec(named)?.[0] : undefined;
    const target = playback?.target_uri ?? recording?.target_uri;
    const targetChannel = target?.startsWith('channel:') ? target.slice('channel:'.length) : undefined;
    const bare = channel ?? targetChannel;
    if (callId && bare && !uuidPattern.test(bare)) this.#learn(bare, callId);
    if (callId) return callId;
    return bare ? this.#channelKey(bare) : undefined;
  }

  #requestKey(path: string, query: URLSearchParams): string | undefined {
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    const callId = segments.map((s) => uuidPattern.exec(s)?.[0]).find((s) => s !== undefined);
    const channel = segments[0] === 'channels' ? segments[1] : (query.get('channel') ?? undefined);
    if (callId && channel && !uuidPattern.test(channel)) this.#learn(channel, callId);
    if (callId) return callId;
    return channel ? this.#channelKey(channel) : undefined;
  }
}

interface HookableSocket {
  prependListener(event: 'message', listener: () => void): unknown;
}
interface HookableClient {
  prependListener(event: '*', listener: (event: AnyEvent) => void): unknown;
  start(...args: unknown[]): Promise<unknown>;
  _ws?: HookableSocket;
}
interface AriClientModule {
  connect(url: string, user: string, pass: string): Promise<HookableClient>;
}

/** Installs the hooks. Call before the app connects to ARI. */
export function installProbe(ariUrl: string): StepProbe {
  const probe = new StepProbe(`${ariUrl.replace(/\/+$/, '')}/ari/`);
  const requireCjs = createRequire(import.meta.url);
  const ari = requireCjs('ari-client') as AriClientModule;
  const connect = ari.connect.bind(ari);
  ari.connect = async (url, user, pass) => {
    const client = await connect(url, user, pass);
    client.prependListener('*', (event) => probe.event(event));
    const start = client.start.bind(client);
    client.start = (...args: unknown[]) => {
      const started = start(...args);
      client._ws?.prependListener('message', () => probe.messageArrived());
      return started;
    };
    return client;
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const key = probe.request((init?.method ?? 'GET').toUpperCase(), url);
    const response = realFetch(input, init);
    if (key === undefined) return response;
    return response.then((r) => {
      probe.responded(key);
      return r;
    });
  };
  return probe;
}
