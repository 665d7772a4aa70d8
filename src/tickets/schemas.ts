import { Type, type Static } from 'typebox';
import { ticketChannel, ticketUrgency } from '../db/schema/index.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import type { TicketRow } from './create.js';
import type { TicketDetailView, TicketEventView } from './queries.js';
import type { TimeLeft } from './time-left.js';
import { isOverdue, ticketActions, ticketStatuses } from './workflow.js';

export const TicketStatus = Type.Enum([...ticketStatuses]);
export const TicketChannel = Type.Enum([...ticketChannel.enumValues]);
export const TicketUrgency = Type.Enum([...ticketUrgency.enumValues]);
export const TicketAction = Type.Enum([...ticketActions]);

const previewLength = 160;

export const TicketSummary = Type.Object(
  {
    id: Uuid,
    receiptCode: Type.String(),
    channel: TicketChannel,
    status: TicketStatus,
    urgency: TicketUrgency,
    fieldId: Nullable(Uuid),
    agencyId: Nullable(Uuid),
    contentPreview: Type.String({ description: `The first ${previewLength} characters of the content` }),
    receivedAt: DateTime,
    forwardedAt: Nullable(DateTime),
    dueAt: Nullable(DateTime),
    appointmentAt: Nullable(DateTime),
    overdue: Type.Boolean({ description: 'Derived from dueAt at read time, never stored' }),
    timeLeft: Nullable(
      Type.Object(
        {
          state: Type.Enum(['on_time', 'due_soon', 'overdue'], { description: 'due_soon: within DEADLINE_DUE_SOON_MINUTES' }),
          workingMinutes: Type.Integer({ minimum: -100_000_000, maximum: 100_000_000, description: "working minutes left on the rule's calendar (office hours, holidays off); negative: working minutes past the deadline" }),
          minutes: Type.Integer({ minimum: -100_000_000, maximum: 100_000_000, description: 'clock minutes left; negative once overdue' }),
        },
        { description: 'open tickets with a deadline: the time left, computed at read time (null otherwise)' },
      ),
    ),
    draft: Type.Boolean({ description: "Created on a call's answer and not written yet: no workflow step until its content is (PATCH)" }),
  },
  { $id: 'TicketSummary' },
);

export const TicketEvent = Type.Object(
  {
    id: Uuid,
    type: Type.String({ description: 'created, answered, refused, forwarded, acknowledged, progress, resolved, returned, reassigned, reopened' }),
    fromStatus: Nullable(TicketStatus),
    toStatus: Nullable(TicketStatus),
    actorUserId: Nullable(Uuid),
    actorName: Nullable(Type.String()),
    actorAgencyId: Nullable(Uuid),
    actorAgencyName: Nullable(Type.String()),
    note: Nullable(Type.String()),
    data: Nullable(Type.Record(Type.String(), Type.Unknown())),
    at: DateTime,
  },
  { title: 'TicketEvent' },
);

const LinkedCall = Type.Object({
  id: Uuid,
  callerNumber: Type.String(),
  arrivedAt: DateTime,
  endedAt: Nullable(DateTime),
  recordings: Type.Array(Type.Object({ id: Uuid, status: Type.String(), durationSeconds: Nullable(Type.Integer()) })),
});

const AttachmentMeta = Type.Object({
  id: Uuid,
  purpose: Type.Enum(['evidence', 'result']),
  eventId: Nullable(Uuid),
  fileName: Type.String(),
  mimeType: Type.String(),
  sizeBytes: Type.Integer(),
  createdAt: DateTime,
});

export const TicketDetail = Type.Object(
  {
    ...TicketSummary.properties,
    citizenName: Nullable(Type.String()),
    citizenPhone: Nullable(Type.String()),
    citizenAddress: Nullable(Type.String()),
    citizenEmail: Nullable(Type.String()),
    content: Type.String(),
    slaRuleId: Nullable(Uuid),
    resultText: Nullable(Type.String()),
    resolvedAt: Nullable(DateTime),
    published: Type.Boolean(),
    createdBy: Nullable(Uuid),
    events: Type.Array(TicketEvent),
    calls: Type.Array(LinkedCall),
    attachments: Type.Array(AttachmentMeta),
  },
  { $id: 'TicketDetail' },
);

const Text = (max: number) => Type.String({ maxLength: max });

const Content = Type.String({ minLength: 1, maxLength: 10_000 });

/** The citizen and the topic: set at creation, corrected while the ticket is a draft or at the hotline. */
const citizenAndTopic = {
  citizenName: Type.Optional(Nullable(Text(200))),
  citizenPhone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+][0-9 .-]{2,19}$', description: 'a phone number' }))),
  citizenAddress: Type.Optional(Nullable(Text(500))),
  citizenEmail: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
  fieldId: Type.Optional(Nullable(Uuid)),
  urgency: Type.Optional(TicketUrgency),
};

export const NewTicketBody = Type.Object(
  {
    channel: TicketChannel,
    content: Content,
    ...citizenAndTopic,
    receivedAt: Type.Optional(DateTime),
    callId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const EditTicketBody = Type.Object(
  {
    content: Type.Optional(Content),
    ...citizenAndTopic,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TransitionBody = Type.Object(
  {
    action: TicketAction,
    note: Type.Optional(Text(5_000)),
    reason: Type.Optional(Text(2_000)),
    resultText: Type.Optional(Text(10_000)),
    agencyId: Type.Optional(Uuid),
    appointmentAt: Type.Optional(DateTime),
    attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toTicketSummary(t: TicketRow, now = new Date(), timeLeft?: ReadonlyMap<string, TimeLeft>): Static<typeof TicketSummary> {
  return {
    id: t.id,
    receiptCode: t.receiptCode,
    channel: t.channel,
    status: t.status,
    urgency: t.urgency,
    fieldId: t.fieldId,
    agencyId: t.agencyId,
    contentPreview: t.content.length > previewLength ? `${t.content.slice(0, previewLength)}…` : t.content,
    receivedAt: t.receivedAt.toISOString(),
    forwardedAt: iso(t.forwardedAt),
    dueAt: iso(t.dueAt),
    appointmentAt: iso(t.appointmentAt),
    overdue: isOverdue(t, now),
    timeLeft: timeLeft?.get(t.id) ?? null,
    draft: t.draft,
  };
}

export function toTicketEvent({ event: e, actorName, actorAgencyName }: TicketEventView): Static<typeof TicketEvent> {
  return {
    id: e.id,
    type: e.type,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorUserId: e.actorUserId,
    actorName,
    actorAgencyId: e.actorAgencyId,
    actorAgencyName,
    note: e.note,
    data: (e.data as Record<string, unknown> | null) ?? null,
    at: e.at.toISOString(),
  };
}

export function toTicketDetail(view: TicketDetailView, now = new Date(), timeLeft?: ReadonlyMap<string, TimeLeft>): Static<typeof TicketDetail> {
  const t = view.ticket;
  const callsById = new Map<string, Static<typeof LinkedCall>>();
  for (const { call, recording } of view.calls) {
    const entry = callsById.get(call.id) ?? { id: call.id, callerNumber: call.callerNumber, arrivedAt: call.arrivedAt.toISOString(), endedAt: iso(call.endedAt), recordings: [] };
    if (recording) entry.recordings.push({ id: recording.id, status: recording.status, durationSeconds: recording.durationSeconds });
    callsById.set(call.id, entry);
  }
  return {
    ...toTicketSummary(t, now, timeLeft),
    citizenName: t.citizenName,
    citizenPhone: t.citizenPhone,
    citizenAddress: t.citizenAddress,
    citizenEmail: t.citizenEmail,
    content: t.content,
    slaRuleId: t.slaRuleId,
    resultText: t.resultText,
    resolvedAt: iso(t.resolvedAt),
    published: t.published,
    createdBy: t.createdBy,
    events: view.events.map(toTicketEvent),
    calls: [...callsById.values()],
    attachments: view.attachments.map((a) => ({
      id: a.id,
      purpose: a.purpose,
      eventId: a.eventId,
      fileName: a.fileName,
      mimeType: a.mimeType,
      sizeBytes: a.sizeBytes,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}
