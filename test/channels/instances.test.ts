import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { testEnv, type TestApp } from '../helpers/app.js';
import { createTestDatabase, testDriver, type TestDatabase } from '../helpers/db.js';
import { signInStaff, type Staff } from '../helpers/roles.js';
import { until } from './support.js';

const secretKey = 'c'.repeat(64);

function facebookUpdate(psid: string, mid: string) {
  return JSON.stringify({ object: 'page', entry: [{ id: 'page-1', time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: 'page-1' }, timestamp: Date.now(), message: { mid, text: 'xin chào' } }] }] });
}
const signed = (body: string, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * Issue 15 item 2a (R16, R23): several instances of the server on one database. An admin's change to a channel on one
 * instance (switched on or off, new credentials) reaches the others at once by NOTIFY, or by the settings poll when
 * the notification is lost. On PostgreSQL each instance has its own connections; on PGlite the two apps share the
 * one database of the process.
 */
describe(`a channel's settings changed on one instance, seen by the others (${testDriver()})`, () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: FastifyInstance;
  let deaf: FastifyInstance;
  const handles: DatabaseHandle[] = [];
  let staff: Staff;

  const instance = async (overrides: Record<string, string>, handle?: DatabaseHandle) => {
    const db = handle ?? (await database.another());
    handles.push(db);
    const app = await buildApp({ env: testEnv({ CHANNELS_SECRET_KEY: secretKey, ...overrides }), database: db, logger: false });
    await app.ready();
    return app;
  };
  const health = async (app: FastifyInstance) => (await app.inject({ url: '/readyz' })).json().channels.facebook as { enabled: boolean; state: string };
  const webhook = (app: FastifyInstance, secret: string) => {
    const body = facebookUpdate('psid-instances', `m_${Math.random()}`);
    return app.inject({ method: 'POST', url: '/api/channels/facebook/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signed(body, secret) }, payload: body });
  };
  const setFacebook = async (enabled: boolean, appSecret: string) => {
    const response = await staff.as('admin', 'PUT', '/api/channels/facebook', {
      enabled, config: { pageId: 'page-1', graphUrl: 'http://127.0.0.1:9' }, secrets: { appSecret, verifyToken: 'verify-me', pageAccessToken: 'token' },
    });
    expect(response.statusCode, response.body).toBe(200);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    // The poll is an hour away on these two: only the notification can bring the change.
    const quiet = { CHANNELS_SETTINGS_POLL_MS: '3600000' };
    const appA = await instance(quiet, database);
    a = { app: appA, database, close: () => appA.close() };
    b = await instance(quiet);
    // This one never hears a notification (its LISTEN lost): the poll alone keeps it in step.
    const other = await database.another();
    deaf = await instance({ CHANNELS_SETTINGS_POLL_MS: '100' }, { ...other, listen: async () => async () => undefined });
    staff = await signInStaff(a, 'inst');
  });
  afterAll(async () => {
    await deaf?.close();
    await b?.close();
    await a?.app.close();
    for (const handle of handles.slice(1)) await handle.close();
    await database?.close();
  });

  it('given a channel switched on through instance A, then instance B receives on it at once; the new credentials apply on B', async () => {
    expect(await health(b)).toMatchObject({ enabled: false, state: 'off' });
    await setFacebook(true, 'first-secret');
    await until(async () => (await health(b)).enabled, 'instance B to see Facebook switched on', 10_000);
    expect((await webhook(b, 'first-secret')).statusCode).toBe(200);

    await setFacebook(true, 'second-secret');
    await until(async () => (await webhook(b, 'first-secret')).statusCode === 401, 'instance B to refuse the old app secret', 10_000);
    expect((await webhook(b, 'second-secret')).statusCode).toBe(200);
  });

  it('given a channel switched off through instance A, then instance B refuses its webhooks at once (404 CHANNEL_OFF)', async () => {
    await setFacebook(false, 'second-secret');
    await until(async () => !(await health(b)).enabled, 'instance B to see Facebook switched off', 10_000);
    const off = await webhook(b, 'second-secret');
    expect(off.statusCode).toBe(404);
    expect(off.json().code).toBe('CHANNEL_OFF');
  });

  it('given an instance whose notifications were lost, then the settings poll brings it the change', async () => {
    await setFacebook(true, 'third-secret');
    await until(async () => (await webhook(deaf, 'third-secret')).statusCode === 200, 'the deaf instance to take the change by polling', 10_000);
    await setFacebook(false, 'third-secret');
    await until(async () => !(await health(deaf)).enabled, 'the deaf instance to see Facebook switched off', 10_000);
  });
});
