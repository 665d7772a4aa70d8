import fp from 'fastify-plugin';
import { CallControl } from '../calls/control.js';
import type { CallDeps } from '../calls/deps.js';
import { WaitingList, type CallQueue } from '../calls/queue.js';
import { CallRegistry } from '../calls/registry.js';
import { CallRecords } from '../calls/repository.js';
import { AriGateway } from './ari-gateway.js';
import { PhoneStates } from './phone-states.js';
import { Prompts } from './prompts.js';
import { RecordingSink } from './recordings-sink.js';
import type { AriLink } from './status.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Call control, or null when ARI_URL is not set (no telephony). */
    calls: CallControl | null;
    /** The gateway to Asterisk, or null when ARI_URL is not set. */
    ariGateway: AriGateway | null;
    /** Operators' phones online/offline as Asterisk qualifies them, or null without telephony. */
    phones: PhoneStates | null;
  }
}

export interface TelephonyOptions {
  /** The queue callers wait in; the ACD (issue 4) passes its own. */
  queue?: CallQueue;
}

/**
 * Telephony: the ARI gateway and call control. With ARI_URL set it connects once the app is ready, in the
 * background (Asterisk being down never blocks start-up; it keeps retrying), and reports the link to /readyz.
 * On close it stops listening and leaves every call up in Asterisk, to be re-adopted by the next instance (R23).
 */
export const telephonyPlugin = fp<TelephonyOptions>(
  async (app, options) => {
    const { env } = app;
    if (!env.ARI_URL) {
      app.decorate('calls', null);
      app.decorate('ariGateway', null);
      app.decorate('phones', null);
      return;
    }
    const log = app.log.child({ component: 'telephony' });
    const gateway = new AriGateway({
      url: env.ARI_URL,
      username: env.ARI_USERNAME,
      password: env.ARI_PASSWORD,
      app: env.ARI_APP,
      log,
      link: app.ariLink,
      reconnect: { minMs: env.ARI_RECONNECT_MIN_MS, maxMs: Math.max(env.ARI_RECONNECT_MIN_MS, env.ARI_RECONNECT_MAX_MS) },
      pingIntervalMs: env.ARI_PING_INTERVAL_MS,
      originateFormats: env.ORIGINATE_FORMATS,
    });
    const deps: CallDeps = {
      ari: gateway,
      records: new CallRecords(app.db, log),
      prompts: new Prompts({ promptsDir: env.PROMPTS_DIR, asteriskPath: env.ASTERISK_PROMPTS_PATH, log }),
      queue: options.queue ?? new WaitingList(),
      registry: new CallRegistry(),
      capacity: app.lineCapacity,
      sink: new RecordingSink({ ari: gateway, db: app.db, recordingsDir: env.RECORDINGS_DIR, timeZone: env.BUSINESS_TZ, log }),
      settings: {
        app: env.ARI_APP,
        mohClass: env.MOH_CLASS,
        overCapacityDigitSeconds: env.OVER_CAPACITY_DIGIT_SECONDS,
        originateTimeoutSeconds: env.ORIGINATE_TIMEOUT_SECONDS,
        fallbackContext: env.ARI_FALLBACK_CONTEXT,
      },
      log,
    };
    const control = new CallControl(deps);
    // Until this instance leads it does not connect: /readyz says so rather than "connecting".
    if (app.cluster.clustered) {
      app.ariLink.set('disconnected', 'standby: another instance leads');
      // A standby loads Asterisk's API ahead: taking over then only opens the WebSocket.
      app.addHook('onReady', async () => {
        void gateway.prepare();
      });
    }
    control.start();
    const phones = new PhoneStates(gateway, env.ARI_APP, log);
    phones.start();
    app.decorate('calls', control);
    app.decorate('ariGateway', gateway);
    app.decorate('phones', phones);
    // Call control is the leader's duty (issue 17); the successor of a planned handover starts it early, so that it
    // connects while the old leader is still there (zero 603s, finding 15).
    app.cluster.duty({
      name: 'call control',
      early: true,
      start: async () => gateway.start(),
      ready: () => callControlReady(app.ariLink, control, env.CLUSTER_HANDOVER_TIMEOUT_MS),
      stop: async () => {
        gateway.pause('standby: another instance leads');
        await control.detachAll('this instance stops leading');
        await control.settled();
      },
    });
    app.addHook('onClose', async () => {
      phones.stop();
      await control.stop();
      await gateway.close();
    });
  },
  { name: 'telephony', dependencies: ['database', 'capacity', 'cluster'] },
);

/** Resolves once connected to Asterisk and the calls found there are re-adopted, or after `timeoutMs`. */
async function callControlReady(link: AriLink, control: CallControl, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (link.status.state !== 'connected' && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  await control.reconciled();
}
