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
  /** The most files a multipart request may carry (config.maxFiles; 1 unless the route says more). */
  maxFiles: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A multipart route taking more than one file says how many (src/web/multipart.ts refuses one more). */
    maxFiles?: number;
  }
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
        routes.push({
          method,
          url: route.url,
          access: route.config?.access,
          schema,
          multipart: Boolean(schema?.consumes?.includes('multipart/form-data')),
          maxFiles: route.config?.maxFiles ?? 1,
        });
      }
    });
  },
  { name: 'route-catalog' },
);
