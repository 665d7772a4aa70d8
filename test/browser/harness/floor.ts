import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import type { CallControl } from '../../../src/calls/control.js';
import type { DatabaseHandle } from '../../../src/db/client.js';
import { seed } from '../../../src/seed/seed.js';
import { startFakeAri, type FakeAri } from '../../fake-ari/server.js';
import { testEnv } from '../../helpers/app.js';
import { createTestDatabase } from '../../helpers/db.js';

/**
 * The call-centre floor the browser tests drive: the real app listening on 127.0.0.1 (a random port, kept across
 * restarts so the open pages reconnect), the fake Asterisk (its control routes inject calls), and a database seeded
 * as `npm run seed` does (Đồng Nai's agencies and fields, the default IVR, the demo accounts: dtv01 on PJSIP/op101,
 * giamsat, quantri, daumoi.soyte, password `1022-thu-nghiem`). PGlite in memory, or TEST_DATABASE_URL.
 */
export interface Floor {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  app: FastifyInstance;
  fake: FakeAri;
  database: DatabaseHandle;
  /** Stops the server (no hangups: as if the process died) — calls stay in the fake Asterisk. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port, database and Asterisk (after stopServer, or stops it first). */
  startServer(): Promise<void>;
  close(): Promise<void>;
}

export { demoPassword } from '../../../src/seed/data.js';

export interface FloorOptions {
  /** Extra environment, e.g. { WRAPUP_SECONDS: '5' }. */
  env?: Record<string, string>;
}

export async function startFloor(options: FloorOptions = {}): Promise<Floor> {
  // Calls ring as long as a person would take (operators' phones are 'manual' in the tests that answer them).
  const fake = await startFakeAri({ timing: { defaultMediaMs: 20 } });
  const database = await createTestDatabase();
  await seed(database.db, { year: new Date().getFullYear(), demoUsers: true });
  const work = mkdtempSync(path.join(tmpdir(), 'browser-floor-'));
  const promptsDir = path.join(work, 'prompts');
  mkdirSync(path.join(promptsDir, 'vi'), { recursive: true });
  for (const name of ['greeting', 'recording-notice', 'main-menu', 'please-wait']) writeFileSync(path.join(promptsDir, 'vi', `${name}.wav`), 'RIFF');
  const env = testEnv({
    ARI_URL: fake.url,
    ARI_USERNAME: fake.username,
    ARI_PASSWORD: fake.password,
    RECORDINGS_DIR: path.join(work, 'recordings'),
    PROMPTS_DIR: promptsDir,
    DATA_DIR: path.join(work, 'data'),
    ARI_RECONNECT_MIN_MS: '20',
    ARI_RECONNECT_MAX_MS: '200',
    ORIGINATE_TIMEOUT_SECONDS: '120',
    TRANSFER_RING_SECONDS: '120',
    ...options.env,
  });

  let port = 0;
  let app: FastifyInstance | null = null;
  const floor: Floor = {
    baseUrl: '',
    get app() {
      if (!app) throw new Error('the server is stopped');
      return app;
    },
    fake,
    database,
    stopServer: async () => {
      await app?.close();
      app = null;
    },
    startServer: async () => {
      await app?.close();
      const next = await buildApp({ env, database, logger: false });
      await next.listen({ host: '127.0.0.1', port });
      port = (next.server.address() as { port: number }).port;
      floor.baseUrl = `http://127.0.0.1:${port}`;
      await waitFor(() => next.ariLink.status.state === 'connected', 'the ARI link');
      await (next.calls as CallControl).reconciled();
      app = next;
    },
    close: async () => {
      await app?.close();
      await fake.close();
      await database.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
  await floor.startServer();
  return floor;
}

/** Polls `check` every 50 ms until it holds (or throws after `timeoutMs`): wait for the fact, never a fixed sleep. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
