import pino from 'pino';
import { loadEnv, ConfigError, type Env } from '../src/config/env.js';
import { openDatabase, type DatabaseHandle } from '../src/db/client.js';

/** Shared start of the command-line scripts: configuration, a logger and the migrated database. */
export async function withDatabase(name: string, work: (db: DatabaseHandle, env: Env, log: pino.Logger) => Promise<void>) {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const log = pino({ level: env.LOG_LEVEL, name });
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await database.migrate();
    await work(database, env, log);
  } catch (error) {
    log.error({ err: error }, `${name} failed`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
