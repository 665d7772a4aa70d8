import { ignoreGone, type AriEvent } from '../../telephony/ari.js';
import type { CallContext } from '../context.js';
import { callResources, type CallDeps } from '../deps.js';

export type ConnectResult =
  | { connected: true; legId: string }
  /** The leg was busy, not answered, unreachable, or the caller left meanwhile. The caller stays in the queue. */
  | { connected: false; reason: 'busy' | 'no_answer' | 'unreachable' | 'caller_gone'; cause?: number };

/**
 * Connects a queued caller to an endpoint (an operator's phone now; a hotline later), recorded (R5):
 * the leg is originated into our app with `leg,<callId>` (it enters Stasis only once answered; a failed leg never
 * does — findings 5, 17); while it rings the caller keeps hearing music. On answer: the conversation bridge
 * `call-<callId>` (mixing,dtmf_events — finding 6) gets the leg, then its recording starts, then the caller moves
 * in from the holding bridge. The *bridge* is recorded, never a channel (finding 2), so one file covers whoever
 * joins and leaves (finding 20). The record's updates are written behind (CallRecords): no request waits for them.
 */
export interface ConnectOptions {
  /** The phone started ringing (Dial RINGING on the leg), or answered without a RINGING first: called once. */
  onRinging?: () => void;
}

export async function connectToEndpoint(ctx: CallContext, deps: CallDeps, endpoint: string, options: ConnectOptions = {}): Promise<ConnectResult> {
  const legId = ctx.nextId('leg');
  ctx.listenChannel(legId);
  const forgetLeg = ctx.cleanup.add(`leg ${legId}`, 'asterisk', () => deps.ari.hangup(legId));
  const previousStatus = ctx.status;
  ctx.status = 'offered';
  void deps.records.status(ctx.callId, 'offered', { offeredAt: new Date() });

  const answered = waitForLeg(ctx, legId, options.onRinging);
  try {
    await deps.ari.originate({
      endpoint,
      app: deps.settings.app,
      appArgs: `leg,${ctx.callId}`,
      channelId: legId,
      callerId: ctx.callerNumber,
      timeout: deps.settings.originateTimeoutSeconds,
    });
  } catch (error) {
    ctx.log.warn({ err: error, endpoint }, 'originate failed');
    answered.cancel();
    forgetLeg();
    backToQueue(ctx, deps, previousStatus);
    return { connected: false, reason: 'unreachable' };
  }
  const outcome = await answered.result;
  if (outcome.kind !== 'answered') {
    forgetLeg();
    if (outcome.kind === 'caller_gone') return { connected: false, reason: 'caller_gone' };
    ctx.log.info({ endpoint, cause: outcome.cause }, 'leg not answered');
    backToQueue(ctx, deps, previousStatus);
    return { connected: false, reason: outcome.cause === 17 ? 'busy' : 'no_answer', cause: outcome.cause };
  }

  // From the answer on, the operator may hang up at any moment, also while the caller is being moved in.
  let legGone = false;
  const offGone = ctx.subscribe((event) => {
    if ((event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') && event.channel.id === legId) legGone = true;
  });
  const bridgeId = callResources.conversationBridge(ctx.callId);
  const recordingName = callResources.recording(ctx.callId);
  const forgetBridge = ctx.cleanup.add(`bridge ${bridgeId}`, 'asterisk', () => deps.ari.destroyBridge(bridgeId));
  const forgetRecording = ctx.cleanup.add(`recording ${recordingName}`, 'asterisk', () => deps.ari.stopRecording(recordingName));
  try {
    await deps.ari.createBridge(bridgeId, 'mixing,dtmf_events', `conversation-${ctx.callId}`);
    await deps.ari.addChannel(bridgeId, legId);
    void deps.records.startRecording({ callId: ctx.callId, name: recordingName, format: 'wav' });
    // One file per call: a second conversation of the same call is appended. The recording finishes by itself when
    // the bridge empties (finding 20); stopping it is the belt to those braces. When it finishes while the
    // conversation goes on (Asterisk's recorder: 4 s without audio), call control starts the next segment at once.
    ctx.liveRecording = recordingName;
    await deps.ari.recordBridge(bridgeId, { name: recordingName, format: 'wav', ifExists: 'append' });
  } catch (error) {
    // The request may fail on the leg's hangup before its StasisEnd arrives: ask Asterisk whether the leg is there.
    if (!legGone && (await deps.ari.getChannel(legId).then(() => true, () => false))) throw error;
    legGone = true;
  }
  if (legGone) {
    // The operator answered and hung up before the caller was moved in: the caller never left the queue.
    offGone();
    ctx.log.info({ endpoint, legId }, 'the operator left before the conversation was set up: back to the queue');
    forgetRecording();
    forgetBridge();
    forgetLeg();
    await ignoreGone(() => deps.ari.stopRecording(recordingName)).catch(() => undefined);
    await ignoreGone(() => deps.ari.destroyBridge(bridgeId));
    backToQueue(ctx, deps, previousStatus);
    return { connected: false, reason: 'no_answer' };
  }
  const holding = callResources.holdingBridge(ctx.callId);
  await ignoreGone(() => deps.ari.removeChannel(holding, ctx.channelId));
  await deps.ari.addChannel(bridgeId, ctx.channelId);
  await ignoreGone(() => deps.ari.destroyBridge(holding));
  ctx.cleanup.forget(`bridge ${holding}`);
  deps.queue.remove(ctx.callId);
  ctx.status = 'connected';
  ctx.operatorLegId = legId;
  offGone();
  // Before the next await: an operator who hung up meanwhile, or hangs up while the record is written, releases the caller.
  watchConnectedLeg(ctx, legId, legGone);
  void deps.records.status(ctx.callId, 'connected', { operatorAnsweredAt: new Date(), bridgeId, operatorLegId: legId });
  ctx.log.info({ endpoint, legId }, 'call connected');
  return { connected: true, legId };
}

type LegOutcome = { kind: 'answered' } | { kind: 'failed'; cause?: number } | { kind: 'caller_gone' };

function waitForLeg(ctx: CallContext, legId: string, onRinging?: () => void): { result: Promise<LegOutcome>; cancel: () => void } {
  let rang = false;
  const ringing = () => {
    if (rang) return;
    rang = true;
    try {
      onRinging?.();
    } catch (error) {
      ctx.log.error({ err: error }, 'ringing handler failed');
    }
  };
  let off = () => {};
  let offEnd = () => {};
  let settle: (outcome: LegOutcome) => void = () => {};
  const result = new Promise<LegOutcome>((resolve) => {
    settle = (outcome) => {
      off();
      offEnd();
      resolve(outcome);
    };
  });
  off = ctx.subscribe((event: AriEvent) => {
    if (event.type === 'Dial' && event.peer.id === legId && event.dialstatus === 'RINGING') ringing();
    else if (event.type === 'ChannelStateChange' && event.channel.id === legId && event.channel.state === 'Ringing') ringing();
    else if (event.type === 'StasisStart' && event.channel.id === legId) {
      ringing();
      settle({ kind: 'answered' });
    }
    else if (event.type === 'ChannelDestroyed' && event.channel.id === legId) settle({ kind: 'failed', cause: event.cause });
    else if (event.type === 'StasisEnd' && event.channel.id === legId) settle({ kind: 'failed' });
  });
  offEnd = ctx.onEnd(() => settle({ kind: 'caller_gone' }));
  return { result, cancel: () => settle({ kind: 'caller_gone' }) };
}

/** The person on the leg hung up: the conversation is over, the caller is released (side: operator). */
export function watchConnectedLeg(ctx: CallContext, legId: string, alreadyGone = false): void {
  let released = false;
  const release = () => {
    if (released || ctx.status !== 'connected') return;
    released = true; // StasisEnd and ChannelDestroyed both come: one hangup
    ctx.cleanup.forget(`leg ${legId}`); // gone: nothing to hang up at the end
    ctx.log.info({ legId }, 'the other party hung up');
    ctx.outcome ??= 'completed';
    void ctx.hangup('operator').catch((error: unknown) => ctx.log.warn({ err: error }, 'hanging up the caller failed'));
  };
  ctx.subscribe((event) => {
    if ((event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') && event.channel.id === legId) release();
  });
  if (alreadyGone) release();
}

function backToQueue(ctx: CallContext, deps: CallDeps, status: CallContext['status']): void {
  if (ctx.ended) return;
  ctx.status = status;
  void deps.records.status(ctx.callId, status);
}
