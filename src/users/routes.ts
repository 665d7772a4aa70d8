import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import { configChange, recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { setPassword, unlockAccount } from '../auth/service.js';
import { revokeUserSessions } from '../auth/sessions.js';
import { errorResponses, forbidden } from '../web/errors.js';
import { createUser, getUser, updateUser } from './service.js';
import { Uuid } from '../web/schemas.js';
import { Password, Role, toUserView, Username, UserView } from './schemas.js';

const Id = Type.Object({ id: Uuid });
const OptionalText = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

/** Accounts (admin). Supervisors may read them to follow their operators. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['users'],
        summary: 'List accounts',
        querystring: Type.Object({
          role: Type.Optional(Role),
          agencyId: Type.Optional(Uuid),
          active: Type.Optional(Type.Boolean({ description: 'only enabled (true) or disabled (false) accounts' })),
        }),
        response: { 200: Type.Array(UserView), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const filters: SQL[] = [];
      if (request.query.role) filters.push(eq(users.role, request.query.role));
      if (request.query.agencyId) filters.push(eq(users.agencyId, request.query.agencyId));
      if (request.query.active !== undefined) filters.push(eq(users.active, request.query.active));
      const rows = await app.db.select().from(users).where(and(...filters)).orderBy(asc(users.username));
      return rows.map(toUserView);
    },
  );

  app.get(
    '/:id',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: { tags: ['users'], summary: 'One account', params: Id, response: { 200: UserView, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => toUserView(await getUser(app.db, request.params.id)),
  );

  app.post(
    '',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Create an account',
        body: Type.Object({
          username: Username,
          fullName: Type.String({ minLength: 1, maxLength: 200 }),
          password: Password,
          role: Role,
          agencyId: Type.Optional(Type.Union([Uuid, Type.Null()])),
          email: OptionalText(200),
          phone: OptionalText(30),
        }),
        response: { 201: UserView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = await createUser(app.db, request.body);
      await recordAudit(app.db, {
        actor: principalOf(request),
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        ip: request.ip,
        details: { role: user.role, agencyId: user.agencyId },
      });
      return reply.status(201).send(toUserView(user));
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Change an account: name, role, agency, contact, enabled',
        params: Id,
        body: Type.Object(
          {
            fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            role: Type.Optional(Role),
            agencyId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            email: OptionalText(200),
            phone: OptionalText(30),
            active: Type.Optional(Type.Boolean()),
          },
          { minProperties: 1, additionalProperties: false },
        ),
        response: { 200: UserView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (request.params.id === principal.id && (request.body.active === false || (request.body.role && request.body.role !== 'admin'))) {
        throw forbidden('SELF_LOCKOUT', 'Không thể tự khoá hoặc tự hạ quyền tài khoản quản trị của chính mình');
      }
      const before = await getUser(app.db, request.params.id);
      const user = await updateUser(app.db, request.params.id, request.body);
      if (request.body.active === false || request.body.role) await revokeUserSessions(app.db, user.id);
      // Role, agency, name and enabled with their values (who may do what); a staff member's own e-mail and phone by name only.
      const access = (u: typeof user) => ({ fullName: u.fullName, role: u.role, agencyId: u.agencyId, active: u.active });
      const contact = (['email', 'phone'] as const).filter((k) => request.body[k] !== undefined && request.body[k] !== before[k]);
      const change = configChange(access(before), access(user));
      await recordAudit(app.db, {
        actor: principal,
        action: 'user.update',
        entityType: 'user',
        entityId: user.id,
        ip: request.ip,
        details: { ...change, fields: [...change.fields, ...contact] },
      });
      return toUserView(user);
    },
  );

  app.post(
    '/:id/password',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'Set a new password for an account (signs it out everywhere)',
        params: Id,
        body: Type.Object({ password: Password }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const user = await getUser(app.db, request.params.id);
      await setPassword(app.db, user.id, request.body.password);
      await revokeUserSessions(app.db, user.id);
      await recordAudit(app.db, { actor: principalOf(request), action: 'user.password_reset', entityType: 'user', entityId: user.id, ip: request.ip });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:id/unlock',
    {
      config: { access: ['admin'] },
      schema: { tags: ['users'], summary: 'Lift the lockouts after failed logins (from every address)', params: Id, response: { 200: UserView, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      await getUser(app.db, request.params.id);
      await unlockAccount(app.db, request.params.id);
      const [user] = await app.db
        .update(users)
        .set({ lockedUntil: null, updatedAt: new Date() })
        .where(eq(users.id, request.params.id))
        .returning();
      await recordAudit(app.db, { actor: principalOf(request), action: 'user.unlock', entityType: 'user', entityId: request.params.id, ip: request.ip });
      return toUserView(user!);
    },
  );
};
