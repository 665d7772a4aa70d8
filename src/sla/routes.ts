import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { asc } from 'drizzle-orm';
import { everyone } from '../auth/roles.js';
import { slaRules } from '../db/schema/index.js';
import { errorResponses } from '../web/errors.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import { previewDueAt } from './deadlines.js';
import type { SlaRuleRow } from './rule-choice.js';

const SlaRule = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    kind: Type.Enum(['clock_hours', 'working_hours']),
    hours: Type.Number(),
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

/** Deadline rules (R13): read them, and let admins and supervisors try one on a start time. */
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
