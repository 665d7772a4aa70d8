import type { Server } from 'socket.io';
import { rooms } from '../realtime/socket.js';
import type { ScreenPop } from '../screen-pop/pop.js';
import type { Agent } from './service.js';

/**
 * Events the desktop receives over socket.io (docs/events.md). Names carry their version; a payload only grows
 * within a version. Each goes to named rooms, never broadcast.
 */
export interface DesktopEvents {
  /** To `user:<operator>` and `role:supervisor`. */
  'agent.state.v1': AgentStateEvent;
  /** To `role:supervisor`: an operator's phone did not answer an offer; the operator is paused. */
  'agent.missed_call.v1': { userId: string; fullName: string; callId: string; endpoint: string | null; reason: string; at: string };
  /** To `user:<operator>` only: the phone is ringing with this call. */
  'screen_pop.v1': ScreenPop;
  /** To `user:<operator>` only: the call was answered and its draft ticket created. */
  'screen_pop.ticket.v1': { callId: string; ticketId: string; receiptCode: string };
  /** To `role:supervisor`: the waiting callers changed. */
  'queue.changed.v1': QueueChangedEvent;
  /** To `role:supervisor`: a caller hung up while waiting (or while an operator's phone rang). */
  'queue.abandoned.v1': { callId: string; callerNumber: string; waitedSeconds: number; at: string };
}

export interface AgentStateEvent {
  userId: string;
  fullName: string;
  state: Agent['state'];
  reason: string | null;
  since: string;
  callId: string | null;
  endpoint: string | null;
}

export interface QueueChangedEvent {
  at: string;
  waiting: Array<{
    callId: string;
    /** Masked: only the last 3 digits (R22). */
    callerNumber: string;
    fieldId: string | null;
    priority: number;
    enqueuedAt: string;
    waitedSeconds: number;
    /** The operator whose phone is ringing with this call, if any. */
    offeredTo: string | null;
  }>;
}

export function agentStateEvent(agent: Agent): AgentStateEvent {
  return {
    userId: agent.userId,
    fullName: agent.fullName,
    state: agent.state,
    reason: agent.reason,
    since: agent.since.toISOString(),
    callId: agent.callId,
    endpoint: agent.endpoint,
  };
}

/** Sends an event to rooms (the socket server's own typing knows no events: this is the one typed door). */
export class DesktopPublisher {
  readonly #io: () => Server | undefined;

  constructor(io: () => Server | undefined) {
    this.#io = io;
  }

  to<E extends keyof DesktopEvents>(roomNames: readonly string[], event: E, payload: DesktopEvents[E]): void {
    const io = this.#io();
    if (!io || roomNames.length === 0) return;
    io.to([...roomNames]).emit(event, payload);
  }

  agentState(agent: Agent): void {
    this.to([rooms.user(agent.userId), rooms.role('supervisor')], 'agent.state.v1', agentStateEvent(agent));
  }
}
