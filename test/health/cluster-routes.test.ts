import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { signInStaff, type Staff } from '../helpers/roles.js';

/**
 * Issue 17 on one instance (PGlite, or PostgreSQL passed in by tests): it leads, and the cluster routes say so and
 * refuse a handover with no standby. The two-process behaviour is test/cluster (npm run test:cluster).
 */
describe('cluster routes on a single instance', () => {
  let t: TestApp;
  let staff: Staff;
  beforeAll(async () => {
    t = await startTestApp();
    staff = await signInStaff(t, 'clu');
  });
  afterAll(() => t.close());

  it('given one instance, when an admin or a supervisor asks, then it is the leader running the duties it has', async () => {
    for (const role of ['admin', 'supervisor'] as const) {
      const response = await staff.as(role, 'GET', '/api/cluster');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ role: 'leader', clustered: false, leaderUrl: null });
      expect(response.json().duties).toContain('acd');
    }
  });

  it('given one instance, when an admin asks for a handover, then 409 NOT_CLUSTERED; other roles get 403, nobody signed in 401', async () => {
    const refused = await staff.as('admin', 'POST', '/api/cluster/handover');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'NOT_CLUSTERED' });
    for (const role of ['supervisor', 'operator', 'agency_officer'] as const) {
      expect((await staff.as(role, 'POST', '/api/cluster/handover')).statusCode).toBe(403);
    }
    expect((await staff.as('operator', 'GET', '/api/cluster')).statusCode).toBe(403);
    expect((await staff.as(null, 'GET', '/api/cluster')).statusCode).toBe(401);
  });
});
