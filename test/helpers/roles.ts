import type { LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Role } from '../../src/auth/roles.js';
import { auditLog } from '../../src/db/schema/index.js';
import { createAgency, createTestUser, login, type TestApp } from './app.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Staff {
  /** Signed-in cookies, one account per role; the agency officer belongs to `agencyId`. */
  cookies: Record<Role, string>;
  agencyId: string;
  /** Calls the app as `role` (null: not signed in). */
  as(role: Role | null, method: Method, url: string, payload?: object): Promise<LightMyRequestResponse>;
  /** The audit rows of an entity, oldest first. */
  audits(entityId: string): Promise<Array<typeof auditLog.$inferSelect>>;
}

/** One signed-in account per role (prefix keeps user names unique within a test file). */
export async function signInStaff(t: TestApp, prefix = 'cfg'): Promise<Staff> {
  const agency = await createAgency(t, `${prefix}-agency`);
  const cookies = {} as Record<Role, string>;
  for (const role of ['admin', 'supervisor', 'operator', 'agency_officer'] as const) {
    const name = `${prefix}-${role.replace('_', '-')}`;
    await createTestUser(t, name, role, role === 'agency_officer' ? agency.id : undefined);
    cookies[role] = await login(t, name);
  }
  return {
    cookies,
    agencyId: agency.id,
    as: (role, method, url, payload) =>
      t.app.inject({ method, url, ...(role ? { headers: { cookie: cookies[role] } } : {}), ...(payload ? { payload } : {}) }),
    audits: async (entityId) => (await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId))).sort((a, b) => a.at.getTime() - b.at.getTime()),
  };
}
