import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { createUser } from '../../src/users/service.js';
import { testPassword } from '../helpers/app.js';
import { callRow, menuPlayed, startTelephony, waitForStatus, type Telephony } from '../telephony/support.js';
import { TcpProxy } from './tcp-proxy.js';

const serverUrl = process.env.TEST_DATABASE_URL;

/**
 * Issue 12 item 4 (R23), against the real PostgreSQL behind a TCP proxy the test cuts and restores (npm run
 * test:outage; CI runs it): while the database is unreachable the API answers 503 DATABASE_UNAVAILABLE with
 * Retry-After instead of a 500 after seconds; the first request after its return succeeds; a call in progress goes
 * on in Asterisk (the fake) and its record is written when the database is back.
 */
describe('a PostgreSQL outage', () => {
  let proxy: TcpProxy;
  let t: Telephony;
  let cookie = '';

  beforeAll(async () => {
    if (!serverUrl) throw new Error('the outage test needs a real PostgreSQL: set TEST_DATABASE_URL (npm run test:outage)');
    const name = `outage_${randomBytes(6).toString('hex')}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const server = new URL(serverUrl);
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
    const url = new URL(serverUrl);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ url: url.toString(), connectTimeoutSeconds: 2 });
    await handle.migrate();
    const database: DatabaseHandle = {
      ...handle,
      close: async () => {
        await handle.close();
        await proxy.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
    t = await startTelephony({ database, env: { DATABASE_CONNECT_TIMEOUT_SECONDS: '2' } });
    await createUser(database.db, { username: 'gs-outage', fullName: 'Giám sát', password: testPassword, role: 'supervisor' });
    const signedIn = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'gs-outage', password: testPassword } });
    cookie = `sid=${signedIn.cookies.find((c) => c.name === 'sid')?.value}`;
  });
  afterAll(async () => {
    proxy?.restore();
    await t?.close();
  });

  const tickets = () => t.app.inject({ url: '/api/tickets', headers: { cookie } });

  it('given a call in the IVR, when the database stops, then requests get 503 DATABASE_UNAVAILABLE with Retry-After, the call goes on to its end in Asterisk, and its record is complete once the database is back', async () => {
    const call = t.fake.placeCall({ from: '0912345678', to: '1022' });
    await menuPlayed(t, call.channelId);
    await waitForStatus(t, call.channelId, 'ivr');

    proxy.cut('reset');
    const refused = await tickets();
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('cơ sở dữ liệu') });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(503);

    // The caller chooses 3 (goodbye) while the database is down: the call is played to its end and hung up.
    await t.fake.sendDtmf(call.channelId, '3');
    await vi.waitFor(() => {
      if (t.fake.state().channels.some((c) => c.id === call.channelId)) throw new Error('call still up');
    }, { timeout: 10_000, interval: 50 });
    expect(t.fake.requests({ method: 'DELETE', path: `/channels/${call.channelId}` }).length).toBeGreaterThan(0);
    expect((await tickets()).statusCode).toBe(503);

    proxy.restore();
    expect((await tickets()).statusCode).toBe(200);
    const row = await callRow(t, call.channelId);
    expect(row).toMatchObject({ status: 'ended', outcome: 'completed' });
    const path = (row?.ivrPath as Array<{ node: string; event: string; digit?: string }>).map((p) => `${p.node}:${p.event}${p.digit ?? ''}`);
    expect(path).toContain('main:digit3');
  });

  it('given a database host that stops answering (connections never complete), then 503 within the connection timeout, and 200 once it answers again', async () => {
    proxy.cut('blackhole');
    // The first request finds its pooled connection gone; the next ones open connections that never complete and
    // give up after DATABASE_CONNECT_TIMEOUT_SECONDS (the driver's own default is 30 s).
    for (let i = 0; i < 2; i++) {
      const refused = await tickets();
      expect(refused.statusCode).toBe(503);
      expect(refused.json().code).toBe('DATABASE_UNAVAILABLE');
    }
    proxy.restore();
    expect((await tickets()).statusCode).toBe(200);
  });
});
