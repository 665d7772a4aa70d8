export const roles = ['admin', 'supervisor', 'operator', 'agency_officer'] as const;
export type Role = (typeof roles)[number];

/** The signed-in user as every route sees it. */
export interface Principal {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  /** Set for agency officers only: the one agency whose data they may see. */
  agencyId: string | null;
  sessionId: string;
}

/** What a route declares: open to anyone, or to the listed roles. */
export type Access = 'public' | readonly Role[];

export const staff: readonly Role[] = ['admin', 'supervisor', 'operator'];
export const everyone: readonly Role[] = roles;
