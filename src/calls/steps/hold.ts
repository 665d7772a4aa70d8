import { AriError } from '../../telephony/ari.js';
import { callPrompts } from '../../telephony/prompts.js';
import type { CallContext } from '../context.js';
import { callResources, type CallDeps } from '../deps.js';

export interface HoldRequest {
  fieldCode: string | null;
  priority: number;
}

/**
 * Puts the caller in the queue: "please wait" (unless an operator is free), then its own holding bridge (`hold-<callId>`) with bridge music on
 * hold (finding 19: a per-call bridge never empties under another caller, so its MOH never stops), status 'queued'
 * with enqueuedAt/fieldId/priority committed, then the CallQueue is told.
 */
export async function holdInQueue(ctx: CallContext, deps: CallDeps, request: HoldRequest): Promise<void> {
  // "Please wait" at once; the field is looked up meanwhile and waited for only once the caller is in the holding
  // bridge. A playback blocks addChannel until it ends (finding 2): the prompt is over before the caller is bridged.
  const field = request.fieldCode ? deps.records.fieldIdByCode(request.fieldCode) : Promise.resolve(null);
  field.catch(() => undefined); // awaited below; a failure must not be an unhandled rejection meanwhile
  // Not when an operator is free to be offered the call at once (issue 11 item 3): the phone rings instead.
  if (!deps.queue.canOfferAtOnce?.()) await ctx.play([deps.prompts.uri(callPrompts.pleaseWait)]);
  if (ctx.ended) return;
  await placeInHoldingBridge(ctx, deps);
  const fieldId = await field;
  if (request.fieldCode && !fieldId) ctx.log.warn({ fieldCode: request.fieldCode }, 'IVR field code unknown: queued without a field');
  if (ctx.ended) return;
  const enqueuedAt = new Date();
  ctx.status = 'queued';
  // Committed (with the call's earlier writes) before the ACD hears of the caller: the screen-pop reads the row.
  await deps.records.status(ctx.callId, 'queued', {
    enqueuedAt,
    fieldId,
    priority: request.priority,
    bridgeId: callResources.holdingBridge(ctx.callId),
  });
  if (ctx.ended) return;
  ctx.log.info({ fieldCode: request.fieldCode, priority: request.priority }, 'call queued');
  deps.queue.enqueue({ callId: ctx.callId, fieldId, priority: request.priority, enqueuedAt });
}

/** Creates (or finds, after a restart) the holding bridge, puts the caller in it and starts its music. */
export async function placeInHoldingBridge(ctx: CallContext, deps: Pick<CallDeps, 'ari' | 'settings'>): Promise<void> {
  const bridgeId = callResources.holdingBridge(ctx.callId);
  let existing = false;
  try {
    await deps.ari.createBridge(bridgeId, 'holding', `queue-${ctx.callId}`);
  } catch (error) {
    // POST /bridges/{id} on an existing bridge answers 200 in Asterisk; a 409/500 means it is there already.
    if (!(error instanceof AriError) || (error.status !== 409 && error.status !== 500)) throw error;
    existing = true;
  }
  ctx.cleanup.add(`bridge ${bridgeId}`, 'asterisk', () => deps.ari.destroyBridge(bridgeId));
  const bridge = existing ? await deps.ari.getBridge(bridgeId) : undefined;
  if (!bridge?.channels.includes(ctx.channelId)) await deps.ari.addChannel(bridgeId, ctx.channelId);
  // Bridge MOH stops when the bridge empties and a later joiner hears nothing until it is started again (finding 19).
  await deps.ari.startBridgeMoh(bridgeId, deps.settings.mohClass);
}
