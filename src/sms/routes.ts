import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import type { Role } from '../auth/roles.js';
import { smsMessages } from '../db/schema/index.js';
import { errorResponses } from '../web/errors.js';
import { Uuid, Offset } from '../web/schemas.js';
import { maskPhone } from './phone.js';
import { Month, SmsMonthlyStats, SmsStatus, SmsView } from './schemas.js';
import { monthlySmsCounts } from './stats.js';

const billingRoles: readonly Role[] = ['admin', 'supervisor'];

type SmsRow = typeof smsMessages.$inferSelect;

function toSmsView(row: SmsRow): Static<typeof SmsView> {
  return {
    id: row.id,
    ticketId: row.ticketId,
    agencyId: row.agencyId,
    phone: maskPhone(row.phone) ?? '',
    template: row.template,
    status: row.status,
    provider: row.provider,
    providerMessageId: row.providerMessageId,
    segments: row.segments,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    lastError: row.lastError,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The SMS log and the monthly billing counts (R15), for admins and supervisors. */
export const smsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { access: billingRoles },
      schema: {
        tags: ['sms'],
        summary: 'SMS log, newest first (phone numbers masked, texts omitted)',
        querystring: Type.Object({
          status: Type.Optional(SmsStatus),
          agencyId: Type.Optional(Uuid),
          ticketId: Type.Optional(Uuid),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Offset,
        }),
        response: { 200: Type.Object({ items: Type.Array(SmsView) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { status, agencyId, ticketId, limit, offset } = request.query;
      const filters: SQL[] = [];
      if (status) filters.push(eq(smsMessages.status, status));
      if (agencyId) filters.push(eq(smsMessages.agencyId, agencyId));
      if (ticketId) filters.push(eq(smsMessages.ticketId, ticketId));
      const rows = await app.db
        .select()
        .from(smsMessages)
        .where(and(...filters))
        .orderBy(desc(smsMessages.createdAt))
        .limit(limit)
        .offset(offset);
      return { items: rows.map(toSmsView) };
    },
  );

  app.get(
    '/stats',
    {
      config: { access: billingRoles },
      schema: {
        tags: ['sms'],
        summary: 'Messages and segments per agency and status for one month (billing)',
        querystring: Type.Object({ month: Month }),
        response: { 200: SmsMonthlyStats, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const rows = await monthlySmsCounts(app.db, request.query.month, app.env.BUSINESS_TZ);
      const sent = rows.filter((r) => r.status === 'sent');
      return {
        month: request.query.month,
        totals: {
          sentMessages: sent.reduce((n, r) => n + r.messages, 0),
          sentSegments: sent.reduce((n, r) => n + r.segments, 0),
        },
        rows,
      };
    },
  );
};
