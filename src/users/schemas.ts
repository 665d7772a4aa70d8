import { Type, type Static } from 'typebox';
import { roles } from '../auth/roles.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';


export const Role = Type.Enum([...roles], { description: 'admin, supervisor, operator or agency_officer' });

export const Username = Type.String({ pattern: '^[a-z0-9._-]{3,64}$', description: '3–64 characters: a-z 0-9 . _ -' });
export const Password = Type.String({ minLength: 10, maxLength: 256, description: 'at least 10 characters' });

export const UserView = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    fullName: Type.String(),
    role: Role,
    agencyId: Nullable(Uuid),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    active: Type.Boolean(),
    lockedUntil: Nullable(DateTime),
    lastLoginAt: Nullable(DateTime),
  },
  { $id: 'User', title: 'User' },
);
export type UserView = Static<typeof UserView>;

interface UserRow {
  id: string;
  username: string;
  fullName: string;
  role: (typeof roles)[number];
  agencyId: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
}

/** What the API shows of an account: never the hash, never failure counters. */
export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    role: u.role,
    agencyId: u.agencyId,
    email: u.email,
    phone: u.phone,
    active: u.active,
    lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}
