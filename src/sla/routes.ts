import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { asc, eq } from 'drizzle-orm';
import { configChange, recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { everyone } from '../auth/roles.js';
import type { Executor } from '../db/client.js';
import { fields, slaRules, workCalendars } from '../db/schema/index.js';
import { badRequest, conflict, errorResponses, notFound } from '../web/errors.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import { previewDueAt } from './deadlines.js';
import type { SlaRuleRow } from './rule-choice.js';

export const SlaRule = Type.Object(
  {
    id: Uuid,
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 300 }),
    kind: Type.Enum(['clock_hours', 'working_hours']),
    hours: Type.Number({ minimum: 0, maximum: 10_000 }),
    fieldId: Nullable(Uuid),
    urgency: Nullable(Type.Enum(['normal', 'urgent'])),
    calendarId: Nullable(Uuid),
    active: Type.Boolean(),
  },
  { $id: 'SlaRule' },
);

const toSlaRule = (r: SlaRuleRow): Static<typeof SlaRule> => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  hours: r.hours,
  fieldId: r.fieldId,
  urgency: r.urgency,
  calendarId: r.calendarId,
  active: r.active,
});

const Hours = Type.Number({ exclusiveMinimum: 0, maximum: 2000, multipleOf: 0.25, description: 'hours, in quarters: 0.5 = 30 minutes' });
const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 300 }),
  kind: Type.Enum(['clock_hours', 'working_hours'], { description: 'clock_hours: elapsed time from receipt; working_hours: office hours of the calendar, restarting at forwarding' }),
  hours: Hours,
  fieldId: Type.Union([Uuid, Type.Null()], { description: 'only tickets of this field; null = any' }),
  urgency: Type.Union([Type.Enum(['normal', 'urgent']), Type.Null()], { description: 'only tickets of this urgency; null = any' }),
  calendarId: Type.Union([Uuid, Type.Null()], { description: 'working calendar; null = the default calendar' }),
  active: Type.Boolean({ description: 'false = deactivated: chosen for no ticket' }),
};
const auditable = (r: SlaRuleRow) => ({ code: r.code, name: r.name, kind: r.kind, hours: r.hours, fieldId: r.fieldId, urgency: r.urgency, calendarId: r.calendarId, active: r.active });

async function requireReferences(db: Executor, body: { fieldId?: string | null | undefined; calendarId?: string | null | undefined }) {
  if (body.fieldId) {
    const [field] = await db.select({ id: fields.id }).from(fields).where(eq(fields.id, body.fieldId));
    if (!field) throw badRequest('UNKNOWN_FIELD', 'Lĩnh vực không tồn tại');
  }
  if (body.calendarId) {
    const [calendar] = await db.select({ id: workCalendars.id }).from(workCalendars).where(eq(workCalendars.id, body.calendarId));
    if (!calendar) throw badRequest('UNKNOWN_CALENDAR', 'Lịch làm việc không tồn tại');
  }
}

/**
 * Deadline rules (R13): read them, admins create, edit and deactivate them (audited with before/after), admins and
 * supervisors try one on a start time. A changed rule applies to deadlines computed from then on (new tickets,
 * forwarding, reopening); deadlines already set keep the rule they were set with.
 */
export const slaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/rules',
    {
      config: { access: everyone },
      schema: { tags: ['sla'], summary: 'Deadline rules', response: { 200: Type.Object({ items: Type.Array(SlaRule) }), ...errorResponses(401) } },
    },
    async () => {
      const rows = await app.db.select().from(slaRules).orderBy(asc(slaRules.code));
      return { items: rows.map(toSlaRule) };
    },
  );

  app.post(
    '/rules',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['sla'],
        summary: 'Create a deadline rule',
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[a-z0-9-]{2,64}$', maxLength: 64 }),
            name: RuleFields.name,
            kind: RuleFields.kind,
            hours: RuleFields.hours,
            fieldId: Type.Optional(RuleFields.fieldId),
            urgency: Type.Optional(RuleFields.urgency),
            calendarId: Type.Optional(RuleFields.calendarId),
            active: Type.Optional(RuleFields.active),
          },
          { additionalProperties: false },
        ),
        response: { 201: SlaRule, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const row = await app.db.transaction(async (tx) => {
        await requireReferences(tx, request.body);
        const [taken] = await tx.select({ id: slaRules.id }).from(slaRules).where(eq(slaRules.code, request.body.code));
        if (taken) throw conflict('RULE_CODE_TAKEN', `Mã quy tắc ${request.body.code} đã được dùng`);
        const [created] = await tx.insert(slaRules).values(request.body).returning();
        if (!created) throw new Error('insert returned no row');
        await recordAudit(tx, { actor: principalOf(request), action: 'sla_rule.create', entityType: 'sla_rule', entityId: created.id, ip: request.ip, details: configChange(null, auditable(created)) });
        return created;
      });
      return reply.status(201).send(toSlaRule(row));
    },
  );

  app.patch(
    '/rules/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['sla'],
        summary: 'Change or deactivate (active: false) a deadline rule; deadlines already set are kept',
        params: Type.Object({ id: Uuid }),
        body: Type.Partial(Type.Object(RuleFields), { minProperties: 1, additionalProperties: false }),
        response: { 200: SlaRule, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const row = await app.db.transaction(async (tx) => {
        const [current] = await tx.select().from(slaRules).where(eq(slaRules.id, request.params.id));
        if (!current) throw notFound('quy tắc thời hạn');
        await requireReferences(tx, request.body);
        const [updated] = await tx.update(slaRules).set({ ...request.body, updatedAt: new Date() }).where(eq(slaRules.id, current.id)).returning();
        if (!updated) throw notFound('quy tắc thời hạn');
        await recordAudit(tx, { actor: principalOf(request), action: 'sla_rule.update', entityType: 'sla_rule', entityId: updated.id, ip: request.ip, details: configChange(auditable(current), auditable(updated)) });
        return updated;
      });
      return toSlaRule(row);
    },
  );

  app.post(
    '/preview',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['sla'],
        summary: 'When a ticket received (or forwarded) at `start` is due under a rule',
        body: Type.Object({ ruleId: Uuid, start: DateTime }, { additionalProperties: false }),
        response: {
          200: Type.Object({ dueAt: Type.String({ description: "ISO 8601 with the rule calendar's offset, e.g. 2026-03-09T16:30:00+07:00" }) }),
          ...errorResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request) => {
      const settings = { timeZone: app.env.BUSINESS_TZ, defaultRuleCode: app.env.SLA_DEFAULT_RULE };
      const { dueAt } = await previewDueAt(app.db, request.body.ruleId, new Date(request.body.start), settings);
      return { dueAt };
    },
  );
};
