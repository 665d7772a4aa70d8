import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { auditLog } from '../db/schema/index.js';
import { errorResponses } from '../web/errors.js';
import { DateTime, Nullable, Uuid, Offset } from '../web/schemas.js';

const AuditEntry = Type.Object(
  {
    id: Uuid,
    at: DateTime,
    actorUserId: Nullable(Uuid),
    actorUsername: Nullable(Type.String()),
    actorRole: Nullable(Type.String()),
    action: Type.String(),
    entityType: Nullable(Type.String()),
    entityId: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    details: Type.Unknown(),
  },
  { $id: 'AuditEntry' },
);

/** The audit log, newest first, for admins and supervisors. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log',
        querystring: Type.Object({
          action: Type.Optional(Type.String({ maxLength: 100 })),
          actorUserId: Type.Optional(Uuid),
          entityType: Type.Optional(Type.String({ maxLength: 50 })),
          entityId: Type.Optional(Type.String({ maxLength: 100 })),
          from: Type.Optional(DateTime),
          to: Type.Optional(DateTime),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          offset: Offset,
        }),
        response: { 200: Type.Object({ items: Type.Array(AuditEntry) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const filters: SQL[] = [];
      if (q.action) filters.push(eq(auditLog.action, q.action));
      if (q.actorUserId) filters.push(eq(auditLog.actorUserId, q.actorUserId));
      if (q.entityType) filters.push(eq(auditLog.entityType, q.entityType));
      if (q.entityId) filters.push(eq(auditLog.entityId, q.entityId));
      if (q.from) filters.push(gte(auditLog.at, new Date(q.from)));
      if (q.to) filters.push(lt(auditLog.at, new Date(q.to)));
      const rows = await app.db
        .select()
        .from(auditLog)
        .where(and(...filters))
        .orderBy(desc(auditLog.at))
        .limit(q.limit)
        .offset(q.offset);
      return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
    },
  );
};
