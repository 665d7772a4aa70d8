import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

describe('the audit log records logins and every change (R22)', () => {
  let t: TestApp;
  let admin = '';
  beforeAll(async () => {
    t = await startTestApp();
    await createTestUser(t, 'quantri', 'admin');
    admin = await login(t, 'quantri');
  });
  afterAll(() => t.close());

  const latest = async () => (await t.database.db.select().from(auditLog).orderBy(desc(auditLog.at)).limit(1))[0];

  it('given a login, then auth.login is recorded with the actor', async () => {
    await login(t, 'quantri');
    expect(await latest()).toMatchObject({ action: 'auth.login', actorUsername: 'quantri', actorRole: 'admin' });
  });

  it('given an account created, then user.create is recorded without the password', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { username: 'dtv1', fullName: 'ĐTV 1', password: 'mot-mat-khau-dai', role: 'operator' } });
    expect(response.statusCode).toBe(201);
    const entry = await latest();
    expect(entry).toMatchObject({ action: 'user.create', entityType: 'user', entityId: response.json().id, actorUsername: 'quantri' });
    expect(JSON.stringify(entry)).not.toContain('mot-mat-khau-dai');
  });

  it('given an agency changed, then agency.update names the changed fields with their values before and after (configuration, R24: issue 14)', async () => {
    const agency = await createAgency(t, 'so-tttt');
    await t.app.inject({ method: 'PATCH', url: `/api/agencies/${agency.id}`, headers: { cookie: admin }, payload: { hotline: '02513111111', handlesUnclearJurisdiction: true } });
    const entry = await latest();
    expect(entry).toMatchObject({
      action: 'agency.update',
      entityId: agency.id,
      details: { fields: ['hotline', 'handlesUnclearJurisdiction'], before: { hotline: '02513000000', handlesUnclearJurisdiction: false }, after: { hotline: '02513111111', handlesUnclearJurisdiction: true } },
    });
  });

  it('given the audit API, then admins filter it by action and newest come first', async () => {
    const response = await t.app.inject({ url: '/api/audit?action=auth.login&limit=5', headers: { cookie: admin } });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Array<{ action: string; at: string }>;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((i) => i.action === 'auth.login')).toBe(true);
    expect(items[0]!.at >= items[1]!.at).toBe(true);
    expect((await t.app.inject({ url: '/api/audit?from=yesterday', headers: { cookie: admin } })).statusCode).toBe(400);
  });
});
