import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { sessions, users } from '../db/schema/index.js';
import type { Principal } from './roles.js';

export const sessionCookie = 'sid';

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const touchAfterMs = 5 * 60_000;

export async function createSession(db: Executor, userId: string, ttlHours: number) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.insert(sessions).values({ tokenHash: hashToken(token), userId, expiresAt });
  return { token, expiresAt };
}

/** The principal behind a session token, or null when the token is unknown, expired or the user disabled. */
export async function findPrincipal(db: Executor, token: string): Promise<Principal | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      id: users.id,
      username: users.username,
      fullName: users.fullName,
      role: users.role,
      agencyId: users.agencyId,
      active: users.active,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date())))
    .limit(1);
  if (!row || !row.active) return null;
  if (Date.now() - row.lastSeenAt.getTime() > touchAfterMs) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, row.sessionId));
  }
  const { lastSeenAt: _seen, active: _active, ...principal } = row;
  return principal;
}

export async function revokeSession(db: Executor, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs the user out everywhere, except optionally the session in use. */
export async function revokeUserSessions(db: Executor, userId: string, keepSessionId?: string) {
  await db
    .delete(sessions)
    .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Executor) {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
