import { Type, type Static } from 'typebox';
import type { tickets, ticketEvents } from '../db/schema/index.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';

export const TicketStatus = Type.Enum(['received', 'answered', 'refused', 'forwarded', 'acknowledged', 'resolved', 'returned']);
export const TicketChannel = Type.Enum(['phone', 'web', 'email', 'zalo', 'facebook', 'chat', 'walk_in']);

export const TicketSummary = Type.Object(
  {
    id: Uuid,
    receiptCode: Type.String(),
    channel: TicketChannel,
    status: TicketStatus,
    urgency: Type.Enum(['normal', 'urgent']),
    fieldId: Nullable(Uuid),
    agencyId: Nullable(Uuid),
    receivedAt: DateTime,
    dueAt: Nullable(DateTime),
    overdue: Type.Boolean({ description: 'Derived from dueAt at read time, never stored' }),
  },
  { $id: 'TicketSummary' },
);

export const TicketEvent = Type.Object({
  id: Uuid,
  type: Type.String(),
  fromStatus: Nullable(TicketStatus),
  toStatus: Nullable(TicketStatus),
  actorUserId: Nullable(Uuid),
  actorAgencyId: Nullable(Uuid),
  note: Nullable(Type.String()),
  at: DateTime,
});

export const TicketDetail = Type.Object(
  {
    ...TicketSummary.properties,
    citizenName: Nullable(Type.String()),
    citizenPhone: Nullable(Type.String()),
    citizenAddress: Nullable(Type.String()),
    citizenEmail: Nullable(Type.String()),
    content: Type.String(),
    resultText: Nullable(Type.String()),
    resolvedAt: Nullable(DateTime),
    events: Type.Array(TicketEvent),
  },
  { $id: 'TicketDetail' },
);

type TicketRow = typeof tickets.$inferSelect;

export function toTicketSummary(t: TicketRow, now = new Date()): Static<typeof TicketSummary> {
  const closed = t.status === 'resolved' || t.status === 'answered' || t.status === 'refused';
  return {
    id: t.id,
    receiptCode: t.receiptCode,
    channel: t.channel,
    status: t.status,
    urgency: t.urgency,
    fieldId: t.fieldId,
    agencyId: t.agencyId,
    receivedAt: t.receivedAt.toISOString(),
    dueAt: t.dueAt?.toISOString() ?? null,
    overdue: !closed && t.dueAt !== null && t.dueAt < now,
  };
}

export function toTicketDetail(t: TicketRow, events: (typeof ticketEvents.$inferSelect)[]): Static<typeof TicketDetail> {
  return {
    ...toTicketSummary(t),
    citizenName: t.citizenName,
    citizenPhone: t.citizenPhone,
    citizenAddress: t.citizenAddress,
    citizenEmail: t.citizenEmail,
    content: t.content,
    resultText: t.resultText,
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorUserId: e.actorUserId,
      actorAgencyId: e.actorAgencyId,
      note: e.note,
      at: e.at.toISOString(),
    })),
  };
}
