import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { asc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { sipEndpoints, users } from '../db/schema/index.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import { errorResponses } from '../web/errors.js';
import { agentStateNames, type AgentEvent } from './state.js';
import type { Agent } from './service.js';

export const AgentView = Type.Object(
  {
    userId: Uuid,
    fullName: Type.String(),
    state: Type.Enum([...agentStateNames]),
    reason: Nullable(Type.String()),
    since: DateTime,
    callId: Nullable(Uuid),
    lastCallEndedAt: Nullable(DateTime),
    endpoint: Nullable(Type.String({ description: 'the operator phone, e.g. PJSIP/op101' })),
  },
  { $id: 'Agent', title: 'Operator state (trạng thái điện thoại viên)' },
);
type AgentView = Static<typeof AgentView>;

const toView = (a: Agent): AgentView => ({
  userId: a.userId,
  fullName: a.fullName,
  state: a.state,
  reason: a.reason,
  since: a.since.toISOString(),
  callId: a.callId,
  lastCallEndedAt: a.lastCallEndedAt?.toISOString() ?? null,
  endpoint: a.endpoint,
});

export const PhoneView = Type.Object({
  endpoint: Type.String({ maxLength: 200 }),
  kind: Type.Enum(['ip_phone', 'softphone']),
  label: Nullable(Type.String({ maxLength: 200 })),
  active: Type.Boolean(),
  userId: Nullable(Uuid),
  userFullName: Nullable(Type.String({ maxLength: 200 })),
});

const PauseBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 100, description: 'why, e.g. "break", "meeting"' }) }, { additionalProperties: false });
const EndpointBody = Type.Object(
  {
    endpoint: Type.String({ pattern: '^(PJSIP|IAX2|DAHDI)/[A-Za-z0-9_.@:-]{1,80}$', maxLength: 200, description: 'Asterisk endpoint (technology/resource), e.g. PJSIP/op101' }),
    kind: Type.Optional(Type.Enum(['ip_phone', 'softphone'])),
  },
  { additionalProperties: false },
);

/** Operators' desktop (login, logout, pause, resume) and the supervisors' view of every operator (R4, R8). */
export const agentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const me = { tags: ['agents'], response: { 200: AgentView, ...errorResponses(401, 403, 409) } };

  app.get('/me', { config: { access: ['operator'] }, schema: { ...me, summary: 'My state' } }, async (request) => {
    const principal = principalOf(request);
    return toView(app.agents.get(principal.id) ?? offline(principal.id, principal.fullName));
  });

  /** The operator's own change, answered once committed. */
  const change = async (userId: string, event: AgentEvent) => {
    const agent = await app.agents.apply(userId, event);
    await app.agents.flushed(userId);
    return agent;
  };

  app.post('/me/login', { config: { access: ['operator'] }, schema: { ...me, summary: 'Start taking calls (available)' } }, async (request) =>
    toView(await change(principalOf(request).id, { type: 'login' })),
  );

  app.post('/me/logout', { config: { access: ['operator'] }, schema: { ...me, summary: 'Stop taking calls (offline)' } }, async (request) => {
    const agent = await change(principalOf(request).id, { type: 'logout' });
    app.acd.cancelWrapUp(agent.userId);
    return toView(agent);
  });

  app.post(
    '/me/pause',
    { config: { access: ['operator'] }, schema: { ...me, body: PauseBody, summary: 'Pause with a reason (no calls offered)' } },
    async (request) => {
      const agent = await change(principalOf(request).id, { type: 'pause', reason: request.body.reason });
      app.acd.cancelWrapUp(agent.userId);
      return toView(agent);
    },
  );

  app.post('/me/resume', { config: { access: ['operator'] }, schema: { ...me, summary: 'End a pause (available)' } }, async (request) =>
    toView(await change(principalOf(request).id, { type: 'resume' })),
  );

  app.get(
    '/',
    { config: { access: ['supervisor', 'admin'] }, schema: { tags: ['agents'], summary: 'Every operator and their state', response: { 200: Type.Array(AgentView), ...errorResponses(401, 403) } } },
    async () => app.agents.all().map(toView),
  );

  app.put(
    '/:userId/endpoint',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['agents'],
        summary: "Bind an operator's (or a supervisor's) phone: the SIP endpoint the queue offers their calls to; it replaces the one they had",
        description: '409 PHONE_TAKEN: the phone is bound to someone else (unbind it first); 409 ROLE_WITHOUT_PHONE: not an operator or supervisor; 409 AGENT_ON_CALL: their call is on the old phone.',
        params: Type.Object({ userId: Uuid }),
        body: EndpointBody,
        response: { 200: AgentView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const before = app.agents.get(request.params.userId)?.endpoint ?? null;
      const agent = await app.agents.bindEndpoint(request.params.userId, request.body.endpoint, request.body.kind ?? 'softphone');
      await recordAudit(app.db, {
        actor: principalOf(request),
        action: 'agent.phone_bind',
        entityType: 'user',
        entityId: agent.userId,
        ip: request.ip,
        details: { fields: ['endpoint'], before: { endpoint: before }, after: { endpoint: agent.endpoint, kind: request.body.kind ?? 'softphone' } },
      });
      return toView(agent);
    },
  );

  app.delete(
    '/:userId/endpoint',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['agents'],
        summary: "Unbind an operator's phone (the operator is logged out; refused while on a call)",
        params: Type.Object({ userId: Uuid }),
        response: { 200: AgentView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { agent, endpoint } = await app.agents.unbindEndpoint(request.params.userId);
      await recordAudit(app.db, {
        actor: principalOf(request),
        action: 'agent.phone_unbind',
        entityType: 'user',
        entityId: agent.userId,
        ip: request.ip,
        details: { fields: ['endpoint'], before: { endpoint }, after: { endpoint: null } },
      });
      return toView(agent);
    },
  );

  app.get(
    '/phones',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['agents'],
        summary: "Operators' phones (SIP endpoints) and who each is bound to",
        response: {
          200: Type.Object({
            items: Type.Array(PhoneView),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async () => {
      const rows = await app.db
        .select({ endpoint: sipEndpoints.endpoint, kind: sipEndpoints.kind, label: sipEndpoints.label, active: sipEndpoints.active, userId: sipEndpoints.userId, userFullName: users.fullName })
        .from(sipEndpoints)
        .leftJoin(users, eq(users.id, sipEndpoints.userId))
        .orderBy(asc(sipEndpoints.endpoint));
      return { items: rows };
    },
  );
};

function offline(userId: string, fullName: string): Agent {
  return { userId, fullName, state: 'offline', reason: null, since: new Date(), callId: null, lastCallEndedAt: null, endpoint: null };
}
