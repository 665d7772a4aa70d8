import fp from 'fastify-plugin';
import { rooms } from '../realtime/socket.js';
import { SupervisionService, supervisionEvents } from './service.js';
import { Wallboard } from './wallboard.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Listen / whisper / barge, or null without telephony (ARI_URL unset). */
    supervision: SupervisionService | null;
    /** The supervisors' wall board (socket.io), or null without telephony. */
    wallboard: Wallboard | null;
  }
}

/** Supervision (R8): listen/whisper/barge sessions and the wall board feed. */
export const supervisionPlugin = fp(
  async (app) => {
    const control = app.calls;
    if (!control) {
      app.decorate('supervision', null);
      app.decorate('wallboard', null);
      return;
    }
    const supervision = new SupervisionService({
      db: app.db,
      calls: control,
      notify: (view) => app.io?.to(rooms.user(view.supervisorUserId)).emit(supervisionEvents.state, view),
    });
    // After a restart, supervisors listening on a re-adopted call keep listening, and can stop (R23).
    control.onAdopt(async (ctx) => supervision.resume(ctx));
    const wallboard = new Wallboard({
      registry: control.deps.registry,
      capacity: app.lineCapacity,
      queue: app.hasDecorator('acd') ? app.acd : { waiting: () => [] },
      agents: app.hasDecorator('agents') ? app.agents : null,
      phones: app.phones,
      io: () => app.io,
      log: app.log.child({ component: 'wallboard' }),
      intervalMs: 2000,
    });
    app.decorate('supervision', supervision);
    app.decorate('wallboard', wallboard);
    // Every instance answers its supervisors' snapshot requests (from the leader); the deltas are the leader's duty.
    wallboard.serve(() => app.cluster.leading);
    app.cluster.duty({ name: 'wallboard', start: async () => wallboard.start(), stop: () => wallboard.stop() });
    app.addHook('preClose', async () => {
      wallboard.unserve();
      await wallboard.stop();
    });
  },
  { name: 'supervision', dependencies: ['database', 'socket.io', 'telephony', 'capacity', 'cluster'] },
);
