import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { smsMessages } from '../db/schema/index.js';
import { isVnMobile, normalizeVnPhone } from './phone.js';
import { renderSms, smsTemplates, type SmsEvent } from './templates.js';
import { staleErrorPrefix } from './worker.js';

export { kickSmsOutbox } from './kick.js';

export interface SmsTicket {
  id: string;
  receiptCode: string;
  citizenPhone: string | null;
  agencyId: string | null;
}

/**
 * R15: queue the resolution SMS in the caller's transaction — the one that sets the ticket to
 * resolved — so the SMS exists if and only if the resolution is committed. The worker sends it
 * afterwards (call `kickSmsOutbox()` after commit to send at once).
 */
export async function enqueueResolutionSms(tx: Executor, ticket: SmsTicket): Promise<void> {
  await enqueueTicketSms(tx, 'ticket.resolved', ticket);
}

/** R16: queue the acknowledgement SMS (with the receipt code) for a ticket just received. */
export async function enqueueAcknowledgementSms(tx: Executor, ticket: SmsTicket): Promise<void> {
  await enqueueTicketSms(tx, 'ticket.received', ticket);
}

/**
 * Idempotent per (ticket, event): a second call — a retried request, a resolution after a
 * return — queues nothing more, so the citizen gets one message and the province pays once.
 * The one exception: a message the worker withheld because the ticket was no longer resolved when
 * it was due is queued again (same row) when the ticket is resolved again.
 * A transaction-scoped advisory lock serialises concurrent callers for the same pair.
 * Tickets without a mobile number (none given, a landline) get no SMS.
 */
export async function enqueueTicketSms(tx: Executor, event: SmsEvent, ticket: SmsTicket): Promise<boolean> {
  const phone = ticket.citizenPhone ? normalizeVnPhone(ticket.citizenPhone) : null;
  if (!phone || !isVnMobile(phone)) return false;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sms:${ticket.id}:${event}`}))`);
  const [existing] = await tx
    .select({ id: smsMessages.id, status: smsMessages.status, lastError: smsMessages.lastError })
    .from(smsMessages)
    .where(and(eq(smsMessages.ticketId, ticket.id), eq(smsMessages.template, event)))
    .limit(1);
  const { body, segments } = renderSms(smsTemplates()[event], { receiptCode: ticket.receiptCode });
  if (existing) {
    // Withheld because the ticket had been reopened before it left (see worker.ts): true again now.
    if (existing.status !== 'failed' || !existing.lastError?.startsWith(staleErrorPrefix)) return false;
    await tx
      .update(smsMessages)
      .set({ status: 'pending', phone, body, segments, attempts: 0, nextAttemptAt: sql`now()`, lastError: null })
      .where(eq(smsMessages.id, existing.id));
    return true;
  }
  await tx.insert(smsMessages).values({
    ticketId: ticket.id,
    agencyId: ticket.agencyId,
    phone,
    template: event,
    body,
    segments,
  });
  return true;
}
