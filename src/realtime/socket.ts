import { createAdapter } from '@socket.io/postgres-adapter';
import fp from 'fastify-plugin';
import pg from 'pg';
import { Server } from 'socket.io';
import { findPrincipal, sessionCookie } from '../auth/sessions.js';
import type { Principal } from '../auth/roles.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

export interface SocketData {
  principal: Principal;
}

/** Room names: one per user, one per role, one per agency. Events go to rooms, never broadcast. */
export const rooms = {
  user: (id: string) => `user:${id}`,
  role: (role: string) => `role:${role}`,
  agency: (id: string) => `agency:${id}`,
};

/**
 * socket.io on the app's HTTP server, authenticated at the handshake with the same session cookie
 * as the REST API. Closed with the app. On PostgreSQL, an adapter carries every event to the sockets of every instance.
 */
export const socketPlugin = fp(
  async (app) => {
    const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(app.server, {
      path: '/socket.io',
      serveClient: false,
      cors: { origin: false },
    });
    // Several instances on one PostgreSQL (issue 17): events reach the rooms on every instance through LISTEN/NOTIFY
    // (@socket.io/postgres-adapter; large packets ride in its attachments table). PGlite: one instance, no adapter.
    if (app.database.driver === 'postgres' && app.env.DATABASE_URL) {
      const pool = new pg.Pool({ connectionString: app.env.DATABASE_URL, max: 2, application_name: 'tongdai-1022 socket.io' });
      pool.on('error', (error) => app.log.warn({ err: error.message }, 'socket.io adapter: PostgreSQL connection failed'));
      await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
        id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
      io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments', errorHandler: (error) => app.log.warn({ err: error.message }, 'socket.io adapter failed') }));
      app.addHook('onClose', async () => {
        await io.of('/').adapter.close();
        await pool.end();
      });
    }
    io.use((socket, next) => {
      const token = app.parseCookie(socket.handshake.headers.cookie ?? '')[sessionCookie];
      if (!token) return next(new Error('UNAUTHENTICATED'));
      findPrincipal(app.db, token).then(
        (principal) => {
          if (!principal) return next(new Error('UNAUTHENTICATED'));
          socket.data.principal = principal;
          next();
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'socket.io handshake failed');
          next(new Error('INTERNAL'));
        },
      );
    });
    io.on('connection', (socket) => {
      const { principal } = socket.data;
      void socket.join([rooms.user(principal.id), rooms.role(principal.role)]);
      if (principal.agencyId) void socket.join(rooms.agency(principal.agencyId));
    });
    app.decorate('io', io as unknown as Server);
    // Before the HTTP server closes: drop the sockets so it can (io.close() would close the server itself).
    app.addHook('preClose', async () => {
      io.disconnectSockets(true);
      io.engine.close();
    });
  },
  { name: 'socket.io', dependencies: ['database', '@fastify/cookie'] },
);
