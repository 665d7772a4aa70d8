import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { callbackRequests, calls, fields, inboundNumbers, ivrMenus, recordings } from '../db/schema/index.js';
import type { IvrPathEntry } from '../ivr/types.js';
import type { CallOutcome, CallStatus, HangupSide } from './context.js';

export type CallRow = typeof calls.$inferSelect;
export type CallPatch = Partial<
  Pick<
    typeof calls.$inferInsert,
    | 'status'
    | 'answeredAt'
    | 'enqueuedAt'
    | 'offeredAt'
    | 'operatorAnsweredAt'
    | 'overCapacityAt'
    | 'fieldId'
    | 'priority'
    | 'bridgeId'
    | 'operatorLegId'
    | 'ivrPath'
  >
>;

export interface CallEnd {
  outcome: CallOutcome;
  hangupSide: HangupSide | null;
  hangupCause: number | null;
  hangupCauseText: string | null;
  endedAt?: Date;
}

/**
 * The call record (PostgreSQL is the truth about work): a row created at arrival and updated at each step, each
 * update committed on its own, so a crash loses at most the step in flight.
 */
export class CallRecords {
  constructor(private readonly db: Database) {}

  /** Creates the row, or returns null when the channel already has one (restart, handover: channel_id is unique). */
  async arrive(values: { channelId: string; callerNumber: string; dialledNumber: string; arrivedAt?: Date }): Promise<CallRow | null> {
    const [row] = await this.db.insert(calls).values(values).onConflictDoNothing({ target: calls.channelId }).returning();
    return row ?? null;
  }

  async byChannel(channelId: string): Promise<CallRow | undefined> {
    const [row] = await this.db.select().from(calls).where(eq(calls.channelId, channelId));
    return row;
  }

  async byId(callId: string): Promise<CallRow | undefined> {
    const [row] = await this.db.select().from(calls).where(eq(calls.id, callId));
    return row;
  }

  /** Calls not ended yet: reconciled against Asterisk on every (re)connect. */
  async open(): Promise<CallRow[]> {
    return this.db.select().from(calls).where(isNull(calls.endedAt));
  }

  async update(callId: string, patch: CallPatch): Promise<void> {
    await this.db
      .update(calls)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(calls.id, callId), isNull(calls.endedAt)));
  }

  async status(callId: string, status: CallStatus, patch: CallPatch = {}): Promise<void> {
    await this.update(callId, { ...patch, status });
  }

  async saveIvrPath(callId: string, path: readonly IvrPathEntry[]): Promise<void> {
    await this.update(callId, { ivrPath: [...path] });
  }

  /** Closes the record once; a second end (duplicate events, reconcile) changes nothing. */
  async end(callId: string, end: CallEnd): Promise<boolean> {
    const rows = await this.db
      .update(calls)
      .set({
        status: 'ended',
        outcome: end.outcome,
        hangupSide: end.hangupSide,
        hangupCause: end.hangupCause,
        hangupCauseText: end.hangupCauseText,
        endedAt: end.endedAt ?? new Date(),
        updatedAt: new Date(),
      })
      .where(and(eq(calls.id, callId), isNull(calls.endedAt)))
      .returning({ id: calls.id });
    return rows.length > 0;
  }

  async fieldIdByCode(code: string): Promise<string | null> {
    const [row] = await this.db.select({ id: fields.id }).from(fields).where(and(eq(fields.code, code), eq(fields.active, true)));
    return row?.id ?? null;
  }

  /** The active inbound number and its IVR menu definition (null definition → the default menu). */
  async inboundNumber(number: string): Promise<{ id: string; label: string; menuCode: string | null; definition: unknown } | null> {
    const [row] = await this.db
      .select({ id: inboundNumbers.id, label: inboundNumbers.label, menuCode: ivrMenus.code, definition: ivrMenus.definition, menuActive: ivrMenus.active })
      .from(inboundNumbers)
      .leftJoin(ivrMenus, eq(inboundNumbers.ivrMenuId, ivrMenus.id))
      .where(and(eq(inboundNumbers.number, number), eq(inboundNumbers.active, true)));
    if (!row) return null;
    const usable = row.menuActive !== false && row.definition !== null;
    return { id: row.id, label: row.label, menuCode: usable ? row.menuCode : null, definition: usable ? row.definition : null };
  }

  async requestCallback(values: { callId: string; phoneNumber: string; reason: string }): Promise<string> {
    const [row] = await this.db.insert(callbackRequests).values(values).returning({ id: callbackRequests.id });
    if (!row) throw new Error('callback request not created');
    return row.id;
  }

  /** The call's recording row, created when the bridge recording starts (one per call). */
  async startRecording(values: { callId: string; name: string; format: string }): Promise<void> {
    await this.db.insert(recordings).values(values).onConflictDoNothing({ target: recordings.name });
  }

  async recordingsInProgress(): Promise<Array<typeof recordings.$inferSelect>> {
    return this.db.select().from(recordings).where(eq(recordings.status, 'recording'));
  }
}
