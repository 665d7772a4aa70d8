import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { fields, tickets } from '../db/schema/index.js';
import { normalizeVnPhone } from '../sms/phone.js';
import { notFound } from '../web/errors.js';
import { maskPhone, nameInitials } from './masking.js';

/** Statuses whose result text is the ticket's answer, shown to its owner. */
const closedWithResult = new Set(['resolved', 'answered', 'refused']);

export const statusLabels: Record<(typeof tickets.$inferSelect)['status'], string> = {
  received: 'Đã tiếp nhận',
  answered: 'Đã trả lời',
  refused: 'Từ chối tiếp nhận',
  forwarded: 'Đã chuyển đơn vị xử lý',
  acknowledged: 'Đơn vị đang xử lý',
  resolved: 'Đã giải quyết',
  returned: 'Đang xem xét lại',
};

/** The same answer whether the code is unknown or the phone does not match: no enumeration. */
const notFoundTicket = () => notFound('phiếu với mã và số điện thoại này');

/**
 * R17: a citizen follows their ticket with the receipt code and the phone number they gave.
 * Personal data comes back masked (the caller proves only two facts, not who they are).
 */
export async function lookupTicket(db: Executor, receiptCode: string, phone: string) {
  const wanted = normalizeVnPhone(phone);
  const [row] = await db
    .select({ ticket: tickets, fieldName: fields.name })
    .from(tickets)
    .leftJoin(fields, eq(fields.id, tickets.fieldId))
    .where(eq(tickets.receiptCode, receiptCode.trim()));
  const stored = row?.ticket.citizenPhone ? normalizeVnPhone(row.ticket.citizenPhone) : null;
  if (!row || !wanted || stored !== wanted) throw notFoundTicket();
  const { ticket } = row;
  return {
    receiptCode: ticket.receiptCode,
    status: ticket.status,
    statusLabel: statusLabels[ticket.status],
    channel: ticket.channel,
    field: row.fieldName,
    citizenName: nameInitials(ticket.citizenName),
    citizenPhone: maskPhone(ticket.citizenPhone),
    receivedAt: ticket.receivedAt.toISOString(),
    dueAt: ticket.dueAt?.toISOString() ?? null,
    resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    result: closedWithResult.has(ticket.status) ? ticket.resultText : null,
  };
}
