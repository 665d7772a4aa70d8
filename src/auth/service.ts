import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { users } from '../db/schema/index.js';
import { recordAudit } from '../audit/service.js';
import { DomainError } from '../web/errors.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

export interface LoginPolicy {
  maxFailures: number;
  lockMinutes: number;
  sessionTtlHours: number;
}

const invalidCredentials = () =>
  new DomainError(401, 'INVALID_CREDENTIALS', 'Sai tên đăng nhập hoặc mật khẩu');

const lockedMessage = (until: Date) =>
  `Tài khoản tạm khoá do đăng nhập sai nhiều lần, thử lại sau ${until.toISOString()} hoặc liên hệ quản trị viên`;

/**
 * Password login with lockout: after maxFailures wrong passwords in a row the account is locked for
 * lockMinutes; while locked, no password is checked at all.
 */
export async function login(
  db: Executor,
  policy: LoginPolicy,
  attempt: { username: string; password: string; ip: string },
) {
  const username = attempt.username.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  if (!user) {
    await verifyAgainstDummy(attempt.password);
    await recordAudit(db, { actor: null, action: 'auth.login_failed', ip: attempt.ip, details: { username, reason: 'unknown_user' } });
    throw invalidCredentials();
  }
  const actor = { id: user.id, username: user.username, role: user.role };
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAudit(db, { actor, action: 'auth.login_refused', entityType: 'user', entityId: user.id, ip: attempt.ip, details: { reason: 'locked' } });
    throw new DomainError(423, 'ACCOUNT_LOCKED', lockedMessage(user.lockedUntil));
  }
  const passwordOk = await verifyPassword(user.passwordHash, attempt.password);
  if (!passwordOk || !user.active) {
    if (!passwordOk) await registerFailure(db, policy, user.id, actor, attempt.ip);
    else await recordAudit(db, { actor, action: 'auth.login_refused', entityType: 'user', entityId: user.id, ip: attempt.ip, details: { reason: 'disabled' } });
    throw invalidCredentials();
  }
  await db.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
  const session = await createSession(db, user.id, policy.sessionTtlHours);
  await recordAudit(db, { actor, action: 'auth.login', entityType: 'user', entityId: user.id, ip: attempt.ip });
  return { user, ...session };
}

async function registerFailure(
  db: Executor,
  policy: LoginPolicy,
  userId: string,
  actor: { id: string; username: string; role: string },
  ip: string,
) {
  const lockUntil = new Date(Date.now() + policy.lockMinutes * 60_000);
  const [row] = await db
    .update(users)
    .set({
      failedLoginCount: sql`${users.failedLoginCount} + 1`,
      lockedUntil: sql`CASE WHEN ${users.failedLoginCount} + 1 >= ${policy.maxFailures} THEN ${lockUntil.toISOString()}::timestamptz ELSE NULL END`,
    })
    .where(eq(users.id, userId))
    .returning({ failures: users.failedLoginCount, lockedUntil: users.lockedUntil });
  await recordAudit(db, { actor, action: 'auth.login_failed', entityType: 'user', entityId: userId, ip, details: { reason: 'wrong_password', failures: row?.failures } });
  if (row?.lockedUntil) {
    await db.update(users).set({ failedLoginCount: 0 }).where(eq(users.id, userId));
    await recordAudit(db, { actor, action: 'auth.locked', entityType: 'user', entityId: userId, ip, details: { until: row.lockedUntil.toISOString() } });
  }
}

export async function changePassword(db: Executor, userId: string, currentPassword: string, newPassword: string) {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new DomainError(400, 'CURRENT_PASSWORD_INCORRECT', 'Mật khẩu hiện tại không đúng');
  }
  if (currentPassword === newPassword) {
    throw new DomainError(400, 'PASSWORD_UNCHANGED', 'Mật khẩu mới phải khác mật khẩu hiện tại');
  }
  await setPassword(db, userId, newPassword);
}

export async function setPassword(db: Executor, userId: string, password: string) {
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), passwordChangedAt: new Date(), updatedAt: new Date() })
    .where(eq(users.id, userId));
}
