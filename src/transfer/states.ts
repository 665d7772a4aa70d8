import { DomainError } from '../web/errors.js';

/**
 * The transfer of a connected call to an agency hotline (R6, R7) as a table: read a row as "in `state`, on `event`,
 * go to …". Anything not in the table is refused (TransferStateError, 409). No I/O here: the session
 * (session.ts) does the Asterisk work of each event and asks this table whether the event is allowed.
 *
 * - attended: `dialing` (caller on hold with music, hotline ringing, operator waits) → `consulting` (operator and
 *   hotline talk) → `completed` (caller joins the hotline, operator leaves) | `cancelled` | `failed` (the caller
 *   returns to the operator);
 * - blind: `ringing` (operator gone, caller in the recorded bridge hears "being transferred") → `completed` |
 *   `failed` (the caller hears the portal message with the receipt code, then the call ends);
 * - `caller_gone` from every live state: the caller hung up; the call's cleanup releases everything.
 */
export type TransferState = 'dialing' | 'consulting' | 'ringing' | 'completed' | 'cancelled' | 'failed' | 'caller_gone';
export type TransferEvent = 'hotlineAnswered' | 'hotlineFailed' | 'hotlineGone' | 'complete' | 'cancel' | 'operatorGone' | 'callerGone';
export type TransferMode = 'attended' | 'blind';

export const transferTable: Record<TransferState, Partial<Record<TransferEvent, TransferState>>> = {
  dialing: {
    hotlineAnswered: 'consulting',
    hotlineFailed: 'failed',
    cancel: 'cancelled',
    // The operator hung up while the hotline rings: the transfer goes on as a blind one.
    operatorGone: 'ringing',
    callerGone: 'caller_gone',
  },
  consulting: {
    complete: 'completed',
    cancel: 'cancelled',
    hotlineGone: 'cancelled',
    // The operator hung up after consulting: as in any PBX, that completes the transfer.
    operatorGone: 'completed',
    callerGone: 'caller_gone',
  },
  ringing: {
    hotlineAnswered: 'completed',
    hotlineFailed: 'failed',
    callerGone: 'caller_gone',
  },
  completed: {},
  cancelled: {},
  failed: {},
  caller_gone: {},
};

export const initialState: Record<TransferMode, TransferState> = { attended: 'dialing', blind: 'ringing' };

export function isFinal(state: TransferState): boolean {
  return Object.keys(transferTable[state]).length === 0;
}

/** An event the current state does not accept (e.g. "complete" while the hotline still rings). */
export class TransferStateError extends DomainError {
  constructor(
    readonly state: TransferState,
    readonly event: TransferEvent,
  ) {
    super(409, 'TRANSFER_STATE', `Không thể thực hiện "${event}" khi cuộc chuyển đang ở trạng thái "${state}"`);
    this.name = 'TransferStateError';
  }
}

/** The next state, or a TransferStateError. */
export function nextState(state: TransferState, event: TransferEvent): TransferState {
  const next = transferTable[state][event];
  if (!next) throw new TransferStateError(state, event);
  return next;
}

/** Why a hotline leg did not answer, from ChannelDestroyed's Q.850 cause (findings 4, 17). */
/** `error`: an Asterisk request of ours failed midway (the caller was returned to the operator, or told). */
export type HotlineFailure = 'busy' | 'no_answer' | 'unreachable' | 'hung_up' | 'error';

export function failureOfCause(cause: number | undefined): HotlineFailure {
  if (cause === 17) return 'busy';
  if (cause === 18 || cause === 19 || cause === 21) return 'no_answer';
  return 'unreachable';
}
