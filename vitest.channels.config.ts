import { defineConfig } from 'vitest/config';

/**
 * The email channel against a real IMAP server (issue 15): Debian's Dovecot (dovecot-imapd), started by the test in
 * a temporary directory, so it is not part of `npm test`; `npm run test:channels` runs it and CI (.ci/run) installs
 * dovecot-imapd first when it is missing.
 */
export default defineConfig({
  test: {
    include: ['test/channels/email/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
