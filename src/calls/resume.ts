import { ignoreGone } from '../telephony/ari.js';
import { callPrompts } from '../telephony/prompts.js';
import type { CallContext } from './context.js';
import { callResources, type CallDeps } from './deps.js';
import type { CallRow } from './repository.js';
import { sayGoodbye } from './steps/endings.js';
import { placeInHoldingBridge } from './steps/hold.js';
import { watchConnectedLeg } from './steps/connect.js';

export interface ResumeFlows {
  /** Run the arrival again (the record exists): inbound number, capacity, IVR. */
  arrival(): Promise<void>;
  /** Start the caller's menu again from its start; the path so far is kept. */
  ivr(): Promise<void>;
}

/**
 * Puts a re-adopted call back where its record says it was (R23):
 * - arrived: over capacity → goodbye; otherwise the arrival runs again;
 * - ivr: the menu starts again (the caller hears the greeting; their path so far stays on the record);
 * - queued: back in its holding bridge with music (created again if Asterisk lost it), and in the queue;
 * - offered: a leg ringing or answered while we were away is hung up and the caller waits in the queue again;
 * - connected/transferring: the conversation bridge and its recording go on; we listen to the legs again. No leg
 *   left means the other party hung up meanwhile: the caller is released.
 */
export async function resumeCall(ctx: CallContext, row: CallRow, legs: readonly string[], deps: CallDeps, flows: ResumeFlows): Promise<void> {
  const { ari, records } = deps;
  switch (row.status) {
    case 'arrived':
      if (row.overCapacityAt) {
        ctx.outcome = 'over_capacity';
        await sayGoodbye(ctx, deps, callPrompts.goodbye);
        return;
      }
      await flows.arrival();
      return;
    case 'ivr':
      await flows.ivr();
      return;
    case 'offered':
      for (const leg of legs) await ignoreGone(() => ari.hangup(leg));
      ctx.status = 'queued';
      await records.status(ctx.callId, 'queued');
      await requeue(ctx, row, deps);
      return;
    case 'queued':
      await requeue(ctx, row, deps);
      return;
    case 'connected':
    case 'transferring':
    case 'with_agency': {
      const bridgeId = callResources.conversationBridge(ctx.callId);
      const recordingName = callResources.recording(ctx.callId);
      ctx.cleanup.add(`bridge ${bridgeId}`, 'asterisk', () => ari.destroyBridge(bridgeId));
      ctx.cleanup.add(`recording ${recordingName}`, 'asterisk', () => ari.stopRecording(recordingName));
      for (const leg of legs) {
        ctx.listenChannel(leg);
        ctx.cleanup.add(`leg ${leg}`, 'asterisk', () => ari.hangup(leg));
      }
      if (row.operatorLegId && legs.includes(row.operatorLegId)) ctx.operatorLegId = row.operatorLegId;
      // The operator's leg ends the conversation when it leaves; a supervisor's phone or snoop does not (their
      // sessions resume on their own). A transfer in progress resumes in the transfer service.
      const watched = row.operatorLegId ? (ctx.operatorLegId ? [ctx.operatorLegId] : []) : legs;
      for (const leg of watched) watchConnectedLeg(ctx, leg);
      const nobody = row.status === 'connected' ? watched.length === 0 : legs.length === 0;
      if (nobody) {
        ctx.log.info('the other party left while we were away: releasing the caller');
        ctx.outcome = 'completed';
        await ctx.hangup('operator');
      }
      return;
    }
    case 'ended':
      return;
  }
}

async function requeue(ctx: CallContext, row: CallRow, deps: CallDeps): Promise<void> {
  await placeInHoldingBridge(ctx, deps);
  deps.queue.enqueue({ callId: ctx.callId, fieldId: row.fieldId, priority: row.priority, enqueuedAt: row.enqueuedAt ?? row.arrivedAt });
}
