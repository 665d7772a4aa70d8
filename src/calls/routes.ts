import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { and, asc, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { everyone } from '../auth/roles.js';
import { callOutcome, calls, callStatus, recordings } from '../db/schema/index.js';
import { assertCanSeeCall, callScope } from './access.js';
import { RecordingView, toRecordingView } from '../recording/schemas.js';
import { DateTime, Nullable, Uuid, Offset } from '../web/schemas.js';
import { DomainError, errorResponses, notFound } from '../web/errors.js';

export const CallStatus = Type.Enum([...callStatus.enumValues]);
export const CallOutcome = Type.Enum([...callOutcome.enumValues]);

/** A call record as the API shows it (R5, R19 statistics): who called, where it went, how it ended. */
export const CallView = Type.Object(
  {
    id: Uuid,
    callerNumber: Type.String(),
    dialledNumber: Type.String(),
    status: CallStatus,
    outcome: Nullable(CallOutcome),
    fieldId: Nullable(Uuid),
    priority: Type.Integer(),
    operatorUserId: Nullable(Uuid),
    transferTarget: Nullable(Type.String()),
    arrivedAt: DateTime,
    answeredAt: Nullable(DateTime),
    enqueuedAt: Nullable(DateTime),
    offeredAt: Nullable(DateTime),
    operatorAnsweredAt: Nullable(DateTime),
    transferredAt: Nullable(DateTime),
    overCapacityAt: Nullable(DateTime),
    endedAt: Nullable(DateTime),
    hangupCause: Nullable(Type.Integer({ description: 'Q.850 cause code' })),
    hangupCauseText: Nullable(Type.String()),
    hangupSide: Nullable(Type.Enum(['caller', 'operator', 'agency', 'system'])),
  },
  { $id: 'Call', title: 'Call (cuộc gọi)' },
);
export type CallView = Static<typeof CallView>;

/** One step of the caller's way through the IVR (see IvrPathEntry in src/ivr/types.ts). */
const IvrStep = Type.Object(
  { node: Type.String(), event: Type.Optional(Type.String()), digit: Type.Optional(Type.String()), at: Type.Optional(Type.String()) },
  { additionalProperties: true },
);

export const CallDetail = Type.Object(
  { ...CallView.properties, ivrPath: Type.Array(IvrStep), recordings: Type.Array(RecordingView) },
  { $id: 'CallDetail', title: 'Call with its IVR path and recordings' },
);

type CallRow = typeof calls.$inferSelect;

export function toCallView(c: CallRow): CallView {
  return {
    id: c.id,
    callerNumber: c.callerNumber,
    dialledNumber: c.dialledNumber,
    status: c.status,
    outcome: c.outcome,
    fieldId: c.fieldId,
    priority: c.priority,
    operatorUserId: c.operatorUserId,
    transferTarget: c.transferTarget,
    arrivedAt: c.arrivedAt.toISOString(),
    answeredAt: c.answeredAt?.toISOString() ?? null,
    enqueuedAt: c.enqueuedAt?.toISOString() ?? null,
    offeredAt: c.offeredAt?.toISOString() ?? null,
    operatorAnsweredAt: c.operatorAnsweredAt?.toISOString() ?? null,
    transferredAt: c.transferredAt?.toISOString() ?? null,
    overCapacityAt: c.overCapacityAt?.toISOString() ?? null,
    endedAt: c.endedAt?.toISOString() ?? null,
    hangupCause: c.hangupCause,
    hangupCauseText: c.hangupCauseText,
    hangupSide: c.hangupSide,
  };
}

const isIvrStep = (step: unknown): step is Static<typeof IvrStep> =>
  typeof step === 'object' && step !== null && typeof (step as { node?: unknown }).node === 'string';

/** The stored path is JSON written by the IVR; only well-formed steps are shown. */
const toIvrPath = (json: unknown) => (Array.isArray(json) ? json.filter(isIvrStep) : []);

/**
 * Call records, read-only. Admins and supervisors see every call, operators the calls they
 * handled, agency officers the calls linked to their agency's tickets. Reads are audited (R22):
 * they show the caller's number.
 */
export const callRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { access: everyone },
      schema: {
        tags: ['calls'],
        summary: 'List calls, newest first (operators: their own calls)',
        querystring: Type.Object({
          from: Type.Optional(DateTime),
          to: Type.Optional(DateTime),
          outcome: Type.Optional(CallOutcome),
          status: Type.Optional(CallStatus),
          callerNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'the exact number as stored' })),
          operatorUserId: Type.Optional(Uuid),
          fieldId: Type.Optional(Uuid),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Offset,
        }),
        response: { 200: Type.Object({ items: Type.Array(CallView) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const q = request.query;
      const filters: (SQL | undefined)[] = [callScope(app.db, principal)];
      if (q.from) filters.push(gte(calls.arrivedAt, new Date(q.from)));
      if (q.to) filters.push(lt(calls.arrivedAt, new Date(q.to)));
      if (q.outcome) filters.push(eq(calls.outcome, q.outcome));
      if (q.status) filters.push(eq(calls.status, q.status));
      if (q.callerNumber) filters.push(eq(calls.callerNumber, q.callerNumber));
      if (q.operatorUserId) filters.push(eq(calls.operatorUserId, q.operatorUserId));
      if (q.fieldId) filters.push(eq(calls.fieldId, q.fieldId));
      const rows = await app.db
        .select()
        .from(calls)
        .where(and(...filters))
        .orderBy(desc(calls.arrivedAt), desc(calls.id))
        .limit(q.limit)
        .offset(q.offset);
      await recordAudit(app.db, {
        actor: principal,
        action: 'call.list',
        entityType: 'call',
        ip: request.ip,
        details: { filters: Object.keys(q).filter((k) => k !== 'limit' && k !== 'offset'), count: rows.length },
      });
      return { items: rows.map(toCallView) };
    },
  );

  app.get(
    '/:id',
    {
      config: { access: everyone },
      schema: {
        tags: ['calls'],
        summary: 'One call with its IVR path and recordings (audited)',
        params: Type.Object({ id: Uuid }),
        response: { 200: CallDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const [call] = await app.db.select().from(calls).where(eq(calls.id, request.params.id));
      if (!call) throw notFound('cuộc gọi');
      try {
        await assertCanSeeCall(app.db, principal, call);
      } catch (refusal) {
        await recordAudit(app.db, {
          actor: principal,
          action: 'call.read_refused',
          entityType: 'call',
          entityId: call.id,
          ip: request.ip,
          details: { reason: refusal instanceof DomainError ? refusal.code : 'error' },
        });
        throw refusal;
      }
      const rows = await app.db.select().from(recordings).where(eq(recordings.callId, call.id)).orderBy(asc(recordings.startedAt));
      await recordAudit(app.db, { actor: principal, action: 'call.read', entityType: 'call', entityId: call.id, ip: request.ip });
      return { ...toCallView(call), ivrPath: toIvrPath(call.ivrPath), recordings: rows.map(toRecordingView) };
    },
  );
};
