import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Chromium: `npm run test:browser` (test/browser/vitest.config.ts); a real PostgreSQL it can cut off: npm run test:outage.
    exclude: [...configDefaults.exclude, 'test/browser/**', 'test/outage/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
