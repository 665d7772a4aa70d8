/**
 * Applying a workflow transition: lock the ticket row, plan (workflow.ts), set the columns and the
 * deadline, write the processing-log event, link result attachments and run in-transaction hooks
 * (the R15 resolution SMS) — all in one transaction, so the log and the SMS match the real state.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { agencies, attachments, ticketEvents, tickets } from '../db/schema/index.js';
import { dueAtFor, type DeadlineMoment } from '../sla/deadlines.js';
import { enqueueResolutionSms, kickSmsOutbox } from '../sms/outbox.js';
import { enqueueChannelAnswer } from '../channels/answer.js';
import { kickChannelOutbox } from '../channels/kick.js';
import { badRequest, conflict, notFound } from '../web/errors.js';
import type { TicketActor, TicketEventRow, TicketRow } from './create.js';
import { defaultTicketSettings, type TicketSettings } from './settings.js';
import { planTransition, type TicketAction, type TransitionPayload, type TransitionPlan } from './workflow.js';

export interface TransitionInput extends TransitionPayload {
  /** Files already uploaded to the ticket (attachments.id), attached to this step: a result's written reply. */
  attachmentIds?: string[] | undefined;
}

export interface TransitionResult {
  ticket: TicketRow;
  event: TicketEventRow;
  /** The ticket before the transition (its agency is notified when it changes). */
  previous: TicketRow;
}

export interface TransitionOptions {
  now?: Date;
  settings?: TicketSettings;
  /**
   * A draft (created on a call's answer, not written yet) is refused every step (409 DRAFT_TICKET) unless this is
   * set: an urgent transfer forwards the draft with the caller to the agency's hotline.
   */
  allowDraft?: boolean;
  /** Runs inside the transaction after the update and the event; a throw rolls everything back. */
  inTransaction?: (tx: Executor, result: TransitionResult) => Promise<void>;
}

async function actorAgencyDecidesJurisdiction(tx: Executor, actor: TicketActor): Promise<boolean> {
  if (!actor.agencyId) return false;
  const [agency] = await tx.select({ decides: agencies.handlesUnclearJurisdiction }).from(agencies).where(eq(agencies.id, actor.agencyId));
  return agency?.decides ?? false;
}

async function assertTargetAgency(tx: Executor, agencyId: string | null | undefined): Promise<void> {
  if (!agencyId) return;
  const [agency] = await tx.select({ active: agencies.active }).from(agencies).where(eq(agencies.id, agencyId));
  if (!agency?.active) throw badRequest('UNKNOWN_AGENCY', 'Đơn vị nhận phiếu không tồn tại hoặc đã ngừng hoạt động');
}

function deadlineMoment(plan: TransitionPlan, now: Date): DeadlineMoment | null {
  switch (plan.rule.deadline) {
    case 'keep':
      return null;
    case 'forwarded':
      return { kind: 'forwarded', at: now };
    case 'restart':
      return { kind: 'restart', at: now };
  }
}

async function linkAttachments(tx: Executor, ticketId: string, eventId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const linked = await tx
    .update(attachments)
    .set({ eventId })
    .where(and(inArray(attachments.id, unique), eq(attachments.ticketId, ticketId), isNull(attachments.eventId)))
    .returning({ id: attachments.id });
  if (linked.length !== unique.length) {
    throw badRequest('UNKNOWN_ATTACHMENT', 'Tệp đính kèm không tồn tại, không thuộc phiếu này hoặc đã gắn với bước khác');
  }
}

/**
 * Takes `action` on the ticket for `actor`. Throws 404 (no ticket), 403 ROLE_NOT_ALLOWED /
 * OTHER_AGENCY / NOT_UNCLEAR_JURISDICTION_AGENCY, 409 TRANSITION_NOT_ALLOWED, 400 for missing or
 * bad input. Resolution queues the R15 SMS in the same transaction and wakes the SMS worker after commit.
 */
export async function transition(
  db: Database, actor: TicketActor, ticketId: string, action: TicketAction, input: TransitionInput, options: TransitionOptions = {},
): Promise<TransitionResult> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? defaultTicketSettings;
  const result = await db.transaction(async (tx) => {
    const [previous] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!previous) throw notFound('phiếu');
    if (previous.draft && !options.allowDraft) {
      throw conflict('DRAFT_TICKET', 'Phiếu nháp chưa có nội dung: hãy ghi nội dung (PATCH /api/tickets/:id) trước khi xử lý');
    }
    const decides = await actorAgencyDecidesJurisdiction(tx, actor);
    const plan = planTransition(previous, { role: actor.role, agencyId: actor.agencyId, agencyHandlesUnclearJurisdiction: decides }, action, input, now);
    await assertTargetAgency(tx, plan.changes.agencyId);

    const moment = deadlineMoment(plan, now);
    const deadline = moment ? await dueAtFor(tx, previous, moment, settings) : undefined;
    const deadlineChanges = deadline === undefined ? {} : { slaRuleId: deadline?.rule.id ?? null, dueAt: deadline?.dueAt ?? null, deadlineStartedAt: deadline?.start ?? null };
    const [ticket] = await tx
      .update(tickets)
      .set({ ...plan.changes, ...deadlineChanges, updatedAt: now })
      .where(eq(tickets.id, ticketId))
      .returning();
    if (!ticket) throw new Error('ticket update returned no row');

    const [event] = await tx
      .insert(ticketEvents)
      .values({
        ticketId,
        type: plan.rule.event,
        fromStatus: previous.status,
        toStatus: ticket.status,
        actorUserId: actor.id,
        actorAgencyId: actor.agencyId,
        note: input.note?.trim() || input.reason?.trim() || null,
        data: eventData(previous, ticket, input),
        at: now,
      })
      .returning();
    if (!event) throw new Error('ticket event insert returned no row');
    await linkAttachments(tx, ticketId, event.id, input.attachmentIds ?? []);
    if (ticket.status === 'resolved') await enqueueResolutionSms(tx, ticket);
    // Issue 15: the answer also goes back on the written channel the citizen used (email, Zalo, Facebook).
    const answeredOnChannel = (ticket.status === 'resolved' || ticket.status === 'answered') && (await enqueueChannelAnswer(tx, ticket, now));
    const done = { ticket, event, previous, answeredOnChannel };
    await options.inTransaction?.(tx, done);
    return done;
  });
  if (result.ticket.status === 'resolved') kickSmsOutbox();
  if (result.answeredOnChannel) kickChannelOutbox();
  return result;
}

/** What the processing log keeps besides the note: the step's facts, by id (R14). */
function eventData(previous: TicketRow, ticket: TicketRow, input: TransitionInput): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (input.reason?.trim()) data.reason = input.reason.trim();
  if (input.resultText?.trim()) data.resultText = input.resultText.trim();
  if (previous.agencyId !== ticket.agencyId) {
    data.fromAgencyId = previous.agencyId;
    data.toAgencyId = ticket.agencyId;
  }
  if (previous.dueAt?.getTime() !== ticket.dueAt?.getTime()) data.dueAt = ticket.dueAt?.toISOString() ?? null;
  if (input.appointmentAt) data.appointmentAt = input.appointmentAt.toISOString();
  if (input.attachmentIds?.length) data.attachmentIds = [...new Set(input.attachmentIds)];
  return data;
}
