import type { CallContext } from '../calls/context.js';
import { callResources, type CallDeps } from '../calls/deps.js';
import { placeInHoldingBridge } from '../calls/steps/hold.js';
import { ignoreGone, type AriEvent } from '../telephony/ari.js';
import {
  failureOfCause,
  initialState,
  isFinal,
  nextState,
  TransferStateError,
  type HotlineFailure,
  type TransferEvent,
  type TransferMode,
  type TransferState,
} from './states.js';

/** Prompt names (scripts/prompts.vi.tsv). */
export const transferPrompts = {
  inProgress: 'vi/transfer-in-progress',
  failed: 'vi/transfer-failed',
} as const;

export interface TransferPlan {
  mode: TransferMode;
  /** The hotline number as dialled (agencies.hotline or typed by the operator). */
  number: string;
  /** The Asterisk endpoint (TRANSFER_DIAL_TEMPLATE with the number). */
  endpoint: string;
  /** The operator's leg in the conversation bridge. */
  operatorLegId: string;
  /** Said digit by digit after the failure message of a blind transfer. */
  receiptCode: string | null;
  ringSeconds: number;
}

/** The transfer columns of the call record (calls.transferTarget, calls.transferredAt). */
export interface TransferRecords {
  /** A transfer to `number` begins: transferTarget set, transferredAt cleared (a failed one leaves it null). */
  attempted(callId: string, number: string): Promise<void>;
  /** The caller and the hotline are connected. */
  transferred(callId: string, at: Date): Promise<void>;
  /** The session as it stands, after every transition: what a restart resumes from (calls.transfer_session). */
  saved(callId: string, snapshot: TransferSnapshot): Promise<void>;
}

export interface TransferEnd {
  state: TransferState;
  failure?: HotlineFailure;
}

/** What is kept of a session on the call record. */
export interface TransferSnapshot extends TransferPlan {
  hotlineLegId: string;
  state: TransferState;
  failure: HotlineFailure | null;
}

/** What Asterisk says after a restart about the parts of a transfer in progress. */
export interface TransferFacts {
  /** The hotline leg exists; `hotlineUp`: it answered (state Up). */
  hotlineAlive: boolean;
  hotlineUp: boolean;
  hotlineInConversation: boolean;
  operatorAlive: boolean;
  /** The caller is in the per-call holding bridge. */
  callerHeld: boolean;
}

/**
 * One transfer of one call (R6, R7): the Asterisk side of the table in states.ts, one method per event, run one at
 * a time (events and HTTP requests are queued), every transition logged.
 *
 * How the audio goes (findings 2, 19, 20, 21):
 * - the conversation bridge `call-<callId>` is recorded and stays the place of the conversation: the hotline leg is
 *   originated into our Stasis app (`leg,<callId>`) and added to it, so one recording covers operator, consultation
 *   and hotline; `redirect` is never used (it does nothing after answer);
 * - attended: the caller is moved out to the per-call holding bridge `hold-<callId>` with *bridge* music on hold,
 *   not channel MOH — channel MOH keeps playing once the caller is bridged again (finding 19), bridge MOH stops the
 *   moment the caller leaves; and the caller does not hear the consultation;
 * - blind: the operator leaves at once; the caller stays in the recorded bridge and hears "being transferred".
 */
export class TransferSession {
  state: TransferState;
  readonly hotlineLegId: string;
  readonly done: Promise<TransferEnd>;

  readonly #ctx: CallContext;
  readonly #deps: CallDeps;
  readonly #plan: TransferPlan;
  #chain: Promise<unknown> = Promise.resolve();
  #resolveDone: (end: TransferEnd) => void = () => undefined;
  #unsubscribe: Array<() => void> = [];
  #forgetHotline: () => void = () => undefined;
  #callerHeld = false;
  #hotlineUp = false;
  #hotlineInConversation = false;
  #hotlineReleased = false;
  #operatorReleased = false;
  #operatorToldGone = false;
  #playbackId: string | undefined;
  #failure: HotlineFailure | undefined;
  #finished = false;

  readonly #records: TransferRecords;

  constructor(ctx: CallContext, deps: CallDeps, records: TransferRecords, plan: TransferPlan, resumed?: TransferSnapshot) {
    this.#ctx = ctx;
    this.#deps = deps;
    this.#records = records;
    this.#plan = plan;
    this.state = resumed?.state ?? initialState[plan.mode];
    this.hotlineLegId = resumed?.hotlineLegId ?? ctx.nextId('leg');
    this.#failure = resumed?.failure ?? undefined;
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  get snapshot(): TransferSnapshot {
    return { ...this.#plan, hotlineLegId: this.hotlineLegId, state: this.state, failure: this.#failure ?? null };
  }

  get mode(): TransferMode {
    return this.#plan.mode;
  }

  get number(): string {
    return this.#plan.number;
  }

  /** The Asterisk work of the initial state: hold or release, then ring the hotline. */
  async start(): Promise<void> {
    const ctx = this.#ctx;
    ctx.log.info({ transfer: this.#plan.mode, state: this.state, hotline: this.#plan.number }, 'transfer started');
    ctx.status = 'transferring';
    await this.#deps.records.status(ctx.callId, 'transferring');
    await this.#records.attempted(ctx.callId, this.#plan.number);
    await this.#save();
    this.#listen();
    await this.#run(async () => {
      try {
        if (this.#plan.mode === 'attended') await this.#holdCaller();
        else {
          await this.#releaseOperator();
          this.#playbackId = ctx.startPlayback([this.#deps.prompts.uri(transferPrompts.inProgress)]).id;
        }
        await this.#ringHotline();
      } catch (error) {
        await this.#recover(error);
      }
    });
  }

  /**
   * After an app restart (R23): the session continues from its record and from what Asterisk says now. What
   * happened while nobody listened (the hotline answered or gave up, the operator hung up) is applied as the event
   * it would have been.
   */
  async resume(facts: TransferFacts): Promise<void> {
    const ctx = this.#ctx;
    this.#callerHeld = facts.callerHeld;
    this.#hotlineUp = facts.hotlineUp;
    this.#hotlineInConversation = facts.hotlineInConversation;
    this.#hotlineReleased = !facts.hotlineAlive;
    const operatorLeft = !facts.operatorAlive && this.#plan.mode === 'attended';
    this.#operatorReleased = operatorLeft || this.#plan.mode === 'blind';
    ctx.log.info({ transfer: this.#plan.mode, state: this.state, facts }, 'transfer resumed after a restart');
    if (this.#operatorReleased) this.#operatorLeft();
    if (facts.hotlineAlive) {
      ctx.listenChannel(this.hotlineLegId);
      this.#forgetHotline = ctx.cleanup.add(`hotline ${this.hotlineLegId}`, 'asterisk', () => this.#deps.ari.hangup(this.hotlineLegId));
    }
    if (isFinal(this.state)) {
      this.#finish();
      return;
    }
    this.#listen();
    const waitingForHotline = this.state === 'dialing' || this.state === 'ringing';
    if (waitingForHotline && facts.hotlineAlive && facts.hotlineUp) await this.#hotlineAnswered().catch((error: unknown) => this.#recover(error));
    else if (waitingForHotline && !facts.hotlineAlive) await this.#hotlineFailed('no_answer').catch((error: unknown) => this.#recover(error));
    else if (this.state === 'consulting' && !facts.hotlineAlive) await this.#hotlineGone().catch((error: unknown) => this.#recover(error));
    if (operatorLeft && !isFinal(this.state)) await this.#operatorGone().catch((error: unknown) => this.#recover(error));
  }

  // ---- events (HTTP)

  complete(): Promise<void> {
    return this.#event('complete', async () => this.#joinCallerToHotline()).catch((error: unknown) => this.#recoverUnlessState(error));
  }

  cancel(): Promise<void> {
    return this.#event('cancel', async () => {
      await this.#releaseHotline();
      await this.#returnCallerToOperator();
    }).catch((error: unknown) => this.#recoverUnlessState(error));
  }

  // ---- events (Asterisk)

  #hotlineAnswered(): Promise<void> {
    return this.#event('hotlineAnswered', async (next) => {
      this.#hotlineUp = true;
      if (next === 'consulting') {
        await this.#addHotlineToConversation();
        return;
      }
      await this.#joinCallerToHotline();
    });
  }

  #hotlineFailed(failure: HotlineFailure): Promise<void> {
    this.#failure = failure;
    this.#forgetHotline();
    return this.#event('hotlineFailed', async () => {
      if (this.#operatorReleased) await this.#announceFailureAndHangUp();
      else await this.#returnCallerToOperator();
    });
  }

  #hotlineGone(): Promise<void> {
    this.#failure = 'hung_up';
    return this.#event('hotlineGone', async () => this.#returnCallerToOperator());
  }

  #operatorGone(): Promise<void> {
    this.#operatorReleased = true;
    this.#operatorLeft();
    return this.#event('operatorGone', async (next) => {
      if (next === 'completed') await this.#joinCallerToHotline(); // after consulting
      // dialing → ringing: the caller keeps the music until the hotline answers or not.
    });
  }

  #callerGone(): Promise<void> {
    return this.#event('callerGone', async () => undefined); // the call's cleanup releases legs and bridges
  }

  // ---- the machinery

  /** Runs an event in turn: checks the table, does the work, enters the new state (logged). */
  #event(event: TransferEvent, work: (next: TransferState) => Promise<void>): Promise<void> {
    return this.#run(async () => {
      const from = this.state;
      const next = nextState(from, event);
      this.state = next;
      this.#ctx.log.info({ transfer: this.#plan.mode, from, event, to: next }, 'transfer transition');
      try {
        await work(next);
      } catch (error) {
        await this.#recover(error);
        return;
      }
      await this.#save();
      if (isFinal(next)) this.#finish();
    });
  }

  async #save(): Promise<void> {
    try {
      await this.#records.saved(this.#ctx.callId, this.snapshot);
    } catch (error) {
      this.#ctx.log.error({ err: error }, 'saving the transfer state failed');
    }
  }

  /** A request from the desktop hit a state error (409, rethrown) or an Asterisk failure (recovered, not thrown). */
  async #recoverUnlessState(error: unknown): Promise<void> {
    if (error instanceof TransferStateError) throw error;
    await this.#run(() => this.#recover(error));
  }

  /**
   * An Asterisk request failed midway through a step (R7): the transfer fails, and the caller is not left in
   * silence — attended: back in the conversation with the operator; blind (no operator any more): the portal
   * message with the receipt code. Only if that too fails is the call ended.
   */
  async #recover(error: unknown): Promise<void> {
    const ctx = this.#ctx;
    if (this.#finished) return;
    ctx.log.error({ err: error, state: this.state }, 'transfer step failed: the transfer is given up');
    this.state = 'failed';
    this.#failure = 'error';
    try {
      await this.#releaseHotline();
    } catch (releaseError) {
      ctx.log.warn({ err: releaseError }, 'releasing the hotline leg failed');
    }
    try {
      if (this.#operatorReleased) await this.#announceFailureAndHangUp();
      else await this.#returnCallerToOperator(true);
    } catch (returnError) {
      ctx.log.error({ err: returnError }, 'the caller could not be returned: ending the call');
      await ctx.hangup('system').catch(() => undefined);
    }
    await this.#save();
    this.#finish();
  }

  #run(work: () => Promise<void>): Promise<void> {
    const result = this.#chain.then(work);
    this.#chain = result.catch(() => undefined);
    return result;
  }

  /** An Asterisk event the current state does not take (it crossed a request of ours): logged, not fatal. */
  #fromAsterisk(work: () => Promise<void>): void {
    work().catch((error: unknown) => {
      if (error instanceof TransferStateError) this.#ctx.log.debug({ state: error.state, event: error.event }, 'transfer event ignored in this state');
      else void this.#run(() => this.#recover(error));
    });
  }

  #listen(): void {
    const ctx = this.#ctx;
    const hotline = this.hotlineLegId;
    const operator = this.#plan.operatorLegId;
    this.#unsubscribe.push(
      ctx.subscribe((event: AriEvent) => {
        if (isFinal(this.state) || !('channel' in event)) return;
        const id = event.channel.id;
        if (id === hotline && !this.#hotlineReleased) {
          if (event.type === 'StasisStart' && !this.#hotlineUp) this.#fromAsterisk(() => this.#hotlineAnswered());
          else if (event.type === 'ChannelDestroyed' && !this.#hotlineUp) {
            this.#hotlineReleased = true;
            this.#fromAsterisk(() => this.#hotlineFailed(failureOfCause(event.cause)));
          } else if ((event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') && this.#hotlineUp) {
            this.#hotlineReleased = true;
            this.#fromAsterisk(() => this.#hotlineGone());
          }
        } else if (id === operator && !this.#operatorReleased && (event.type === 'StasisEnd' || event.type === 'ChannelDestroyed')) {
          this.#fromAsterisk(() => this.#operatorGone());
        }
      }),
      ctx.onEnd(() => {
        // Detached (the app stops): the session stays as saved, for the next instance to resume.
        if (ctx.detached) for (const off of this.#unsubscribe.splice(0)) off();
        else this.#fromAsterisk(() => this.#callerGone());
      }),
    );
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    for (const off of this.#unsubscribe.splice(0)) off();
    if (this.state === 'completed') this.#watchHotlineAfterTransfer();
    this.#ctx.log.info({ transfer: this.#plan.mode, state: this.state, failure: this.#failure }, 'transfer finished');
    this.#resolveDone({ state: this.state, ...(this.#failure ? { failure: this.#failure } : {}) });
  }

  async #ringHotline(): Promise<void> {
    const ctx = this.#ctx;
    const legId = this.hotlineLegId;
    ctx.listenChannel(legId);
    this.#forgetHotline = ctx.cleanup.add(`hotline ${legId}`, 'asterisk', () => this.#deps.ari.hangup(legId));
    try {
      await this.#deps.ari.originate({
        endpoint: this.#plan.endpoint,
        app: this.#deps.settings.app,
        appArgs: `leg,${ctx.callId}`,
        channelId: legId,
        callerId: ctx.callerNumber,
        timeout: this.#plan.ringSeconds,
      });
    } catch (error) {
      ctx.log.warn({ err: error, endpoint: this.#plan.endpoint }, 'hotline originate failed');
      this.#hotlineReleased = true;
      // Queued after start() (this runs inside it): the failure is handled as the next event.
      this.#fromAsterisk(() => this.#hotlineFailed('unreachable'));
    }
  }

  async #addHotlineToConversation(): Promise<void> {
    await this.#deps.ari.addChannel(callResources.conversationBridge(this.#ctx.callId), this.hotlineLegId);
    this.#hotlineInConversation = true;
  }

  async #holdCaller(): Promise<void> {
    const { ari } = this.#deps;
    await ignoreGone(() => ari.removeChannel(callResources.conversationBridge(this.#ctx.callId), this.#ctx.channelId));
    await placeInHoldingBridge(this.#ctx, this.#deps);
    this.#callerHeld = true;
  }

  /**
   * Out of the holding bridge (its music stops at once) into the recorded conversation bridge. `whatever`: after a
   * failure we do not know where the caller is: check the conversation bridge rather than trust our flags.
   */
  async #unholdCaller(whatever = false): Promise<void> {
    if ((!this.#callerHeld && !whatever) || this.#ctx.ended) return;
    const { ari } = this.#deps;
    const holding = callResources.holdingBridge(this.#ctx.callId);
    const conversation = callResources.conversationBridge(this.#ctx.callId);
    await ignoreGone(() => ari.removeChannel(holding, this.#ctx.channelId));
    const bridge = whatever ? await ari.getBridge(conversation) : undefined;
    if (!bridge?.channels.includes(this.#ctx.channelId)) await ari.addChannel(conversation, this.#ctx.channelId);
    await ignoreGone(() => ari.destroyBridge(holding));
    this.#callerHeld = false;
  }

  async #releaseOperator(): Promise<void> {
    if (this.#operatorReleased) return;
    this.#operatorReleased = true;
    const { ari } = this.#deps;
    const leg = this.#plan.operatorLegId;
    await ignoreGone(() => ari.removeChannel(callResources.conversationBridge(this.#ctx.callId), leg));
    await ignoreGone(() => ari.hangup(leg));
    this.#operatorLeft();
  }

  /**
   * The operator's leg is gone while the call goes on (issue 11 item 1): the queue engine is told at once, so the
   * operator goes to wrap-up and is offered calls after it, rather than stay on_call until the agency finishes.
   */
  #operatorLeft(): void {
    if (this.#operatorToldGone) return;
    this.#operatorToldGone = true;
    this.#deps.queue.operatorLeft?.(this.#ctx.callId);
  }

  async #releaseHotline(): Promise<void> {
    if (this.#hotlineReleased) return;
    this.#hotlineReleased = true;
    this.#forgetHotline();
    await ignoreGone(() => this.#deps.ari.hangup(this.hotlineLegId));
  }

  /** Completed: caller and hotline in the recorded bridge, the operator gone. */
  async #joinCallerToHotline(): Promise<void> {
    const ctx = this.#ctx;
    if (this.#playbackId) await ctx.stopPlayback(this.#playbackId); // addChannel would wait for it (finding 2)
    // Blind, or the operator left while it rang: the hotline is not in the bridge yet.
    if (!this.#hotlineInConversation) await this.#addHotlineToConversation();
    await this.#unholdCaller();
    await this.#releaseOperator();
    ctx.outcome = 'transferred';
    await this.#records.transferred(ctx.callId, new Date());
    // The transfer is over; the call goes on with the agency (issue 11 item 6: `transferring` is for the transfer in progress).
    ctx.status = 'with_agency';
    await this.#deps.records.status(ctx.callId, 'with_agency');
  }

  /** Attended failure or cancel: the caller is back with the operator; the call goes on. */
  async #returnCallerToOperator(whatever = false): Promise<void> {
    await this.#unholdCaller(whatever);
    const ctx = this.#ctx;
    if (ctx.ended) return;
    ctx.status = 'connected';
    await this.#deps.records.status(ctx.callId, 'connected');
  }

  /** Blind failure (R7): the portal message with the receipt code, then the call ends (the ticket is forwarded). */
  async #announceFailureAndHangUp(): Promise<void> {
    const ctx = this.#ctx;
    if (this.#playbackId) await ctx.stopPlayback(this.#playbackId);
    await this.#unholdCaller();
    const media = [this.#deps.prompts.uri(transferPrompts.failed)];
    const digits = this.#plan.receiptCode?.replace(/\D/g, '');
    if (digits) media.push(`digits:${digits}`);
    ctx.outcome = 'completed';
    await ctx.play(media);
    await ctx.hangup('system');
  }

  /** After the transfer the call is the caller's and the agency's: when the hotline hangs up, the caller is released. */
  #watchHotlineAfterTransfer(): void {
    const ctx = this.#ctx;
    ctx.subscribe((event) => {
      if ((event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') && event.channel.id === this.hotlineLegId) {
        ctx.log.info('the agency hung up');
        void ctx.hangup('agency').catch((error: unknown) => ctx.log.warn({ err: error }, 'hanging up the caller failed'));
      }
    });
  }
}
