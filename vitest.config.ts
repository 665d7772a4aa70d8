import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that need system tools or servers run from their own scripts after .ci/run installs them: Chromium
    // (npm run test:browser), a real PostgreSQL it can cut off (npm run test:outage), espeak-ng and sox (npm run test:tools), Dovecot for the email channel (npm run test:channels).
    exclude: [...configDefaults.exclude, 'test/browser/**', 'test/outage/**', 'test/tools/**', 'test/cluster/**', 'test/channels/email/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
