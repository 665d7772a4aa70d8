import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../web/errors.js';
import type { Access, Principal } from './roles.js';
import { findPrincipal, sessionCookie } from './sessions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: 'public' or a list of roles. Every route must say. */
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Routes registered by plugins we do not own (the OpenAPI UI) are public documentation. */
const documentationPrefix = '/docs';

/**
 * Authentication (session cookie) and authorisation (the route's declared roles), before the body
 * is even parsed. A route without an access declaration stops the server at start-up.
 */
export const accessPlugin = fp(
  async (app) => {
    app.decorateRequest('principal', null);

    app.addHook('onRoute', (route) => {
      if (route.url.startsWith(documentationPrefix)) {
        route.config = { ...route.config, access: 'public' };
        return;
      }
      if (!route.config?.access) {
        throw new Error(`Route ${String(route.method)} ${route.url} does not declare who may call it (config.access)`);
      }
    });

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      if (!access || access === 'public') return;
      const token = request.cookies[sessionCookie];
      const principal = token ? await findPrincipal(app.db, token) : null;
      if (!principal) throw unauthorized();
      if (!access.includes(principal.role)) throw forbidden();
      request.principal = principal;
    });
  },
  { name: 'access', dependencies: ['database', '@fastify/cookie'] },
);

/** The signed-in user of a route that declared roles (never null there). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}
