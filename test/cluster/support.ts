import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { io as connect, type Socket } from 'socket.io-client';
import { queuePrompts } from '../../src/acd/waiting.js';
import type { Role } from '../../src/auth/roles.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { fields, inboundNumbers, ivrMenus, lineCapacitySchedules, sipEndpoints } from '../../src/db/schema/index.js';
import type { IvrMenuDefinition } from '../../src/ivr/types.js';
import { createUser } from '../../src/users/service.js';
import { startFakeAri, type FakeAri } from '../fake-ari/server.js';
import { testPassword } from '../helpers/app.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Callers stay in the menu as long as the test needs (no timeout hang-up): 1 = queue, 3 = goodbye. */
export const clusterMenu: IvrMenuDefinition = {
  start: 'main',
  nodes: {
    main: {
      kind: 'menu',
      prompts: ['vi/main-menu'],
      options: { '1': { type: 'enqueue', fieldCode: 'y-te', priority: 10 }, '3': { type: 'hangup', prompt: 'vi/goodbye' } },
      timeoutSeconds: 60,
      maxRetries: 5,
      invalidPrompt: 'vi/invalid-input',
      timeoutPrompt: 'vi/no-input',
      repeatKey: '*',
      onExhausted: { type: 'hangup', prompt: 'vi/goodbye' },
    },
  },
};

/** One server process (`node --import tsx src/server.ts`), as in production. */
export interface Node {
  name: string;
  url: string;
  process: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
  readyz(): Promise<{ cluster: { role: string; node: string }; ari: { state: string } } | null>;
}

export interface Cluster {
  fake: FakeAri;
  db: DatabaseHandle;
  databaseUrl: string;
  nodes: Node[];
  start(name: string): Promise<Node>;
  close(): Promise<void>;
}

/** Retries `check` until it stops throwing (like vi.waitFor, also usable from bench/). */
export async function waitUntil(check: () => unknown, options: { timeout: number; interval: number }): Promise<void> {
  const until = Date.now() + options.timeout;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() >= until) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.interval));
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startCluster(serverUrl: string, options: { capacity?: number } = {}): Promise<Cluster> {
  const name = `cluster_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const db = await openDatabase({ url: databaseUrl });
  await db.migrate();
  await seed(db, options.capacity ?? 200);

  const work = mkdtempSync(path.join(tmpdir(), 'cluster-'));
  // Asterisk and every instance see the dialplan fallback's directory (asterisk-config [stasis-fallback], FALLBACK_DIR).
  const fallbackDir = path.join(work, 'fallback');
  mkdirSync(fallbackDir);
  const fake = await startFakeAri({ timing: { defaultMediaMs: 20, dialTimeoutScale: 0.01 }, dialplanFallback: { dir: fallbackDir } });
  const promptsDir = path.join(work, 'prompts');
  mkdirSync(path.join(promptsDir, 'vi'), { recursive: true });
  for (const prompt of ['main-menu', 'invalid-input', 'no-input', 'please-wait', 'goodbye', ...Object.values(queuePrompts).map((p) => p.slice(3))]) {
    writeFileSync(path.join(promptsDir, 'vi', `${prompt}.wav`), 'RIFF');
  }

  const nodes: Node[] = [];
  const cluster: Cluster = {
    fake,
    db,
    databaseUrl,
    nodes,
    async start(nodeName) {
      const port = await freePort();
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        CLUSTER_NODE_NAME: nodeName,
        CLUSTER_POLL_MS: '200',
        CLUSTER_HANDOVER_TIMEOUT_MS: '8000',
        PAGES_BUILD: 'false',
        LOG_LEVEL: 'info',
        COOKIE_SECURE: 'false',
        ARI_URL: fake.url,
        ARI_USERNAME: fake.username,
        ARI_PASSWORD: fake.password,
        ARI_RECONNECT_MIN_MS: '20',
        ARI_RECONNECT_MAX_MS: '100',
        ARI_PING_INTERVAL_MS: '1000',
        PROMPTS_DIR: promptsDir,
        RECORDINGS_DIR: path.join(work, `recordings-${nodeName}`),
        FALLBACK_DIR: fallbackDir,
        DATA_DIR: path.join(work, `data-${nodeName}`),
        WRAPUP_SECONDS: '0',
        ORIGINATE_TIMEOUT_SECONDS: '300',
        QUEUE_MAX_WAIT_SECONDS: '0',
      };
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const log: string[] = [];
      const collect = (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean));
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const base = `http://127.0.0.1:${port}`;
      const node: Node = {
        name: nodeName,
        url: base,
        process: child,
        log,
        exited,
        readyz: async () => {
          try {
            const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) });
            return (await response.json()) as Awaited<ReturnType<Node['readyz']>>;
          } catch {
            return null;
          }
        },
      };
      nodes.push(node);
      await waitUntil(
        async () => {
          if (child.exitCode !== null) throw new Error(`${nodeName} exited: ${log.slice(-5).join('\n')}`);
          if (!(await node.readyz())) throw new Error(`${nodeName} not up yet`);
        },
        { timeout: 60_000, interval: 100 },
      );
      return node;
    },
    async close() {
      for (const node of nodes) if (node.process.exitCode === null) node.process.kill('SIGKILL');
      await Promise.all(nodes.map((n) => n.exited));
      await fake.close();
      await db.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      rmSync(work, { recursive: true, force: true });
    },
  };
  return cluster;
}

async function seed(handle: DatabaseHandle, capacity: number): Promise<void> {
  const { db } = handle;
  await db.insert(fields).values({ code: 'y-te', name: 'Y tế' });
  const [menu] = await db.insert(ivrMenus).values({ code: 'cluster', name: 'Cluster', definition: clusterMenu }).returning();
  await db.insert(inboundNumbers).values({ number: '1022', label: '1022', ivrMenuId: menu?.id ?? null });
  await db.insert(lineCapacitySchedules).values({ name: 'all day', startsAt: '00:00', endsAt: '00:00', capacity });
}

export async function createStaff(handle: DatabaseHandle, username: string, role: Role, endpoint?: string): Promise<string> {
  const user = await createUser(handle.db, { username, fullName: `Người dùng ${username}`, password: testPassword, role });
  if (endpoint) await handle.db.insert(sipEndpoints).values({ endpoint, kind: 'softphone', userId: user.id });
  return user.id;
}

/** Signs in on one node; the session (in the database) is good on every node. */
export async function signIn(node: Node, username: string): Promise<string> {
  const response = await fetch(`${node.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: testPassword }),
  });
  const sid = response.headers.getSetCookie().find((c) => c.startsWith('sid='));
  if (!sid) throw new Error(`login ${username} on ${node.name}: ${response.status}`);
  return sid.split(';')[0] ?? '';
}

export async function api(node: Node, cookie: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`${node.url}${url}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A socket.io client on one node, recording every event. */
export async function desktop(node: Node, cookie: string): Promise<{ socket: Socket; events: Array<{ event: string; payload: unknown }> }> {
  const socket = connect(node.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  const events: Array<{ event: string; payload: unknown }> = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, events };
}

/** Waits until `node` reports `role` and, for a leader, a connected ARI link. */
export async function waitForRole(node: Node, role: 'leader' | 'standby', timeout = 15_000): Promise<void> {
  await waitUntil(
    async () => {
      const r = await node.readyz();
      if (r?.cluster.role !== role) throw new Error(`${node.name} is ${r?.cluster.role}, waiting for ${role}`);
      if (role === 'leader' && r.ari.state !== 'connected') throw new Error(`${node.name} leads, ARI ${r.ari.state}`);
    },
    { timeout, interval: 50 },
  );
}
