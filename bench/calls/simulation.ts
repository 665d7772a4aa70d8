/**
 * Citizens and operator phones around the fake Asterisk, driven by the events the fake sends to the app (one
 * listener on the fake's event bus, so reactions happen in the same tick the app's events leave):
 *
 *   placeCall(1022) ─ greeting (2 prompts, no barge-in) ─ main menu starts ─ think 0–60 ms ─ key 1/2/3/4/9 (a field)
 *   ─ "please wait" ─ holding bridge with MOH ─ the ACD offers: screen-pop to the operator's desktop + their phone
 *   (PJSIP/opNNN, a `manual` endpoint) rings ─ the operator answers once the pop is on screen and the phone rings
 *   (after 30–80 ms) ─ conversation bridge, recorded ─ talk ─ the citizen (even calls) or the operator (odd calls)
 *   hangs up.
 *
 * Times are `performance.now()` of this process: the fake and the desktops live here, so "leg ringing" (the fake
 * sends Dial RINGING) and "pop received" (socket.io client event) are on one clock.
 */
import { performance } from 'node:perf_hooks';
import type { FakeAri, SentEvent } from '../../test/fake-ari/server.js';
import type { Desktop } from './desktops.js';
import { randomBetween } from './stats.js';

export interface SimulationOptions {
  /** Talk time, ms (uniform between). */
  talkMs: [number, number];
  /** Operator's reaction once the phone rings and the pop is on screen, ms. */
  answerMs: [number, number];
  /** Citizen's pause between the menu starting and the key, ms. */
  thinkMs: [number, number];
  /** Keys of the default menu that queue the caller (a field each). */
  keys: string[];
  /** A call not over after this long is stuck (also: not over 30 s after its talk ended): hung up from the far end and counted. */
  callTimeoutMs: number;
  /** Answer without a pop after this long ringing (the pop is then counted missing). */
  popWaitMs: number;
}

export const defaultSimulation: SimulationOptions = {
  talkMs: [200, 1000],
  answerMs: [30, 80],
  thinkMs: [0, 60],
  keys: ['1', '2', '3', '4', '9'],
  callTimeoutMs: 180_000,
  popWaitMs: 3_000,
};

interface SimCall {
  seq: number;
  channelId: string;
  callId?: string;
  key: string;
  placedAt: number;
  pressed: boolean;
  choiceAt?: number;
  originatedAt?: number;
  legId?: string;
  ringingAt?: number;
  popAt?: number;
  popWait?: NodeJS.Timeout;
  answering: boolean;
  connectedAt?: number;
  endedAt?: number;
  /** Fake-side milestones (performance.now()) for the phase breakdown. */
  marks: Record<string, number>;
  stuck: boolean;
  failed: boolean;
  timers: NodeJS.Timeout[];
  resolve: () => void;
}

/** What one batch of calls measured on the simulation's side. */
export interface BatchResult {
  placed: number;
  /** Reached an operator, talked, ended. */
  completed: number;
  /** Never reached an operator, or Stasis failed. */
  notConnected: number;
  stuck: number;
  /** DTMF event sent by the fake → the fake received the originate of the operator leg (Dial ""), ms. */
  choiceToOriginate: number[];
  /** Leg ringing (Dial RINGING sent) → screen_pop.v1 received by the operator's desktop (negative: pop first), ms. */
  ringToPop: number[];
  popsMissing: number;
  legsFailed: number;
  seconds: number;
  /** Where the time between the key and the operator's phone goes (fake's view), ms: see Simulation#mark. */
  phases: Record<string, number[]>;
  /** What the stuck calls had reached (milestones, ms after placement). */
  stuckCalls: string[];
}

const legPattern = /^leg-([0-9a-f-]{36})-\d+$/;
const playbackPattern = /^pb-([0-9a-f-]{36})-\d+$/;

export class Simulation {
  readonly #byChannel = new Map<string, SimCall>();
  readonly #byCallId = new Map<string, SimCall>();
  #seq = 0;
  #batch: BatchResult = emptyBatch();
  readonly #unsubscribe: () => void;
  readonly #housekeeping: NodeJS.Timeout;

  constructor(
    private readonly fake: FakeAri,
    private readonly options: SimulationOptions,
  ) {
    const bus = fake['internals'].ctx.bus;
    const listener = (sent: SentEvent) => this.#onEvent(sent.event as Record<string, unknown> & { type: string });
    bus.on('event', listener);
    this.#unsubscribe = () => bus.off('event', listener);
    // The fake keeps logs of events (50,000) and requests (100,000) for tests; nobody reads them here.
    // BENCH_CALLS_TRACE=1 keeps them (stack.ts writes them to the work directory).
    this.#housekeeping = setInterval(() => {
      if (process.env.BENCH_CALLS_TRACE) return;
      fake.clearEvents();
      fake.clearRequests();
    }, 1_000);
  }

  close(): void {
    this.#unsubscribe();
    clearInterval(this.#housekeeping);
  }

  /** A desktop got a screen-pop. */
  pop(desktop: Desktop, pop: { callId: string }, at: number): void {
    const call = this.#byCallId.get(pop.callId);
    if (!call) return;
    call.popAt = at;
    void desktop;
    this.#maybeAnswer(call);
  }

  /** Places `total` calls keeping `concurrency` in progress (the first ones spread over `rampMs`). */
  async run(concurrency: number, total: number, rampMs: number): Promise<BatchResult> {
    this.#batch = emptyBatch();
    const started = performance.now();
    let placed = 0;
    let running = 0;
    await new Promise<void>((resolve) => {
      const next = () => {
        if (placed >= total) {
          if (running === 0) resolve();
          return;
        }
        placed += 1;
        running += 1;
        void this.#place().then(() => {
          running -= 1;
          next();
        });
      };
      const first = Math.min(concurrency, total);
      for (let i = 0; i < first; i++) setTimeout(next, first > 1 ? (i * rampMs) / (first - 1) : 0);
    });
    this.#batch.seconds = (performance.now() - started) / 1000;
    return this.#batch;
  }

  #place(): Promise<void> {
    const seq = ++this.#seq;
    const key = this.options.keys[seq % this.options.keys.length] ?? '1';
    // 5,000 citizens: some call again, so screen-pops carry history.
    const from = `09${String(10_000_000 + (seq * 7919) % 5_000).slice(-8)}`;
    return new Promise<void>((resolve) => {
      const outcome = this.fake.placeCall({ from, to: '1022' });
      this.#batch.placed += 1;
      const call: SimCall = { seq, channelId: outcome.channelId, key, placedAt: performance.now(), pressed: false, answering: false, stuck: false, failed: false, timers: [], resolve, marks: {} };
      if (outcome.outcome !== 'stasis') {
        call.failed = true;
        this.#finish(call);
        return;
      }
      this.#byChannel.set(call.channelId, call);
      this.#mark(call, 'placed');
      call.timers.push(setTimeout(() => this.#stuck(call), this.options.callTimeoutMs));
    });
  }

  /** The call is not over when it should be: hang the citizen up (counted as stuck). */
  #stuck(call: SimCall): void {
    if (call.endedAt !== undefined || call.stuck) return;
    call.stuck = true;
    if (!this.fake.hangupFromFarEnd(call.channelId)) this.#finish(call);
    // If even the hangup does not end it, give up on it.
    call.timers.push(setTimeout(() => this.#finish(call), 5_000));
  }

  #finish(call: SimCall): void {
    if (call.endedAt !== undefined) return;
    call.endedAt = performance.now();
    for (const t of call.timers) clearTimeout(t);
    clearTimeout(call.popWait);
    this.#byChannel.delete(call.channelId);
    if (call.callId) this.#byCallId.delete(call.callId);
    this.#recordPhases(call);
    if (call.stuck && this.#batch.stuckCalls.length < 10) {
      const marks = Object.entries(call.marks).map(([name, at]) => `${name}+${Math.round(at - call.placedAt)}`);
      this.#batch.stuckCalls.push(`#${call.seq} ${call.channelId} call ${call.callId ?? '?'} leg ${call.legId ?? '-'}: ${marks.join(' ')}`);
    }
    if (call.stuck) this.#batch.stuck += 1;
    else if (call.connectedAt !== undefined) this.#batch.completed += 1;
    else this.#batch.notConnected += 1;
    call.resolve();
  }

  #onEvent(event: Record<string, unknown> & { type: string }): void {
    switch (event.type) {
      case 'PlaybackStarted': {
        const playback = event.playback as { id: string; media_uri: string; target_uri: string };
        if (!playback.target_uri.startsWith('channel:')) return;
        const call = this.#byChannel.get(playback.target_uri.slice('channel:'.length));
        if (!call) return;
        if (!call.callId) {
          const callId = playbackPattern.exec(playback.id)?.[1];
          if (callId) {
            call.callId = callId;
            this.#byCallId.set(callId, call);
          }
        }
        if (playback.media_uri.includes('please-wait')) this.#mark(call, 'pleaseWait');
        if (!call.pressed && playback.media_uri.includes('main-menu')) {
          this.#mark(call, 'menu');
          call.pressed = true;
          call.timers.push(setTimeout(() => void this.fake.sendDtmf(call.channelId, call.key), randomBetween(this.options.thinkMs)));
        }
        return;
      }
      case 'ChannelDtmfReceived': {
        const call = this.#byChannel.get((event.channel as { id: string }).id);
        if (call && call.choiceAt === undefined) {
          call.choiceAt = performance.now();
          this.#mark(call, 'key');
        }
        return;
      }
      case 'PlaybackFinished': {
        const playback = event.playback as { media_uri: string; target_uri: string };
        const call = playback.target_uri.startsWith('channel:') ? this.#byChannel.get(playback.target_uri.slice('channel:'.length)) : undefined;
        if (call && playback.media_uri.includes('please-wait')) this.#mark(call, 'pleaseWaitDone');
        return;
      }
      case 'Dial': {
        const peer = event.peer as { id: string };
        const callId = legPattern.exec(peer.id)?.[1];
        const call = callId ? this.#byCallId.get(callId) : undefined;
        if (!call) return;
        const now = performance.now();
        if (event.dialstatus === '') {
          if (call.originatedAt === undefined) {
            call.originatedAt = now;
            this.#mark(call, 'originated');
            if (call.choiceAt !== undefined) this.#batch.choiceToOriginate.push(now - call.choiceAt);
          }
        } else if (event.dialstatus === 'RINGING') {
          call.legId = peer.id;
          call.ringingAt = now;
          this.#mark(call, 'ringing');
          call.answering = false;
          clearTimeout(call.popWait);
          call.popWait = setTimeout(() => {
            if (call.answering || call.legId !== peer.id) return;
            this.#batch.popsMissing += 1;
            call.popAt = performance.now();
            this.#maybeAnswer(call, false);
          }, this.options.popWaitMs);
          this.#maybeAnswer(call);
        }
        return;
      }
      case 'ChannelEnteredBridge': {
        const channel = (event.channel as { id: string }).id;
        const bridge = (event.bridge as { id: string }).id;
        const call = this.#byChannel.get(channel);
        if (call && bridge.startsWith('hold-')) this.#mark(call, 'held');
        if (!call || !bridge.startsWith('call-') || call.connectedAt !== undefined) return;
        call.connectedAt = performance.now();
        this.#mark(call, 'connected');
        const legId = call.legId;
        const operatorHangsUp = call.seq % 2 === 1 && legId !== undefined;
        const talk = randomBetween(this.options.talkMs);
        call.timers.push(
          setTimeout(() => {
            if (!operatorHangsUp || !this.fake.hangupFromFarEnd(legId)) this.fake.hangupFromFarEnd(call.channelId);
          }, talk),
          // Connected calls end within seconds of the hangup: not over 30 s later = stuck (e.g. the caller left in the bridge).
          setTimeout(() => this.#stuck(call), talk + 30_000),
        );
        return;
      }
      case 'StasisEnd':
      case 'ChannelDestroyed': {
        // The caller's channel leaves Stasis when it hangs up or is hung up (a dialplan channel: the app gets no
        // ChannelDestroyed after StasisEnd with subscribeAll=false, finding 13).
        const channel = (event.channel as { id: string }).id;
        const call = this.#byChannel.get(channel);
        if (call) {
          this.#finish(call);
          return;
        }
        if (event.type !== 'ChannelDestroyed') return;
        const callId = legPattern.exec(channel)?.[1];
        const owner = callId ? this.#byCallId.get(callId) : undefined;
        if (owner && owner.connectedAt === undefined && owner.legId === channel) {
          // The operator's phone did not answer in time (or the leg failed): the ACD offers the call again.
          this.#batch.legsFailed += 1;
          owner.legId = undefined;
          owner.popAt = undefined;
          owner.ringingAt = undefined;
          clearTimeout(owner.popWait);
        }
        return;
      }
    }
  }

  #mark(call: SimCall, name: (typeof milestones)[number]): void {
    if (call.marks[name] === undefined) call.marks[name] = performance.now();
  }

  #recordPhases(call: SimCall): void {
    let previous: number | undefined;
    let previousName = '';
    for (const name of milestones) {
      const at = call.marks[name];
      if (at === undefined) continue;
      if (previous !== undefined) (this.#batch.phases[`${previousName}→${name}`] ??= []).push(at - previous);
      previous = at;
      previousName = name;
    }
  }

  /** The operator answers once the phone rings and the pop is on screen. */
  #maybeAnswer(call: SimCall, sample = true): void {
    if (call.answering || call.legId === undefined || call.ringingAt === undefined || call.popAt === undefined) return;
    call.answering = true;
    clearTimeout(call.popWait);
    if (sample) this.#batch.ringToPop.push(call.popAt - call.ringingAt);
    const legId = call.legId;
    call.timers.push(
      setTimeout(() => {
        if (this.fake.answerLeg(legId)) this.#mark(call, 'answered');
      }, randomBetween(this.options.answerMs)),
    );
  }
}

function emptyBatch(): BatchResult {
  return { placed: 0, completed: 0, notConnected: 0, stuck: 0, choiceToOriginate: [], ringToPop: [], popsMissing: 0, legsFailed: 0, seconds: 0, phases: {}, stuckCalls: [] };
}

/** Consecutive milestones of a call, for the phase breakdown (each phase: from the previous milestone). */
const milestones = ['placed', 'menu', 'key', 'pleaseWait', 'pleaseWaitDone', 'held', 'originated', 'ringing', 'answered', 'connected'] as const;
