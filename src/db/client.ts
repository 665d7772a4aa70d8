import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';
import { DatabaseGate, type GateOptions } from './gate.js';
import { countedClient, PoolUse, type PoolUseSnapshot } from './pool-use.js';
import { claimDataDir } from './single-instance.js';

export type Schema = typeof schema;
/** The one database type the application uses, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A database or a transaction: what services take, so callers choose the transaction scope. */
export type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute' | 'query'>;

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface DatabaseHandle {
  readonly db: Database;
  readonly driver: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /**
   * LISTEN on a channel (NOTIFY between instances on one PostgreSQL): `onMessage` gets each payload, `onListening`
   * runs each time the listening connection is (re)established (what was sent while it was down is lost: read the
   * state again there). Resolves to the unlisten function.
   */
  listen(channel: string, onMessage: (payload: string) => void, onListening: () => void): Promise<() => Promise<void>>;
  /** The connections' use now (metrics): src/db/pool-use.ts. */
  poolUse(): PoolUseSnapshot;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; absent → embedded PGlite. */
  url?: string | undefined;
  /** PGlite data directory, or 'memory://' for a throw-away database. */
  dataDir?: string;
  /** PostgreSQL only: called with every statement sent and its connection (the calls benchmark counts them). */
  onStatement?: (statement: string, connection: number) => void;
  /** PostgreSQL: how long a new connection may take before the query fails as unavailable (seconds). */
  connectTimeoutSeconds?: number;
  /** PGlite: the bounded queue in front of it (src/db/gate.ts). */
  pglite?: Partial<GateOptions>;
}

/** A trial's few users never wait this long; 50 clients at once are told 503 rather than left hanging. */
export const defaultGateOptions: GateOptions = { maxWaiting: 100, waitTimeoutMs: 5_000 };

/** Opens PostgreSQL (postgres driver) when a URL is given, else the embedded PGlite with its extensions. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.connectTimeoutSeconds ?? 3, options.onStatement);
  return openPglite(options.dataDir ?? './data', { ...defaultGateOptions, ...options.pglite });
}

async function openPglite(dataDir: string, gateOptions: GateOptions): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // One process only (issue 17): a second instance on the same directory is refused before it opens anything.
  const release = inMemory ? () => undefined : claimDataDir(dataDir);
  const client = await PGlite.create(inMemory ? dataDir : path.resolve(dataDir, 'pglite'), {
    extensions: { pg_trgm, unaccent },
  }).catch((error: unknown) => {
    release();
    throw error;
  });
  // What drizzle calls of PGlite (a query, a transaction), each through the gate; migrations go straight to it.
  const gate = new DatabaseGate(gateOptions);
  const use = new PoolUse(1);
  const gated = {
    query: ((...args: Parameters<PGlite['query']>) => use.track(() => gate.run(() => client.query(...args)))) as PGlite['query'],
    transaction: ((callback: Parameters<PGlite['transaction']>[0]) => use.track(() => gate.run(() => client.transaction(callback)))) as PGlite['transaction'],
  } as PGlite;
  const db = drizzlePglite({ client: gated, schema }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
    ping: async () => {
      await gate.run(() => client.query('select 1'));
    },
    poolUse: () => use.snapshot(),
    // One process: NOTIFY reaches the listeners of this same database (tests run two apps on it).
    listen: async (channel, onMessage, onListening) => {
      const unlisten = await client.listen(channel, onMessage);
      onListening();
      return () => unlisten();
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * The postgres driver, tuned for outages (issue 12): a connection that is not made within `connectTimeoutSeconds`
 * fails the query (the driver's default, 30 s, kept requests hanging), answered 503; the driver opens a new connection
 * at the next query, so service resumes at the database's return; idle connections are closed after a minute, so
 * few dead ones are left to find after an outage.
 */
async function openPostgres(
  url: string,
  connectTimeoutSeconds: number,
  onStatement?: DatabaseOptions['onStatement'],
): Promise<DatabaseHandle> {
  const max = 10;
  const client = postgres(url, {
    max,
    connect_timeout: connectTimeoutSeconds,
    idle_timeout: 60,
    onnotice: () => undefined,
    connection: { application_name: 'tongdai-1022' },
    ...(onStatement ? { debug: (connection: number, statement: string) => onStatement(statement, connection) } : {}),
  });
  const use = new PoolUse(max);
  const db = drizzlePostgres(countedClient(client, use), { schema });
  return {
    db: db as unknown as Database,
    driver: 'postgres',
    migrate: () => migratePostgres(db, { migrationsFolder }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    poolUse: () => use.snapshot(),
    // postgres.js listens on a dedicated connection of its own and listens again after it is lost.
    listen: async (channel, onMessage, onListening) => {
      const request = await client.listen(channel, onMessage, onListening);
      return () => request.unlisten();
    },
    close: () => client.end({ timeout: 5 }),
  };
}
