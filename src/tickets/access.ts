import { eq, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Principal } from '../auth/roles.js';
import type { Executor } from '../db/client.js';
import { tickets } from '../db/schema/index.js';
import { DomainError, forbidden, notFound } from '../web/errors.js';

/** Agency officers see only their own agency's tickets (R22); staff of the hotline see all. */
export function ticketScope(principal: Principal): SQL | undefined {
  if (principal.role !== 'agency_officer') return undefined;
  return principal.agencyId ? eq(tickets.agencyId, principal.agencyId) : sql`false`;
}

export function assertCanSeeTicket(principal: Principal, ticket: { agencyId: string | null }): void {
  if (principal.role === 'agency_officer' && (!principal.agencyId || ticket.agencyId !== principal.agencyId)) {
    throw forbidden('OTHER_AGENCY', 'Phiếu này không thuộc đơn vị của bạn');
  }
}

/**
 * The ticket `principal` asks to read: 404 when missing; 403 OTHER_AGENCY, audited as
 * ticket.read_refused, when it is not theirs. The caller audits the successful read.
 */
export async function readableTicket(db: Executor, principal: Principal, ticketId: string, ip: string) {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) throw notFound('phiếu');
  try {
    assertCanSeeTicket(principal, ticket);
  } catch (refusal) {
    await recordAudit(db, { actor: principal, action: 'ticket.read_refused', entityType: 'ticket', entityId: ticket.id, ip });
    throw refusal;
  }
  return ticket;
}

/** Audits a refused change (403/409) on an existing ticket as `action`, then rethrows; other errors pass through. */
export async function auditRefusal<T>(
  db: Executor,
  principal: Principal,
  ticketId: string,
  ip: string,
  work: () => Promise<T>,
  action: 'ticket.transition_refused' | 'ticket.edit_refused' = 'ticket.transition_refused',
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && (error.statusCode === 403 || error.statusCode === 409)) {
      await recordAudit(db, { actor: principal, action, entityType: 'ticket', entityId: ticketId, ip, details: { code: error.code } });
    }
    throw error;
  }
}
