import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Env } from '../config/env.js';
import type { Executor } from '../db/client.js';
import { users } from '../db/schema/index.js';
import { recordAudit } from '../audit/service.js';
import { createUser } from '../users/service.js';

/**
 * First start: creates the admin named by ADMIN_USERNAME / ADMIN_PASSWORD when no such account exists.
 * An existing account is never changed (its password may have been changed since).
 */
export async function ensureAdmin(db: Executor, env: Pick<Env, 'ADMIN_USERNAME' | 'ADMIN_PASSWORD' | 'NODE_ENV'>, log: FastifyBaseLogger) {
  if (!env.ADMIN_USERNAME || !env.ADMIN_PASSWORD) {
    const [anyAdmin] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
    if (anyAdmin) return;
    if (env.NODE_ENV === 'production') {
      log.warn('no admin account yet: set ADMIN_USERNAME and ADMIN_PASSWORD, or run `npm run create-admin`');
      return;
    }
    // A first local trial: an admin with a one-time random password, shown once. Change it after signing in.
    const password = randomBytes(12).toString('base64url');
    const admin = await createUser(db, { username: 'admin', fullName: 'Quản trị hệ thống', password, role: 'admin' });
    await recordAudit(db, { actor: null, action: 'user.create', entityType: 'user', entityId: admin.id, details: { role: 'admin', source: 'first_start' } });
    log.warn({ username: 'admin', initialPassword: password }, 'first start: admin account created with this one-time password; change it after signing in');
    return;
  }
  const username = env.ADMIN_USERNAME.toLowerCase();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  if (existing) return;
  const admin = await createUser(db, { username, fullName: 'Quản trị hệ thống', password: env.ADMIN_PASSWORD, role: 'admin' });
  await recordAudit(db, { actor: null, action: 'user.create', entityType: 'user', entityId: admin.id, details: { role: 'admin', source: 'ADMIN_USERNAME' } });
  log.info({ username }, 'admin account created from ADMIN_USERNAME');
}
