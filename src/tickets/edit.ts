/**
 * Correcting a ticket while it is still at the hotline (received or returned): the operator who took it, or a
 * supervisor/admin, completes the draft created on a call's answer (content, field, urgency, the citizen's data).
 * A change of field or urgency recomputes the deadline from the reception (R13). The processing log says which
 * fields changed, never their values (R22); writing the content ends the draft.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { fields, ticketEvents, tickets } from '../db/schema/index.js';
import { dueAtFor } from '../sla/deadlines.js';
import { badRequest, conflict, forbidden, notFound } from '../web/errors.js';
import type { NewTicket, TicketActor, TicketEventRow, TicketRow } from './create.js';
import { defaultTicketSettings, type TicketSettings } from './settings.js';

const keys = ['content', 'citizenName', 'citizenPhone', 'citizenAddress', 'citizenEmail', 'fieldId', 'urgency'] as const;

/** What may be corrected: a new ticket's content, citizen and topic, each optional. */
export type TicketEdit = { [K in (typeof keys)[number]]?: NewTicket[K] | undefined };

const editable = ['received', 'returned'] as const;

export interface EditResult {
  ticket: TicketRow;
  /** Null when nothing actually changed (the request repeated the ticket's values). */
  event: TicketEventRow | null;
  changed: string[];
}

export async function editTicket(
  db: Database,
  actor: TicketActor,
  ticketId: string,
  edit: TicketEdit,
  options: { now?: Date; settings?: TicketSettings } = {},
): Promise<EditResult> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? defaultTicketSettings;
  return db.transaction(async (tx) => {
    const [previous] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!previous) throw notFound('phiếu');
    if (actor.role === 'agency_officer') throw forbidden('ROLE_NOT_ALLOWED', 'Cán bộ đơn vị không sửa được phiếu của tổng đài');
    if (actor.role === 'operator' && previous.createdBy !== actor.id) throw forbidden('NOT_YOUR_TICKET', 'Phiếu không do bạn tiếp nhận');
    if (!(editable as readonly string[]).includes(previous.status)) {
      throw conflict('TICKET_NOT_EDITABLE', 'Chỉ sửa được phiếu còn ở tổng đài (mới tiếp nhận hoặc bị trả lại)');
    }
    const content = edit.content?.trim();
    if (edit.content !== undefined && !content) throw badRequest('EMPTY_CONTENT', 'Nội dung phiếu không được để trống');
    if (edit.fieldId) {
      const [field] = await tx.select({ id: fields.id }).from(fields).where(and(eq(fields.id, edit.fieldId), eq(fields.active, true)));
      if (!field) throw badRequest('UNKNOWN_FIELD', 'Lĩnh vực không tồn tại hoặc đã ngừng sử dụng');
    }

    const wanted: Partial<Record<(typeof keys)[number], unknown>> = { ...edit, ...(content !== undefined ? { content } : {}) };
    const changes: Partial<typeof tickets.$inferInsert> = {};
    const changed: string[] = [];
    for (const key of keys) {
      const value = wanted[key];
      if (value === undefined || value === previous[key]) continue;
      (changes as Record<string, unknown>)[key] = value;
      changed.push(key);
    }
    const endsDraft = previous.draft && changes.content !== undefined;
    if (changed.length === 0) return { ticket: previous, event: null, changed };

    let deadline = {};
    if (changes.fieldId !== undefined || changes.urgency !== undefined) {
      const next = { fieldId: changes.fieldId ?? previous.fieldId, urgency: changes.urgency ?? previous.urgency, receivedAt: previous.receivedAt };
      const due = await dueAtFor(tx, next, { kind: 'created' }, settings);
      deadline = { slaRuleId: due?.rule.id ?? null, dueAt: due?.dueAt ?? null, deadlineStartedAt: due?.start ?? null };
    }
    const [ticket] = await tx
      .update(tickets)
      .set({ ...changes, ...deadline, ...(endsDraft ? { draft: false } : {}), updatedAt: now })
      .where(eq(tickets.id, ticketId))
      .returning();
    if (!ticket) throw new Error('ticket update returned no row');
    const [event] = await tx
      .insert(ticketEvents)
      .values({
        ticketId,
        type: 'edited',
        fromStatus: previous.status,
        toStatus: ticket.status,
        actorUserId: actor.id,
        actorAgencyId: actor.agencyId,
        note: null,
        data: {
          changed,
          ...(endsDraft ? { draftCompleted: true } : {}),
          ...(previous.dueAt?.getTime() !== ticket.dueAt?.getTime() ? { dueAt: ticket.dueAt?.toISOString() ?? null } : {}),
        },
        at: now,
      })
      .returning();
    if (!event) throw new Error('ticket event insert returned no row');
    return { ticket, event, changed };
  });
}
