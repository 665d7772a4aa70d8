import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from '../../src/db/client.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by TEST_DATABASE_URL (dropped again on close). CI runs both.
 */
export async function createTestDatabase(options: Pick<DatabaseOptions, 'pglite'> = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ dataDir: 'memory://', ...options });
    await handle.migrate();
    return { ...handle, another: async () => ({ ...handle, close: async () => undefined }) };
  }
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await handle.migrate();
  return {
    ...handle,
    another: () => openDatabase({ url: url.toString() }),
    close: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface TestDatabase extends DatabaseHandle {
  /**
   * Another handle on the same database, as a second instance of the server has (its own connections on PostgreSQL;
   * on PGlite, one process, the same database again). Closing it leaves this one open.
   */
  another(): Promise<DatabaseHandle>;
}

export const testDriver = () => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
