import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import { accessPlugin } from '../../src/auth/access-plugin.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

/** Each role is refused where it does not belong (R22: least privilege). */
describe('who may call what', () => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  let agencyId = '';
  let otherAgencyId = '';

  beforeAll(async () => {
    t = await startTestApp();
    const agency = await createAgency(t, 'so-y-te');
    const other = await createAgency(t, 'so-gtvt');
    agencyId = agency.id;
    otherAgencyId = other.id;
    await createTestUser(t, 'quantri', 'admin');
    await createTestUser(t, 'giamsat', 'supervisor');
    await createTestUser(t, 'dtv', 'operator');
    await createTestUser(t, 'daumoi', 'agency_officer', agencyId);
    for (const [role, name] of [['admin', 'quantri'], ['supervisor', 'giamsat'], ['operator', 'dtv'], ['agency_officer', 'daumoi']] as const) {
      cookies[role] = await login(t, name);
    }
  });
  afterAll(() => t.close());

  const newUser = { username: 'moi', fullName: 'Mới', password: 'mot-mat-khau-dai', role: 'operator' };
  const cases: Array<{ what: string; method: 'GET' | 'POST' | 'PATCH'; url: () => string; payload?: () => object; allowed: Role[] }> = [
    { what: 'list accounts', method: 'GET', url: () => '/api/users', allowed: ['admin', 'supervisor'] },
    { what: 'create an account', method: 'POST', url: () => '/api/users', payload: () => newUser, allowed: ['admin'] },
    { what: 'read the audit log', method: 'GET', url: () => '/api/audit', allowed: ['admin', 'supervisor'] },
    { what: 'create an agency', method: 'POST', url: () => '/api/agencies', payload: () => ({ code: 'so-moi', name: 'Sở mới', kind: 'department' }), allowed: ['admin'] },
    { what: 'create a field', method: 'POST', url: () => '/api/fields', payload: () => ({ code: 'linh-vuc-moi', name: 'Lĩnh vực mới' }), allowed: ['admin'] },
    { what: 'list fields', method: 'GET', url: () => '/api/fields', allowed: ['admin', 'supervisor', 'operator', 'agency_officer'] },
    { what: 'list tickets', method: 'GET', url: () => '/api/tickets', allowed: ['admin', 'supervisor', 'operator', 'agency_officer'] },
    { what: "change another agency's hotline", method: 'PATCH', url: () => `/api/agencies/${otherAgencyId}`, payload: () => ({ hotline: '02513999999' }), allowed: ['admin'] },
  ];
  const roles: Role[] = ['admin', 'supervisor', 'operator', 'agency_officer'];

  for (const c of cases) {
    for (const role of roles) {
      const allowed = c.allowed.includes(role);
      it(`given a ${role}, when they ${c.what}, then ${allowed ? 'it is allowed' : '403'}`, async () => {
        const response = await t.app.inject({ method: c.method, url: c.url(), headers: { cookie: cookies[role] }, ...(c.payload ? { payload: { ...c.payload(), ...(c.method === 'POST' && 'username' in c.payload() ? { username: `moi${role.replace('_', '')}` } : {}), ...(c.method === 'POST' && 'code' in c.payload() ? { code: `${(c.payload() as { code: string }).code}-${role.replace('_', '-')}` } : {}) } } : {}) });
        if (allowed) expect(response.statusCode, response.body).toBeLessThan(300);
        else {
          expect(response.statusCode).toBe(403);
          expect(response.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        }
      });
    }
    it(`given nobody signed in, when they ${c.what}, then 401`, async () => {
      const response = await t.app.inject({ method: c.method, url: c.url(), ...(c.payload ? { payload: c.payload() } : {}) });
      expect(response.statusCode).toBe(401);
    });
  }

  it('given an agency officer, when they list agencies, then they see only their own', async () => {
    const response = await t.app.inject({ url: '/api/agencies', headers: { cookie: cookies.agency_officer } });
    expect(response.json().map((a: { id: string }) => a.id)).toEqual([agencyId]);
    expect((await t.app.inject({ url: `/api/agencies/${otherAgencyId}`, headers: { cookie: cookies.agency_officer } })).statusCode).toBe(403);
  });

  it('given an agency officer, when they update their own hotline (R24), then it changes; their agency name they cannot change', async () => {
    const own = await t.app.inject({ method: 'PATCH', url: `/api/agencies/${agencyId}`, headers: { cookie: cookies.agency_officer }, payload: { hotline: '0251 3822 222' } });
    expect(own.statusCode).toBe(200);
    expect(own.json().hotline).toBe('0251 3822 222');
    const rename = await t.app.inject({ method: 'PATCH', url: `/api/agencies/${agencyId}`, headers: { cookie: cookies.agency_officer }, payload: { name: 'Tên khác' } });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().code).toBe('FIELD_NOT_EDITABLE');
  });

  it('given a route that declares no access, then the server refuses to start', async () => {
    const app = Fastify();
    app.decorate('db', t.database.db);
    await app.register(cookie);
    await app.register(fp(async () => undefined, { name: 'database' }));
    await app.register(accessPlugin);
    const register = async () => {
      app.get('/open-by-mistake', async () => 'oops');
      await app.ready();
    };
    await expect(register()).rejects.toThrow(/does not declare who may call it/);
  });
});

describe('account administration input', () => {
  let t: TestApp;
  let admin = '';
  let adminId = '';
  beforeAll(async () => {
    t = await startTestApp();
    adminId = (await createTestUser(t, 'quantri', 'admin')).id;
    admin = await login(t, 'quantri');
  });
  afterAll(() => t.close());

  const create = (payload: object) => t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload });

  it('given an agency officer without an agency, then 400 AGENCY_REQUIRED', async () => {
    const response = await create({ username: 'daumoi1', fullName: 'Đầu mối', password: 'mot-mat-khau-dai', role: 'agency_officer' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('AGENCY_REQUIRED');
  });

  it('given an operator bound to an agency, then 400 AGENCY_NOT_ALLOWED', async () => {
    const agency = await createAgency(t, 'bhxh');
    const response = await create({ username: 'dtv9', fullName: 'ĐTV', password: 'mot-mat-khau-dai', role: 'operator', agencyId: agency.id });
    expect(response.json().code).toBe('AGENCY_NOT_ALLOWED');
  });

  it('given an unknown agency, then 400 UNKNOWN_AGENCY', async () => {
    const response = await create({ username: 'daumoi2', fullName: 'Đầu mối', password: 'mot-mat-khau-dai', role: 'agency_officer', agencyId: '00000000-0000-4000-8000-000000000000' });
    expect(response.json().code).toBe('UNKNOWN_AGENCY');
  });

  it('given a username already taken, then 409', async () => {
    const response = await create({ username: 'quantri', fullName: 'Trùng', password: 'mot-mat-khau-dai', role: 'operator' });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('USERNAME_TAKEN');
  });

  it('given a bad role, a short password or an unknown property, then 400', async () => {
    expect((await create({ username: 'x1', fullName: 'X', password: 'mot-mat-khau-dai', role: 'root' })).statusCode).toBe(400);
    expect((await create({ username: 'x2', fullName: 'X', password: 'ngan', role: 'operator' })).statusCode).toBe(400);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/users/${adminId}`, headers: { cookie: admin }, payload: { passwordHash: 'x' } });
    expect(patch.statusCode).toBe(400);
  });

  it('given an admin, when they disable or demote themselves, then 403', async () => {
    const response = await t.app.inject({ method: 'PATCH', url: `/api/users/${adminId}`, headers: { cookie: admin }, payload: { role: 'operator' } });
    expect(response.statusCode).toBe(403);
  });

  it('given an id that is not a UUID or does not exist, then 400 / 404', async () => {
    expect((await t.app.inject({ url: '/api/users/abc', headers: { cookie: admin } })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/users/00000000-0000-4000-8000-000000000000', headers: { cookie: admin } })).statusCode).toBe(404);
  });
});
