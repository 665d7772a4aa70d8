import fp from 'fastify-plugin';
import type { Database, DatabaseHandle } from './client.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    database: DatabaseHandle;
  }
}

/** Exposes the database to routes and closes it with the app when the app opened it. */
export const databasePlugin = fp<{ handle: DatabaseHandle; closeOnShutdown: boolean }>(
  async (app, { handle, closeOnShutdown }) => {
    app.decorate('database', handle);
    app.decorate('db', handle.db);
    if (closeOnShutdown) app.addHook('onClose', () => handle.close());
  },
  { name: 'database' },
);
