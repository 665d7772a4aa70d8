import type { CallOutcome, CallStatus } from './context.js';

/** The outcome of a call that ended without a step deciding it, from where it was (outcomes are always explicit). */
export function outcomeFromStatus(status: CallStatus, overCapacity = false): CallOutcome {
  if (overCapacity) return 'over_capacity';
  switch (status) {
    case 'arrived':
    case 'ivr':
      return 'abandoned_ivr';
    case 'queued':
    case 'offered':
      return 'abandoned_queue';
    case 'transferring':
    case 'with_agency':
      return 'transferred';
    case 'connected':
    case 'ended':
      return 'completed';
  }
}
