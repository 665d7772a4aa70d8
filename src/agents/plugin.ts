import fp from 'fastify-plugin';
import { Acd } from '../acd/dispatcher.js';
import { DesktopPublisher } from './events.js';
import { Agents } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Operators and their states (issue 4). */
    agents: Agents;
    /** The queue engine; call control's CallQueue. */
    acd: Acd;
  }
}

/**
 * Operators and the ACD. Registered before telephony, which takes `app.acd` as its queue; call control is read
 * lazily (`app.calls`). Operator states load from the database at start-up; once the app is ready the ACD restores
 * what a restart interrupted (ringing offers withdrawn, wrap-ups resumed) and starts offering.
 */
export const agentsPlugin = fp(
  async (app) => {
    const log = app.log.child({ component: 'acd' });
    const agents = new Agents(app.db, log);
    const publisher = new DesktopPublisher(() => app.io);
    const loaded = agents.load();
    const acd = new Acd(
      {
        db: app.db,
        agents,
        publisher,
        // Only the leader offers calls (issue 17); a standby's ACD has no callers and decides nothing.
        control: () => (app.hasDecorator('calls') && app.cluster.leading ? app.calls : null),
        phones: () => (app.hasDecorator('phones') ? app.phones : null),
        wrapUpSeconds: app.env.WRAPUP_SECONDS,
        waiting: {
          announceSeconds: app.env.QUEUE_ANNOUNCE_SECONDS,
          maxWaitSeconds: app.env.QUEUE_MAX_WAIT_SECONDS,
          callbackKey: app.env.QUEUE_CALLBACK_KEY,
        },
        env: app.env,
        log,
      },
      loaded,
    );
    agents.on('changed', (agent) => {
      publisher.agentState(agent);
      if (agent.state === 'available') acd.kick();
    });
    app.decorate('agents', agents);
    app.decorate('acd', acd);
    app.addHook('onReady', async () => {
      // A phone back online may take the callers waiting.
      if (app.hasDecorator('phones')) app.phones?.on('changed', (_endpoint: string, state: string) => state !== 'offline' && acd.kick());
    });
    // The ACD is the leader's duty (issue 17): on taking the lead it restores what the last leader (or a restart) left.
    // The states are read again each time: another instance may have changed them since this one loaded them.
    app.cluster.duty({
      name: 'acd',
      start: async () => {
        await loaded;
        acd.lead(true);
      },
      stop: () => acd.pause(),
    });
    app.addHook('onClose', async () => {
      await acd.close();
    });
  },
  { name: 'agents', dependencies: ['database', 'socket.io', 'cluster'] },
);
