/**
 * The deadline watch (R13, R20): open tickets due soon or overdue are notified to the agency that
 * holds them and to supervisors (operators for tickets still at the hotline) — a row in
 * notifications and a socket.io event. Each (ticket, kind, threshold) is notified once, ever: the
 * UNIQUE constraint decides, so runs that overlap, repeat or follow a restart add nothing. The
 * threshold names the deadline and the agency, so a new deadline or a new agency is a new threshold.
 */
import { and, asc, eq, inArray, isNotNull, lt, notExists, sql } from 'drizzle-orm';
import type { Server } from 'socket.io';
import type { Executor } from '../db/client.js';
import { notifications, tickets } from '../db/schema/index.js';
import { rooms } from '../realtime/socket.js';
import type { ScheduledJob } from '../scheduler/plugin.js';
import { openStatuses } from '../tickets/workflow.js';

export type DeadlineKind = 'ticket.due_soon' | 'ticket.overdue';

/** `ticket.due_soon.v1` and `ticket.overdue.v1`: ids and times only, no personal data. */
export interface DeadlineNoticeV1 {
  notificationId: string;
  ticketId: string;
  receiptCode: string;
  /** The agency that holds the ticket; null while it is at the hotline (then operators are told). */
  agencyId: string | null;
  dueAt: string | null;
}

export interface DeadlineEvents {
  'ticket.due_soon.v1': DeadlineNoticeV1;
  'ticket.overdue.v1': DeadlineNoticeV1;
}
export type NotificationRow = typeof notifications.$inferSelect;

export interface DeadlineWatchOptions {
  now: Date;
  dueSoonMinutes: number;
  /** Most tickets notified per run; the next run takes the rest. */
  batchSize?: number;
}

export function deadlineThreshold(dueAt: Date, agencyId: string | null): string {
  return `${dueAt.toISOString()}@${agencyId ?? 'hotline'}`;
}

/** Finds what crossed a threshold, records it once, and returns the notifications created by this run. */
export async function watchDeadlines(db: Executor, io: Server | null, options: DeadlineWatchOptions): Promise<NotificationRow[]> {
  const now = options.now.toISOString();
  const horizon = new Date(options.now.getTime() + options.dueSoonMinutes * 60_000);
  const kindOf = sql`case when ${tickets.dueAt} < ${now}::timestamptz then 'ticket.overdue' else 'ticket.due_soon' end`;
  const candidates = await db
    .select({ id: tickets.id, receiptCode: tickets.receiptCode, agencyId: tickets.agencyId, dueAt: tickets.dueAt })
    .from(tickets)
    .where(
      and(
        inArray(tickets.status, [...openStatuses]),
        isNotNull(tickets.dueAt),
        lt(tickets.dueAt, horizon),
        notExists(
          db
            .select({ one: sql`1` })
            .from(notifications)
            .where(
              and(
                eq(notifications.ticketId, tickets.id),
                eq(notifications.dueAt, tickets.dueAt),
                sql`${notifications.recipientAgencyId} is not distinct from ${tickets.agencyId}`,
                sql`${notifications.kind} = ${kindOf}`,
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(tickets.dueAt))
    .limit(options.batchSize ?? 500);

  const created: NotificationRow[] = [];
  for (const ticket of candidates) {
    if (!ticket.dueAt) continue;
    const kind: DeadlineKind = ticket.dueAt < options.now ? 'ticket.overdue' : 'ticket.due_soon';
    const [row] = await db
      .insert(notifications)
      .values({
        kind,
        ticketId: ticket.id,
        threshold: deadlineThreshold(ticket.dueAt, ticket.agencyId),
        dueAt: ticket.dueAt,
        recipientAgencyId: ticket.agencyId,
        recipientRole: 'supervisor',
        createdAt: options.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) continue;
    created.push(row);
    if (io) emitDeadline(io, row, ticket.receiptCode);
  }
  return created;
}

/** ticket.due_soon.v1 / ticket.overdue.v1: ids and times only, no personal data. */
function emitDeadline(io: Server, n: NotificationRow, receiptCode: string): void {
  const targets = [rooms.role('supervisor'), n.recipientAgencyId ? rooms.agency(n.recipientAgencyId) : rooms.role('operator')];
  io.to(targets).emit(`${n.kind}.v1`, {
    notificationId: n.id,
    ticketId: n.ticketId,
    receiptCode,
    agencyId: n.recipientAgencyId,
    dueAt: n.dueAt?.toISOString() ?? null,
  } satisfies DeadlineNoticeV1);
}

/** Every 5 minutes, in the business time zone. */
export function deadlineWatchJob(app: { db: Executor; io: Server; env: { DEADLINE_DUE_SOON_MINUTES: number } }): ScheduledJob {
  return {
    name: 'deadline.watch',
    schedule: '*/5 * * * *',
    run: async () => {
      await watchDeadlines(app.db, app.io, { now: new Date(), dueSoonMinutes: app.env.DEADLINE_DUE_SOON_MINUTES });
    },
  };
}
