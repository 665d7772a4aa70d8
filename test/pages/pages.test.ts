import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { pagesAreStale } from '../../src/pages/build.js';
import { createTestUser, login, testEnv, type TestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';

/** The pages on the server's origin (issue 13): the app's index for client routes, hashed files cached for a year. */
describe('serving the pages', () => {
  let work: string;
  let distDir: string;
  let database: DatabaseHandle;
  let app: FastifyInstance;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'pages-'));
    distDir = path.join(work, 'dist');
    mkdirSync(path.join(distDir, 'assets'), { recursive: true });
    writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(path.join(distDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    database = await createTestDatabase();
    app = await buildApp({ env: testEnv(), database, logger: false, pages: { distDir } });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('given a client route, then index.html is answered, never cached, under the strict CSP', async () => {
    for (const url of ['/', '/operator', '/operator/tickets?x=1', '/sign-in']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('/assets/index-abc123.js');
    }
    const csp = (await app.inject({ url: '/operator' })).headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
  });

  it('given a hashed file, then it is cached for a year, immutable; an unknown one is 404', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ url: '/assets/nope-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/../index.html' })).statusCode).not.toBe(200);
  });

  it("given the server's own paths or a file name, then they are never shadowed by the app", async () => {
    const api = await app.inject({ url: '/api/khong-co' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    expect((await app.inject({ url: '/api' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok', role: 'leader' }) // the cluster role (issue 17);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/docs/json' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/socket.io/x' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/robots.txt' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/operator' })).statusCode).toBe(404);
  });

  it('given the pages were never built, then the app path answers 503 with what to run, and the API still works', async () => {
    const bare = await buildApp({ env: testEnv(), database, logger: false, pages: { distDir: path.join(work, 'missing') } });
    const response = await bare.inject({ url: '/operator' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run web:build');
    expect((await bare.inject({ url: '/healthz' })).statusCode).toBe(200);
    await bare.close();
  });
});

describe('GET /api/settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ env: testEnv({ BUSINESS_TZ: 'Asia/Bangkok', WRAPUP_SECONDS: '45' }), database, logger: false });
    t = { app, database, close: async () => { await app.close(); await database.close(); } };
    await createTestUser(t, 'dtv1', 'operator');
  });
  afterAll(async () => t?.close());

  it('given no session, then 401; signed in, the time zone and the counts the pages need', async () => {
    expect((await t.app.inject({ url: '/api/settings' })).statusCode).toBe(401);
    const response = await t.app.inject({ url: '/api/settings', headers: { cookie: await login(t, 'dtv1') } });
    expect(response.json()).toEqual({ businessTz: 'Asia/Bangkok', wrapUpSeconds: 45, dueSoonMinutes: 120, transferRingSeconds: 25 });
  });
});

describe('when the pages are stale (build at start)', () => {
  it('given no build, a build older than a source, or than the lockfile, then stale; a newer build, fresh', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'pages-stale-'));
    const location = { webDir: path.join(work, 'web'), distDir: path.join(work, 'web', 'dist') };
    mkdirSync(path.join(location.webDir, 'operator'), { recursive: true });
    mkdirSync(location.distDir, { recursive: true });
    const source = path.join(location.webDir, 'operator', 'index.tsx');
    const built = path.join(location.distDir, 'index.html');
    const lockfile = path.join(work, 'package-lock.json');
    writeFileSync(source, 'x');
    writeFileSync(lockfile, '{}');
    const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
    at(source, 1_000);
    at(lockfile, 1_000);
    expect(pagesAreStale(location, lockfile)).toBe(true);
    writeFileSync(built, '<!doctype html>');
    at(built, 2_000);
    expect(pagesAreStale(location, lockfile)).toBe(false);
    at(source, 3_000);
    expect(pagesAreStale(location, lockfile)).toBe(true);
    at(source, 1_000);
    at(lockfile, 3_000);
    expect(pagesAreStale(location, lockfile)).toBe(true);
    // What is in dist itself never makes it stale.
    at(lockfile, 1_000);
    writeFileSync(path.join(location.distDir, 'later.js'), '');
    expect(pagesAreStale(location, lockfile)).toBe(false);
    rmSync(work, { recursive: true, force: true });
  });
});
