/**
 * Who may see a call, and so its recordings (R22, least privilege): admins and supervisors every
 * call; an operator the calls they handled; an agency officer the calls linked to a ticket of
 * their agency. Used by both /api/calls and /api/recordings so the two never disagree.
 */
import { and, eq, exists, sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../auth/roles.js';
import type { Executor } from '../db/client.js';
import { calls, ticketCalls, tickets } from '../db/schema/index.js';
import { forbidden } from '../web/errors.js';

/** A WHERE condition on `calls` limiting rows to what `principal` may see (undefined = all). */
export function callScope(db: Executor, principal: Principal): SQL | undefined {
  switch (principal.role) {
    case 'admin':
    case 'supervisor':
      return undefined;
    case 'operator':
      return eq(calls.operatorUserId, principal.id);
    case 'agency_officer': {
      if (!principal.agencyId) return sql`false`;
      return exists(
        db
          .select({ one: sql`1` })
          .from(ticketCalls)
          .innerJoin(tickets, eq(tickets.id, ticketCalls.ticketId))
          .where(and(eq(ticketCalls.callId, calls.id), eq(tickets.agencyId, principal.agencyId))),
      );
    }
  }
}

/** Throws 403 (NOT_YOUR_CALL or OTHER_AGENCY, with a Vietnamese message) unless `principal` may see the call. */
export async function assertCanSeeCall(
  db: Executor,
  principal: Principal,
  call: { id: string; operatorUserId: string | null },
): Promise<void> {
  if (principal.role === 'admin' || principal.role === 'supervisor') return;
  if (principal.role === 'operator') {
    if (call.operatorUserId !== principal.id) {
      throw forbidden('NOT_YOUR_CALL', 'Bạn chỉ được xem cuộc gọi và ghi âm của các cuộc gọi do mình tiếp nhận');
    }
    return;
  }
  const linked = principal.agencyId
    ? await db
        .select({ ticketId: ticketCalls.ticketId })
        .from(ticketCalls)
        .innerJoin(tickets, eq(tickets.id, ticketCalls.ticketId))
        .where(and(eq(ticketCalls.callId, call.id), eq(tickets.agencyId, principal.agencyId)))
        .limit(1)
    : [];
  if (linked.length === 0) {
    throw forbidden('OTHER_AGENCY', 'Cuộc gọi này không gắn với phiếu nào của đơn vị bạn');
  }
}
