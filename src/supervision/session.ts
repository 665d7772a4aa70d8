import { randomUUID } from 'node:crypto';
import type { CallContext } from '../calls/context.js';
import { callResources, type CallDeps } from '../calls/deps.js';
import { ignoreGone, type AriEvent } from '../telephony/ari.js';
import { isFinal, nextState, snoopOf, SupervisionStateError, type SupervisionEvent, type SupervisionMode, type SupervisionState } from './states.js';

export interface SupervisionPlan {
  mode: SupervisionMode;
  /** The supervisor's phone (sip_endpoints.endpoint). */
  endpoint: string;
  /** The operator's leg in the conversation bridge (whisper snoops on it). */
  operatorLegId: string | undefined;
}

/** What the record keeps of a session (supervision_sessions): enough to resume it after a restart. */
export interface SupervisionSnapshot {
  id: string;
  state: SupervisionState;
  phoneLegId: string;
  bridgeId: string | null;
  snoopId: string | null;
}

/** Saves the session after each change (the service writes supervision_sessions). */
export type SupervisionSaver = (snapshot: SupervisionSnapshot) => Promise<void>;

/**
 * One supervisor on one call: the supervisor's phone is originated into our app (`leg,<callId>`); once it answers,
 * listen/whisper put it in its own bridge `sup-<callId>-<n>` with a snoop channel (`snoop,<callId>`), barge adds it
 * to the conversation bridge. Every resource is on the call's cleanup list, so the call's end releases it too.
 */
export class SupervisionSession {
  readonly id: string;
  state: SupervisionState;
  readonly phoneLegId: string;
  readonly done: Promise<SupervisionState>;

  readonly #ctx: CallContext;
  readonly #deps: CallDeps;
  readonly #plan: SupervisionPlan;
  #chain: Promise<unknown> = Promise.resolve();
  #resolveDone: (state: SupervisionState) => void = () => undefined;
  readonly #unsubscribe: Array<() => void> = [];
  readonly #releases: Array<{ forget: () => void; release: () => Promise<void> }> = [];
  #phoneUp = false;
  #bridgeId: string | null = null;
  #snoopId: string | null = null;
  readonly #save: SupervisionSaver;

  constructor(ctx: CallContext, deps: CallDeps, plan: SupervisionPlan, save: SupervisionSaver, resumed?: SupervisionSnapshot) {
    this.#ctx = ctx;
    this.#deps = deps;
    this.#plan = plan;
    this.#save = save;
    this.id = resumed?.id ?? randomUUID();
    this.state = resumed?.state ?? 'ringing';
    this.phoneLegId = resumed?.phoneLegId ?? ctx.nextId('leg');
    this.#bridgeId = resumed?.bridgeId ?? null;
    this.#snoopId = resumed?.snoopId ?? null;
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  get snapshot(): SupervisionSnapshot {
    return { id: this.id, state: this.state, phoneLegId: this.phoneLegId, bridgeId: this.#bridgeId, snoopId: this.#snoopId };
  }

  /**
   * After an app restart (R23): the supervisor's phone, bridge and snoop are still up in Asterisk; they are taken
   * back (released by stop or by the call's end as before). A phone gone while we were away ends the session.
   */
  async resume(phone: { alive: boolean; up: boolean }): Promise<void> {
    const ctx = this.#ctx;
    const { ari } = this.#deps;
    ctx.log.info({ supervision: this.#plan.mode, sessionId: this.id, state: this.state, phone }, 'supervision resumed after a restart');
    ctx.continueIdsAfter([this.phoneLegId, this.#bridgeId ?? '', this.#snoopId ?? '']);
    ctx.listenChannel(this.phoneLegId);
    this.#own(`supervisor phone ${this.phoneLegId}`, () => ari.hangup(this.phoneLegId));
    const bridgeId = this.#bridgeId;
    const snoopId = this.#snoopId;
    if (bridgeId) this.#own(`bridge ${bridgeId}`, () => ari.destroyBridge(bridgeId));
    if (snoopId) this.#own(`snoop ${snoopId}`, () => ari.hangup(snoopId));
    this.#phoneUp = phone.up && this.state === 'active';
    this.#subscribe();
    if (!phone.alive) await this.#event(this.state === 'active' ? 'phoneGone' : 'phoneFailed', () => this.#release());
    else if (this.state === 'ringing' && phone.up) await this.#phoneAnswered();
  }

  get mode(): SupervisionMode {
    return this.#plan.mode;
  }

  get callId(): string {
    return this.#ctx.callId;
  }

  /** Rings the supervisor's phone. */
  async start(): Promise<void> {
    const ctx = this.#ctx;
    const { ari, settings } = this.#deps;
    ctx.log.info({ supervision: this.#plan.mode, sessionId: this.id, endpoint: this.#plan.endpoint }, 'supervision started');
    ctx.listenChannel(this.phoneLegId);
    this.#own(`supervisor phone ${this.phoneLegId}`, () => ari.hangup(this.phoneLegId));
    await this.#saveQuietly();
    this.#subscribe();
    try {
      await ari.originate({
        endpoint: this.#plan.endpoint,
        app: settings.app,
        appArgs: `leg,${ctx.callId}`,
        channelId: this.phoneLegId,
        callerId: '1022',
        timeout: settings.originateTimeoutSeconds,
      });
    } catch (error) {
      ctx.log.warn({ err: error, endpoint: this.#plan.endpoint }, "supervisor's phone could not be called");
      this.#fromAsterisk(() => this.#event('phoneFailed', () => this.#release()));
    }
  }

  #subscribe(): void {
    const ctx = this.#ctx;
    this.#unsubscribe.push(
      ctx.subscribe((event: AriEvent) => {
        if (isFinal(this.state) || !('channel' in event) || event.channel.id !== this.phoneLegId) return;
        if (event.type === 'StasisStart' && !this.#phoneUp) this.#fromAsterisk(() => this.#phoneAnswered());
        else if (event.type === 'ChannelDestroyed' || event.type === 'StasisEnd') {
          this.#fromAsterisk(() => (this.#phoneUp ? this.#event('phoneGone', () => this.#release()) : this.#event('phoneFailed', () => this.#release())));
        }
      }),
      ctx.onEnd(() => {
        // Detached (the app stops): the session stays as saved, for the next instance to resume.
        if (ctx.detached) for (const off of this.#unsubscribe.splice(0)) off();
        else this.#fromAsterisk(() => this.#event('callEnded', async () => undefined));
      }),
    );
  }

  async #saveQuietly(): Promise<void> {
    try {
      await this.#save(this.snapshot);
    } catch (error) {
      this.#ctx.log.error({ err: error, sessionId: this.id }, 'saving the supervision session failed');
    }
  }

  stop(): Promise<void> {
    return this.#event('stop', () => this.#release());
  }

  #phoneAnswered(): Promise<void> {
    this.#phoneUp = true;
    return this.#event('phoneAnswered', async () => {
      const ctx = this.#ctx;
      const { ari, settings } = this.#deps;
      const snoop = snoopOf[this.#plan.mode];
      if (!snoop) {
        await ari.addChannel(callResources.conversationBridge(ctx.callId), this.phoneLegId);
        return;
      }
      const target = snoop.on === 'caller' ? ctx.channelId : this.#plan.operatorLegId;
      if (!target) throw new Error('no operator leg to whisper to');
      const bridgeId = ctx.nextId('sup');
      this.#bridgeId = bridgeId;
      await ari.createBridge(bridgeId, 'mixing', `supervision-${this.id}`);
      this.#own(`bridge ${bridgeId}`, () => ari.destroyBridge(bridgeId));
      await ari.addChannel(bridgeId, this.phoneLegId);
      const snoopId = ctx.nextId('leg');
      this.#snoopId = snoopId;
      await this.#saveQuietly();
      this.#own(`snoop ${snoopId}`, () => ari.hangup(snoopId));
      await ari.snoop(target, { snoopId, app: settings.app, appArgs: `snoop,${ctx.callId}`, spy: snoop.spy, whisper: snoop.whisper });
      await ari.addChannel(bridgeId, snoopId);
    });
  }

  /** Registers a resource with the call's cleanup list and with this session's own release. */
  #own(name: string, release: () => Promise<void>): void {
    const forget = this.#ctx.cleanup.add(name, 'asterisk', release);
    this.#releases.push({ forget, release });
  }

  /** Releases what this session created (newest first); the call goes on. */
  async #release(): Promise<void> {
    for (const { forget, release } of this.#releases.splice(0).reverse()) {
      forget();
      try {
        await ignoreGone(release);
      } catch (error) {
        this.#ctx.log.warn({ err: error, sessionId: this.id }, 'supervision release failed');
      }
    }
  }

  #event(event: SupervisionEvent, work: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(async () => {
      const from = this.state;
      const to = nextState(from, event);
      this.#ctx.log.info({ supervision: this.#plan.mode, sessionId: this.id, from, event, to }, 'supervision transition');
      await work();
      // Entered once its work is done: "active" means the supervisor hears the call.
      this.state = to;
      await this.#saveQuietly();
      if (isFinal(to)) {
        for (const off of this.#unsubscribe.splice(0)) off();
        this.#resolveDone(to);
      }
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  #fromAsterisk(work: () => Promise<void>): void {
    work().catch((error: unknown) => {
      if (error instanceof SupervisionStateError) return;
      this.#ctx.log.error({ err: error, sessionId: this.id }, 'supervision step failed: stopping it');
      void this.#event('stop', () => this.#release()).catch(() => undefined);
    });
  }
}
