import { eq, sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../auth/roles.js';
import { tickets } from '../db/schema/index.js';
import { forbidden } from '../web/errors.js';

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
