import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildApp } from '../../src/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { testEnv } from '../helpers/app.js';

describe('server basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('given the process is up, then /healthz answers 200', async () => {
    const response = await t.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', role: 'leader' }); // one instance on PGlite leads (issue 17)
  });

  it('given no ARI configured, then /readyz is ready with the database and reports Asterisk as not configured', async () => {
    const response = await t.app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ready', database: { ok: true }, ari: { state: 'not_configured' }, cluster: { role: 'leader', clustered: false } });
  });

  it('given the OpenAPI document, then every API route is in it with its responses', async () => {
    const response = await t.app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/tickets/{id}', '/readyz']));
    expect(doc.paths['/api/auth/login'].post.responses).toHaveProperty('423');
  });

  it('given any answer, then security headers are set and CORS is off', async () => {
    const response = await t.app.inject({ url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('given an unknown path, then 404 with a message', async () => {
    const response = await t.app.inject({ url: '/api/khong-co?phone=0912345678' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    expect(response.body).not.toContain('0912345678');
  });
});

describe('readiness when the database is gone', () => {
  it('given the database closed under the app, then /readyz answers 503 not_ready', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ env: testEnv(), database, logger: false });
    await database.close();
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'not_ready', database: { ok: false } });
    await app.close();
  });
});

describe('first start', () => {
  it('given ADMIN_USERNAME and ADMIN_PASSWORD, then that admin can sign in; a second start does not change it', async () => {
    const database = await createTestDatabase();
    const env = testEnv({ ADMIN_USERNAME: 'bootstrap', ADMIN_PASSWORD: 'mat-khau-ban-dau' });
    const first = await buildApp({ env, database, logger: false });
    const ok = await first.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bootstrap', password: 'mat-khau-ban-dau' } });
    expect(ok.statusCode).toBe(200);
    await first.close();
    const second = await buildApp({ env: testEnv({ ADMIN_USERNAME: 'bootstrap', ADMIN_PASSWORD: 'mot-mat-khau-khac' }), database, logger: false });
    const old = await second.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bootstrap', password: 'mat-khau-ban-dau' } });
    expect(old.statusCode).toBe(200);
    await second.close();
    await database.close();
  }, 90_000); // a fresh database and two app starts with argon2 hashing: slow on a loaded 2-core machine
});
