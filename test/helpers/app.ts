import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { agencies } from '../../src/db/schema/index.js';
import type { Role } from '../../src/auth/roles.js';
import { createUser } from '../../src/users/service.js';
import { createTestDatabase } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export const testPassword = 'mat-khau-thu-nghiem';

export function testEnv(overrides: Record<string, string> = {}): Env {
  // The public form's proof-of-work is off unless a test turns it on (test/public/challenge.test.ts does).
  return loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_CHALLENGE_BITS: '0', ...overrides });
}

/** The app on a fresh database, not listening: drive it with inject(). */
export async function startTestApp(envOverrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp({ env: testEnv(envOverrides), database, logger: false });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export async function createAgency(t: TestApp, code: string) {
  const [agency] = await t.database.db
    .insert(agencies)
    .values({ code, name: `Đơn vị ${code}`, kind: 'department', hotline: '02513000000' })
    .returning();
  if (!agency) throw new Error('no agency');
  return agency;
}

export async function createTestUser(t: TestApp, username: string, role: Role, agencyId?: string) {
  return createUser(t.database.db, { username, fullName: `Người dùng ${username}`, password: testPassword, role, agencyId });
}

/** Signs in and returns the Cookie header value to send with later requests. */
export async function login(t: TestApp, username: string, password = testPassword): Promise<string> {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'sid');
  if (!cookie) throw new Error('no session cookie');
  return `sid=${cookie.value}`;
}
