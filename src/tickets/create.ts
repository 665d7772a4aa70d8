/** Creating a ticket (R9, R18): receipt code, deadline, the 'created' event and call link in one transaction. */
import { eq } from 'drizzle-orm';
import type { Role } from '../auth/roles.js';
import type { Database, Executor } from '../db/client.js';
import { calls, ticketCalls, ticketEvents, tickets } from '../db/schema/index.js';
import { dueAtFor } from '../sla/deadlines.js';
import { badRequest } from '../web/errors.js';
import { allocateReceiptCode, businessYear } from './receipt-code.js';
import { defaultTicketSettings, type TicketSettings } from './settings.js';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;
export type TicketChannel = TicketRow['channel'];

/** Who acts on a ticket: a signed-in user (a Principal fits). */
export interface TicketActor {
  id: string;
  role: Role;
  agencyId: string | null;
}

export interface NewTicket {
  channel: TicketChannel;
  content: string;
  citizenName?: string | null | undefined;
  citizenPhone?: string | null | undefined;
  citizenAddress?: string | null | undefined;
  citizenEmail?: string | null | undefined;
  fieldId?: string | null | undefined;
  urgency?: 'normal' | 'urgent' | undefined;
  /** When the contact happened (R9); default: the linked call's arrival, else now. */
  receivedAt?: Date | undefined;
  /** A call (calls.id) to link through ticket_calls; its recording then belongs to the ticket (R5). */
  callId?: string | undefined;
  /** Created on a call's answer before the operator wrote it (screen-pop): completed with editTicket. */
  draft?: boolean | undefined;
}

export interface CreateTicketOptions {
  now?: Date;
  settings?: TicketSettings;
  /** Runs inside the creating transaction, after the ticket and its event are written (e.g. R16 acknowledgement SMS). */
  inTransaction?: (tx: Executor, ticket: TicketRow, event: TicketEventRow) => Promise<void>;
}

/** A client's clock may run a little ahead of the server's. */
const allowedClockSkewMs = 5 * 60_000;

const blankToNull = (value: string | null | undefined) => (value === undefined || value === null || value.trim() === '' ? null : value.trim());

/**
 * Creates a ticket in status 'received'. `actor` is null for tickets the citizen files (web form,
 * inbound email): createdBy and the event's actor are then null.
 */
export async function createTicket(
  db: Database, actor: TicketActor | null, input: NewTicket, options: CreateTicketOptions = {},
): Promise<{ ticket: TicketRow; event: TicketEventRow }> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? defaultTicketSettings;
  const content = input.content.trim();
  if (content === '') throw badRequest('CONTENT_REQUIRED', 'Cần nhập nội dung phản ánh, kiến nghị');
  if (input.receivedAt && input.receivedAt.getTime() > now.getTime() + allowedClockSkewMs) {
    throw badRequest('RECEIVED_IN_FUTURE', 'Thời điểm tiếp nhận (receivedAt) không được ở tương lai');
  }
  return db.transaction(async (tx) => {
    let receivedAt = input.receivedAt ?? now;
    if (input.callId) {
      const [call] = await tx.select({ arrivedAt: calls.arrivedAt }).from(calls).where(eq(calls.id, input.callId));
      if (!call) throw badRequest('UNKNOWN_CALL', 'Cuộc gọi cần gắn với phiếu không tồn tại');
      receivedAt = input.receivedAt ?? call.arrivedAt;
    }
    const urgency = input.urgency ?? 'normal';
    const fieldId = input.fieldId ?? null;
    const deadline = await dueAtFor(tx, { fieldId, urgency, receivedAt }, { kind: 'created' }, settings);
    // Last before the insert: the year's counter row stays locked until commit, so it is locked as late as possible.
    const receiptCode = await allocateReceiptCode(tx, businessYear(now, settings.timeZone), settings.receiptPrefix);
    const [ticket] = await tx
      .insert(tickets)
      .values({
        receiptCode,
        channel: input.channel,
        citizenName: blankToNull(input.citizenName),
        citizenPhone: blankToNull(input.citizenPhone),
        citizenAddress: blankToNull(input.citizenAddress),
        citizenEmail: blankToNull(input.citizenEmail),
        content,
        fieldId,
        urgency,
        status: 'received',
        draft: input.draft ?? false,
        slaRuleId: deadline?.rule.id ?? null,
        dueAt: deadline?.dueAt ?? null,
        deadlineStartedAt: deadline?.start ?? null,
        createdBy: actor?.id ?? null,
        receivedAt,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!ticket) throw new Error('ticket insert returned no row');
    if (input.callId) await tx.insert(ticketCalls).values({ ticketId: ticket.id, callId: input.callId });
    const [event] = await tx
      .insert(ticketEvents)
      .values({
        ticketId: ticket.id,
        type: 'created',
        toStatus: 'received',
        actorUserId: actor?.id ?? null,
        actorAgencyId: actor?.agencyId ?? null,
        data: { channel: input.channel, callId: input.callId ?? null, slaRule: deadline?.rule.code ?? null, dueAt: deadline?.dueAt.toISOString() ?? null },
        at: now,
      })
      .returning();
    if (!event) throw new Error('ticket event insert returned no row');
    await options.inTransaction?.(tx, ticket, event);
    return { ticket, event };
  });
}
