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
  /**
   * ids, changed field names, reasons, and for configuration the values before and after (`configChange`):
   * never citizens' personal data.
   */
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

/** What a configuration change did, as stored in `audit_log.details`. */
export type ConfigChange = {
  /** The fields whose value differs, in the order of the record. */
  fields: string[];
  /** Their values before (null: the record was created). */
  before: Record<string, unknown> | null;
  /** Their values after (null: the record was deleted). */
  after: Record<string, unknown> | null;
};

/** A value as JSON would store it: dates as ISO strings, undefined as absent. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** JSON with object keys sorted: two values are the same whatever order their keys came in (jsonb reorders them). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * The audit detail of a change to configuration (capacity windows, numbers, menus, calendars, rules, agencies,
 * fields, accounts): the fields that changed with their values before and after. Only for records that hold no
 * citizen's personal data; `omit` drops the keys that never go to the log (password hashes, counters, timestamps
 * that change at every write). A creation has `before: null` and every kept field; a deletion `after: null`.
 */
export function configChange<T extends object>(before: T | null, after: T | null, omit: readonly string[] = []): ConfigChange {
  const skip = new Set(['createdAt', 'updatedAt', ...omit]);
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => !skip.has(k));
  const get = (record: T | null, key: string) => plain((record as Record<string, unknown> | null)?.[key]);
  const fields = keys.filter((k) => !before || !after || canonicalJson(get(before, k)) !== canonicalJson(get(after, k)));
  const pick = (record: T | null) => (record ? Object.fromEntries(fields.map((k) => [k, get(record, k)])) : null);
  return { fields, before: pick(before), after: pick(after) };
}
