import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import { recordAudit } from '../audit/service.js';
import { errorResponses, unauthorized } from '../web/errors.js';
import { Password, toUserView, UserView } from '../users/schemas.js';
import { principalOf } from './access-plugin.js';
import { everyone } from './roles.js';
import { changePassword, login } from './service.js';
import { revokeSession, revokeUserSessions, sessionCookie } from './sessions.js';

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { env } = app;
  const cookieOptions = (secure: boolean) =>
    ({ path: '/', httpOnly: true, sameSite: 'strict', secure }) as const;
  const secureFor = (protocol: string) =>
    env.COOKIE_SECURE === 'auto' ? protocol === 'https' : env.COOKIE_SECURE === 'true';

  app.post(
    '/login',
    {
      config: {
        access: 'public',
        rateLimit: { max: env.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username and password; sets the session cookie',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 200: Type.Object({ user: UserView, expiresAt: Type.String({ format: 'date-time' }) }), ...errorResponses(400, 401, 423, 429) },
      },
    },
    async (request, reply) => {
      const result = await login(
        app.db,
        { maxFailures: env.LOGIN_MAX_FAILURES, lockMinutes: env.LOGIN_LOCK_MINUTES, sessionTtlHours: env.SESSION_TTL_HOURS },
        { ...request.body, ip: request.ip },
      );
      reply.setCookie(sessionCookie, result.token, { ...cookieOptions(secureFor(request.protocol)), expires: result.expiresAt });
      return { user: toUserView(result.user), expiresAt: result.expiresAt.toISOString() };
    },
  );

  app.post(
    '/logout',
    {
      config: { access: everyone },
      schema: { tags: ['auth'], summary: 'Sign out of this session', response: { 204: Type.Null(), ...errorResponses(401) } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      await revokeSession(app.db, principal.sessionId);
      await recordAudit(app.db, { actor: principal, action: 'auth.logout', entityType: 'user', entityId: principal.id, ip: request.ip });
      reply.clearCookie(sessionCookie, cookieOptions(secureFor(request.protocol)));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { access: everyone },
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: UserView, ...errorResponses(401) } },
    },
    async (request) => {
      const [user] = await app.db.select().from(users).where(eq(users.id, principalOf(request).id));
      if (!user) throw unauthorized();
      return toUserView(user);
    },
  );

  app.post(
    '/password',
    {
      config: { access: everyone },
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password; signs out every other session',
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Password }),
        response: { 204: Type.Null(), ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      await changePassword(app.db, principal.id, request.body.currentPassword, request.body.newPassword);
      await revokeUserSessions(app.db, principal.id, principal.sessionId);
      await recordAudit(app.db, { actor: principal, action: 'auth.password_changed', entityType: 'user', entityId: principal.id, ip: request.ip });
      return reply.status(204).send(null);
    },
  );
};
