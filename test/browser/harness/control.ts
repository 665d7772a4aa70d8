import type { ChannelState, FakeAriState } from '../../fake-ari/types.js';
import { waitFor, type Floor } from './floor.js';

/**
 * The fake Asterisk driven through its HTTP control routes (`/__control/…`, test/fake-ari/README.md), as a process
 * outside the app would: what the browser tests and the `web` benchmark use to make citizens call.
 */
export class Switchboard {
  constructor(private readonly floor: Floor) {}

  async #control<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    const response = await fetch(`${this.floor.fake.url}/__control${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`fake ARI ${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /** `behaviour` of test/fake-ari: { kind: 'manual' } rings until answer() / busy(); 'answer', 'busy', 'noanswer', … */
  setEndpoint(endpoint: string, behaviour: { kind: string; afterMs?: number }): Promise<void> {
    return this.#control('POST', '/endpoints', { endpoint, behaviour });
  }

  /** A citizen dials `to` (1022 by default): the call enters the app's IVR. */
  async placeCall(from: string, to = '1022'): Promise<string> {
    const outcome = await this.#control<{ channelId: string }>('POST', '/calls', { from, to });
    return outcome.channelId;
  }

  dtmf(channelId: string, digits: string): Promise<{ sent: number }> {
    return this.#control('POST', `/channels/${channelId}/dtmf`, { digits });
  }

  hangup(channelId: string): Promise<void> {
    return this.#control('POST', `/channels/${channelId}/hangup`, {});
  }

  answer(channelId: string): Promise<void> {
    return this.#control('POST', `/channels/${channelId}/answer`, {});
  }

  busy(channelId: string): Promise<void> {
    return this.#control('POST', `/channels/${channelId}/busy`, {});
  }

  state(): Promise<FakeAriState> {
    return this.#control('GET', '/state');
  }

  /** The channel of `endpoint` (e.g. PJSIP/op101) in `state` (Ringing, Up), once there is one. */
  async channelOf(endpoint: string, state = 'Ringing'): Promise<ChannelState> {
    let found: ChannelState | undefined;
    await waitFor(async () => {
      found = (await this.state()).channels.find((c) => c.name.startsWith(`${endpoint}-`) && c.state === state);
      return Boolean(found);
    }, `a ${state} channel of ${endpoint}`);
    return found as ChannelState;
  }

  /**
   * A citizen who calls and presses `digit` in the default menu (1 = health, queued first), so the call reaches the
   * operators' queue. Returns the citizen's channel.
   */
  async callIntoQueue(from: string, digit = '1'): Promise<string> {
    const channelId = await this.placeCall(from);
    // The menu has been asked to play on this channel: the app now waits for a key.
    await waitFor(async () => {
      const played = await this.#control<Array<{ query: Record<string, unknown> }>>('GET', `/requests?method=POST&path=${encodeURIComponent(`/channels/${channelId}/play`)}`);
      return played.some((r) => String(r.query.media).includes('main-menu'));
    }, 'the main menu');
    await this.dtmf(channelId, digit);
    return channelId;
  }
}
