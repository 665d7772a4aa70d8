import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, count, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../db/schema/index.js';
import { badRequest, errorResponses, notFound } from '../web/errors.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';

const Text = (max: number) => Type.String({ maxLength: max });

export const AuditEntry = Type.Object(
  {
    id: Uuid,
    at: DateTime,
    actorUserId: Nullable(Uuid),
    actorUsername: Nullable(Text(64)),
    actorRole: Nullable(Text(32)),
    action: Text(100),
    entityType: Nullable(Text(50)),
    entityId: Nullable(Text(200)),
    ip: Nullable(Text(100)),
    details: Type.Unknown({
      description:
        'ids, field names, reasons; for configuration changes { fields, before, after } with the values of the fields that changed ' +
        "(never citizens' personal data)",
    }),
  },
  { $id: 'AuditEntry' },
);

/** Totals above this are reported as this, with totalCapped. */
const countLimit = 10_000;

/** LIKE pattern of a literal text: %, _ and \ match themselves. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const AuditQuery = Type.Object({
  action: Type.Optional(
    Type.String({ maxLength: 100, pattern: '^[a-z0-9_.]+\\*?$', description: 'an action (ivr_menu.update), or a prefix ending in * (ivr_menu.*)' }),
  ),
  actorUserId: Type.Optional(Uuid),
  actorUsername: Type.Optional(Type.String({ maxLength: 64, description: 'who, by user name (exact, case-insensitive)' })),
  entityType: Type.Optional(Type.String({ maxLength: 50 })),
  entityId: Type.Optional(Type.String({ maxLength: 200 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'text found in the action, entity type, entity id or user name' })),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

/** The audit log (R22): who did what, when, searchable; newest first, for admins and supervisors. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log by who, what and when (newest first, paged)',
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AuditEntry),
            total: Type.Integer({ minimum: 0, maximum: countLimit, description: `matching entries, at most ${countLimit}` }),
            totalCapped: Type.Boolean({ description: 'true when more match: total is then that limit' }),
            limit: Type.Integer({ minimum: 1, maximum: 500 }),
            offset: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.from && q.to && new Date(q.from) >= new Date(q.to)) throw badRequest('INVALID_RANGE', '"from" phải trước "to"');
      const filters: SQL[] = [];
      if (q.action?.endsWith('*')) filters.push(sql`starts_with(${auditLog.action}, ${q.action.slice(0, -1)})`);
      else if (q.action) filters.push(eq(auditLog.action, q.action));
      if (q.actorUserId) filters.push(eq(auditLog.actorUserId, q.actorUserId));
      if (q.actorUsername) filters.push(eq(sql`lower(${auditLog.actorUsername})`, q.actorUsername.toLowerCase()));
      if (q.entityType) filters.push(eq(auditLog.entityType, q.entityType));
      if (q.entityId) filters.push(eq(auditLog.entityId, q.entityId));
      if (q.from) filters.push(gte(auditLog.at, new Date(q.from)));
      if (q.to) filters.push(lt(auditLog.at, new Date(q.to)));
      if (q.q) {
        const pattern = containing(q.q.trim());
        filters.push(
          or(ilike(auditLog.action, pattern), ilike(auditLog.entityType, pattern), ilike(auditLog.entityId, pattern), ilike(auditLog.actorUsername, pattern)) as SQL,
        );
      }
      const where = and(...filters);
      const counted = app.db.select({ one: sql`1` }).from(auditLog).where(where).limit(countLimit + 1).as('counted');
      const [rows, totals] = await Promise.all([
        app.db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(q.limit).offset(q.offset),
        app.db.select({ total: count() }).from(counted),
      ]);
      const total = totals[0]?.total ?? 0;
      return {
        items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
        total: Math.min(total, countLimit),
        totalCapped: total > countLimit,
        limit: q.limit,
        offset: q.offset,
      };
    },
  );

  app.get(
    '/:id',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['audit'],
        summary: 'One audit entry with its detail (before/after of a configuration change)',
        params: Type.Object({ id: Uuid }),
        response: { 200: AuditEntry, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const [row] = await app.db.select().from(auditLog).where(eq(auditLog.id, request.params.id));
      if (!row) throw notFound('mục nhật ký');
      return { ...row, at: row.at.toISOString() };
    },
  );
};
