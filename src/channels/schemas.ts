import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';

export const ChannelKindSchema = Type.Enum(['email', 'zalo', 'facebook']);
export const TicketStatusSchema = Type.Enum(['received', 'answered', 'refused', 'forwarded', 'acknowledged', 'resolved', 'returned']);

export const ConversationSummary = Type.Object(
  {
    id: Uuid,
    ticketId: Uuid,
    receiptCode: Type.String(),
    ticketStatus: TicketStatusSchema,
    channel: ChannelKindSchema,
    citizenAddress: Type.String({ description: 'email address, Zalo user id or Facebook page-scoped id' }),
    citizenName: Nullable(Type.String()),
    subject: Nullable(Type.String()),
    claimedBy: Nullable(Uuid),
    claimedAt: Nullable(DateTime),
    lastInboundAt: DateTime,
    lastMessageAt: DateTime,
    createdAt: DateTime,
    /** Facebook: replies are allowed until 24 h after the citizen's last message; other channels: null. */
    replyWindowClosesAt: Nullable(DateTime),
  },
  { $id: 'ConversationSummary' },
);

/** A file the citizen sent with a message, kept as a ticket attachment: downloaded through /api/attachments/{id}/file (audited). */
export const ConversationAttachment = Type.Object(
  {
    id: Uuid,
    fileName: Type.String({ maxLength: 255 }),
    mimeType: Type.String({ maxLength: 200 }),
    sizeBytes: Type.Integer({ minimum: 0 }),
  },
  { $id: 'ConversationAttachment' },
);

export const ConversationMessageView = Type.Object(
  {
    id: Uuid,
    direction: Type.Enum(['in', 'out']),
    kind: Type.Enum(['citizen', 'acknowledgement', 'reply', 'answer']),
    body: Type.String(),
    authorUserId: Nullable(Uuid),
    status: Nullable(Type.Enum(['pending', 'sent', 'failed'])),
    attempts: Type.Integer(),
    lastError: Nullable(Type.String()),
    sentAt: Nullable(DateTime),
    createdAt: DateTime,
    /** The citizen's files that came with this message (those refused are a note in `body`). */
    attachments: Type.Array(ConversationAttachment, { maxItems: 50 }),
  },
  { $id: 'ConversationMessageView' },
);

export const ConversationDetail = Type.Object(
  { conversation: ConversationSummary, messages: Type.Array(ConversationMessageView) },
  { $id: 'ConversationDetail' },
);

export const ReplyBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 5000 }),
    /** The final answer (kind 'answer') rather than a reply along the way. */
    final: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
