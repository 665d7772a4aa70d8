import { probes } from '../metrics/probes.js';
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { FastifyBaseLogger } from 'fastify';
import type { AriAnyEvent, AriEvent, AriEventMap, AriEventType, AriPort, Unsubscribe } from './ari.js';
import { AriRest } from './ari-rest.js';
import { EventRouter } from './event-router.js';
import type { AriLink } from './status.js';

/**
 * The one gateway to Asterisk (STYLE §2). The only module that loads the npm `ari-client`.
 *
 * ari-client@2.2.0 carries the events WebSocket; this class tames it (shared/ari findings 9, 13, 14, 16):
 * - subscribeAll=false, so the application survives our outages with its calls parked;
 * - ari-client's own reconnect (10 tries, then WebSocketMaxRetries) is switched off and replaced by ours:
 *   forever, exponential backoff with jitter, capped;
 * - a WebSocket ping every `pingIntervalMs`: no pong before the next one means a dead socket, terminated and
 *   reconnected (ari-client sends no keepalive);
 * - events go through one '*' listener into an EventRouter whose subscriptions are removable (ari-client's
 *   per-instance listeners leak);
 * - the Swagger deprecation line ari-client's swagger-client prints on stdout goes to the logger instead.
 * REST goes through AriRest (fetch), which keeps HTTP statuses and binary bodies.
 */

/** The parts of ari-client's untyped CommonJS Client this gateway uses. `_ws`/`_wsClosed` are 2.2.0 internals. */
interface AriClientSocket {
  prependListener(event: 'close' | 'error', listener: (...args: unknown[]) => void): unknown;
  ping(): void;
  terminate(): void;
  close(): void;
}
interface AriClient extends EventEmitter {
  start(apps: string, subscribeAll?: boolean): Promise<void>;
  _ws?: AriClientSocket;
  _wsClosed?: boolean;
}
interface AriClientModule {
  connect(url: string, user: string, pass: string): Promise<AriClient>;
}

const requireCjs = createRequire(import.meta.url);
const ariClient = requireCjs('ari-client') as AriClientModule;

export interface AriGatewayOptions {
  url: string;
  username: string;
  password: string;
  app: string;
  log: FastifyBaseLogger;
  link: AriLink;
  reconnect?: { minMs: number; maxMs: number };
  pingIntervalMs?: number;
  /** Loading the Swagger API or opening the socket takes longer than this: give up and retry. */
  connectTimeoutMs?: number;
  /** Codecs asked for on every originated leg, best first (ORIGINATE_FORMATS). */
  originateFormats?: string;
}

export class AriGateway implements AriPort {
  readonly #options: Required<AriGatewayOptions>;
  readonly #rest: AriRest;
  readonly #router: EventRouter;
  readonly #onConnected = new Set<() => void>();
  readonly #onDisconnected = new Set<() => void>();
  #client: AriClient | undefined;
  #socket: AriClientSocket | undefined;
  #connected = false;
  #closed = false;
  #replaced = false;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #awaitingPong = false;
  /** Connection attempts and successful connections since start (tests, wallboard). */
  readonly stats = { attempts: 0, connections: 0 };

  constructor(options: AriGatewayOptions) {
    this.#options = {
      reconnect: { minMs: 500, maxMs: 30_000 },
      pingIntervalMs: 10_000,
      connectTimeoutMs: 15_000,
      originateFormats: 'alaw,ulaw',
      ...options,
    };
    this.#rest = new AriRest(options.url, options.username, options.password, this.#options.originateFormats);
    this.#router = new EventRouter(options.log);
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Listeners on the router and on ari-client: tests assert they are back to baseline after each call. */
  listenerCounts(): { router: number; channels: number; client: number } {
    const client = this.#client;
    const clientCount = client ? client.eventNames().reduce((n, name) => n + client.listenerCount(name), 0) : 0;
    return { router: this.#router.listenerCount, channels: this.#router.channelListenerCount, client: clientCount };
  }

  /** Starts connecting in the background; never throws, never gives up. Also after pause() (a new leadership). */
  start(): void {
    this.#closed = false;
    this.#replaced = false;
    this.#options.link.set('connecting');
    this.#schedule(0);
  }

  /** Closes the socket. Calls stay parked in Asterisk (subscribeAll=false) for the next instance. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#stopPing();
    this.#dropSocket('closing');
    this.#onConnected.clear();
    this.#onDisconnected.clear();
  }

  /**
   * Loads Asterisk's API description now, without connecting the application (a standby, issue 17): taking over then
   * only opens the events WebSocket. Never throws; a failure leaves the load to the first connection attempt.
   */
  async prepare(): Promise<void> {
    if (this.#client) return;
    try {
      this.#client ??= await this.#loadApiOnce();
    } catch (error) {
      this.#options.log.debug({ err: error instanceof Error ? error.message : String(error) }, 'ARI: loading the API ahead failed');
    }
  }

  /**
   * Stops using the application without forgetting the subscribers (this instance stops leading, issue 17): the
   * socket closes, no reconnection; start() connects again. Calls stay parked in Asterisk for the leader.
   */
  pause(reason = 'standby'): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#stopPing();
    this.#dropSocket('closing');
    this.#connected = false;
    this.#options.link.set('disconnected', reason);
  }

  // ---- events

  on<K extends AriEventType>(type: K, handler: (event: AriEventMap[K]) => void): Unsubscribe {
    return this.#router.on(type, handler);
  }

  onChannel(channelId: string, handler: (event: AriEvent) => void): Unsubscribe {
    return this.#router.onChannel(channelId, handler);
  }

  onConnected(handler: () => void): Unsubscribe {
    this.#onConnected.add(handler);
    return () => this.#onConnected.delete(handler);
  }

  onDisconnected(handler: () => void): Unsubscribe {
    this.#onDisconnected.add(handler);
    return () => this.#onDisconnected.delete(handler);
  }

  // ---- REST

  answer = (channelId: string) => this.#rest.answer(channelId);
  hangup: AriPort['hangup'] = (channelId, reason) => this.#rest.hangup(channelId, reason);
  getChannel = (channelId: string) => this.#rest.getChannel(channelId);
  listChannels = () => this.#rest.listChannels();
  originate: AriPort['originate'] = (o) => this.#rest.originate(o);
  snoop: AriPort['snoop'] = (channelId, o) => this.#rest.snoop(channelId, o);
  continueInDialplan: AriPort['continueInDialplan'] = (c, ctx, ext, prio) => this.#rest.continueInDialplan(c, ctx, ext, prio);
  play: AriPort['play'] = (target, media, playbackId) => this.#rest.play(target, media, playbackId);
  stopPlayback = (playbackId: string) => this.#rest.stopPlayback(playbackId);
  createBridge: AriPort['createBridge'] = (id, type, name) => this.#rest.createBridge(id, type, name);
  getBridge = (bridgeId: string) => this.#rest.getBridge(bridgeId);
  listBridges = () => this.#rest.listBridges();
  destroyBridge = (bridgeId: string) => this.#rest.destroyBridge(bridgeId);
  addChannel = (bridgeId: string, channelId: string) => this.#rest.addChannel(bridgeId, channelId);
  removeChannel = (bridgeId: string, channelId: string) => this.#rest.removeChannel(bridgeId, channelId);
  startBridgeMoh: AriPort['startBridgeMoh'] = (bridgeId, mohClass) => this.#rest.startBridgeMoh(bridgeId, mohClass);
  stopBridgeMoh = (bridgeId: string) => this.#rest.stopBridgeMoh(bridgeId);
  recordBridge: AriPort['recordBridge'] = (bridgeId, o) => this.#rest.recordBridge(bridgeId, o);
  stopRecording = (name: string) => this.#rest.stopRecording(name);
  getStoredRecordingFile = (name: string) => this.#rest.getStoredRecordingFile(name);
  deleteStoredRecording = (name: string) => this.#rest.deleteStoredRecording(name);
  getApplication = (name: string) => this.#rest.getApplication(name);
  subscribeApplication = (name: string, eventSource: string) => this.#rest.subscribeApplication(name, eventSource);
  listEndpoints = () => this.#rest.listEndpoints();

  // ---- connection lifecycle

  #schedule(delayMs: number): void {
    if (this.#closed || this.#replaced) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#attempt(), delayMs);
  }

  /** Capped exponential backoff with jitter: a restarted Asterisk is not hit by every app at the same instant. */
  #nextDelay(): number {
    const { minMs, maxMs } = this.#options.reconnect;
    const exponential = Math.min(maxMs, minMs * 2 ** Math.min(this.#failures, 20));
    this.#failures += 1;
    return Math.round(exponential / 2 + Math.random() * (exponential / 2));
  }

  async #attempt(): Promise<void> {
    this.#retryTimer = undefined;
    if (this.#closed) return;
    this.stats.attempts += 1;
    try {
      const client = this.#client ?? (await this.#loadApiOnce());
      if (this.#closed) return;
      this.#client = client;
      await this.#openSocket(client);
    } catch (error) {
      if (this.#closed) return;
      const message = error instanceof Error ? error.message : String(error);
      this.#options.link.set('disconnected', message);
      const delay = this.#nextDelay();
      this.#options.log.warn({ err: message, retryInMs: delay, attempt: this.stats.attempts }, 'ARI: cannot connect, retrying');
      this.#schedule(delay);
    }
  }

  #loading: Promise<AriClient> | undefined;

  /** One load at a time (prepare() and a connection attempt may overlap); a failed load is tried again next time. */
  #loadApiOnce(): Promise<AriClient> {
    this.#loading ??= this.#loadApi().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /** ari.connect loads Asterisk's Swagger API (once; the client is reused for every reconnection). */
  async #loadApi(): Promise<AriClient> {
    const { url, username, password } = this.#options;
    const client = await withTimeout(
      captureSwaggerNotice(this.#options.log, () => ariClient.connect(url, username, password)),
      this.#options.connectTimeoutMs,
      'loading the ARI API timed out',
    );
    client.on('*', (event: AriAnyEvent) => this.#dispatch(event));
    client.on('pong', () => {
      this.#awaitingPong = false;
    });
    return client;
  }

  /** Opens the events WebSocket through ari-client, with its own reconnect switched off. Resolves once open. */
  #openSocket(client: AriClient): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let lastError = 'WebSocket closed';
      const onOpen = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#socketOpened();
        resolve();
      };
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        client.removeListener('WebSocketConnected', onOpen);
        this.#dropSocket('connect timeout');
        reject(new Error('opening the ARI WebSocket timed out'));
      }, this.#options.connectTimeoutMs);
      client.once('WebSocketConnected', onOpen);
      // subscribeAll=false (finding 13). The promise only settles on the first open: we watch the socket instead.
      client.start(this.#options.app, false).catch(() => undefined);
      const socket = client._ws;
      if (!socket) {
        settled = true;
        clearTimeout(timer);
        reject(new Error('ari-client did not open a WebSocket'));
        return;
      }
      this.#socket = socket;
      // Run before ari-client's own handlers: `_wsClosed` makes them skip their reconnect (ours replaces it).
      socket.prependListener('error', (error) => {
        client._wsClosed = true;
        lastError = error instanceof Error ? error.message : String(error);
      });
      socket.prependListener('close', () => {
        client._wsClosed = true;
        if (this.#socket === socket) this.#socket = undefined;
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          client.removeListener('WebSocketConnected', onOpen);
          reject(new Error(lastError));
          return;
        }
        this.#socketLost(lastError);
      });
    });
  }

  #socketOpened(): void {
    this.#failures = 0;
    this.#connected = true;
    this.stats.connections += 1;
    this.#options.link.set('connected');
    this.#options.log.info({ app: this.#options.app, connections: this.stats.connections }, 'ARI: connected');
    this.#startPing();
    this.#notify(this.#onConnected);
  }

  #notify(handlers: Set<() => void>): void {
    for (const handler of [...handlers]) {
      try {
        handler();
      } catch (error) {
        this.#options.log.error({ err: error }, 'ARI: link handler failed');
      }
    }
  }

  #socketLost(reason: string): void {
    const wasConnected = this.#connected;
    this.#connected = false;
    this.#stopPing();
    if (this.#closed) return;
    if (wasConnected) this.#notify(this.#onDisconnected);
    if (this.#replaced) {
      this.#options.link.set('disconnected', 'replaced by another instance');
      return;
    }
    this.#options.link.set('disconnected', reason);
    const delay = this.#nextDelay();
    if (wasConnected) this.#options.log.warn({ reason, retryInMs: delay }, 'ARI: WebSocket lost, reconnecting');
    this.#schedule(delay);
  }

  #dropSocket(reason: string): void {
    const socket = this.#socket;
    const client = this.#client;
    if (!socket || !client) return;
    client._wsClosed = true;
    try {
      if (reason === 'closing') socket.close();
      else socket.terminate();
    } catch (error) {
      this.#options.log.debug({ err: error }, 'ARI: closing the WebSocket failed');
    }
  }

  #startPing(): void {
    this.#stopPing();
    this.#awaitingPong = false;
    this.#pingTimer = setInterval(() => {
      const socket = this.#socket;
      if (!socket) return;
      if (this.#awaitingPong) {
        this.#options.log.warn('ARI: no pong, the WebSocket is dead');
        this.#dropSocket('no pong');
        return;
      }
      this.#awaitingPong = true;
      try {
        socket.ping();
      } catch (error) {
        this.#options.log.warn({ err: error }, 'ARI: ping failed');
        this.#dropSocket('ping failed');
      }
    }, this.#options.pingIntervalMs);
    this.#pingTimer.unref();
  }

  #stopPing(): void {
    clearInterval(this.#pingTimer);
    this.#pingTimer = undefined;
  }

  #dispatch(event: AriAnyEvent): void {
    probes.ariEvent(event.type);
    if (event.type === 'ApplicationReplaced') {
      // Another instance took the application over (zero-gap handover, finding 15): it owns the calls now.
      this.#replaced = true;
      this.#options.log.warn('ARI: application replaced by another instance; this one stops reconnecting');
    }
    this.#router.dispatch(event);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * swagger-client 2.0.26 prints "This API is using a deprecated version of Swagger!" with console.log while ari-client
 * loads the API (finding 9). While any load runs, console.log lines go through here: that one to the logger, any
 * other line to the real console. Nested loads (two gateways in one process) share one interception.
 */
let captures = 0;
let originalConsoleLog: typeof console.log | undefined;
const noticeLoggers: FastifyBaseLogger[] = [];

async function captureSwaggerNotice<T>(log: FastifyBaseLogger, load: () => Promise<T>): Promise<T> {
  if (captures === 0) {
    // eslint-disable-next-line no-console -- the interception itself: swagger-client writes to console.log
    originalConsoleLog = console.log;
    // eslint-disable-next-line no-console
    console.log = (...args: unknown[]) => {
      const text = args.map((a) => (Array.isArray(a) ? a.join(' ') : String(a))).join(' ');
      const logger = noticeLoggers[noticeLoggers.length - 1];
      if (logger && /swagger/i.test(text)) logger.debug({ notice: text }, 'ari-client: Swagger notice');
      else originalConsoleLog?.(...args);
    };
  }
  captures += 1;
  noticeLoggers.push(log);
  try {
    return await load();
  } finally {
    noticeLoggers.splice(noticeLoggers.lastIndexOf(log), 1);
    captures -= 1;
    if (captures === 0 && originalConsoleLog) {
      // eslint-disable-next-line no-console
      console.log = originalConsoleLog;
      originalConsoleLog = undefined;
    }
    // swagger-client keeps every line it logged in a global `log.history`: do not let it grow per reconnection.
    const history = (globalThis as { log?: { history?: unknown[] } }).log?.history;
    if (Array.isArray(history)) history.length = 0;
  }
}
