/**
 * Which conversation an inbound message belongs to (issue 15): the citizen's open ticket when it is a reply — email
 * In-Reply-To/References naming a message of the conversation, or the receipt code in the subject from the same
 * address; on Zalo and Facebook the same user with a ticket still open — otherwise none, and a new ticket is made.
 */
import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { conversationMessages, conversations, tickets } from '../db/schema/index.js';
import { closedStatuses } from '../tickets/workflow.js';
import { receiptCodeIn } from './text.js';
import type { InboundMessage } from './types.js';

/** A ticket in one of these is closed: a new message opens a new ticket. */
export { closedStatuses };

export type ConversationRow = typeof conversations.$inferSelect;

export async function findOpenConversation(tx: Executor, message: InboundMessage, receiptPrefix: string): Promise<ConversationRow | null> {
  const open = notInArray(tickets.status, [...closedStatuses]);
  if (message.channel === 'email') {
    const threadIds = (message.threadIds ?? []).slice(0, 50);
    if (threadIds.length > 0) {
      const [byThread] = await tx
        .select({ conversation: conversations })
        .from(conversationMessages)
        .innerJoin(conversations, eq(conversations.id, conversationMessages.conversationId))
        .innerJoin(tickets, eq(tickets.id, conversations.ticketId))
        .where(and(inArray(conversationMessages.externalId, threadIds), eq(conversations.channel, 'email'), open))
        .orderBy(desc(conversations.lastMessageAt))
        .limit(1);
      if (byThread) return byThread.conversation;
    }
    const code = message.subject ? receiptCodeIn(message.subject, receiptPrefix) : null;
    if (!code) return null;
    // The receipt code alone is not enough: someone else's code in a subject must not land on their ticket.
    const [byCode] = await tx
      .select({ conversation: conversations })
      .from(conversations)
      .innerJoin(tickets, eq(tickets.id, conversations.ticketId))
      .where(and(eq(tickets.receiptCode, code), eq(conversations.channel, 'email'), sql`lower(${conversations.citizenAddress}) = lower(${message.senderId})`, open))
      .limit(1);
    return byCode?.conversation ?? null;
  }
  const [bySender] = await tx
    .select({ conversation: conversations })
    .from(conversations)
    .innerJoin(tickets, eq(tickets.id, conversations.ticketId))
    .where(and(eq(conversations.channel, message.channel), eq(conversations.citizenAddress, message.senderId), open))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(1);
  return bySender?.conversation ?? null;
}

/** Is this one of the messages we sent (an email loop: our own acknowledgement coming back)? */
export async function isOwnMessage(tx: Executor, externalId: string): Promise<boolean> {
  const [own] = await tx
    .select({ id: conversationMessages.id })
    .from(conversationMessages)
    .where(and(eq(conversationMessages.externalId, externalId), eq(conversationMessages.direction, 'out')))
    .limit(1);
  return Boolean(own);
}
