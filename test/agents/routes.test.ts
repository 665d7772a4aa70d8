import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';

describe('operators API', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let operator: string;
  let operatorId = '';
  beforeAll(async () => {
    t = await startTestApp();
    await createTestUser(t, 'qt', 'admin');
    await createTestUser(t, 'gs', 'supervisor');
    operatorId = (await createTestUser(t, 'dtv', 'operator')).id;
    [admin, supervisor, operator] = [await login(t, 'qt'), await login(t, 'gs'), await login(t, 'dtv')];
  });
  afterAll(async () => t?.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it('given an operator without a phone, when an admin binds one, then the operator can log in, pause with a reason, resume and log out, and supervisors see each state', async () => {
    expect((await call('POST', '/api/agents/me/login', operator)).json()).toMatchObject({ code: 'NO_PHONE' });
    expect((await call('PUT', `/api/agents/${operatorId}/endpoint`, operator, { endpoint: 'PJSIP/op101' })).statusCode).toBe(403);
    expect((await call('PUT', `/api/agents/${operatorId}/endpoint`, admin, { endpoint: 'not a phone' })).statusCode).toBe(400);
    const bound = await call('PUT', `/api/agents/${operatorId}/endpoint`, admin, { endpoint: 'PJSIP/op101', kind: 'ip_phone' });
    expect(bound.json()).toMatchObject({ userId: operatorId, state: 'offline', endpoint: 'PJSIP/op101' });
    expect((await call('POST', '/api/agents/me/login', operator)).json()).toMatchObject({ state: 'available' });
    expect((await call('POST', '/api/agents/me/pause', operator, { reason: 'họp' })).json()).toMatchObject({ state: 'paused', reason: 'họp' });
    const seen = (await call('GET', '/api/agents', supervisor)).json() as Array<{ userId: string; state: string }>;
    expect(seen).toContainEqual(expect.objectContaining({ userId: operatorId, state: 'paused', reason: 'họp' }));
    expect((await call('GET', '/api/agents', operator)).statusCode).toBe(403);
    expect((await call('POST', '/api/agents/me/resume', operator)).json()).toMatchObject({ state: 'available' });
    expect((await call('POST', '/api/agents/me/resume', operator)).json()).toMatchObject({ code: 'AGENT_STATE' });
    expect((await call('POST', '/api/agents/me/logout', operator)).json()).toMatchObject({ state: 'offline' });
    expect((await call('GET', '/api/agents/me', operator)).json()).toMatchObject({ state: 'offline', endpoint: 'PJSIP/op101' });
  });
});
