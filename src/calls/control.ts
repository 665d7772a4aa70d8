import { AriError, type AriChannel, type AriEventMap, type Unsubscribe } from '../telephony/ari.js';
import { callPrompts } from '../telephony/prompts.js';
import { defaultIvrMenu } from '../ivr/default-menu.js';
import { validateMenuDefinition } from '../ivr/engine.js';
import type { IvrMenuDefinition, IvrPathEntry } from '../ivr/types.js';
import { conflict, notFound } from '../web/errors.js';
import { CallContext, inConversation, type CallIdentity } from './context.js';
import { outcomeFromStatus } from './outcome.js';
import { callIdOfResource, callResources, type CallDeps } from './deps.js';
import { reconcile } from './reconcile.js';
import type { CallRow } from './repository.js';
import { connectToEndpoint, type ConnectOptions, type ConnectResult } from './steps/connect.js';
import { requestCallback, sayGoodbye } from './steps/endings.js';
import { holdInQueue } from './steps/hold.js';
import { runIvr } from './steps/ivr.js';
import { refuseOverCapacity } from './steps/over-capacity.js';
import { resumeCall } from './resume.js';

/** How long a closing record waits for the caller's ChannelDestroyed and its cause. */
const causeWaitMs = 1_000;

export type AdoptHook = (ctx: CallContext, row: CallRow, legs: readonly string[]) => Promise<void>;

/**
 * Call control: the life of every citizen call in this process (R1–R3, R5, R23). A call is a context plus steps:
 * arrival (inbound number, line capacity), IVR, queue, conversation; whatever path it takes, its end runs the
 * cleanup list once and closes the call record. Steps that fail send the caller to the dialplan fallback.
 */
export class CallControl {
  readonly #deps: CallDeps;
  readonly #subscriptions: Unsubscribe[] = [];
  #reconciling: Promise<void> = Promise.resolve();
  readonly #flows = new Set<Promise<void>>();
  readonly #adoptHooks: AdoptHook[] = [];
  /** Per call: the caller's ChannelDestroyed (its cause) has come, and the listener waiting for it. */
  readonly #causes = new Map<string, { arrived: Promise<void>; release: () => void }>();

  constructor(deps: CallDeps) {
    this.#deps = deps;
  }

  get deps(): CallDeps {
    return this.#deps;
  }

  /** Subscribes to the gateway. Call once. */
  start(): void {
    const { ari } = this.#deps;
    this.#subscriptions.push(
      ari.on('StasisStart', (event) => this.#track(this.#onStasisStart(event))),
      ari.on('RecordingFinished', (event) => this.#onRecordingFinished(event)),
      ari.on('ApplicationReplaced', () => this.#track(this.detachAll('application replaced'))),
      ari.onDisconnected(() => this.#track(this.detachAll('ARI WebSocket lost'))),
      ari.onConnected(() => {
        this.#reconciling = this.#reconciling.then(() => this.#reconcile());
        this.#track(this.#reconciling);
      }),
    );
  }

  /** Stops listening and lets every call go on in Asterisk (they are re-adopted by the next instance). */
  async stop(): Promise<void> {
    for (const off of this.#subscriptions.splice(0)) off();
    await this.detachAll('shutdown');
    await this.settled();
  }

  /**
   * Called for every call re-adopted after a restart, once the call is back where its record says (transfers and
   * supervision sessions resume their own parts here).
   */
  onAdopt(hook: AdoptHook): void {
    this.#adoptHooks.push(hook);
  }

  /** Resolves when the reconciliation after the latest (re)connection is done. */
  async reconciled(): Promise<void> {
    await this.#reconciling;
  }

  /** Resolves when every flow started so far has settled (tests). */
  async settled(): Promise<void> {
    while (this.#flows.size > 0) await Promise.allSettled([...this.#flows]);
    await this.#deps.records.settled();
    await this.#deps.sink.settled();
  }

  /** Connects a queued call to an endpoint (used by the ACD and by transfers). */
  async connectToEndpoint(callId: string, endpoint: string, options: ConnectOptions = {}): Promise<ConnectResult> {
    const ctx = this.#deps.registry.get(callId);
    if (!ctx) throw notFound('cuộc gọi');
    if (ctx.status !== 'queued') throw conflict('CALL_NOT_QUEUED', 'Cuộc gọi không ở trong hàng chờ');
    return connectToEndpoint(ctx, this.#deps, endpoint, options);
  }

  /** Forgets every call in memory without touching Asterisk (handover, lost socket, shutdown). */
  async detachAll(reason: string): Promise<void> {
    const calls = this.#deps.registry.all();
    if (calls.length === 0) return;
    this.#deps.log.info({ calls: calls.length, reason }, 'detaching calls (they stay up in Asterisk)');
    for (const ctx of calls) {
      this.#deps.queue.remove(ctx.callId);
      this.#causes.get(ctx.callId)?.release();
      await ctx.finish('detach');
      this.#deps.registry.remove(ctx);
    }
  }

  // ---- arrival

  async #onStasisStart(event: AriEventMap['StasisStart']): Promise<void> {
    const { channel, args } = event;
    const { registry, ari, log } = this.#deps;
    if (args[0] === 'leg' || args[0] === 'snoop') {
      // Our originated leg answered (or a supervisor's snoop started): the call that made it listens to it. An orphan is hung up.
      const owner = args[1] ? registry.get(args[1]) : undefined;
      if (!owner || owner.ended) {
        log.warn({ channelId: channel.id }, 'leg of an unknown call entered Stasis: hanging it up');
        await ari.hangup(channel.id).catch(() => undefined);
      }
      return;
    }
    await this.#reconciling;
    if (registry.byChannel(channel.id)) return; // already controlled (reconcile adopted it)
    await this.arrive(channel, args[0] ?? channel.dialplan?.exten ?? '');
  }

  /**
   * A new citizen call, or a parked channel without a record (its StasisStart was missed). Its id is chosen here and
   * its row is written behind (CallRecords), so the caller is answered without waiting for the database.
   */
  async arrive(channel: AriChannel, dialledNumber: string): Promise<void> {
    const { records, registry } = this.#deps;
    if (registry.byChannel(channel.id)) return;
    const identity = { callId: records.newId(), channelId: channel.id, callerNumber: channel.caller.number || 'unknown', dialledNumber };
    const { callId: id, ...call } = identity;
    const inserted = records.arrive({ id, ...call });
    const ctx = this.#open(identity);
    ctx.log.info('call arrived');
    this.#run(ctx, () => this.#arrivalFlow(ctx, inserted));
  }

  /**
   * Answers at once (every arrival is answered: served, over capacity or not served), meanwhile the row is inserted
   * and the inbound number and the capacity are read; then the caller is admitted, refused or told the number is not
   * served.
   */
  async #arrivalFlow(ctx: CallContext, inserted?: Promise<CallRow | null>): Promise<void> {
    const { records, capacity, registry, ari } = this.#deps;
    const [, row, number, decision] = await Promise.all([
      ari.answer(ctx.channelId),
      inserted,
      records.inboundNumber(ctx.dialledNumber),
      capacity.now(),
    ]);
    if (row === null) {
      // The channel has a record already (another instance handed it over): that record's call is re-adopted, never a second one.
      ctx.log.warn('the channel already has a call record: re-adopting it');
      await ctx.finish('detach');
      registry.remove(ctx);
      const existing = await records.byChannel(ctx.channelId);
      if (existing && !existing.endedAt) this.adopt(existing);
      return;
    }
    if (ctx.ended) return;
    const answeredAt = new Date();
    if (!number) {
      ctx.log.warn('call to a number that is not served');
      ctx.outcome = 'failed';
      void records.update(ctx.callId, { answeredAt });
      await sayGoodbye(ctx, this.#deps, callPrompts.unknownNumber);
      return;
    }
    // No await between the count and the admission: two arrivals cannot both take the last line.
    const busy = registry.admittedCount();
    if (busy >= decision.capacity) {
      ctx.log.info({ capacity: decision.capacity, busy }, 'over capacity');
      await refuseOverCapacity(ctx, this.#deps);
      return;
    }
    ctx.admitted = true;
    ctx.status = 'ivr';
    void records.status(ctx.callId, 'ivr', { answeredAt });
    await this.#ivrThenExit(ctx, this.#menu(ctx, number.definition), []);
  }

  async #ivrThenExit(ctx: CallContext, menu: IvrMenuDefinition, pathBefore: readonly IvrPathEntry[]): Promise<void> {
    const exit = await runIvr(ctx, this.#deps, menu, pathBefore);
    if (!exit || ctx.ended) return;
    ctx.log.info({ exit: exit.type }, 'IVR finished');
    switch (exit.type) {
      case 'enqueue':
        await holdInQueue(ctx, this.#deps, { fieldCode: exit.fieldCode, priority: exit.priority });
        return;
      case 'callback':
        await requestCallback(ctx, this.#deps, 'ivr');
        return;
      case 'hangup':
        ctx.outcome = 'completed';
        await sayGoodbye(ctx, this.#deps, exit.prompt);
        return;
    }
  }

  #menu(ctx: CallContext, definition: unknown): IvrMenuDefinition {
    if (definition === null || definition === undefined) return defaultIvrMenu;
    const checked = validateMenuDefinition(definition);
    if (checked.ok) return checked.value;
    ctx.log.error({ errors: checked.errors }, 'IVR menu of this number is invalid: using the default menu');
    return defaultIvrMenu;
  }

  // ---- re-adoption (restart, reconnect, handover)

  /** Takes back a call that is still up in Asterisk, where its record says it was. */
  adopt(row: CallRow, legs: readonly string[] = []): CallContext | undefined {
    if (this.#deps.registry.get(row.id)) return undefined;
    const ctx = this.#open({ callId: row.id, channelId: row.channelId, callerNumber: row.callerNumber, dialledNumber: row.dialledNumber });
    ctx.status = row.status;
    ctx.admitted = row.status !== 'arrived' || (row.answeredAt !== null && row.overCapacityAt === null);
    ctx.continueIdsAfter(legs);
    ctx.log.info({ status: row.status, legs: legs.length }, 'call re-adopted');
    this.#run(ctx, () => this.#resume(ctx, row, legs));
    return ctx;
  }

  async #resume(ctx: CallContext, row: CallRow, legs: readonly string[]): Promise<void> {
    await resumeCall(ctx, row, legs, this.#deps, {
      arrival: () => this.#arrivalFlow(ctx),
      ivr: async () => {
        const number = await this.#deps.records.inboundNumber(ctx.dialledNumber);
        await this.#ivrThenExit(ctx, this.#menu(ctx, number?.definition ?? null), (row.ivrPath as IvrPathEntry[] | null) ?? []);
      },
    });
    for (const hook of this.#adoptHooks) {
      if (ctx.ended) return;
      try {
        await hook(ctx, row, legs);
      } catch (error) {
        ctx.log.error({ err: error }, 'resuming part of a re-adopted call failed');
      }
    }
  }

  // ---- life and end of a call

  #open(identity: CallIdentity): CallContext {
    const { ari, registry, log } = this.#deps;
    const ctx = new CallContext(identity, { ari, log, timers: registry.timers });
    registry.add(ctx);
    ctx.listenChannel(ctx.channelId);
    this.#watchCause(ctx);
    // If call control ends the call while the caller is still in Stasis, the caller is hung up, never left in silence.
    const forgetCaller = ctx.cleanup.add('caller channel', 'asterisk', () => ari.hangup(ctx.channelId));
    ctx.subscribe((event) => {
      if (!('channel' in event) || event.channel.id !== ctx.channelId) return;
      if (event.type === 'ChannelHangupRequest') {
        if (!event.soft) ctx.hangupSide ??= 'caller';
        if (!event.soft && event.cause) ctx.hangupCause ??= event.cause;
      } else if (event.type === 'ChannelDestroyed') {
        ctx.hangupCause = event.cause;
        ctx.hangupCauseText = event.cause_txt;
        forgetCaller();
        this.#track(this.end(ctx));
      } else if (event.type === 'StasisEnd') {
        ctx.leftStasis = true;
        forgetCaller();
        this.#track(this.end(ctx));
      }
    });
    return ctx;
  }

  /** Ends the call once: cleanup (bridges, legs, playbacks, timers, listeners), then the record is closed. */
  async end(ctx: CallContext): Promise<void> {
    if (ctx.ended) return;
    const { queue, records, registry } = this.#deps;
    queue.remove(ctx.callId);
    await ctx.finish('end');
    await this.#causeOf(ctx);
    const outcome = ctx.outcome ?? outcomeFromStatus(ctx.status);
    const endedAt = new Date();
    try {
      await records.end(ctx.callId, {
        endedAt,
        outcome,
        hangupSide: ctx.hangupSide ?? null,
        hangupCause: ctx.hangupCause ?? null,
        hangupCauseText: ctx.hangupCauseText ?? null,
      });
    } catch (error) {
      ctx.log.error({ err: error }, 'closing the call record failed (reconciliation will close it)');
    } finally {
      registry.remove(ctx);
    }
    queue.ended?.(ctx.callId, { outcome, callerNumber: ctx.callerNumber, endedAt });
    ctx.log.info({ outcome, hangupSide: ctx.hangupSide ?? null, status: ctx.status }, 'call ended');
  }

  /**
   * The Q.850 cause comes only with the caller's ChannelDestroyed, which follows StasisEnd (finding 4); an app
   * connected with subscribeAll=false gets nothing of a dialplan channel after its StasisEnd unless it subscribed to
   * the channel (issue 11 item 5: causes were missing for callers who hung up in the IVR or queue, and for operator
   * hang-ups). The app subscribes to the caller's channel at once (not waited for) and listens for its destruction.
   */
  #watchCause(ctx: CallContext): void {
    const { ari, settings, log } = this.#deps;
    let arrive: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const off = ari.onChannel(ctx.channelId, (event) => {
      if (event.type !== 'ChannelDestroyed') return;
      ctx.hangupCause = event.cause;
      ctx.hangupCauseText = event.cause_txt;
      arrive();
    });
    const release = () => {
      off();
      arrive();
      this.#causes.delete(ctx.callId);
    };
    this.#causes.set(ctx.callId, { arrived, release });
    void ari.subscribeApplication(settings.app, `channel:${ctx.channelId}`).catch((error: unknown) => {
      log.debug({ err: error, channelId: ctx.channelId }, 'subscribing to the caller channel failed: no hang-up cause');
      arrive();
    });
  }

  /** The record stays open for the cause (it comes within milliseconds of StasisEnd), at most `causeWaitMs`. */
  async #causeOf(ctx: CallContext): Promise<void> {
    const watch = this.#causes.get(ctx.callId);
    if (!watch) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, causeWaitMs);
      timer.unref();
    });
    if (ctx.leftStasis) await Promise.race([watch.arrived, timeout]);
    clearTimeout(timer);
    watch.release();
  }

  /** Runs a flow; a failure sends the caller to the dialplan fallback (answered, recorded, rung to the duty phones). */
  #run(ctx: CallContext, flow: () => Promise<void>): void {
    this.#track(
      flow().catch(async (error: unknown) => {
        if (ctx.ended) {
          ctx.log.debug({ err: error }, 'call flow stopped after the call ended');
          return;
        }
        ctx.log.error({ err: error, status: ctx.status }, 'call flow failed: sending the caller to the fallback');
        await this.#failSafe(ctx);
      }),
    );
  }

  async #failSafe(ctx: CallContext): Promise<void> {
    const { ari, settings } = this.#deps;
    if (inConversation(ctx.status)) return; // a conversation goes on regardless
    ctx.outcome = 'failed';
    ctx.hangupSide ??= 'system';
    try {
      await ari.continueInDialplan(ctx.channelId, settings.fallbackContext, 's', 1);
    } catch (error) {
      ctx.log.error({ err: error }, 'fallback failed: hanging up');
      await this.end(ctx);
    }
  }

  #onRecordingFinished(event: AriEventMap['RecordingFinished']): void {
    const { name, duration } = event.recording;
    const callId = callIdOfResource(name);
    if (!name.startsWith('call-') || !callId) return;
    // Finished (the bridge emptied, finding 20): nothing to stop when the call ends.
    const ctx = this.#deps.registry.get(callId);
    ctx?.cleanup.forget(`recording ${name}`);
    if (ctx) this.#track(this.#recordOn(ctx, name));
    this.#track(
      // The file is asked for at once; the recording's row, written behind the call, is read once committed.
      this.#deps.sink.finalize(name, duration, this.#deps.records.flushed(callId)).then(
        () => undefined,
        (error: unknown) => this.#deps.log.error({ err: error, recording: name }, 'storing the call recording failed'),
      ),
    );
  }

  /**
   * A recording of the conversation finished while the conversation goes on (issue 11 item 2): Asterisk's recorder
   * ends a bridge recording after 4 s without audio — one person alone in the bridge (the operator dialling the
   * hotline, the caller waiting for a blind transfer), a phone that sends nothing in silence, a muted softphone, a
   * network gap. The next segment starts at once on the same bridge; the sink joins the segments into the call's one
   * file. Not when the call is over (the bridge emptied at its end), nor for a copy of the event (finding 20: it comes
   * twice) or an older segment's.
   */
  async #recordOn(ctx: CallContext, finished: string): Promise<void> {
    if (ctx.ended || !inConversation(ctx.status)) return;
    if (ctx.liveRecording !== undefined && ctx.liveRecording !== finished) return;
    const { ari } = this.#deps;
    const bridgeId = callResources.conversationBridge(ctx.callId);
    const name = callResources.recordingSegment(ctx.callId, Date.now());
    ctx.liveRecording = name;
    const forget = ctx.cleanup.add(`recording ${name}`, 'asterisk', () => ari.stopRecording(name));
    try {
      await ari.recordBridge(bridgeId, { name, format: 'wav', ifExists: 'fail' });
      ctx.log.info({ finished, recording: name }, 'the recording ended while the conversation goes on: recording again');
    } catch (error) {
      forget();
      // The bridge went away meanwhile: the call is ending.
      if (error instanceof AriError && error.status === 404) return;
      ctx.log.error({ err: error, recording: name }, 'restarting the recording failed');
    }
  }

  async #reconcile(): Promise<void> {
    try {
      await reconcile(this, this.#deps);
    } catch (error) {
      this.#deps.log.error({ err: error }, 'reconciliation with Asterisk failed');
    }
  }

  #track(work: Promise<unknown>): void {
    const tracked = work.then(
      () => undefined,
      (error: unknown) => this.#deps.log.error({ err: error }, 'call control task failed'),
    );
    this.#flows.add(tracked);
    void tracked.finally(() => this.#flows.delete(tracked));
  }
}
