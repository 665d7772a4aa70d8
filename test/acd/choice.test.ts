import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/service.js';
import { longestIdleAgent, nextCaller, queueOrder } from '../../src/acd/choice.js';

const call = (callId: string, priority: number, second: number) => ({ callId, fieldId: null, priority, enqueuedAt: new Date(Date.UTC(2026, 0, 1, 8, 0, second)) });
const agent = (userId: string, state: Agent['state'], second: number, endpoint: string | null = `PJSIP/${userId}`): Agent => ({
  userId,
  fullName: userId,
  state,
  reason: null,
  since: new Date(Date.UTC(2026, 0, 1, 8, 0, second)),
  callId: null,
  lastCallEndedAt: null,
  endpoint,
});

describe('queue choice', () => {
  it('given callers of different priorities, then the higher priority comes first, then the earlier arrival', () => {
    const order = queueOrder([call('a', 0, 1), call('b', 10, 5), call('c', 0, 0), call('d', 10, 2)]);
    expect(order.map((c) => c.callId)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('given a caller already being offered, then the next caller is the following one', () => {
    expect(nextCaller([call('a', 10, 0), call('b', 0, 1)], new Set(['a']))?.callId).toBe('b');
    expect(nextCaller([call('a', 10, 0)], new Set(['a']))).toBeUndefined();
  });

  it('given operators in several states, then the longest-idle available one with a phone is chosen', () => {
    const chosen = longestIdleAgent([agent('x', 'available', 30), agent('y', 'available', 10), agent('z', 'paused', 0), agent('w', 'available', 0, null), agent('v', 'wrap_up', 0)]);
    expect(chosen?.userId).toBe('y');
    expect(longestIdleAgent([agent('z', 'paused', 0)])).toBeUndefined();
  });
});
