import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, smallint, text, time, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns.js';
import { users } from './accounts.js';
import { fields } from './organisation.js';

/** IVR menus as data (R3): a tree of nodes stored as JSON, editable by admins. */
export const ivrMenus = pgTable('ivr_menus', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  definition: jsonb('definition').notNull(),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Numbers citizens dial (R1): 1022 and the province's long number reach the same service. */
export const inboundNumbers = pgTable('inbound_numbers', {
  id: id(),
  number: text('number').notNull().unique(),
  label: text('label').notNull(),
  ivrMenuId: uuid('ivr_menu_id').references(() => ivrMenus.id),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Concurrent-call capacity by time of day (R2), in the business time zone.
 * A window may wrap midnight (18:00 → 07:00). daysOfWeek: 0 = Sunday … 6; null = every day.
 */
export const lineCapacitySchedules = pgTable('line_capacity_schedules', {
  id: id(),
  name: text('name').notNull(),
  startsAt: time('starts_at').notNull(),
  endsAt: time('ends_at').notNull(),
  capacity: integer('capacity').notNull(),
  daysOfWeek: smallint('days_of_week').array(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const callStatus = pgEnum('call_status', [
  'arrived',
  'ivr',
  'queued',
  'offered',
  'connected',
  'transferring',
  /** A transfer completed: the caller talks to the agency, the operator has left (issue 11 item 6). */
  'with_agency',
  'ended',
]);

export const callOutcome = pgEnum('call_outcome', [
  'completed',
  'abandoned_ivr',
  'abandoned_queue',
  'over_capacity',
  'callback_requested',
  'transferred',
  'failed',
  /** Taken by the dialplan fallback while no app instance was connected; imported afterwards (src/fallback). */
  'fallback',
]);

export const hangupSide = pgEnum('hangup_side', ['caller', 'operator', 'agency', 'system']);

/** One row per call, updated at each step and committed as it happens. */
export const calls = pgTable(
  'calls',
  {
    id: id(),
    channelId: text('channel_id').notNull().unique(),
    callerNumber: text('caller_number').notNull(),
    dialledNumber: text('dialled_number').notNull(),
    status: callStatus('status').notNull().default('arrived'),
    outcome: callOutcome('outcome'),
    fieldId: uuid('field_id').references(() => fields.id),
    priority: integer('priority').notNull().default(0),
    /** The caller's way through the IVR: [{ node, digit?, at }]. */
    ivrPath: jsonb('ivr_path').notNull().default([]),
    operatorUserId: uuid('operator_user_id').references(() => users.id),
    bridgeId: text('bridge_id'),
    /** The operator's phone leg in the conversation bridge (transfers and whisper act on it, also after a restart). */
    operatorLegId: text('operator_leg_id'),
    transferTarget: text('transfer_target'),
    /** The transfer in progress (mode, hotline, legs, who asked): a restart resumes it; null otherwise. */
    transferSession: jsonb('transfer_session'),
    arrivedAt: at('arrived_at').notNull().defaultNow(),
    answeredAt: at('answered_at'),
    enqueuedAt: at('enqueued_at'),
    offeredAt: at('offered_at'),
    operatorAnsweredAt: at('operator_answered_at'),
    transferredAt: at('transferred_at'),
    /** The line capacity was reached when the call arrived (R2): it heard the over-capacity message, never the IVR. */
    overCapacityAt: at('over_capacity_at'),
    endedAt: at('ended_at'),
    hangupCause: integer('hangup_cause'),
    hangupCauseText: text('hangup_cause_text'),
    hangupSide: hangupSide('hangup_side'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('calls_caller_arrived_idx').on(t.callerNumber, t.arrivedAt),
    index('calls_arrived_idx').on(t.arrivedAt),
    index('calls_open_idx').on(t.status),
    index('calls_ended_idx').on(t.endedAt),
  ],
);

export const recordingStatus = pgEnum('recording_status', ['recording', 'done', 'failed', 'deleted']);

/** Call recordings (R5): one file per call, its metadata, and retention. */
export const recordings = pgTable('recordings', {
  id: id(),
  callId: uuid('call_id')
    .notNull()
    .references(() => calls.id),
  name: text('name').notNull().unique(),
  filePath: text('file_path'),
  format: text('format').notNull().default('wav'),
  status: recordingStatus('status').notNull().default('recording'),
  startedAt: at('started_at').notNull().defaultNow(),
  endedAt: at('ended_at'),
  /** Whole seconds, rounded to the nearest (kept for readers of the earlier API); `durationMs` is the length. */
  durationSeconds: integer('duration_seconds'),
  /** The file's own length in milliseconds (issue 11 item 9: Asterisk's event rounds down to whole seconds). */
  durationMs: integer('duration_ms'),
  sizeBytes: bigint('size_bytes', { mode: 'number' }),
  sha256: text('sha256'),
  deletedAt: at('deleted_at'),
  createdAt: createdAt(),
});

export const callbackStatus = pgEnum('callback_status', ['pending', 'done', 'cancelled']);

/** A caller asked to be called back (over capacity, long wait) on their caller number (R2). */
export const callbackRequests = pgTable('callback_requests', {
  id: id(),
  callId: uuid('call_id').references(() => calls.id),
  phoneNumber: text('phone_number').notNull(),
  reason: text('reason').notNull(),
  status: callbackStatus('status').notNull().default('pending'),
  /** The operator who took it from the worklist (claimed), then handled it. */
  handledBy: uuid('handled_by').references(() => users.id),
  claimedAt: at('claimed_at'),
  handledAt: at('handled_at'),
  /** What came of the callback (reached, no answer, …), written by the operator. */
  note: text('note'),
  createdAt: createdAt(),
});

/**
 * A supervisor listening, whispering or barged in on a live call (R8), with its Asterisk resources: a restart of
 * the app resumes it from here (and it is the history of supervision). Ended sessions keep their row.
 */
export const supervisionSessions = pgTable(
  'supervision_sessions',
  {
    id: uuid('id').primaryKey(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id),
    supervisorUserId: uuid('supervisor_user_id')
      .notNull()
      .references(() => users.id),
    mode: text('mode').notNull(),
    endpoint: text('endpoint').notNull(),
    phoneLegId: text('phone_leg_id').notNull(),
    bridgeId: text('bridge_id'),
    snoopId: text('snoop_id'),
    state: text('state').notNull(),
    startedAt: at('started_at').notNull().defaultNow(),
    endedAt: at('ended_at'),
  },
  (t) => [index('supervision_sessions_call_idx').on(t.callId)],
);
