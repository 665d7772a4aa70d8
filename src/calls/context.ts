import type { FastifyBaseLogger } from 'fastify';
import type { AriEvent, AriPort, PlayTarget } from '../telephony/ari.js';
import { ignoreGone } from '../telephony/ari.js';
import { CleanupList } from './cleanup.js';

/** `with_agency`: a transfer completed, the caller talks to the agency without the operator (issue 11 item 6). */
/** A conversation goes on: with the operator, during a transfer, or with the agency after it. */
export function inConversation(status: CallStatus): boolean {
  return status === 'connected' || status === 'transferring' || status === 'with_agency';
}

export type CallStatus = 'arrived' | 'ivr' | 'queued' | 'offered' | 'connected' | 'transferring' | 'with_agency' | 'ended';
export type CallOutcome =
  | 'completed'
  | 'abandoned_ivr'
  | 'abandoned_queue'
  | 'over_capacity'
  | 'callback_requested'
  | 'transferred'
  | 'failed';
export type HangupSide = 'caller' | 'operator' | 'agency' | 'system';

/** How a playback ended: heard to the end, stopped by us (barge-in), failed to start, or the call ended. */
export type PlaybackEnd = 'finished' | 'stopped' | 'failed' | 'ended';

export interface CallIdentity {
  callId: string;
  channelId: string;
  /** The full number: for the database and callbacks only, never for logs (R22). */
  callerNumber: string;
  dialledNumber: string;
}

/** A phone number for logs: only its last 3 digits (R22). */
export function maskNumber(number: string): string {
  const digits = number.replace(/\D/g, '');
  if (digits.length <= 3) return '***';
  return `***${digits.slice(-3)}`;
}

/** Live timers of every call, counted so tests can assert none is left behind. */
export class TimerBook {
  #count = 0;
  get count(): number {
    return this.#count;
  }
  started(): void {
    this.#count += 1;
  }
  stopped(): void {
    this.#count -= 1;
  }
}

interface PendingPlayback {
  stopped: boolean;
  resolve: (end: PlaybackEnd) => void;
  forget: () => void;
}

/**
 * One call in this process (STYLE §3): its ids, a child logger, its listeners and timers, and the cleanup list
 * every resource registers with. Steps (IVR, hold, connect…) use it; none keeps resources of its own.
 */
export class CallContext {
  readonly callId: string;
  readonly channelId: string;
  readonly callerNumber: string;
  readonly dialledNumber: string;
  readonly log: FastifyBaseLogger;
  readonly cleanup = new CleanupList();

  status: CallStatus = 'arrived';
  /** Counts against the line capacity (from answer to hangup; over-capacity calls never do). */
  admitted = false;
  /** Set by the step that decides how the call ends; otherwise derived from the status at the end. */
  outcome: CallOutcome | undefined;
  hangupSide: HangupSide | undefined;
  hangupCause: number | undefined;
  hangupCauseText: string | undefined;
  /** The caller's channel left Stasis (hung up, or continued in the dialplan). */
  leftStasis = false;
  /** The operator's leg in the conversation bridge (kept on the call record too): never a supervisor's or a hotline's. */
  operatorLegId: string | undefined;
  /** The conversation's live recording (segment) as far as we know; undefined after a restart until one finishes. */
  liveRecording: string | undefined;

  readonly #ari: AriPort;
  readonly #timers: TimerBook;
  readonly #handlers = new Set<(event: AriEvent) => void>();
  readonly #playbacks = new Map<string, PendingPlayback>();
  readonly #onEnd = new Set<() => void>();
  #sequence = 0;
  #ended = false;
  #detached = false;

  constructor(identity: CallIdentity, deps: { ari: AriPort; log: FastifyBaseLogger; timers: TimerBook }) {
    this.callId = identity.callId;
    this.channelId = identity.channelId;
    this.callerNumber = identity.callerNumber;
    this.dialledNumber = identity.dialledNumber;
    this.#ari = deps.ari;
    this.#timers = deps.timers;
    this.log = deps.log.child({
      callId: identity.callId,
      channelId: identity.channelId,
      caller: maskNumber(identity.callerNumber),
      dialled: identity.dialledNumber,
    });
    this.cleanup.add('handlers', 'memory', () => this.#handlers.clear());
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Ended only in this process (shutdown, handover, lost socket): the call goes on in Asterisk for the next one. */
  get detached(): boolean {
    return this.#detached;
  }

  /** After a restart: the next ids continue after those of the resources that exist (`leg-<callId>-7` → 8). */
  continueIdsAfter(names: readonly string[]): void {
    const marker = `-${this.callId}-`;
    for (const name of names) {
      const at = name.indexOf(marker);
      const n = at < 0 ? 0 : Number(name.slice(at + marker.length));
      if (Number.isSafeInteger(n) && n > this.#sequence) this.#sequence = n;
    }
  }

  /** Deterministic per-call ids: `<prefix>-<callId>-<n>`. */
  nextId(prefix: string): string {
    this.#sequence += 1;
    return `${prefix}-${this.callId}-${this.#sequence}`;
  }

  /** Receives this channel's events (the caller's, or a leg's) until the call ends. */
  listenChannel(channelId: string): void {
    const off = this.#ari.onChannel(channelId, (event) => this.#dispatch(event));
    this.cleanup.add(`listener ${channelId}`, 'memory', off);
  }

  /** A step's event handler; removed by the returned function or when the call ends. */
  subscribe(handler: (event: AriEvent) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /** Called once when the call ends or is detached (waiting steps give up). */
  onEnd(handler: () => void): () => void {
    if (this.#ended) {
      handler();
      return () => undefined;
    }
    this.#onEnd.add(handler);
    return () => this.#onEnd.delete(handler);
  }

  /** A timer that is cancelled when the call ends. Returns its cancel function. */
  setTimer(ms: number, fire: () => void): () => void {
    if (this.#ended) return () => undefined;
    let active = true;
    const cancel = () => {
      if (!active) return;
      active = false;
      clearTimeout(handle);
      forget();
      this.#timers.stopped();
    };
    const handle = setTimeout(() => {
      cancel();
      fire();
    }, ms);
    this.#timers.started();
    const forget = this.cleanup.add('timer', 'memory', cancel);
    return cancel;
  }

  /** Resolves after `ms`, or early when the call ends (then returns false). */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const offEnd = this.onEnd(() => resolve(false));
      this.setTimer(ms, () => {
        offEnd();
        resolve(true);
      });
    });
  }

  /**
   * Starts a playback of media URIs (one ARI playback for the list; one PlaybackFinished at its end). `done` tells
   * how it ended: stopping it also ends it with state "done" in Asterisk (finding 23), so we remember who stopped it.
   */
  startPlayback(media: readonly string[], target: PlayTarget = { channelId: this.channelId }): { id: string; done: Promise<PlaybackEnd> } {
    const id = this.nextId('pb');
    let resolveDone: (end: PlaybackEnd) => void = () => undefined;
    const done = new Promise<PlaybackEnd>((resolve) => (resolveDone = resolve));
    if (this.#ended) {
      resolveDone('ended');
      return { id, done };
    }
    const forget = this.cleanup.add(`playback ${id}`, 'asterisk', () => this.#ari.stopPlayback(id));
    const pending: PendingPlayback = {
      stopped: false,
      forget,
      resolve: (end) => {
        if (!this.#playbacks.delete(id)) return;
        forget();
        resolveDone(end);
      },
    };
    this.#playbacks.set(id, pending);
    this.#ari.play(target, media, id).catch((error: unknown) => {
      if (!this.#playbacks.has(id)) return;
      this.log.warn({ err: error, playbackId: id }, 'playback failed to start');
      pending.resolve(this.#ended ? 'ended' : 'failed');
    });
    return { id, done };
  }

  /** Plays and waits for the end. */
  play(media: readonly string[]): Promise<PlaybackEnd> {
    return this.startPlayback(media).done;
  }

  /** Stops a playback we started (barge-in); its `done` resolves 'stopped'. */
  async stopPlayback(id: string): Promise<void> {
    const pending = this.#playbacks.get(id);
    if (!pending) return;
    pending.stopped = true;
    await ignoreGone(() => this.#ari.stopPlayback(id));
  }

  /** Hangs the caller up from our side (the end follows from StasisEnd). */
  async hangup(side: HangupSide = 'system'): Promise<void> {
    if (this.#ended) return; // ended, or detached: another instance may own the call now
    this.hangupSide ??= side;
    await ignoreGone(() => this.#ari.hangup(this.channelId));
  }

  /** Ends this context: waiting steps give up; cleanup runs (all of it, or only memory when detaching). */
  async finish(mode: 'end' | 'detach'): Promise<void> {
    if (!this.#ended) {
      this.#ended = true;
      this.#detached = mode === 'detach';
      for (const pending of [...this.#playbacks.values()]) pending.resolve('ended');
      for (const handler of [...this.#onEnd]) handler();
      this.#onEnd.clear();
    }
    await this.cleanup.run(this.log, mode);
  }

  #dispatch(event: AriEvent): void {
    if (event.type === 'PlaybackFinished') {
      const pending = this.#playbacks.get(event.playback.id);
      if (pending) pending.resolve(pending.stopped ? 'stopped' : 'finished');
    }
    for (const handler of [...this.#handlers]) {
      try {
        handler(event);
      } catch (error) {
        this.log.error({ err: error, eventType: event.type }, 'call event handler failed');
      }
    }
  }
}
