import { index, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id, updatedAt } from './columns.js';
import { users } from './accounts.js';
import { calls } from './telephony.js';

export const agentState = pgEnum('agent_state', ['offline', 'available', 'ringing', 'on_call', 'wrap_up', 'paused']);

/**
 * Each operator's ACD state (R4, R8), one row per operator, written at every transition (behind it: src/agents/service.ts)
 * so a restart restores it.
 * `since` is when the state began: for 'available' it is also the idle start the ACD ranks operators by.
 */
export const agentStates = pgTable(
  'agent_states',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: agentState('state').notNull().default('offline'),
    /** Why the operator is paused ('missed_call', 'break', …), null otherwise. */
    reason: text('reason'),
    since: at('since').notNull().defaultNow(),
    /** The call offered to or talking with the operator (ringing, on_call, wrap_up). */
    callId: uuid('call_id').references(() => calls.id),
    lastCallEndedAt: at('last_call_ended_at'),
    updatedAt: updatedAt(),
  },
  (t) => [index('agent_states_state_idx').on(t.state)],
);

/**
 * Every state an operator has been in (reports: wrap-up per call, occupancy). The service closes the operator's open
 * row (endedAt) and opens the next one in the same statement as the `agent_states` write; endedAt null = current.
 */
export const agentStateHistory = pgTable(
  'agent_state_history',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: agentState('state').notNull(),
    reason: text('reason'),
    /** The call of a ringing, on_call or wrap_up interval. */
    callId: uuid('call_id').references(() => calls.id),
    startedAt: at('started_at').notNull(),
    endedAt: at('ended_at'),
  },
  (t) => [index('agent_state_history_user_started_idx').on(t.userId, t.startedAt), index('agent_state_history_call_idx').on(t.callId),
    // Reports read the intervals still open at the range start (ended_at IS NULL OR ended_at > start): a BitmapOr on it.
    index('agent_state_history_ended_idx').on(t.endedAt)],
);
