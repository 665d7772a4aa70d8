import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, asc, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import type { Principal, Role } from '../auth/roles.js';
import { maskNumber } from '../calls/context.js';
import type { Database } from '../db/client.js';
import { callbackRequests, callbackStatus, calls, fields, users } from '../db/schema/index.js';
import { conflict, errorResponses, forbidden, notFound } from '../web/errors.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';

const hotline: Role[] = ['operator', 'supervisor', 'admin'];
const CallbackStatus = Type.Enum([...callbackStatus.enumValues]);

export const CallbackView = Type.Object(
  {
    id: Uuid,
    callId: Nullable(Uuid),
    /** Masked (***678) in the list; in full only to whoever claims it (audited, R22). */
    phoneNumber: Type.String(),
    reason: Type.String({ description: 'over_capacity, ivr, queue_key (the caller pressed the callback key), queue_max_wait' }),
    status: CallbackStatus,
    priority: Type.Integer({ description: "The call's priority from its IVR choice (urgent first)" }),
    fieldName: Nullable(Type.String()),
    waitingSince: DateTime,
    claimedBy: Nullable(Uuid),
    claimedByName: Nullable(Type.String()),
    claimedAt: Nullable(DateTime),
    handledAt: Nullable(DateTime),
    note: Nullable(Type.String()),
    createdAt: DateTime,
  },
  { $id: 'CallbackRequest', title: 'Callback request (yêu cầu gọi lại)' },
);
type CallbackView = Static<typeof CallbackView>;

const Params = Type.Object({ id: Uuid });
const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

const rows = (db: Database, where: SQL | undefined) =>
  db
    .select({ request: callbackRequests, call: { priority: calls.priority, enqueuedAt: calls.enqueuedAt, arrivedAt: calls.arrivedAt }, fieldName: fields.name, claimedByName: users.fullName })
    .from(callbackRequests)
    .leftJoin(calls, eq(calls.id, callbackRequests.callId))
    .leftJoin(fields, eq(fields.id, calls.fieldId))
    .leftJoin(users, eq(users.id, callbackRequests.handledBy))
    .where(where);

type Row = Awaited<ReturnType<typeof rows>>[number];

function toView({ request, call, fieldName, claimedByName }: Row, full: boolean): CallbackView {
  return {
    id: request.id,
    callId: request.callId,
    phoneNumber: full ? request.phoneNumber : maskNumber(request.phoneNumber),
    reason: request.reason,
    status: request.status,
    priority: call?.priority ?? 0,
    fieldName,
    // The caller's place: when they joined the queue (or called), not when the request was filed.
    waitingSince: (call?.enqueuedAt ?? call?.arrivedAt ?? request.createdAt).toISOString(),
    claimedBy: request.handledBy,
    claimedByName,
    claimedAt: request.claimedAt?.toISOString() ?? null,
    handledAt: request.handledAt?.toISOString() ?? null,
    note: request.note,
    createdAt: request.createdAt.toISOString(),
  };
}

async function one(db: Database, id: string): Promise<Row> {
  const [row] = await rows(db, eq(callbackRequests.id, id));
  if (!row) throw notFound('yêu cầu gọi lại');
  return row;
}

/** Only whoever claimed a request (or a supervisor/admin) closes or releases it. */
function assertOwner(principal: Principal, row: Row): void {
  if (principal.role === 'operator' && row.request.handledBy !== principal.id) throw forbidden('NOT_YOUR_CALLBACK', 'Yêu cầu gọi lại do người khác nhận');
}

function assertPending(row: Row): void {
  if (row.request.status !== 'pending') throw conflict('CALLBACK_CLOSED', 'Yêu cầu gọi lại đã được xử lý hoặc đã hủy');
}

/**
 * The callback worklist (R2, R4): callers who asked to be called back (over capacity, the queue's callback key,
 * the maximum wait) in the order they would have been served — priority, then their place in the queue. An
 * operator claims one (the full number is shown then, audited), calls back and closes it with a note.
 */
export const callbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { access: hotline },
      schema: {
        tags: ['callbacks'],
        summary: 'Callback requests to work on, next first (numbers masked, except in those I claimed)',
        querystring: Type.Object({
          status: Type.Optional(CallbackStatus),
          mine: Type.Optional(Type.Boolean({ description: 'only those I claimed' })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(CallbackView) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { status = 'pending', mine, limit } = request.query;
      const where = and(eq(callbackRequests.status, status), mine ? eq(callbackRequests.handledBy, principal.id) : undefined);
      const found = await rows(app.db, where)
        .orderBy(desc(calls.priority), asc(calls.enqueuedAt), asc(calls.arrivedAt), asc(callbackRequests.createdAt))
        .limit(limit);
      // Whoever claimed a request was shown its number then (audited): their own claims keep showing it.
      return { items: found.map((row) => toView(row, row.request.status === 'pending' && row.request.handledBy === principal.id)) };
    },
  );

  app.post(
    '/:id/claim',
    {
      config: { access: hotline },
      schema: {
        tags: ['callbacks'],
        summary: 'Take a callback request: it is mine to call back; the answer carries the full number (audited)',
        params: Params,
        response: { 200: CallbackView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const row = await one(app.db, request.params.id);
      assertPending(row);
      const [claimed] = await app.db
        .update(callbackRequests)
        .set({ handledBy: principal.id, claimedAt: new Date() })
        .where(and(eq(callbackRequests.id, row.request.id), eq(callbackRequests.status, 'pending'), isNull(callbackRequests.handledBy)))
        .returning({ id: callbackRequests.id });
      if (!claimed && row.request.handledBy !== principal.id) throw conflict('CALLBACK_CLAIMED', 'Yêu cầu gọi lại đã có người nhận');
      await recordAudit(app.db, { actor: principal, action: 'callback.claim', entityType: 'callback_request', entityId: row.request.id, ip: request.ip });
      return toView(await one(app.db, row.request.id), true);
    },
  );

  app.post(
    '/:id/release',
    {
      config: { access: hotline },
      schema: {
        tags: ['callbacks'],
        summary: 'Give a claimed request back to the worklist',
        params: Params,
        response: { 200: CallbackView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const row = await one(app.db, request.params.id);
      assertPending(row);
      assertOwner(principal, row);
      await app.db.update(callbackRequests).set({ handledBy: null, claimedAt: null }).where(eq(callbackRequests.id, row.request.id));
      await recordAudit(app.db, { actor: principal, action: 'callback.release', entityType: 'callback_request', entityId: row.request.id, ip: request.ip });
      return toView(await one(app.db, row.request.id), false);
    },
  );

  for (const [action, status, summary] of [
    ['done', 'done', 'Close a request after calling back, with what came of it'],
    ['cancel', 'cancelled', 'Cancel a request (duplicate, the citizen called again, …)'],
  ] as const) {
    app.post(
      `/:id/${action}`,
      {
        config: { access: hotline },
        schema: { tags: ['callbacks'], summary, params: Params, body: NoteBody, response: { 200: CallbackView, ...errorResponses(400, 401, 403, 404, 409) } },
      },
      async (request) => {
        const principal = principalOf(request);
        const row = await one(app.db, request.params.id);
        assertPending(row);
        if (action === 'done' && !row.request.handledBy) throw conflict('CALLBACK_NOT_CLAIMED', 'Cần nhận yêu cầu gọi lại trước khi đóng');
        assertOwner(principal, row);
        const now = new Date();
        await app.db
          .update(callbackRequests)
          .set({ status, handledBy: row.request.handledBy ?? principal.id, handledAt: now, note: request.body.note?.trim() || null })
          .where(eq(callbackRequests.id, row.request.id));
        await recordAudit(app.db, { actor: principal, action: `callback.${action}`, entityType: 'callback_request', entityId: row.request.id, ip: request.ip });
        return toView(await one(app.db, row.request.id), false);
      },
    );
  }
};
