import { defineConfig } from 'vitest/config';

// Tests that need Debian's espeak-ng and sox (npm run test:tools; .ci/run installs them first).
export default defineConfig({
  test: {
    include: ['test/tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
