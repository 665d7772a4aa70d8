import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../src/config/env.js';

describe('configuration from the environment', () => {
  it('given nothing set, then the defaults run on embedded PGlite in Asia/Ho_Chi_Minh', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', ARI_APP: 'callcentre', RECORDINGS_DIR: './recordings', BUSINESS_TZ: 'Asia/Ho_Chi_Minh', LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ARI_URL).toBeUndefined();
  });

  it('given values as strings, then numbers and booleans are converted', () => {
    const env = loadEnv({ PORT: '8080', TRUST_PROXY: 'true', DATABASE_URL: 'postgres://u:p@db/x' });
    expect(env).toMatchObject({ PORT: 8080, TRUST_PROXY: true, DATABASE_URL: 'postgres://u:p@db/x' });
  });

  it('given several bad variables, then one error names each of them, with secrets hidden', () => {
    let error: unknown;
    try {
      loadEnv({ PORT: '99999', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', ARI_URL: 'ari.local', BUSINESS_TZ: 'Mars/Olympus', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'ARI_URL', 'BUSINESS_TZ', 'ADMIN_PASSWORD']) {
      expect(problems).toContain(name);
    }
    expect(problems).not.toContain('short');
  });

  it('given ADMIN_USERNAME without ADMIN_PASSWORD, then the configuration is refused', () => {
    expect(() => loadEnv({ ADMIN_USERNAME: 'admin' })).toThrow(/ADMIN_PASSWORD/);
  });
});
