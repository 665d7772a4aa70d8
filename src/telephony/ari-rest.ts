import {
  AriError,
  type AriApplication,
  type AriBridge,
  type AriChannel,
  type AriEndpoint,
  type AriLiveRecording,
  type AriPlayback,
  type HangupReason,
  type OriginateOptions,
  type PlayTarget,
  type RecordOptions,
  type SnoopOptions,
} from './ari.js';

type Query = Record<string, string | number | undefined>;

/**
 * ARI's REST operations over fetch (kept-alive HTTP/1.1; finding 12). Used by the gateway instead of ari-client's
 * Swagger-generated methods, which drop the HTTP status of errors (needed to tell "already gone" from a real
 * failure) and decode binary bodies (recording files) as text. Parameters go in the query string, as Asterisk
 * accepts for every operation.
 */
export class AriRest {
  readonly #base: string;
  /** The codecs every originated leg asks for, best first (ARI `formats`; issue 11: A-law end to end). */
  readonly #originateFormats: string;
  readonly #authorization: string;

  constructor(url: string, username: string, password: string, originateFormats = 'alaw,ulaw') {
    this.#originateFormats = originateFormats;
    this.#base = `${url.replace(/\/+$/, '')}/ari`;
    this.#authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  answer = (channelId: string) => this.#send('POST', `/channels/${enc(channelId)}/answer`);
  hangup = (channelId: string, reason: HangupReason = 'normal') => this.#send('DELETE', `/channels/${enc(channelId)}`, { reason });
  getChannel = (channelId: string) => this.#json<AriChannel>('GET', `/channels/${enc(channelId)}`);
  listChannels = () => this.#json<AriChannel[]>('GET', '/channels');
  originate = (o: OriginateOptions) =>
    this.#json<AriChannel>('POST', `/channels/${enc(o.channelId)}`, {
      endpoint: o.endpoint,
      app: o.app,
      appArgs: o.appArgs,
      callerId: o.callerId,
      timeout: o.timeout,
      // Without formats (and no originator) Asterisk asks the channel driver for every audio codec in its own order,
      // μ-law first: chan_pjsip's default outgoing_call_offer_pref (remote_merge) then offers μ-law first to the phone
      // while the trunk runs A-law, and every call is transcoded.
      formats: this.#originateFormats,
    });

  snoop = (channelId: string, o: SnoopOptions) =>
    this.#json<AriChannel>('POST', `/channels/${enc(channelId)}/snoop/${enc(o.snoopId)}`, {
      app: o.app,
      appArgs: o.appArgs,
      spy: o.spy ?? 'none',
      whisper: o.whisper ?? 'none',
    });

  continueInDialplan = (channelId: string, context: string, extension: string, priority = 1) =>
    this.#send('POST', `/channels/${enc(channelId)}/continue`, { context, extension, priority });

  play = (target: PlayTarget, media: readonly string[], playbackId: string) =>
    this.#json<AriPlayback>('POST', `${targetPath(target)}/play/${enc(playbackId)}`, { media: media.join(',') });
  stopPlayback = (playbackId: string) => this.#send('DELETE', `/playbacks/${enc(playbackId)}`);

  createBridge = (bridgeId: string, type: string, name?: string) => this.#json<AriBridge>('POST', `/bridges/${enc(bridgeId)}`, { type, name });
  getBridge = (bridgeId: string) => this.#json<AriBridge>('GET', `/bridges/${enc(bridgeId)}`);
  listBridges = () => this.#json<AriBridge[]>('GET', '/bridges');
  destroyBridge = (bridgeId: string) => this.#send('DELETE', `/bridges/${enc(bridgeId)}`);
  addChannel = (bridgeId: string, channelId: string) => this.#send('POST', `/bridges/${enc(bridgeId)}/addChannel`, { channel: channelId });
  removeChannel = (bridgeId: string, channelId: string) =>
    this.#send('POST', `/bridges/${enc(bridgeId)}/removeChannel`, { channel: channelId });
  startBridgeMoh = (bridgeId: string, mohClass = 'default') => this.#send('POST', `/bridges/${enc(bridgeId)}/moh`, { mohClass });
  stopBridgeMoh = (bridgeId: string) => this.#send('DELETE', `/bridges/${enc(bridgeId)}/moh`);

  recordBridge = (bridgeId: string, o: RecordOptions) =>
    this.#json<AriLiveRecording>('POST', `/bridges/${enc(bridgeId)}/record`, {
      name: o.name,
      format: o.format,
      ifExists: o.ifExists ?? 'fail',
      maxDurationSeconds: o.maxDurationSeconds,
    });
  stopRecording = (name: string) => this.#send('POST', `/recordings/live/${enc(name)}/stop`);
  getStoredRecordingFile = async (name: string): Promise<Buffer> => {
    const response = await this.#request('GET', `/recordings/stored/${enc(name)}/file`);
    return Buffer.from(await response.arrayBuffer());
  };
  deleteStoredRecording = (name: string) => this.#send('DELETE', `/recordings/stored/${enc(name)}`);

  getApplication = (name: string) => this.#json<AriApplication>('GET', `/applications/${enc(name)}`);
  subscribeApplication = (name: string, eventSource: string) => this.#send('POST', `/applications/${enc(name)}/subscription`, { eventSource });
  listEndpoints = () => this.#json<AriEndpoint[]>('GET', '/endpoints');
  ping = () => this.#send('GET', '/asterisk/ping');

  async #send(method: string, path: string, query: Query = {}): Promise<void> {
    const response = await this.#request(method, path, query);
    await response.arrayBuffer();
  }

  async #json<T>(method: string, path: string, query: Query = {}): Promise<T> {
    const response = await this.#request(method, path, query);
    return (await response.json()) as T;
  }

  async #request(method: string, path: string, query: Query = {}): Promise<Response> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
    const qs = search.toString();
    const operation = `${method} ${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}${qs ? `?${qs}` : ''}`, {
        method,
        headers: { authorization: this.#authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new AriError(0, error instanceof Error ? error.message : String(error), operation);
    }
    if (response.ok) return response;
    const text = await response.text();
    let message = text || response.statusText;
    try {
      const body = JSON.parse(text) as { message?: unknown; error?: unknown };
      if (typeof body.message === 'string') message = body.message;
      else if (typeof body.error === 'string') message = body.error;
    } catch {
      // not JSON: keep the text
    }
    throw new AriError(response.status, message, operation);
  }
}

const enc = encodeURIComponent;

function targetPath(target: PlayTarget): string {
  return 'channelId' in target ? `/channels/${enc(target.channelId)}` : `/bridges/${enc(target.bridgeId)}`;
}
