import { defineConfig } from 'vitest/config';

/**
 * Two server processes on one PostgreSQL (issue 17): it needs a real PostgreSQL (TEST_DATABASE_URL) and starts real
 * `src/server.ts` processes, so it is not part of `npm test`; `npm run test:cluster` runs it and CI (.ci/run) calls
 * that after the PostgreSQL suite.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
