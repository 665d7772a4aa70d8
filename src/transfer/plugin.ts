import fp from 'fastify-plugin';
import { rooms } from '../realtime/socket.js';
import { TransferService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Transfers to agency hotlines, or null without telephony (ARI_URL unset). */
    transfers: TransferService | null;
  }
}

export const transferPlugin = fp(
  async (app) => {
    if (!app.calls) {
      app.decorate('transfers', null);
      return;
    }
    const transfers = new TransferService({
      db: app.db,
      calls: app.calls,
      tickets: app.tickets,
      settings: { ringSeconds: app.env.TRANSFER_RING_SECONDS, dialTemplate: app.env.TRANSFER_DIAL_TEMPLATE },
      log: app.log.child({ component: 'transfer' }),
      publish: (userId, event) => app.io.to(rooms.user(userId)).emit('transfer.state.v1', event),
    });
    app.decorate('transfers', transfers);
    // After a restart, a transfer on the record of a re-adopted call goes on (R23).
    app.calls.onAdopt(async (ctx, row) => {
      if (row.transferSession) await transfers.resume(ctx, row.transferSession);
    });
  },
  { name: 'transfer', dependencies: ['database', 'telephony', 'tickets'] },
);
