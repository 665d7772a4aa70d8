import type { Executor } from '../db/client.js';
import { auditLog } from '../db/schema/index.js';

export interface AuditActor {
  id: string;
  username: string;
  role: string;
}

export interface AuditEntry {
  actor: AuditActor | null;
  /** dotted verb, e.g. auth.login, user.update, ticket.read, recording.download */
  action: string;
  entityType?: string;
  entityId?: string;
  ip?: string;
  /** ids, changed field names, reasons: never citizens' personal data. */
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: entry.actor?.id ?? null,
    actorUsername: entry.actor?.username ?? null,
    actorRole: entry.actor?.role ?? null,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? null,
  });
}

/** Names of the fields a change touched, for the audit log, without their values. */
export function changedFields(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}
