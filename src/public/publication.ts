import { eq } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { publicAnswers, tickets } from '../db/schema/index.js';
import { recordAudit } from '../audit/service.js';
import type { Principal } from '../auth/roles.js';
import { conflict, notFound } from '../web/errors.js';
import { maskPersonalData, type MaskedKind } from './masking.js';

/** A ticket may be published once its answer is final: answered at the hotline (R11) or resolved by an agency (R15). */
const publishable = new Set(['answered', 'resolved']);

export interface PublicText {
  question: string;
  answer: string;
}

async function closedTicket(db: Executor, ticketId: string) {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) throw notFound('phiếu');
  if (!publishable.has(ticket.status)) {
    throw conflict('TICKET_NOT_CLOSED', 'Chỉ công bố được phiếu đã trả lời hoặc đã giải quyết');
  }
  return ticket;
}

const citizenOf = (ticket: typeof tickets.$inferSelect) => ({
  name: ticket.citizenName, phone: ticket.citizenPhone, address: ticket.citizenAddress, email: ticket.citizenEmail,
});

/**
 * What would be published (R17): the question and answer given, or else the ticket's content and result (or the
 * version published already), with personal data masked — shown to the publisher before anything goes out.
 */
export async function previewPublication(db: Executor, ticketId: string, edits: Partial<PublicText>) {
  const ticket = await closedTicket(db, ticketId);
  const [current] = await db.select().from(publicAnswers).where(eq(publicAnswers.ticketId, ticketId));
  const published = ticket.published && Boolean(current);
  const question = maskPersonalData(edits.question ?? (published ? current!.question : ticket.content), citizenOf(ticket));
  const answer = maskPersonalData(edits.answer ?? (published ? current!.answer : (ticket.resultText ?? '')), citizenOf(ticket));
  const masked: MaskedKind[] = [...new Set([...question.masked, ...answer.masked])];
  return { question: question.text, answer: answer.text, masked, published };
}

/**
 * Publishes the version the publisher confirmed. It must be what the preview showed: text that masking would still
 * change is refused (409 PUBLICATION_NOT_MASKED), so nothing unmasked, nor anything the publisher has not seen
 * masked, goes out. Audited as ticket.published (which kinds of data the automatic masking found, never the text).
 */
export async function publish(db: Database, actor: Principal, ticketId: string, text: PublicText, ip: string) {
  return db.transaction(async (tx) => {
    const ticket = await closedTicket(tx, ticketId);
    const question = maskPersonalData(text.question, citizenOf(ticket));
    const answer = maskPersonalData(text.answer, citizenOf(ticket));
    if (question.text !== text.question.normalize('NFC') || answer.text !== text.answer.normalize('NFC')) {
      throw conflict('PUBLICATION_NOT_MASKED', 'Nội dung công bố còn thông tin cá nhân: hãy xem bản đã ẩn (xem trước) rồi xác nhận bản đó');
    }
    const now = new Date();
    const values = { question: question.text, answer: answer.text, publishedBy: actor.id, publishedAt: now, updatedAt: now };
    const [row] = await tx
      .insert(publicAnswers)
      .values({ ticketId, ...values })
      .onConflictDoUpdate({ target: publicAnswers.ticketId, set: values })
      .returning();
    await tx.update(tickets).set({ published: true, updatedAt: now }).where(eq(tickets.id, ticketId));
    await recordAudit(tx, { actor, action: 'ticket.published', entityType: 'ticket', entityId: ticketId, ip, details: { receiptCode: ticket.receiptCode } });
    return { published: true, question: row!.question, answer: row!.answer, publishedAt: row!.publishedAt.toISOString() };
  });
}

/** Withdraws a published answer (404 when none is published); audited as ticket.unpublished. */
export async function unpublish(db: Database, actor: Principal, ticketId: string, ip: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [ticket] = await tx.select({ published: tickets.published }).from(tickets).where(eq(tickets.id, ticketId));
    const removed = await tx.delete(publicAnswers).where(eq(publicAnswers.ticketId, ticketId)).returning({ ticketId: publicAnswers.ticketId });
    if (!ticket || (!ticket.published && removed.length === 0)) throw notFound('bài công bố của phiếu');
    await tx.update(tickets).set({ published: false, updatedAt: new Date() }).where(eq(tickets.id, ticketId));
    await recordAudit(tx, { actor, action: 'ticket.unpublished', entityType: 'ticket', entityId: ticketId, ip });
  });
}

/** The published version of a ticket, if any. */
export async function publicationOf(db: Executor, ticketId: string) {
  const [row] = await db
    .select({ published: tickets.published, question: publicAnswers.question, answer: publicAnswers.answer, publishedAt: publicAnswers.publishedAt })
    .from(tickets)
    .leftJoin(publicAnswers, eq(publicAnswers.ticketId, tickets.id))
    .where(eq(tickets.id, ticketId));
  if (!row) throw notFound('phiếu');
  const published = row.published && row.question !== null;
  return {
    published,
    question: published ? row.question : null,
    answer: published ? row.answer : null,
    publishedAt: published ? (row.publishedAt?.toISOString() ?? null) : null,
  };
}
