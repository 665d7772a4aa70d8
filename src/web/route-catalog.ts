import fp from 'fastify-plugin';
import type { FastifySchema } from 'fastify';
import type { Access } from '../auth/roles.js';

/** One route as registered: what the schema-bounds and fuzz tests walk, so that every route is covered as it is added. */
export interface CatalogRoute {
  method: string;
  /** Fastify's form: /api/tickets/:id */
  url: string;
  access: Access | undefined;
  schema: FastifySchema | undefined;
  /** Takes multipart/form-data (schema.consumes). */
  multipart: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route of the app, in registration order (HEAD twins, /docs and the hidden pages routes left out). */
    routeCatalog: readonly CatalogRoute[];
  }
}

const documentationPrefix = '/docs';

/** Keeps the list of routes: registered before any route so that onRoute sees them all. */
export const routeCatalogPlugin = fp(
  async (app) => {
    const routes: CatalogRoute[] = [];
    app.decorate('routeCatalog', routes);
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith(documentationPrefix)) return;
      const schema = route.schema as (FastifySchema & { consumes?: string[]; hide?: boolean }) | undefined;
      // Hidden routes are not the API: the built pages (src/pages: index.html and hashed files), tested on their own.
      if (schema?.hide) return;
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        routes.push({ method, url: route.url, access: route.config?.access, schema, multipart: Boolean(schema?.consumes?.includes('multipart/form-data')) });
      }
    });
  },
  { name: 'route-catalog' },
);
