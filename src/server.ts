import { buildApp } from './app.js';
import { ConfigError, loadEnv } from './config/env.js';
import { SecondInstanceError } from './db/single-instance.js';

/** Starts the server: validated configuration, the app, and a graceful shutdown on SIGINT/SIGTERM. */
async function main() {
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await buildApp({ env, schedules: true, pages: { build: env.PAGES_BUILD } });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000 + env.CLUSTER_HANDOVER_TIMEOUT_MS);
    force.unref();
    // A leader hands over first (issue 17): a standby connects to Asterisk, then this one leaves, with no gap.
    app.cluster
      .handOver()
      .catch((error: unknown) => app.log.error({ err: error }, 'handover failed'))
      .then(() => app.close())
      .then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  const address = await app.listen({ port: env.PORT, host: env.HOST });
  app.log.info(`Tổng đài 1022 đang chạy: ${address}  (API docs: ${address}/docs)`);
}

main().catch((error: unknown) => {
  if (error instanceof SecondInstanceError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
