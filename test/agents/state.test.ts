import { describe, expect, it } from 'vitest';
import { AgentTransitionError, nextState, type AgentStatus } from '../../src/agents/state.js';

const at = (state: AgentStatus['state'], extra: Partial<AgentStatus> = {}): AgentStatus => ({ state, reason: null, callId: null, ...extra });

describe('operator state machine', () => {
  it('given an offline operator, when they log in, are offered a call, answer, hang up and finish wrap-up, then they are available again', () => {
    let s = nextState(at('offline'), { type: 'login' });
    expect(s).toEqual(at('available'));
    s = nextState(s, { type: 'offer', callId: 'c1' });
    expect(s).toEqual(at('ringing', { callId: 'c1' }));
    s = nextState(s, { type: 'answered' });
    expect(s).toEqual(at('on_call', { callId: 'c1' }));
    s = nextState(s, { type: 'call_ended' });
    expect(s).toEqual(at('wrap_up', { callId: 'c1' }));
    expect(nextState(s, { type: 'wrapup_done' })).toEqual(at('available'));
  });

  it('given a ringing operator, when the phone is not answered, then they are paused for a missed call; when the caller leaves, they are available', () => {
    expect(nextState(at('ringing', { callId: 'c' }), { type: 'missed' })).toEqual(at('paused', { reason: 'missed_call' }));
    expect(nextState(at('ringing', { callId: 'c' }), { type: 'withdrawn' })).toEqual(at('available'));
  });

  it('given a pause with a reason, then resume makes the operator available; pausing during wrap-up is allowed', () => {
    expect(nextState(at('available'), { type: 'pause', reason: 'break' })).toEqual(at('paused', { reason: 'break' }));
    expect(nextState(at('wrap_up', { callId: 'c' }), { type: 'pause', reason: 'break' })).toEqual(at('paused', { reason: 'break' }));
    expect(nextState(at('paused', { reason: 'break' }), { type: 'resume' })).toEqual(at('available'));
  });

  it.each([
    ['offline', 'offer'],
    ['offline', 'pause'],
    ['ringing', 'logout'],
    ['on_call', 'logout'],
    ['on_call', 'pause'],
    ['available', 'answered'],
    ['available', 'login'],
  ] as const)('given %s, when %s, then the transition is refused', (state, type) => {
    const event = type === 'offer' ? { type, callId: 'c' } : type === 'pause' ? { type, reason: 'x' } : { type };
    expect(() => nextState(at(state), event as never)).toThrow(AgentTransitionError);
  });
});
