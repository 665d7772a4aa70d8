/**
 * The database of a `calls` run, chosen in this order:
 *   1. BENCH_DATABASE_URL (a PostgreSQL server): a fresh database is created on it and dropped at the end;
 *   2. PostgreSQL at postgres://postgres:postgres@127.0.0.1:5432 if it answers: the same;
 *   3. a private PostgreSQL cluster started for the run (initdb in a temp dir, a free port on 127.0.0.1, stopped and
 *      removed at the end) when the PostgreSQL server binaries are installed (Debian: /usr/lib/postgresql/<v>/bin);
 *   4. embedded PGlite in the app process (in memory).
 * BENCH_CALLS_DB=pglite forces 4, BENCH_CALLS_DB=private forces 3 (BENCH_CALLS_PG_OPTIONS adds server options to it,
 * e.g. `-c synchronous_commit=off` to see what commit latency costs). Production runs on PostgreSQL, and PGlite runs in
 * the app's own thread (its CPU would be counted as the app's), so PostgreSQL is preferred.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export interface BenchServer {
  kind: 'postgres' | 'pglite';
  /** What to tell the reader: "PostgreSQL 15.8 (private cluster …)", "PGlite (in the app process)". */
  description: string;
  /** A fresh database (the app migrates it). `synchronousCommit: false` = ALTER DATABASE … SET synchronous_commit = off. */
  createDatabase(options?: { synchronousCommit?: boolean }): Promise<BenchDatabase>;
  close(): Promise<void>;
}

export interface BenchDatabase {
  /** DATABASE_URL for the app process, or undefined for PGlite. */
  url: string | undefined;
  /** Whether commits wait for the WAL flush (the server's default unless turned off for this database). */
  synchronousCommit: boolean;
  /** CPU time (ms) used so far by the PostgreSQL server processes, when they are our own cluster's. */
  serverCpuMs(): number | undefined;
  drop(): Promise<void>;
}

const defaultServer = 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export async function openBenchServer(log: (line: string) => void): Promise<BenchServer> {
  const forced = process.env.BENCH_CALLS_DB;
  if (forced === 'pglite') return pglite();
  if (forced !== 'private') {
    const explicit = process.env.BENCH_DATABASE_URL;
    if (explicit) return postgresServer(explicit, 'BENCH_DATABASE_URL');
    if (await reachable(defaultServer)) return postgresServer(defaultServer, '127.0.0.1:5432');
  }
  const bin = postgresBin();
  if (bin) {
    log(`${forced === 'private' ? 'BENCH_CALLS_DB=private' : 'no PostgreSQL server reachable'}: starting a private cluster (${bin})`);
    return privateCluster(bin, log);
  }
  if (forced === 'private') throw new Error('BENCH_CALLS_DB=private: no PostgreSQL server binaries found');
  log('no PostgreSQL: using PGlite in the app process (its CPU counts as the app’s)');
  return pglite();
}

function pglite(): BenchServer {
  return {
    kind: 'pglite',
    description: 'PGlite in memory, inside the app process',
    createDatabase: async () => ({ url: undefined, synchronousCommit: true, serverCpuMs: () => undefined, drop: async () => undefined }),
    close: async () => undefined,
  };
}

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

/** Databases on an existing server, each dropped at the end. */
async function postgresServer(serverUrl: string, where: string, own?: { dataDir: string; stop: () => Promise<void> }): Promise<BenchServer> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  const [version] = await admin<Array<{ server_version: string }>>`show server_version`;
  // Server CPU only for our own cluster: a shared server's processes also serve other clients.
  const dataDir = own?.dataDir;
  return {
    kind: 'postgres',
    description: `PostgreSQL ${version?.server_version ?? '?'} (${where})`,
    async createDatabase(options = {}) {
      const name = `bench_calls_${randomBytes(5).toString('hex')}`;
      await admin.unsafe(`CREATE DATABASE ${name}`);
      let synchronousCommit = true;
      if (options.synchronousCommit === false) {
        await admin.unsafe(`ALTER DATABASE ${name} SET synchronous_commit = off`);
        synchronousCommit = false;
      }
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        synchronousCommit,
        serverCpuMs: () => (dataDir ? postgresCpuMs(dataDir) : undefined),
        drop: async () => {
          await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
    },
    async close() {
      try {
        await admin.end({ timeout: 5 });
      } finally {
        await own?.stop();
      }
    },
  };
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** initdb + pg_ctl start as the `postgres` user when we are root (initdb refuses root). Default server settings. */
async function privateCluster(bin: string, log: (line: string) => void): Promise<BenchServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-calls-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  let uid: number | undefined;
  let gid: number | undefined;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (file: string, args: string[]) => {
    const result = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, file), ...args], { encoding: 'utf8' }) : spawnSync(path.join(bin, file), args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  run('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50 ${process.env.BENCH_CALLS_PG_OPTIONS ?? ''}`, 'start']);
  log(`private PostgreSQL on 127.0.0.1:${port}, data in ${dataDir}`);
  const stop = async () => {
    try {
      run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    return await postgresServer(`postgres://postgres@127.0.0.1:${port}/postgres`, 'private cluster started for this run', { dataDir, stop });
  } catch (error) {
    await stop();
    throw error;
  }
}

const ticksPerSecond = 100; // Linux USER_HZ

/** utime + stime of the postmaster and its children (from /proc), ms. Undefined when not readable. */
function postgresCpuMs(dataDir: string): number | undefined {
  try {
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!Number.isInteger(postmaster) || postmaster <= 0) return undefined;
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(Number(entry));
      if (stat && (stat.pid === postmaster || stat.ppid === postmaster)) ticks += stat.utime + stat.stime;
    }
    return (ticks * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

export function readStat(pid: number): { pid: number; ppid: number; utime: number; stime: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: fields after the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(rest[1]), utime: Number(rest[11]), stime: Number(rest[12]) };
  } catch {
    return undefined;
  }
}

/** VmRSS and VmHWM of a process (MiB), from /proc/<pid>/status. */
export function readRss(pid: number): { rssMiB: number; hwmMiB: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
