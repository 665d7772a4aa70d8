/**
 * An operator's ACD state machine (issue 4), in one screen. Pure: `nextState` says where an event leads from a
 * state, or throws for an event the state does not accept. The service persists every transition and logs it.
 *
 *   offline ──login──▶ available ──offer──▶ ringing ──answered──▶ on_call ──call_ended──▶ wrap_up ──wrapup_done──▶ available
 *                        ▲   │                 │ missed (no answer, busy) ─▶ paused('missed_call')
 *                        │   pause             │ withdrawn (caller gone, offer failed) ─▶ available
 *                        └── resume ◀── paused ◀┘
 *   logout: from available, paused, wrap_up → offline (not while ringing or on a call)
 */
export const agentStateNames = ['offline', 'available', 'ringing', 'on_call', 'wrap_up', 'paused'] as const;
export type AgentState = (typeof agentStateNames)[number];

export type AgentEvent =
  | { type: 'login' }
  | { type: 'logout' }
  | { type: 'pause'; reason: string }
  | { type: 'resume' }
  | { type: 'offer'; callId: string }
  | { type: 'answered' }
  | { type: 'missed' }
  | { type: 'withdrawn' }
  | { type: 'call_ended' }
  | { type: 'wrapup_done' };

export interface AgentStatus {
  state: AgentState;
  reason: string | null;
  callId: string | null;
}

export class AgentTransitionError extends Error {
  constructor(
    readonly from: AgentState,
    readonly event: AgentEvent['type'],
  ) {
    super(`agent event ${event} not accepted in state ${from}`);
    this.name = 'AgentTransitionError';
  }
}

export const missedCallReason = 'missed_call';

/** Where `event` leads from `current`. */
export function nextState(current: AgentStatus, event: AgentEvent): AgentStatus {
  const reject = (): never => {
    throw new AgentTransitionError(current.state, event.type);
  };
  switch (event.type) {
    case 'login':
      return current.state === 'offline' ? { state: 'available', reason: null, callId: null } : reject();
    case 'logout':
      return ['available', 'paused', 'wrap_up'].includes(current.state) ? { state: 'offline', reason: null, callId: null } : reject();
    case 'pause':
      return ['available', 'paused', 'wrap_up'].includes(current.state) ? { state: 'paused', reason: event.reason, callId: null } : reject();
    case 'resume':
      return current.state === 'paused' ? { state: 'available', reason: null, callId: null } : reject();
    case 'offer':
      return current.state === 'available' ? { state: 'ringing', reason: null, callId: event.callId } : reject();
    case 'answered':
      return current.state === 'ringing' ? { ...current, state: 'on_call' } : reject();
    case 'missed':
      return current.state === 'ringing' ? { state: 'paused', reason: missedCallReason, callId: null } : reject();
    case 'withdrawn':
      return current.state === 'ringing' ? { state: 'available', reason: null, callId: null } : reject();
    case 'call_ended':
      return current.state === 'on_call' ? { ...current, state: 'wrap_up' } : reject();
    case 'wrapup_done':
      return current.state === 'wrap_up' ? { state: 'available', reason: null, callId: null } : reject();
  }
}
