import { defineConfig } from 'vitest/config';

/**
 * The database-outage test (issue 12): it needs a real PostgreSQL (TEST_DATABASE_URL) behind a proxy it cuts, so it is
 * not part of `npm test`; `npm run test:outage` runs it and CI (.ci/run) calls that after the PostgreSQL suite.
 */
export default defineConfig({
  test: {
    include: ['test/outage/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
