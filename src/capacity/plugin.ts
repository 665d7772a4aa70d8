import fp from 'fastify-plugin';
import { rooms } from '../realtime/socket.js';
import { LineCapacity } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    lineCapacity: LineCapacity;
  }
}

/**
 * The line capacity (R2). Call control reads it at every arrival; `lineCapacity.job()` (run by the scheduler)
 * switches it by the schedule and tells supervisors (`capacity.changed.v1` in the `role:supervisor` room).
 */
export const capacityPlugin = fp(
  async (app) => {
    const capacity = new LineCapacity({
      db: app.db,
      timeZone: app.env.BUSINESS_TZ,
      fallback: app.env.LINE_CAPACITY_FALLBACK,
      log: app.log.child({ component: 'capacity' }),
      notify: (event) => app.io.to(rooms.role('supervisor')).emit('capacity.changed.v1', event),
    });
    app.decorate('lineCapacity', capacity);
    app.addHook('onReady', async () => {
      await capacity.refresh().catch((error: unknown) => app.log.error({ err: error }, 'line capacity: first switch failed'));
    });
  },
  { name: 'capacity', dependencies: ['database', 'socket.io'] },
);
