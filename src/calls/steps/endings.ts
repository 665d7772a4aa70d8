import { callPrompts } from '../../telephony/prompts.js';
import type { CallContext } from '../context.js';
import type { CallDeps } from '../deps.js';

/** Why a callback was asked for: over capacity (R2) or chosen in the IVR. */
export type CallbackReason = 'over_capacity' | 'ivr';

/**
 * The caller asked to be called back on their caller number: the request is committed first, then confirmed to
 * the caller, then the call ends (outcome callback_requested).
 */
export async function requestCallback(ctx: CallContext, deps: Pick<CallDeps, 'records' | 'prompts'>, reason: CallbackReason): Promise<void> {
  const id = await deps.records.requestCallback({ callId: ctx.callId, phoneNumber: ctx.callerNumber, reason });
  ctx.outcome = 'callback_requested';
  ctx.log.info({ callbackRequestId: id, reason }, 'callback requested');
  await ctx.play([deps.prompts.uri(callPrompts.callbackConfirmed)]);
  await ctx.hangup('system');
}

/** Plays a last prompt (if any) and hangs up from our side. */
export async function sayGoodbye(ctx: CallContext, deps: Pick<CallDeps, 'prompts'>, prompt: string | undefined): Promise<void> {
  if (prompt) await ctx.play([deps.prompts.uri(prompt)]);
  await ctx.hangup('system');
}
