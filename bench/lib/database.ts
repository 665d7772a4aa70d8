/**
 * The benchmark database: a PostgreSQL server as in CI (.ci/run: Debian's postgresql, postgres/postgres on
 * 127.0.0.1:5432), a database of its own re-created per run (or kept with --keep-db), the app's migrations and seed.
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { agencies, users } from '../../src/db/schema/index.js';
import { seed } from '../../src/seed/seed.js';
import { progress } from './timing.js';

export const defaultServerUrl = 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/** The server to use: BENCH_DATABASE_URL (any database on it; the role needs CREATEDB), else the CI default. */
export function serverUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? defaultServerUrl;
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export class NoDatabaseError extends Error {}

/** Connects to the server (3 s timeout) and returns its version, or throws a NoDatabaseError saying how to start one. */
export async function checkServer(url: string): Promise<string> {
  const client = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    const [row] = await client<{ server_version: string }[]>`SHOW server_version`;
    return row?.server_version ?? 'unknown';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NoDatabaseError(
      [
        `No PostgreSQL at ${redact(url)} (${reason}).`,
        'The tickets and kb scenarios need one, as in CI. Either:',
        '  - start the local Debian cluster:  sudo bench/start-postgres.sh   (installs postgresql if missing,',
        "    starts the cluster, sets the password of 'postgres' to 'postgres'), or:  pg_ctlcluster 15 main start",
        '  - or point BENCH_DATABASE_URL at a server whose role may CREATE DATABASE, e.g.',
        '    BENCH_DATABASE_URL=postgres://user:pass@host:5432/postgres npm run bench',
      ].join('\n'),
    );
  } finally {
    await client.end({ timeout: 1 });
  }
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export interface BenchDatabase {
  /** postgres:// URL of the benchmark database. */
  url: string;
  /** The app's handle on it (the same driver and pool settings as the server). */
  handle: DatabaseHandle;
  serverVersion: string;
  /** True when the database was created by this run (empty but for migrations and seed). */
  fresh: boolean;
  /** Users the scenarios act as. */
  people: BenchPeople;
}

export interface BenchPeople {
  supervisorId: string;
  operatorIds: string[];
  /** agency code → { agency id, one officer's user id } */
  agencies: Map<string, { id: string; officerId: string }>;
}

const namePattern = /^[a-z_][a-z0-9_]*$/;

/** Creates (or, with keep, reuses) the database, applies the app's migrations and seed, and adds the bench users. */
export async function prepareDatabase(options: { server: string; name: string; keep: boolean }): Promise<BenchDatabase> {
  if (!namePattern.test(options.name)) throw new Error(`--db: "${options.name}" is not a plain lower-case database name`);
  const serverVersion = await checkServer(options.server);
  const admin = postgres(options.server, { max: 1, onnotice: () => undefined });
  let fresh = true;
  try {
    const existing = await admin`SELECT 1 FROM pg_database WHERE datname = ${options.name}`;
    if (options.keep && existing.length > 0) {
      fresh = false;
      progress(`reusing database ${options.name} (--keep-db)`);
    } else {
      progress(`creating database ${options.name} on ${redact(options.server)} (PostgreSQL ${serverVersion})`);
      await admin.unsafe(`DROP DATABASE IF EXISTS ${options.name} WITH (FORCE)`);
      await admin.unsafe(`CREATE DATABASE ${options.name}`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = withDatabaseName(options.server, options.name);
  const handle = await openDatabase({ url });
  try {
    await handle.migrate();
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
    await seed(handle.db, { year, demoUsers: false });
    await handle.db.execute(sql`CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    const people = await ensurePeople(handle);
    return { url, handle, serverVersion, fresh, people };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

const operatorCount = 20;
/** Users cannot sign in with this (not an argon2 hash): the benchmark calls the services directly. */
const noLogin = '!bench-no-login';

async function ensurePeople(handle: DatabaseHandle): Promise<BenchPeople> {
  const { db } = handle;
  const rows = await db.select({ id: agencies.id, code: agencies.code }).from(agencies);
  const wanted = [
    { username: 'bench.giamsat', fullName: 'Giám sát viên (benchmark)', role: 'supervisor' as const, agencyId: null },
    ...Array.from({ length: operatorCount }, (_, i) => ({
      username: `bench.dtv${String(i + 1).padStart(2, '0')}`,
      fullName: `Điện thoại viên ${String(i + 1).padStart(2, '0')} (benchmark)`,
      role: 'operator' as const,
      agencyId: null,
    })),
    ...rows.map((a) => ({ username: `bench.daumoi.${a.code}`, fullName: `Đầu mối ${a.code} (benchmark)`, role: 'agency_officer' as const, agencyId: a.id })),
  ];
  await db
    .insert(users)
    .values(wanted.map((w) => ({ ...w, passwordHash: noLogin })))
    .onConflictDoNothing();
  const all = await db.select({ id: users.id, username: users.username }).from(users);
  const byName = new Map(all.map((u) => [u.username, u.id]));
  const idOf = (username: string) => {
    const id = byName.get(username);
    if (!id) throw new Error(`bench user ${username} missing`);
    return id;
  };
  return {
    supervisorId: idOf('bench.giamsat'),
    operatorIds: wanted.filter((w) => w.role === 'operator').map((w) => idOf(w.username)),
    agencies: new Map(rows.map((a) => [a.code, { id: a.id, officerId: idOf(`bench.daumoi.${a.code}`) }])),
  };
}

export async function readMeta<T>(handle: DatabaseHandle, key: string): Promise<T | undefined> {
  const result = await handle.db.execute(sql`SELECT value FROM bench_meta WHERE key = ${key}`);
  const row = (result as unknown as Array<{ value: T }>)[0];
  return row?.value;
}

export async function writeMeta(handle: DatabaseHandle, key: string, value: unknown): Promise<void> {
  await handle.db.execute(
    sql`INSERT INTO bench_meta (key, value, at) VALUES (${key}, ${JSON.stringify(value)}::jsonb, now())
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, at = excluded.at`,
  );
}
