import { DomainError } from '../web/errors.js';

/**
 * A supervisor on a live call (R8) as a table: `ringing` (the supervisor's phone rings) → `active` (listening,
 * whispering or barged in) → `stopped`. The phone not answering ends in `failed`; the call ending, in `call_ended`.
 * Anything not in the table is refused (409).
 */
export type SupervisionMode = 'listen' | 'whisper' | 'barge';
export type SupervisionState = 'ringing' | 'active' | 'stopped' | 'failed' | 'call_ended';
export type SupervisionEvent = 'phoneAnswered' | 'phoneFailed' | 'phoneGone' | 'stop' | 'callEnded';

export const supervisionTable: Record<SupervisionState, Partial<Record<SupervisionEvent, SupervisionState>>> = {
  ringing: { phoneAnswered: 'active', phoneFailed: 'failed', stop: 'stopped', callEnded: 'call_ended' },
  active: { phoneGone: 'stopped', stop: 'stopped', callEnded: 'call_ended' },
  stopped: {},
  failed: {},
  call_ended: {},
};

export function isFinal(state: SupervisionState): boolean {
  return Object.keys(supervisionTable[state]).length === 0;
}

export class SupervisionStateError extends DomainError {
  constructor(
    readonly state: SupervisionState,
    readonly event: SupervisionEvent,
  ) {
    super(409, 'SUPERVISION_STATE', `Không thể thực hiện "${event}" khi phiên giám sát ở trạng thái "${state}"`);
    this.name = 'SupervisionStateError';
  }
}

export function nextState(state: SupervisionState, event: SupervisionEvent): SupervisionState {
  const next = supervisionTable[state][event];
  if (!next) throw new SupervisionStateError(state, event);
  return next;
}

/**
 * What Asterisk is asked for each mode (finding 22):
 * - listen: a snoop on the caller's channel with spy=both (the supervisor hears caller and operator);
 * - whisper: a snoop on the operator's channel with spy=both and whisper=out (the supervisor hears both and speaks
 *   to the operator only — coaching);
 * - barge: no snoop; the supervisor's phone joins the conversation bridge (a 3-way mix, recorded).
 */
export const snoopOf: Record<SupervisionMode, { on: 'caller' | 'operator'; spy: 'both'; whisper: 'none' | 'out' } | null> = {
  listen: { on: 'caller', spy: 'both', whisper: 'none' },
  whisper: { on: 'operator', spy: 'both', whisper: 'out' },
  barge: null,
};
