import type { QueuedCall } from '../calls/queue.js';
import type { Agent } from '../agents/service.js';

/** Waiting callers, next first: higher priority (urgent health) first, then earlier arrival in the queue. */
export function queueOrder(calls: Iterable<QueuedCall>): QueuedCall[] {
  return [...calls].sort((a, b) => b.priority - a.priority || a.enqueuedAt.getTime() - b.enqueuedAt.getTime() || a.callId.localeCompare(b.callId));
}

/** The next caller to offer: the first in queue order that is not already being offered. */
export function nextCaller(calls: Iterable<QueuedCall>, offering: ReadonlySet<string>): QueuedCall | undefined {
  return queueOrder(calls).find((c) => !offering.has(c.callId));
}

/** The operator to offer it to: available with a phone, idle the longest (earliest `since` in 'available'). */
export function longestIdleAgent(agents: Iterable<Agent>): Agent | undefined {
  let best: Agent | undefined;
  for (const agent of agents) {
    if (agent.state !== 'available' || !agent.endpoint) continue;
    if (!best || agent.since.getTime() < best.since.getTime() || (agent.since.getTime() === best.since.getTime() && agent.userId < best.userId)) best = agent;
  }
  return best;
}
