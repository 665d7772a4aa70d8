import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../src/config/env.js';
import { DevSmsProvider } from '../../src/sms/dev-provider.js';
import { HttpBrandnameProvider } from '../../src/sms/http-provider.js';
import { smsOutboxJob, smsProviderFromEnv } from '../../src/sms/plugin.js';
import type { SmsOutboxWorker } from '../../src/sms/worker.js';

describe('SMS configuration and schedule', () => {
  it('given SMS_PROVIDER=http without URL, keys or brandname, then the configuration is refused naming each, secrets hidden', () => {
    let error: unknown;
    try {
      loadEnv({ SMS_PROVIDER: 'http', SMS_API_KEY: 'k' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SMS_HTTP_URL must be set/);
    expect(problems).toMatch(/SMS_SECRET_KEY must be set/);
    expect(problems).toMatch(/SMS_BRANDNAME must be set/);
    expect(problems).not.toMatch(/SMS_API_KEY/);
  });

  it('given the default or the http configuration, then the matching provider', () => {
    expect(smsProviderFromEnv(loadEnv({}))).toBeInstanceOf(DevSmsProvider);
    const env = loadEnv({ SMS_PROVIDER: 'http', SMS_HTTP_URL: 'https://sms.example.vn/send', SMS_API_KEY: 'k', SMS_SECRET_KEY: 's', SMS_BRANDNAME: 'B' });
    expect(smsProviderFromEnv(env)).toBeInstanceOf(HttpBrandnameProvider);
  });

  it('given the scheduled job, then it runs every 30 seconds and calls one worker pass', async () => {
    let passes = 0;
    const job = smsOutboxJob({ smsOutbox: { runOnce: async () => ({ sent: (passes += 1), retried: 0, failed: 0 }) } as unknown as SmsOutboxWorker });
    expect(job.schedule).toBe('*/30 * * * * *');
    expect(cron.validate(job.schedule)).toBe(true);
    await job.run();
    expect(passes).toBe(1);
  });
});
