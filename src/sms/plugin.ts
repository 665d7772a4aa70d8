import fp from 'fastify-plugin';
import type { Env } from '../config/env.js';
import type { ScheduledJob } from '../scheduler/plugin.js';
import { DevSmsProvider } from './dev-provider.js';
import { HttpBrandnameProvider } from './http-provider.js';
import { onSmsOutboxKick } from './kick.js';
import type { SmsProvider } from './provider.js';
import { loadSmsTemplates, useSmsTemplates } from './templates.js';
import { SmsOutboxWorker } from './worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    smsOutbox: SmsOutboxWorker;
  }
}

/** Every 30 seconds (node-cron's optional seconds field). */
const outboxSchedule = '*/30 * * * * *';

export function smsProviderFromEnv(env: Env): SmsProvider {
  if (env.SMS_PROVIDER === 'dev') return new DevSmsProvider();
  return new HttpBrandnameProvider({
    url: env.SMS_HTTP_URL ?? '',
    apiKey: env.SMS_API_KEY,
    secretKey: env.SMS_SECRET_KEY,
    brandname: env.SMS_BRANDNAME,
    timeoutMs: env.SMS_HTTP_TIMEOUT_MS,
  });
}

/**
 * R15: the templates, the provider and the outbox worker. The worker runs on the 30-second job
 * (see smsOutboxJob) and whenever `kickSmsOutbox()` is called after a commit.
 */
export const smsPlugin = fp(
  async (app) => {
    const env = app.env;
    useSmsTemplates(loadSmsTemplates(env.SMS_TEMPLATES_FILE));
    const worker = new SmsOutboxWorker(app.db, smsProviderFromEnv(env), app.log.child({ component: 'sms' }), {
      maxAttempts: env.SMS_MAX_ATTEMPTS,
      backoff: { baseMs: env.SMS_RETRY_BASE_SECONDS * 1000, maxMs: env.SMS_RETRY_MAX_SECONDS * 1000 },
      leaseMs: Math.max(5 * 60_000, 3 * env.SMS_HTTP_TIMEOUT_MS),
      batchSize: 50,
    });
    app.decorate('smsOutbox', worker);
    let unsubscribe: (() => void) | null = null;
    app.addHook('onReady', async () => {
      unsubscribe = onSmsOutboxKick(() => worker.kick());
    });
    app.addHook('onClose', async () => {
      unsubscribe?.();
      await worker.idle();
    });
  },
  { name: 'sms', dependencies: ['database'] },
);

export function smsOutboxJob(app: { smsOutbox: SmsOutboxWorker }): ScheduledJob {
  return {
    name: 'sms.outbox',
    schedule: outboxSchedule,
    run: async () => {
      await app.smsOutbox.runOnce();
    },
  };
}
