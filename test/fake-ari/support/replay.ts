import { startFakeAri, type FakeAri } from '../server.js';
import { canonical, loadCapture, meaningful, signature, type CaptureAction, type CaptureEvent } from './captures.js';
import { TestApp, type QueryValue } from './test-app.js';

/**
 * Replays a recorded scenario against the fake: the app side performs the captured REST
 * actions; the phone side (calls, digits, answers, BYEs, sounds ending) is derived from the
 * captured events. Both run in captured order, each step waiting for the fake to have
 * produced as many meaningful events as the capture had by then.
 */
export interface ReplayResult {
  expected: string[];
  actual: string[];
  statusMismatches: string[];
  fake: FakeAri;
  app: TestApp;
}

export interface ReplayOptions {
  /** Extra phone actions the capture cannot show (digits swallowed by a native bridge…), run after the first matching captured event. */
  after?: Array<{ when: (event: CaptureEvent) => boolean; run: (replay: Replayer) => Promise<void> }>;
}

type Step = { kind: 'event'; t: number; index: number; event: CaptureEvent } | { kind: 'action'; t: number; index: number; action: CaptureAction };

const time = (stamp: string): number => Date.parse(stamp.replace('+0000', 'Z'));

/** What the phones did comes first within a millisecond, then the app's actions, then their effects. */
function rank(step: Step): number {
  if (step.kind === 'action') return 1;
  const { event } = step;
  const name = (event.channel as { name?: string } | undefined)?.name ?? '';
  const phone =
    event.type === 'ChannelDtmfReceived' ||
    (event.type === 'ChannelHangupRequest' && event.cause === undefined) ||
    ((event.type === 'ChannelCreated' || event.type === 'StasisStart') && name.startsWith('PJSIP/pstn'));
  return phone ? 0 : 2;
}

export class Replayer {
  private readonly ids = new Map<string, string>();
  private readonly pending: Array<Promise<void>> = [];
  readonly statusMismatches: string[] = [];

  constructor(
    readonly fake: FakeAri,
    readonly app: TestApp,
    private readonly events: CaptureEvent[],
    private readonly actions: CaptureAction[],
  ) {}

  /** The fake's id for a captured pstn channel id. */
  fakeId(captureId: string): string {
    return this.map(captureId);
  }

  /** Capture id → fake id inside any string (`agent-<pstn id>` follows the pstn id). */
  map(text: string): string {
    let result = text;
    for (const [from, to] of [...this.ids.entries()].sort((a, b) => b[0].length - a[0].length)) {
      result = result.replace(new RegExp(`${from.replace(/[.]/g, '\\.')}(?![0-9])`, 'g'), to);
    }
    return result;
  }

  fakeEvents(): string[] {
    return canonical(meaningful(this.app.events).map(signature));
  }

  private async waitForCount(count: number, what: string): Promise<void> {
    await this.app.until(() => (meaningful(this.app.events).length >= count ? true : undefined), 2_000, `${count} events (${what})`);
  }

  async run(options: ReplayOptions): Promise<void> {
    const extras = [...(options.after ?? [])];
    const steps: Step[] = [
      ...this.events.map((event, index): Step => ({ kind: 'event', t: time(event.timestamp), index, event })),
      ...this.actions.map((action, index): Step => ({ kind: 'action', t: time(action.at), index, action })),
    ].sort((a, b) => a.t - b.t || rank(a) - rank(b) || a.index - b.index);
    for (const step of steps) {
      if (step.kind === 'action') {
        await this.act(step.action);
        continue;
      }
      await this.phone(step.event, step.index);
      await this.waitForCount(step.index + 1, `${step.event.type} #${step.index}`);
      const extra = extras.findIndex((e) => e.when(step.event));
      if (extra >= 0) await extras.splice(extra, 1)[0]?.run(this);
    }
    await Promise.all(this.pending);
  }

  private channelId(event: CaptureEvent): string {
    const channel = event.channel as { id: string } | undefined;
    return this.map(channel?.id ?? '');
  }

  /** Do what the phone / the world did to cause this captured event. */
  private async phone(event: CaptureEvent, index: number): Promise<void> {
    const channel = event.channel as { id: string; name: string; state: string; caller: { name: string; number: string }; dialplan: { exten: string } } | undefined;
    const isPstn = channel?.name.startsWith('PJSIP/pstn') ?? false;
    if (channel && isPstn && !this.ids.has(channel.id) && (event.type === 'ChannelCreated' || event.type === 'StasisStart')) {
      const outcome = this.fake.placeCall({ from: channel.caller.number, to: channel.dialplan.exten, callerName: channel.caller.name });
      this.ids.set(channel.id, outcome.channelId);
      return;
    }
    switch (event.type) {
      case 'ChannelDtmfReceived':
        await this.fake.sendDtmf(this.channelId(event), String(event.digit), { intervalMs: 0 });
        return;
      case 'ChannelHangupRequest':
        if (event.cause === undefined) this.fake.hangupFromFarEnd(this.channelId(event));
        if (event.cause === 17) this.fake.rejectLeg(this.channelId(event));
        return;
      case 'ChannelStateChange':
        if (channel?.state === 'Up' && !isPstn) this.fake.answerLeg(this.channelId(event));
        return;
      case 'ChannelDestroyed':
        if (event.cause === 19) this.fake.timeoutLeg(this.channelId(event));
        return;
      case 'PlaybackContinuing':
      case 'PlaybackFinished':
        if (this.endsNaturally(event, index)) this.fake.finishPlayback(this.map((event.playback as { id: string }).id));
        return;
      default:
        return;
    }
  }

  /** A playback ends by itself unless the app stopped it or its channel was hung up just before. */
  private endsNaturally(event: CaptureEvent, index: number): boolean {
    const playback = event.playback as { id: string; target_uri: string };
    const stopped = this.actions.some((a) => a.method === 'DELETE' && a.path === `/playbacks/${playback.id}` && time(a.at) <= time(event.timestamp) + 1);
    const previous = this.events[index - 1];
    const hungUp = previous?.type === 'ChannelHangupRequest' && `channel:${(previous.channel as { id: string }).id}` === playback.target_uri;
    return !stopped && !hungUp;
  }

  private async act(action: CaptureAction): Promise<void> {
    if (action.status === 0) return;
    await this.prepareEndpoint(action);
    const query: Record<string, QueryValue> = {};
    for (const [key, value] of Object.entries(action.query)) {
      query[key] = Array.isArray(value) ? value.map((v) => this.map(String(v))) : this.map(String(value));
    }
    const path = this.map(action.path);
    const call = this.app.rest(action.method, path, query, action.body).then((result) => {
      if (result.status !== action.status) this.statusMismatches.push(`${action.method} ${action.path}: ${result.status} ≠ ${action.status}`);
    });
    // Requests that blocked in Asterisk (addChannel during playback) run in the background.
    if (action.ms > 200) this.pending.push(call);
    else await call;
  }

  /** Endpoints that never rang in the capture behave as "nothing listening". */
  private async prepareEndpoint(action: CaptureAction): Promise<void> {
    const endpoint = action.query.endpoint;
    if (action.method !== 'POST' || typeof endpoint !== 'string' || !action.path.startsWith('/channels')) return;
    const channelId = String(action.query.channelId ?? '');
    const rang = this.events.some(
      (e) => (e.type === 'Dial' && e.dialstatus === 'RINGING' && (e.peer as { id: string }).id === channelId) || (e.type === 'ChannelStateChange' && (e.channel as { id: string; state: string }).id === channelId && (e.channel as { state: string }).state === 'Ringing'),
    );
    if (!rang && action.path === '/channels') this.fake.setEndpoint(endpoint, { kind: 'silent' });
  }
}

export async function replayScenario(scenario: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const capture = loadCapture(scenario);
  const events = meaningful(capture.events);
  const fake = await startFakeAri({
    defaultEndpoint: { behaviour: { kind: 'manual' } },
    timing: { defaultMediaMs: Number.POSITIVE_INFINITY, continueHangupAfterMs: 0 },
  });
  const app = await TestApp.connect(fake, 'callcentre', !scenario.includes('nosuball'));
  const replayer = new Replayer(fake, app, events, capture.actions);
  await replayer.run(options);
  await app.until(() => (meaningful(app.events).length >= events.length ? true : undefined), 1_000, 'all events').catch(() => undefined);
  return {
    expected: canonical(events.map(signature)),
    actual: replayer.fakeEvents(),
    statusMismatches: replayer.statusMismatches,
    fake,
    app,
  };
}
