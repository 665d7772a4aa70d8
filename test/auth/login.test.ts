import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.js';
import { createTestUser, login, startTestApp, testPassword, type TestApp } from '../helpers/app.js';

describe('signing in (R22)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    await createTestUser(t, 'dtv01', 'operator');
    await createTestUser(t, 'dtv02', 'operator');
    await createTestUser(t, 'dtv03', 'operator');
  });
  afterAll(() => t.close());

  const attempt = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object });

  it('given the right password, then a session cookie is set (HttpOnly, SameSite) and /me answers', async () => {
    const response = await attempt({ username: 'DTV01', password: testPassword });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ username: 'dtv01', role: 'operator' });
    expect(response.json().user.passwordHash).toBeUndefined();
    const cookie = response.cookies.find((c) => c.name === 'sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: `sid=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('dtv01');
  });

  it('given a wrong password or an unknown user, then 401 with the same message', async () => {
    const wrong = await attempt({ username: 'dtv02', password: 'sai-mat-khau' });
    const unknown = await attempt({ username: 'khong-co', password: 'sai-mat-khau' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: expect.stringContaining('Sai') });
  });

  it.each([
    [{}, 'username'],
    [{ username: 'dtv01' }, 'password'],
    [{ password: 'x' }, 'username'],
    [{ username: '', password: 'x' }, 'username'],
  ])('given missing fields %j, then 400 naming %s', async (payload, field) => {
    const response = await attempt(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(field) });
  });

  it('given a username or password holding a lone surrogate (not Unicode text), then 400 INVALID_CHARACTERS, not 500 (issue 12, seen by the fuzz test)', async () => {
    for (const payload of [{ username: '\uD800', password: testPassword }, { username: 'dtv01', password: 'a\uDFFFb' }, { username: 'x\uDC00\uD800', password: testPassword }]) {
      const response = await attempt(payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().code).toBe('INVALID_CHARACTERS');
    }
    // A character outside the Basic Multilingual Plane (a surrogate pair) is text like any other: 401, not 400.
    expect((await attempt({ username: 'dtv01\u{1F600}', password: testPassword })).statusCode).toBe(401);
  });

  it('given a body that is not JSON, then 400, not 500', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{nope' });
    expect(response.statusCode).toBe(400);
  });

  // Issue 12 item 5: the lock is per account *and* client address, so five wrong passwords from anywhere no longer
  // lock anyone out (the admins included) for 15 minutes.
  const from = (remoteAddress: string) => (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object, remoteAddress });

  it('given repeated wrong passwords from one address, then that address is locked out of the account, even with the right password (423)', async () => {
    const attacker = from('203.0.113.7');
    for (let i = 0; i < 3; i++) expect((await attacker({ username: 'dtv03', password: 'sai' })).statusCode).toBe(401);
    const locked = await attacker({ username: 'dtv03', password: testPassword });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.locked'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ip: '203.0.113.7', entityType: 'user' });
  });

  it('given an account locked out from one address, when its owner signs in from an address that has not failed, then 200', async () => {
    expect((await from('198.51.100.20')({ username: 'dtv03', password: testPassword })).statusCode).toBe(200);
    // The attacker's address is still locked out.
    expect((await from('203.0.113.7')({ username: 'dtv03', password: testPassword })).statusCode).toBe(423);
  });

  it('given wrong passwords from several addresses, then each address counts its own failures', async () => {
    for (const address of ['192.0.2.1', '192.0.2.2']) {
      for (let i = 0; i < 2; i++) expect((await from(address)({ username: 'dtv02', password: 'sai' })).statusCode).toBe(401);
    }
    expect((await from('192.0.2.1')({ username: 'dtv02', password: testPassword })).statusCode).toBe(200);
    // A success from an address clears that address's failures only: the other one's third failure locks it out.
    expect((await from('192.0.2.2')({ username: 'dtv02', password: 'sai' })).statusCode).toBe(401);
    expect((await from('192.0.2.2')({ username: 'dtv02', password: testPassword })).statusCode).toBe(423);
    expect((await from('192.0.2.1')({ username: 'dtv02', password: 'sai' })).statusCode).toBe(401);
  });

  it('given IPv6 addresses of one /64 network, then they count as one address (an attacker holds the whole /64)', async () => {
    await createTestUser(t, 'dtv06', 'operator');
    for (let i = 1; i <= 3; i++) expect((await from(`2001:db8:1:2::${i}`)({ username: 'dtv06', password: 'sai' })).statusCode).toBe(401);
    expect((await from('2001:db8:1:2::99')({ username: 'dtv06', password: testPassword })).statusCode).toBe(423);
    expect((await from('2001:db8:1:3::1')({ username: 'dtv06', password: testPassword })).statusCode).toBe(200);
  });

  it('given a locked account, when an admin unlocks it, then the user signs in again from the locked-out address', async () => {
    await createTestUser(t, 'quantri', 'admin');
    const admin = await login(t, 'quantri');
    const [target] = (await t.app.inject({ url: '/api/users?role=operator', headers: { cookie: admin } })).json().filter((u: { username: string }) => u.username === 'dtv03');
    expect(target.lockedUntil).not.toBeNull();
    const unlock = await t.app.inject({ method: 'POST', url: `/api/users/${target.id}/unlock`, headers: { cookie: admin } });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().lockedUntil).toBeNull();
    expect((await from('203.0.113.7')({ username: 'dtv03', password: testPassword })).statusCode).toBe(200);
  });

  it('given a disabled account, then it cannot sign in and its sessions stop working', async () => {
    const user = await createTestUser(t, 'nghiviec', 'operator');
    const cookie = await login(t, 'nghiviec');
    const admin = await login(t, 'quantri');
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: { cookie: admin }, payload: { active: false } });
    expect(patch.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await attempt({ username: 'nghiviec', password: testPassword })).statusCode).toBe(401);
  });

  it('given a session, when the user logs out, then the cookie no longer works', async () => {
    const cookie = await login(t, 'dtv01');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('given a forged or missing cookie, then 401', async () => {
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: 'sid=forged' } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('given a password change, then a wrong current password is 400, a short one 400, and success signs out other sessions', async () => {
    const user = await createTestUser(t, 'doimatkhau', 'supervisor');
    expect(user.role).toBe('supervisor');
    const first = await login(t, 'doimatkhau');
    const second = await login(t, 'doimatkhau');
    const change = (payload: object) => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: first }, payload });
    expect((await change({ currentPassword: 'sai', newPassword: 'mot-mat-khau-moi' })).json().code).toBe('CURRENT_PASSWORD_INCORRECT');
    expect((await change({ currentPassword: testPassword, newPassword: 'ngan' })).statusCode).toBe(400);
    expect((await change({ currentPassword: testPassword, newPassword: 'mot-mat-khau-moi' })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: first } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: second } })).statusCode).toBe(401);
    expect((await attempt({ username: 'doimatkhau', password: 'mot-mat-khau-moi' })).statusCode).toBe(200);
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('given more attempts than allowed in a minute from one address, then 429 with a message', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y' } })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y' } });
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  });
});
