/**
 * The operator's conversation view (issue 15), server side: conversations newest first, one with its messages,
 * claim, reply on the conversation's channel. For hotline staff (operators, supervisors, admins).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, asc, desc, eq, isNotNull, isNull, notInArray, type SQL } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import { staff } from '../auth/roles.js';
import { attachments, conversationMessages, conversations, tickets } from '../db/schema/index.js';
import { conflict, errorResponses, forbidden, notFound } from '../web/errors.js';
import { Offset, Uuid } from '../web/schemas.js';
import { closedStatuses } from './conversations.js';
import { emitConversationEvent } from './notifier.js';
import { ChannelKindSchema, type ConversationAttachment, ConversationDetail, ConversationMessageView, ConversationSummary, ReplyBody } from './schemas.js';
import { cleanText } from './text.js';

/** Facebook's standard messaging window: a Page may answer within 24 hours of the person's last message. */
export const facebookWindowMs = 24 * 60 * 60_000;

type ConversationRow = typeof conversations.$inferSelect;
type MessageRow = typeof conversationMessages.$inferSelect;
type TicketPart = { receiptCode: string; status: (typeof tickets.$inferSelect)['status']; citizenName: string | null };

function replyWindowClosesAt(conversation: ConversationRow): Date | null {
  return conversation.channel === 'facebook' ? new Date(conversation.lastInboundAt.getTime() + facebookWindowMs) : null;
}

function toSummary(conversation: ConversationRow, ticket: TicketPart): Static<typeof ConversationSummary> {
  return {
    id: conversation.id,
    ticketId: conversation.ticketId,
    receiptCode: ticket.receiptCode,
    ticketStatus: ticket.status,
    channel: conversation.channel,
    citizenAddress: conversation.citizenAddress,
    citizenName: ticket.citizenName,
    subject: conversation.subject,
    claimedBy: conversation.claimedBy,
    claimedAt: conversation.claimedAt?.toISOString() ?? null,
    lastInboundAt: conversation.lastInboundAt.toISOString(),
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    createdAt: conversation.createdAt.toISOString(),
    replyWindowClosesAt: replyWindowClosesAt(conversation)?.toISOString() ?? null,
  };
}

type AttachmentPart = Static<typeof ConversationAttachment> & { conversationMessageId: string | null };

function toMessage(row: MessageRow, files: AttachmentPart[] = []): Static<typeof ConversationMessageView> {
  return {
    id: row.id,
    direction: row.direction,
    kind: row.kind,
    body: row.body,
    authorUserId: row.authorUserId,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    attachments: files.filter((f) => f.conversationMessageId === row.id).map(({ conversationMessageId: _message, ...file }) => file),
  };
}

const ticketPart = { receiptCode: tickets.receiptCode, status: tickets.status, citizenName: tickets.citizenName };
const Params = Type.Object({ id: Uuid });

export const conversationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function load(id: string) {
    const [found] = await app.db
      .select({ conversation: conversations, ticket: ticketPart })
      .from(conversations)
      .innerJoin(tickets, eq(tickets.id, conversations.ticketId))
      .where(eq(conversations.id, id));
    if (!found) throw notFound('cuộc hội thoại');
    return found;
  }

  app.get(
    '',
    {
      config: { access: staff },
      schema: {
        tags: ['conversations'],
        summary: 'Conversations on the written channels (email, Zalo, Facebook), latest message first',
        querystring: Type.Object({
          channel: Type.Optional(ChannelKindSchema),
          open: Type.Optional(Type.Boolean({ description: 'only those whose ticket is still open' })),
          unclaimed: Type.Optional(Type.Boolean({ description: 'only those no operator has claimed' })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Offset,
        }),
        response: { 200: Type.Object({ items: Type.Array(ConversationSummary) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { channel, open, unclaimed, limit, offset } = request.query;
      const filters: SQL[] = [];
      if (channel) filters.push(eq(conversations.channel, channel));
      if (open) filters.push(notInArray(tickets.status, [...closedStatuses]));
      if (unclaimed) filters.push(isNull(conversations.claimedBy));
      const rows = await app.db
        .select({ conversation: conversations, ticket: ticketPart })
        .from(conversations)
        .innerJoin(tickets, eq(tickets.id, conversations.ticketId))
        .where(and(...filters))
        .orderBy(desc(conversations.lastMessageAt))
        .limit(limit)
        .offset(offset);
      return { items: rows.map((r) => toSummary(r.conversation, r.ticket)) };
    },
  );

  app.get(
    '/:id',
    {
      config: { access: staff },
      schema: {
        tags: ['conversations'],
        summary: 'One conversation with its messages, oldest first',
        params: Params,
        response: { 200: ConversationDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { conversation, ticket } = await load(request.params.id);
      const messages = await app.db
        .select()
        .from(conversationMessages)
        .where(eq(conversationMessages.conversationId, conversation.id))
        .orderBy(asc(conversationMessages.createdAt))
        .limit(1000);
      const files = await app.db
        .select({ id: attachments.id, fileName: attachments.fileName, mimeType: attachments.mimeType, sizeBytes: attachments.sizeBytes, conversationMessageId: attachments.conversationMessageId })
        .from(attachments)
        .where(and(eq(attachments.ticketId, conversation.ticketId), isNotNull(attachments.conversationMessageId)))
        .orderBy(asc(attachments.createdAt));
      return { conversation: toSummary(conversation, ticket), messages: messages.map((m) => toMessage(m, files)) };
    },
  );

  app.post(
    '/:id/claim',
    {
      config: { access: staff },
      schema: {
        tags: ['conversations'],
        summary: 'Take a conversation (an operator may not take one another operator holds; a supervisor may)',
        params: Params,
        response: { 200: ConversationSummary, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const { conversation, ticket } = await load(request.params.id);
      if (conversation.claimedBy && conversation.claimedBy !== principal.id && principal.role === 'operator') {
        throw conflict('ALREADY_CLAIMED', 'Cuộc hội thoại đã có điện thoại viên khác nhận xử lý');
      }
      const now = new Date();
      const [claimed] = await app.db
        .update(conversations)
        .set({ claimedBy: principal.id, claimedAt: now })
        .where(eq(conversations.id, conversation.id))
        .returning();
      emitConversationEvent(app.io, 'conversation.claimed.v1', { conversationId: conversation.id, ticketId: conversation.ticketId, claimedBy: principal.id, at: now.toISOString() });
      return toSummary(claimed!, ticket);
    },
  );

  app.post(
    '/:id/reply',
    {
      config: { access: staff },
      schema: {
        tags: ['conversations'],
        summary: "Reply on the conversation's channel (queued in the outbox, sent at once, retried on failure)",
        description: 'Facebook: 409 MESSAGING_WINDOW_CLOSED more than 24 hours after the citizen’s last message (answer by phone or SMS instead).',
        params: Params,
        body: ReplyBody,
        response: { 201: ConversationMessageView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const { conversation, ticket } = await load(request.params.id);
      if (conversation.claimedBy && conversation.claimedBy !== principal.id && principal.role === 'operator') {
        throw forbidden('CLAIMED_BY_OTHER', 'Cuộc hội thoại do điện thoại viên khác xử lý');
      }
      const closesAt = replyWindowClosesAt(conversation);
      const now = new Date();
      if (closesAt && closesAt.getTime() <= now.getTime()) {
        throw conflict('MESSAGING_WINDOW_CLOSED', 'Đã quá 24 giờ kể từ tin nhắn cuối của công dân: Facebook không cho phép trả lời, hãy liên hệ qua điện thoại hoặc SMS');
      }
      const body = cleanText(request.body.body, 5000);
      if (body === '') throw conflict('EMPTY_REPLY', 'Nội dung trả lời trống');
      const message = await app.db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(conversationMessages)
          .values({
            conversationId: conversation.id,
            direction: 'out',
            kind: request.body.final ? 'answer' : 'reply',
            body,
            authorUserId: principal.id,
            status: 'pending',
            nextAttemptAt: now,
            createdAt: now,
          })
          .returning();
        await tx
          .update(conversations)
          .set({ lastMessageAt: now, ...(conversation.claimedBy ? {} : { claimedBy: principal.id, claimedAt: now }) })
          .where(eq(conversations.id, conversation.id));
        return inserted!;
      });
      app.channels.outbox.kick();
      emitConversationEvent(app.io, 'conversation.message.v1', {
        conversationId: conversation.id,
        ticketId: conversation.ticketId,
        receiptCode: ticket.receiptCode,
        channel: conversation.channel,
        messageId: message.id,
        direction: 'out',
        kind: message.kind,
        newConversation: false,
        at: now.toISOString(),
      });
      return reply.status(201).send(toMessage(message));
    },
  );
};
