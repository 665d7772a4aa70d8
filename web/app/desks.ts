import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../shared/session/session.js';

/**
 * The desks: one per role, each its own folder (web/<desk>/) loaded only when opened, so the operator's screen
 * carries no supervisor or admin code. A desk's `index.tsx` renders the shared Shell with its own navigation and
 * nested routes. To add a desk: a folder with an index.tsx exporting a default component, and a line here.
 */
export interface Desk {
  /** Where it lives: every path below it is the desk's own (wouter `nest`). */
  path: string;
  /** Who may open it; the first role listed has it as home. */
  roles: readonly Role[];
  Component: LazyExoticComponent<ComponentType>;
}

export const desks: readonly Desk[] = [
  { path: '/operator', roles: ['operator'], Component: lazy(() => import('../operator/index.js')) },
  { path: '/supervisor', roles: ['supervisor'], Component: lazy(() => import('../supervisor/index.js')) },
  { path: '/admin', roles: ['admin'], Component: lazy(() => import('../admin/index.js')) },
  { path: '/agency', roles: ['agency_officer'], Component: lazy(() => import('../agency/index.js')) },
];

/** Where a role lands after signing in. */
export function homeOf(role: Role): string {
  return desks.find((desk) => desk.roles[0] === role)?.path ?? '/sign-in';
}
