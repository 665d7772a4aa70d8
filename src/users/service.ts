import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { agencies, users } from '../db/schema/index.js';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';
import { badRequest, conflict, notFound } from '../web/errors.js';

export interface NewUser {
  username: string;
  fullName: string;
  password: string;
  role: Role;
  agencyId?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

/** An agency officer belongs to exactly one agency; nobody else belongs to one. */
async function checkAgencyBinding(db: Executor, role: Role, agencyId: string | null | undefined) {
  if (role === 'agency_officer') {
    if (!agencyId) throw badRequest('AGENCY_REQUIRED', 'Cán bộ đầu mối phải thuộc một đơn vị (agencyId)');
    const [agency] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, agencyId));
    if (!agency) throw badRequest('UNKNOWN_AGENCY', 'Đơn vị không tồn tại');
  } else if (agencyId) {
    throw badRequest('AGENCY_NOT_ALLOWED', 'Chỉ cán bộ đầu mối mới gắn với một đơn vị');
  }
}

export async function createUser(db: Executor, input: NewUser) {
  const username = input.username.toLowerCase();
  await checkAgencyBinding(db, input.role, input.agencyId);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (existing) throw conflict('USERNAME_TAKEN', `Tên đăng nhập ${username} đã được dùng`);
  const [user] = await db
    .insert(users)
    .values({
      username,
      fullName: input.fullName,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      agencyId: input.role === 'agency_officer' ? (input.agencyId ?? null) : null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      passwordChangedAt: new Date(),
    })
    .returning();
  if (!user) throw new Error('insert returned no row');
  return user;
}

export interface UserPatch {
  fullName?: string | undefined;
  role?: Role | undefined;
  agencyId?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  active?: boolean | undefined;
}

export async function updateUser(db: Executor, id: string, patch: UserPatch) {
  const [current] = await db.select().from(users).where(eq(users.id, id));
  if (!current) throw notFound('người dùng');
  const role = patch.role ?? current.role;
  const agencyId = patch.agencyId !== undefined ? patch.agencyId : role === 'agency_officer' ? current.agencyId : null;
  await checkAgencyBinding(db, role, agencyId);
  const [user] = await db
    .update(users)
    .set({ ...patch, role, agencyId, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  if (!user) throw notFound('người dùng');
  return user;
}

export async function getUser(db: Executor, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound('người dùng');
  return user;
}
