/**
 * The final answer on the citizen's channel (issue 15; R11, R15): when a ticket with a conversation is answered or
 * resolved, its result goes back where the citizen wrote, queued in the transaction that closes the ticket — unless
 * an operator already sent a final answer since the citizen's last message.
 */
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { conversationMessages, conversations } from '../db/schema/index.js';

export interface AnsweredTicket {
  id: string;
  receiptCode: string;
  status: string;
  resultText: string | null;
}

export function answerText(ticket: AnsweredTicket): string {
  const result = ticket.resultText?.trim();
  const head = ticket.status === 'resolved'
    ? `Tổng đài 1022: phản ánh, kiến nghị mã ${ticket.receiptCode} đã được giải quyết.`
    : `Tổng đài 1022 trả lời phản ánh, kiến nghị mã ${ticket.receiptCode}.`;
  return result ? `${head}\n\n${result}` : `${head} Xin cảm ơn!`;
}

/** Returns true when an answer was queued (kick the channel outbox after commit). */
export async function enqueueChannelAnswer(tx: Executor, ticket: AnsweredTicket, now = new Date()): Promise<boolean> {
  const [conversation] = await tx.select().from(conversations).where(eq(conversations.ticketId, ticket.id)).for('update');
  if (!conversation) return false;
  const [lastInbound] = await tx
    .select({ at: conversationMessages.createdAt })
    .from(conversationMessages)
    .where(and(eq(conversationMessages.conversationId, conversation.id), eq(conversationMessages.direction, 'in')))
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  const [answered] = await tx
    .select({ id: conversationMessages.id })
    .from(conversationMessages)
    .where(and(
      eq(conversationMessages.conversationId, conversation.id),
      eq(conversationMessages.kind, 'answer'),
      gt(conversationMessages.createdAt, lastInbound?.at ?? new Date(0)),
    ))
    .limit(1);
  if (answered) return false;
  await tx.insert(conversationMessages).values({
    conversationId: conversation.id,
    direction: 'out',
    kind: 'answer',
    body: answerText(ticket),
    status: 'pending',
    nextAttemptAt: now,
    createdAt: now,
  });
  await tx.update(conversations).set({ lastMessageAt: now }).where(eq(conversations.id, conversation.id));
  return true;
}
