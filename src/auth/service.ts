import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { loginLockouts, users } from '../db/schema/index.js';
import { recordAudit } from '../audit/service.js';
import { DomainError } from '../web/errors.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { clientAddressKey } from './client-address.js';
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
 * Password login with lockout per account and client address (issue 12): after maxFailures wrong passwords in a row
 * from one address, that address is locked out of the account for lockMinutes — no password from it is checked at
 * all — while the account's owner, from an address that has not failed, still signs in. Anyone could otherwise lock
 * any account, the admins' included, with a few wrong passwords. Guessing from many addresses is slowed by the
 * per-address rate limit and argon2's cost.
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
  const address = clientAddressKey(attempt.ip);
  const ofThisAddress = and(eq(loginLockouts.userId, user.id), eq(loginLockouts.clientAddress, address));
  const [lockout] = await db.select().from(loginLockouts).where(ofThisAddress);
  if (lockout?.lockedUntil && lockout.lockedUntil > now) {
    await recordAudit(db, { actor, action: 'auth.login_refused', entityType: 'user', entityId: user.id, ip: attempt.ip, details: { reason: 'locked' } });
    throw new DomainError(423, 'ACCOUNT_LOCKED', lockedMessage(lockout.lockedUntil));
  }
  const passwordOk = await verifyPassword(user.passwordHash, attempt.password);
  if (!passwordOk || !user.active) {
    if (!passwordOk) await registerFailure(db, policy, user.id, address, actor, attempt.ip);
    else await recordAudit(db, { actor, action: 'auth.login_refused', entityType: 'user', entityId: user.id, ip: attempt.ip, details: { reason: 'disabled' } });
    throw invalidCredentials();
  }
  if (lockout) await db.delete(loginLockouts).where(ofThisAddress);
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  const session = await createSession(db, user.id, policy.sessionTtlHours);
  await recordAudit(db, { actor, action: 'auth.login', entityType: 'user', entityId: user.id, ip: attempt.ip });
  return { user, ...session };
}

async function registerFailure(
  db: Executor,
  policy: LoginPolicy,
  userId: string,
  address: string,
  actor: { id: string; username: string; role: string },
  ip: string,
) {
  const now = new Date();
  const lockUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
  // A run of failures ends after a quiet lock period: an old mistake does not count towards today's lockout.
  const quietSince = new Date(now.getTime() - policy.lockMinutes * 60_000);
  const failures = sql`CASE WHEN ${loginLockouts.lastFailureAt} < ${quietSince.toISOString()}::timestamptz THEN 1 ELSE ${loginLockouts.failures} + 1 END`;
  const [row] = await db
    .insert(loginLockouts)
    .values({ userId, clientAddress: address, failures: 1, lastFailureAt: now, lockedUntil: policy.maxFailures <= 1 ? lockUntil : null })
    .onConflictDoUpdate({
      target: [loginLockouts.userId, loginLockouts.clientAddress],
      set: {
        failures,
        lastFailureAt: now,
        lockedUntil: sql`CASE WHEN ${failures} >= ${policy.maxFailures} THEN ${lockUntil.toISOString()}::timestamptz ELSE NULL END`,
      },
    })
    .returning({ failures: loginLockouts.failures, lockedUntil: loginLockouts.lockedUntil });
  await recordAudit(db, { actor, action: 'auth.login_failed', entityType: 'user', entityId: userId, ip, details: { reason: 'wrong_password', failures: row?.failures } });
  if (row?.lockedUntil) {
    await db.update(loginLockouts).set({ failures: 0 }).where(and(eq(loginLockouts.userId, userId), eq(loginLockouts.clientAddress, address)));
    await db.update(users).set({ lockedUntil: row.lockedUntil }).where(eq(users.id, userId));
    await recordAudit(db, { actor, action: 'auth.locked', entityType: 'user', entityId: userId, ip, details: { until: row.lockedUntil.toISOString() } });
  }
}

/** Lifts every lockout of the account (an admin's unlock). */
export async function unlockAccount(db: Executor, userId: string): Promise<void> {
  await db.delete(loginLockouts).where(eq(loginLockouts.userId, userId));
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
