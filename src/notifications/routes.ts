import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import type { Principal } from '../auth/roles.js';
import { everyone } from '../auth/roles.js';
import { notifications, tickets } from '../db/schema/index.js';
import { errorResponses, notFound } from '../web/errors.js';
import { DateTime, Nullable, Uuid, Offset } from '../web/schemas.js';

/**
 * Whose notifications: supervisors and admins all of them; an agency officer those of their agency;
 * an operator those about tickets still at the hotline (no agency).
 */
function notificationScope(principal: Principal): SQL | undefined {
  switch (principal.role) {
    case 'admin':
    case 'supervisor':
      return undefined;
    case 'operator':
      return isNull(notifications.recipientAgencyId);
    case 'agency_officer':
      return principal.agencyId ? eq(notifications.recipientAgencyId, principal.agencyId) : sql`false`;
  }
}

export const Notification = Type.Object(
  {
    id: Uuid,
    kind: Type.String({ description: 'ticket.due_soon or ticket.overdue' }),
    ticketId: Uuid,
    receiptCode: Type.String(),
    threshold: Type.String(),
    dueAt: Nullable(DateTime),
    recipientAgencyId: Nullable(Uuid),
    createdAt: DateTime,
    readAt: Nullable(DateTime),
  },
  { $id: 'Notification' },
);

type Row = { n: typeof notifications.$inferSelect; receiptCode: string };
const toNotification = ({ n, receiptCode }: Row): Static<typeof Notification> => ({
  id: n.id,
  kind: n.kind,
  ticketId: n.ticketId,
  receiptCode,
  threshold: n.threshold,
  dueAt: n.dueAt?.toISOString() ?? null,
  recipientAgencyId: n.recipientAgencyId,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

/** Deadline notifications (the deadline watch's inbox). */
export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { access: everyone },
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        querystring: Type.Object({
          unread: Type.Optional(Type.Boolean()),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Offset,
        }),
        response: { 200: Type.Object({ items: Type.Array(Notification), total: Type.Integer() }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const where = and(notificationScope(principalOf(request)), request.query.unread ? isNull(notifications.readAt) : undefined);
      const [rows, totals] = await Promise.all([
        app.db
          .select({ n: notifications, receiptCode: tickets.receiptCode })
          .from(notifications)
          .innerJoin(tickets, eq(tickets.id, notifications.ticketId))
          .where(where)
          .orderBy(desc(notifications.createdAt), desc(notifications.id))
          .limit(request.query.limit)
          .offset(request.query.offset),
        app.db.select({ total: count() }).from(notifications).where(where),
      ]);
      return { items: rows.map(toNotification), total: totals[0]?.total ?? 0 };
    },
  );

  app.post(
    '/:id/read',
    {
      config: { access: everyone },
      schema: {
        tags: ['notifications'],
        summary: 'Mark a notification read (for everyone it was sent to)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Notification, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const mine = and(eq(notifications.id, request.params.id), notificationScope(principal));
      const [updated] = await app.db
        .update(notifications)
        .set({ readAt: sql`coalesce(${notifications.readAt}, now())`, readBy: sql`coalesce(${notifications.readBy}, ${principal.id}::uuid)` })
        .where(mine)
        .returning();
      if (!updated) throw notFound('thông báo');
      const [ticket] = await app.db.select({ receiptCode: tickets.receiptCode }).from(tickets).where(eq(tickets.id, updated.ticketId));
      await recordAudit(app.db, { actor: principal, action: 'notification.read', entityType: 'notification', entityId: updated.id, ip: request.ip });
      return toNotification({ n: updated, receiptCode: ticket?.receiptCode ?? '' });
    },
  );
};
