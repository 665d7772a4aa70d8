import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/service.js';
import type { Principal } from '../auth/roles.js';
import type { Database } from '../db/client.js';
import { attachments, tickets } from '../db/schema/index.js';
import { assertCanSeeTicket } from '../tickets/access.js';
import { forbidden, notFound } from '../web/errors.js';
import type { AttachmentRow } from './schemas.js';

type Purpose = AttachmentRow['purpose'];

/**
 * Who may add a file: hotline staff, any purpose; an agency officer, only the written result
 * ('result') of a ticket of their own agency (R22). Refusals are audited.
 */
export async function assertCanAttach(
  db: Database, request: FastifyRequest, principal: Principal, ticketId: string, purpose: Purpose,
): Promise<void> {
  const [ticket] = await db.select({ id: tickets.id, agencyId: tickets.agencyId }).from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) throw notFound('phiếu');
  try {
    assertCanSeeTicket(principal, ticket);
    if (principal.role === 'agency_officer' && purpose !== 'result') {
      throw forbidden('PURPOSE_NOT_ALLOWED', 'Đơn vị chỉ được đính kèm văn bản kết quả xử lý (purpose=result)');
    }
  } catch (refusal) {
    await recordAudit(db, {
      actor: principal, action: 'attachment.upload_refused', entityType: 'ticket', entityId: ticket.id, ip: request.ip, details: { purpose },
    });
    throw refusal;
  }
}

/** The attachment, if its ticket is visible to the user; refusals are written to the audit log as `refusedAction`. */
export async function loadVisibleAttachment(
  db: Database, request: FastifyRequest, principal: Principal, attachmentId: string, refusedAction: string,
): Promise<AttachmentRow> {
  const [row] = await db
    .select({ attachment: attachments, agencyId: tickets.agencyId })
    .from(attachments)
    .innerJoin(tickets, eq(tickets.id, attachments.ticketId))
    .where(eq(attachments.id, attachmentId));
  if (!row) throw notFound('tệp đính kèm');
  try {
    assertCanSeeTicket(principal, { agencyId: row.agencyId });
  } catch (refusal) {
    await recordAudit(db, {
      actor: principal,
      action: refusedAction,
      entityType: 'attachment',
      entityId: row.attachment.id,
      ip: request.ip,
      details: { ticketId: row.attachment.ticketId },
    });
    throw refusal;
  }
  return row.attachment;
}
