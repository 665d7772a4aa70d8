/** Reading tickets: the scoped, filtered list and one ticket with its log, calls, recordings and files. */
import { aliasedTable, and, asc, count, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../auth/roles.js';
import type { Executor } from '../db/client.js';
import { agencies, attachments, calls, recordings, ticketCalls, ticketEvents, tickets, users } from '../db/schema/index.js';
import type { TypedSearch } from '../search/typed.js';
import { notFound } from '../web/errors.js';
import { assertCanSeeTicket, ticketScope } from './access.js';
import type { TicketRow } from './create.js';
import { newestWithPhrase, type PhraseSearchScope } from './phrase-search.js';
import { parseTicketSearch } from './search.js';
import { openStatuses, type TicketStatus } from './workflow.js';

export type DueFilter = 'overdue' | 'due_soon';

export interface TicketFilters {
  status?: TicketStatus[] | undefined;
  fieldId?: string | undefined;
  agencyId?: string | undefined;
  channel?: TicketRow['channel'] | undefined;
  urgency?: TicketRow['urgency'] | undefined;
  /** Only the tickets this user created (an operator's own, `mine`). */
  createdBy?: string | undefined;
  /** overdue: open and past dueAt; due_soon: open and due within `dueSoonMinutes`. Derived at query time. */
  due?: DueFilter | undefined;
  /** A receipt code, a phone number, or words in content, citizen name, address or receipt code (search.ts). */
  q?: string | undefined;
  limit: number;
  offset: number;
}

export interface ListContext {
  now: Date;
  dueSoonMinutes: number;
}

function dueCondition(due: DueFilter | undefined, { now, dueSoonMinutes }: ListContext): SQL | undefined {
  if (!due) return undefined;
  const open = inArray(tickets.status, [...openStatuses]);
  if (due === 'overdue') return and(open, lt(tickets.dueAt, now));
  return and(open, gte(tickets.dueAt, now), lt(tickets.dueAt, new Date(now.getTime() + dueSoonMinutes * 60_000)));
}

/** Totals above this are reported as this, with totalCapped. */
export const countLimit = 10_000;

/**
 * Totals of a search by words stop here (totalCapped beyond): counting further reads a row per match, and a common
 * phrase has tens of thousands (phrase-search.ts). Nobody pages that far; the list says "more than 100".
 */
export const wordSearchCountLimit = 100;

/** Newest first, limited to what `principal` may see (agency officers: their agency). */
export async function listTickets(db: Executor, principal: Principal, filters: TicketFilters, context: ListContext) {
  const search = filters.q ? parseTicketSearch(filters.q) : undefined;
  // The agency, alone: tickets_agency_received_idx reads its tickets in the list's order.
  const agency = and(ticketScope(principal), filters.agencyId ? eq(tickets.agencyId, filters.agencyId) : undefined);
  const others = and(
    filters.status?.length ? inArray(tickets.status, filters.status) : undefined,
    filters.fieldId ? eq(tickets.fieldId, filters.fieldId) : undefined,
    filters.channel ? eq(tickets.channel, filters.channel) : undefined,
    filters.urgency ? eq(tickets.urgency, filters.urgency) : undefined,
    filters.createdBy ? eq(tickets.createdBy, filters.createdBy) : undefined,
  );
  // Open and past (or near) the deadline: few tickets, on tickets_due_idx.
  const due = dueCondition(filters.due, context);
  if (search && 'words' in search) return listByWords(db, { among: agency, filters: others, selective: due }, search.words, filters);
  const where = and(agency, others, due, search?.exact);
  // The count stops at countLimit + 1: an exact total of a very common status over a million tickets costs a scan of
  // all its rows, and nobody pages that far; the list then says "more than 10,000".
  const counted = db.select({ one: sql`1` }).from(tickets).where(where).limit(countLimit + 1).as('counted');
  const [items, totals] = await Promise.all([
    db.select().from(tickets).where(where).orderBy(desc(tickets.receivedAt), desc(tickets.id)).limit(filters.limit).offset(filters.offset),
    db.select({ total: count() }).from(counted),
  ]);
  const total = totals[0]?.total ?? 0;
  return { items, total: Math.min(total, countLimit), totalCapped: total > countLimit };
}

/** The page of the newest tickets holding the words typed, and their total up to wordSearchCountLimit. */
async function listByWords(db: Executor, scope: PhraseSearchScope, typed: TypedSearch, { limit, offset }: Pick<TicketFilters, 'limit' | 'offset'>) {
  if (typed.words.length === 0) return { items: [], total: 0, totalCapped: false }; // only punctuation: nothing to look for
  const ids = await newestWithPhrase(db, scope, typed, Math.max(offset + limit, wordSearchCountLimit + 1));
  const page = ids.slice(offset, offset + limit);
  const items = page.length === 0 ? [] : await db.select().from(tickets).where(inArray(tickets.id, page)).orderBy(desc(tickets.receivedAt), desc(tickets.id));
  return { items, total: Math.min(ids.length, wordSearchCountLimit), totalCapped: ids.length > wordSearchCountLimit };
}

const actorAgency = aliasedTable(agencies, 'actor_agency');

/** The processing log, oldest first, with who acted and for which unit (R14). */
export async function ticketEventsOf(db: Executor, ticketId: string) {
  return db
    .select({
      event: ticketEvents,
      actorUsername: users.username,
      actorName: users.fullName,
      actorAgencyName: actorAgency.name,
    })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorUserId))
    .leftJoin(actorAgency, eq(actorAgency.id, ticketEvents.actorAgencyId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
}
export type TicketEventView = Awaited<ReturnType<typeof ticketEventsOf>>[number];

/** Everything about one ticket; the caller has checked access. */
export async function ticketDetailOf(db: Executor, ticket: TicketRow) {
  const [events, linkedCalls, files] = await Promise.all([
    ticketEventsOf(db, ticket.id),
    db
      .select({ call: calls, recording: recordings })
      .from(ticketCalls)
      .innerJoin(calls, eq(calls.id, ticketCalls.callId))
      .leftJoin(recordings, eq(recordings.callId, calls.id))
      .where(eq(ticketCalls.ticketId, ticket.id))
      .orderBy(asc(calls.arrivedAt)),
    db.select().from(attachments).where(eq(attachments.ticketId, ticket.id)).orderBy(asc(attachments.createdAt)),
  ]);
  return { ticket, events, calls: linkedCalls, attachments: files };
}
export type TicketDetailView = Awaited<ReturnType<typeof ticketDetailOf>>;

/** One ticket for `principal`: 404 when it does not exist, 403 OTHER_AGENCY when it is not theirs. */
export async function getTicket(db: Executor, principal: Principal, ticketId: string): Promise<TicketDetailView> {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) throw notFound('phiếu');
  assertCanSeeTicket(principal, ticket);
  return ticketDetailOf(db, ticket);
}
