import { defineConfig } from 'vitest/config';

/**
 * The pages in real Chromium (Debian's /usr/bin/chromium, never downloaded) against the real server on the fake ARI:
 * `npm run test:browser`. Not part of `npm test`, which needs no system package. One file at a time: each starts a
 * server, a fake Asterisk and a browser.
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/browser/harness/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
