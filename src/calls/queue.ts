import type { CallOutcome } from './context.js';

/**
 * The seam between call control and the ACD (issue 4). Call control puts a caller in its holding bridge with music
 * on hold, saves status 'queued' with enqueuedAt/fieldId/priority, then tells the queue. The ACD implementation
 * decides whom to offer the call to and calls `CallControl.connectToEndpoint(callId, endpoint)`.
 */
export interface QueuedCall {
  callId: string;
  fieldId: string | null;
  priority: number;
  enqueuedAt: Date;
}

/** How a call ended, told to the queue (the ACD reports callers who gave up waiting without reading the record). */
export interface EndedCall {
  outcome: CallOutcome;
  /** The full number: for supervisors' events masked, never logged (R22). */
  callerNumber: string;
  endedAt: Date;
}

export interface CallQueue {
  /** A caller is waiting (new, or re-adopted after a restart). */
  enqueue(call: QueuedCall): void;
  /** The caller left the queue: connected, hung up, or ended. */
  remove(callId: string): void;
  /** The call ended, whatever the path (after its record is closed and it left the registry). Optional. */
  ended?(callId: string, end: EndedCall): void;
  /**
   * The operator's leg left a call that goes on without them (a transfer handed the caller to an agency, or the
   * operator hung up during one): their part is over now, not when the caller and the agency finish. Optional.
   */
  operatorLeft?(callId: string): void;
  /** An operator can be offered a caller who joins now (one is free and nobody waits unoffered): no "please wait". */
  canOfferAtOnce?(): boolean;
}

/** Until the ACD exists: callers wait in order (priority first, then arrival), nobody is offered automatically. */
export class WaitingList implements CallQueue {
  readonly #calls = new Map<string, QueuedCall>();

  enqueue(call: QueuedCall): void {
    this.#calls.set(call.callId, call);
  }

  remove(callId: string): void {
    this.#calls.delete(callId);
  }

  /** Waiting callers, next first. */
  waiting(): QueuedCall[] {
    return [...this.#calls.values()].sort((a, b) => b.priority - a.priority || a.enqueuedAt.getTime() - b.enqueuedAt.getTime());
  }
}
