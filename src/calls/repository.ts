import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { databaseUnavailability } from '../db/availability.js';
import { WriteQueue } from '../db/write-queue.js';
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
    | 'operatorUserId'
  >
>;

/** A recording's row (one per call), written with the call's next update. */
export interface RecordingStart {
  callId: string;
  name: string;
  format: string;
}

/**
 * How long a write nobody waits for (the IVR path so far, a recording's row) waits for the call's next update to ride
 * with it as one statement (the 'queued' write after the menu, the 'connected' write ms after the recording starts).
 */
const rideMs = 1_000;

/** What waits for the call's next update: an IVR path (the latest wins) and recording rows. */
interface Rider {
  patch: CallPatch;
  recordings: RecordingStart[];
  done: Promise<void>;
  release: () => void;
  timer: NodeJS.Timeout;
}

export interface CallEnd {
  outcome: CallOutcome;
  hangupSide: HangupSide | null;
  hangupCause: number | null;
  hangupCauseText: string | null;
  endedAt?: Date;
}

/**
 * The call record (PostgreSQL is the truth about work): a row created at arrival and updated at each step.
 *
 * Writes are *behind* the call: each call's writes run in order, one after the other, while the call goes on in
 * Asterisk — a step never waits for a commit before its next ARI request (issue 6: the app answers an event within
 * milliseconds, whatever the database is doing). A write that fails is logged, never thrown: the citizen's call goes
 * on, and the record is corrected by reconciliation. What must be durable before something else happens waits for
 * it explicitly: `flushed(callId)` (the screen-pop reads the row; a callback is confirmed only once committed).
 * Fewer statements per call (issue 11): updates queued behind a running write are merged, and the IVR path and the
 * recording's row ride with the call's next update (see `rideMs`). A crash loses at most the writes in flight and
 * what rode for less than `rideMs`; R23 recovery starts from what was committed (a call without a row is adopted as
 * a new arrival).
 */
export class CallRecords {
  readonly #db: Database;
  readonly #log: FastifyBaseLogger;
  /** The calls' writes, in order per call. */
  readonly #writes = new WriteQueue();
  /** Per call: the update queued and not started yet, which later updates (and a recording's row) join. */
  readonly #merging = new Map<string, { patch: CallPatch; recordings: RecordingStart[]; done: Promise<void> }>();
  /** Per call: the IVR path and recording rows waiting for the call's next update (at most `rideMs`) to go with it. */
  readonly #riding = new Map<string, Rider>();

  constructor(db: Database, log: FastifyBaseLogger) {
    this.#db = db;
    this.#log = log;
  }

  /** A new call id, chosen here so that the call can go on before its row is committed. */
  newId(): string {
    return randomUUID();
  }

  /**
   * Creates the row (queued first for its call), or resolves null when the channel already has one (restart,
   * handover: channel_id is unique). Rejects when the insert fails.
   */
  arrive(values: { id: string; channelId: string; callerNumber: string; dialledNumber: string; arrivedAt?: Date }): Promise<CallRow | null> {
    return this.#queue(values.id, async () => {
      const [row] = await this.#db.insert(calls).values(values).onConflictDoNothing({ target: calls.channelId }).returning();
      return row ?? null;
    });
  }

  /** Resolves when every write queued so far for the call has settled (committed or failed and logged). */
  async flushed(callId: string): Promise<void> {
    this.#riding.get(callId)?.release();
    await this.#writes.flushed(callId);
  }

  /** Resolves when every queued write of every call has settled (tests, shutdown). */
  async settled(): Promise<void> {
    for (const rider of [...this.#riding.values()]) rider.release();
    await this.#writes.flushed();
  }

  async byChannel(channelId: string): Promise<CallRow | undefined> {
    const [row] = await this.#db.select().from(calls).where(eq(calls.channelId, channelId));
    return row;
  }

  async byId(callId: string): Promise<CallRow | undefined> {
    const [row] = await this.#db.select().from(calls).where(eq(calls.id, callId));
    return row;
  }

  /** Calls not ended yet: reconciled against Asterisk on every (re)connect. */
  async open(): Promise<CallRow[]> {
    return this.#db.select().from(calls).where(isNull(calls.endedAt));
  }

  /**
   * Queues an update of an open call's row. Updates queued while the call's previous write is still running are
   * merged into one statement (the later value of a column wins). Never rejects (a failure is logged).
   */
  update(callId: string, patch: CallPatch): Promise<void> {
    const waiting = this.#merging.get(callId);
    if (waiting) {
      Object.assign(waiting.patch, patch);
      return waiting.done;
    }
    const rider = this.#riding.get(callId);
    if (rider) this.#stopRiding(callId);
    const batch = { patch: { ...rider?.patch, ...patch }, recordings: rider?.recordings ?? [] };
    const done = this.#queue(callId, async () => {
      if (this.#merging.get(callId)?.patch === batch.patch) this.#merging.delete(callId); // running: later updates queue anew
      await this.#writeBatch(callId, batch.patch, batch.recordings);
    });
    if (rider) void done.then(rider.release, rider.release);
    this.#merging.set(callId, { ...batch, done });
    return done;
  }

  /**
   * One statement: the recording rows that rode along (a data-modifying CTE) and the update. A failure is logged and
   * never thrown; the recording rows are then tried alone (a recording must keep its row). An unreachable database is
   * the exception: that error goes to the write queue, which runs the write again once the database is back (issue 12).
   */
  async #writeBatch(callId: string, patch: CallPatch, rows: readonly RecordingStart[]): Promise<void> {
    const update = this.#db
      .update(calls)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(calls.id, callId), isNull(calls.endedAt)));
    try {
      if (rows.length === 0) await update;
      else await this.#db.execute(sql`WITH recording AS (${this.#recordingInsert(rows).getSQL()}) ${update.getSQL()}`);
    } catch (error) {
      if (databaseUnavailability(error)) throw error; // the write queue runs it again once the database is back
      this.#log.error({ err: error, callId, columns: Object.keys(patch) }, 'call record update failed');
      if (rows.length > 0) await this.#insertRecordings(callId, rows);
    }
  }

  #recordingInsert(rows: readonly RecordingStart[]) {
    return this.#db.insert(recordings).values([...rows]).onConflictDoNothing({ target: recordings.name });
  }

  async #insertRecordings(callId: string, rows: readonly RecordingStart[]): Promise<void> {
    try {
      await this.#recordingInsert(rows);
    } catch (error) {
      if (databaseUnavailability(error)) throw error; // run again by the write queue once the database is back
      this.#log.error({ err: error, callId }, 'recording row insert failed');
    }
  }

  status(callId: string, status: CallStatus, patch: CallPatch = {}): Promise<void> {
    return this.update(callId, { ...patch, status });
  }

  /**
   * The caller's way through the menu so far: rides with the call's next update (the 'queued' write after the menu),
   * or goes alone after `rideMs`, before any other write of the call, or when the call is flushed. Never rejects.
   */
  saveIvrPath(callId: string, path: readonly IvrPathEntry[]): Promise<void> {
    const waiting = this.#merging.get(callId);
    if (waiting) {
      waiting.patch.ivrPath = [...path];
      return waiting.done;
    }
    const rider = this.#rider(callId);
    rider.patch.ivrPath = [...path];
    return rider.done;
  }

  /** Who answered the call (queued with its other writes; also once the call has ended). Never rejects. */
  assignOperator(callId: string, operatorUserId: string): Promise<void> {
    return this.#queue(callId, async () => {
      await this.#db.update(calls).set({ operatorUserId, updatedAt: new Date() }).where(eq(calls.id, callId));
    }).catch((error: unknown) => this.#log.error({ err: error, callId }, 'recording who answered the call failed'));
  }

  /** Closes the record once, after the call's other writes; a second end (duplicate events, reconcile) changes nothing. */
  end(callId: string, end: CallEnd): Promise<boolean> {
    return this.#queue(callId, async () => {
      const rows = await this.#db
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
    });
  }

  /** Runs `write` after the call's earlier writes. The returned promise rejects if `write` does; the queue goes on. */
  #queue<T>(callId: string, write: () => Promise<T>): Promise<T> {
    this.#riding.get(callId)?.release(); // what waits for the next update goes first, in order
    this.#merging.delete(callId); // nothing merges across another write
    return this.#writes.run(callId, write);
  }

  #stopRiding(callId: string): void {
    const rider = this.#riding.get(callId);
    if (!rider) return;
    clearTimeout(rider.timer);
    this.#riding.delete(callId);
  }


  async fieldIdByCode(code: string): Promise<string | null> {
    const [row] = await this.#db.select({ id: fields.id }).from(fields).where(and(eq(fields.code, code), eq(fields.active, true)));
    return row?.id ?? null;
  }

  /** The active inbound number and its IVR menu definition (null definition → the default menu). */
  async inboundNumber(number: string): Promise<{ id: string; label: string; menuCode: string | null; definition: unknown } | null> {
    const [row] = await this.#db
      .select({ id: inboundNumbers.id, label: inboundNumbers.label, menuCode: ivrMenus.code, definition: ivrMenus.definition, menuActive: ivrMenus.active })
      .from(inboundNumbers)
      .leftJoin(ivrMenus, eq(inboundNumbers.ivrMenuId, ivrMenus.id))
      .where(and(eq(inboundNumbers.number, number), eq(inboundNumbers.active, true)));
    if (!row) return null;
    const usable = row.menuActive !== false && row.definition !== null;
    return { id: row.id, label: row.label, menuCode: usable ? row.menuCode : null, definition: usable ? row.definition : null };
  }

  /** Commits a callback request after the call's earlier writes (its row first). Rejects when it fails. */
  requestCallback(values: { callId: string; phoneNumber: string; reason: string }): Promise<string> {
    return this.#queue(values.callId, async () => {
      const [row] = await this.#db.insert(callbackRequests).values(values).returning({ id: callbackRequests.id });
      if (!row) throw new Error('callback request not created');
      return row.id;
    });
  }

  /**
   * The call's recording row, created when the bridge recording starts (one per call). It rides with the call's next
   * update — the 'connected' write that follows within milliseconds — as one statement (issue 11: fewer commits per
   * call), or goes alone after `rideMs`, before any other write of the call, or when the call is flushed
   * (the recording is finalised only after `flushed`). Never rejects (a failure is logged).
   */
  startRecording(values: RecordingStart): Promise<void> {
    const { callId } = values;
    const waiting = this.#merging.get(callId);
    if (waiting) {
      waiting.recordings.push(values);
      return waiting.done;
    }
    const rider = this.#rider(callId);
    rider.recordings.push(values);
    return rider.done;
  }

  /** The call's rider, created (with its timer) if there is none. */
  #rider(callId: string): Rider {
    const existing = this.#riding.get(callId);
    if (existing) return existing;
    let settle: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const rider: Rider = {
      patch: {},
      recordings: [],
      done,
      release: () => {
        if (this.#riding.get(callId) !== rider) return settle();
        this.#stopRiding(callId);
        void this.#queue(callId, () => this.#writeRider(callId, rider)).then(settle, settle);
      },
      timer: setTimeout(() => rider.release(), rideMs),
    };
    rider.timer.unref();
    this.#riding.set(callId, rider);
    return rider;
  }

  async #writeRider(callId: string, rider: Rider): Promise<void> {
    if (Object.keys(rider.patch).length > 0) await this.#writeBatch(callId, rider.patch, rider.recordings);
    else await this.#insertRecordings(callId, rider.recordings);
  }

  async recordingsInProgress(): Promise<Array<typeof recordings.$inferSelect>> {
    return this.#db.select().from(recordings).where(eq(recordings.status, 'recording'));
  }
}
