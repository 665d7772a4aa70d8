/**
 * Published versions of IVR menus (R3, R24): every definition published is kept in ivr_menu_versions, so an admin
 * can read an earlier one and restore it (published again as a new version). Menus created before versions were
 * kept (seed, older databases) have their version in force saved the first time they change.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { canonicalJson, recordAudit, type AuditActor } from '../audit/service.js';
import type { Database, Executor } from '../db/client.js';
import { ivrMenus, ivrMenuVersions, users } from '../db/schema/index.js';
import { conflict, notFound } from '../web/errors.js';
import type { IvrMenuDefinition } from './types.js';

type MenuRow = typeof ivrMenus.$inferSelect;

export interface PublishInput {
  actor: AuditActor;
  ip: string;
  /** The version the admin edited: 409 VERSION_CONFLICT when another was published since. */
  baseVersion: number;
  definition: IvrMenuDefinition;
  note?: string | undefined;
  restoredFrom?: number | undefined;
}

export const menuNotFound = () => notFound('kịch bản IVR');

/** The version in force, saved if it never was (menus written before versions were kept). */
async function keepCurrent(tx: Executor, menu: MenuRow): Promise<void> {
  await tx
    .insert(ivrMenuVersions)
    .values({ menuId: menu.id, version: menu.version, definition: menu.definition, publishedAt: menu.updatedAt, note: null })
    .onConflictDoNothing();
}

/** The first version of a new menu. */
export async function keepFirstVersion(tx: Executor, menu: MenuRow, actor: AuditActor): Promise<void> {
  await tx.insert(ivrMenuVersions).values({ menuId: menu.id, version: menu.version, definition: menu.definition, publishedBy: actor.id });
}

/**
 * The nodes that differ between two definitions, with their JSON before and after (a node added has no before, a
 * node removed no after): the audit's before/after of a publication, bounded by the menu's 100 nodes.
 */
export function definitionChange(before: IvrMenuDefinition, after: IvrMenuDefinition) {
  const names = [...new Set([...Object.keys(before.nodes), ...Object.keys(after.nodes)])];
  const changed = names.filter((n) => canonicalJson(before.nodes[n]) !== canonicalJson(after.nodes[n]));
  const pick = (d: IvrMenuDefinition) => Object.fromEntries(changed.filter((n) => d.nodes[n] !== undefined).map((n) => [n, d.nodes[n]]));
  const startChanged = before.start !== after.start;
  return {
    fields: ['definition'],
    changedNodes: changed,
    before: { ...(startChanged ? { start: before.start } : {}), nodes: pick(before) },
    after: { ...(startChanged ? { start: after.start } : {}), nodes: pick(after) },
  };
}

/**
 * Publishes a definition (validated by the caller) as the menu's next version, in one transaction with its audit
 * entry (`ivr_menu.publish`, or `ivr_menu.restore`). The next call to a number using the menu runs it: calls read
 * the menu at arrival.
 */
export async function publishDefinition(db: Database, menuId: string, input: PublishInput): Promise<MenuRow> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(ivrMenus).where(eq(ivrMenus.id, menuId)).for('update');
    if (!current) throw menuNotFound();
    if (current.version !== input.baseVersion) {
      throw conflict(
        'VERSION_CONFLICT',
        `Kịch bản IVR đã được sửa bởi người khác (phiên bản ${current.version}, bạn sửa phiên bản ${input.baseVersion}). Hãy tải lại rồi sửa tiếp.`,
      );
    }
    await keepCurrent(tx, current);
    const [updated] = await tx
      .update(ivrMenus)
      .set({ definition: input.definition, version: sql`${ivrMenus.version} + 1`, updatedAt: new Date() })
      .where(and(eq(ivrMenus.id, menuId), eq(ivrMenus.version, input.baseVersion)))
      .returning();
    if (!updated) throw conflict('VERSION_CONFLICT', 'Kịch bản IVR vừa được sửa bởi người khác. Hãy tải lại rồi sửa tiếp.');
    await tx.insert(ivrMenuVersions).values({
      menuId,
      version: updated.version,
      definition: input.definition,
      note: input.note ?? null,
      restoredFrom: input.restoredFrom ?? null,
      publishedBy: input.actor.id,
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: input.restoredFrom ? 'ivr_menu.restore' : 'ivr_menu.publish',
      entityType: 'ivr_menu',
      entityId: menuId,
      ip: input.ip,
      details: {
        ...definitionChange(current.definition as IvrMenuDefinition, input.definition),
        version: updated.version,
        previousVersion: current.version,
        ...(input.restoredFrom ? { restoredFrom: input.restoredFrom } : {}),
        ...(input.note ? { note: input.note } : {}),
      },
    });
    return updated;
  });
}

const versionColumns = {
  version: ivrMenuVersions.version,
  note: ivrMenuVersions.note,
  restoredFrom: ivrMenuVersions.restoredFrom,
  publishedBy: ivrMenuVersions.publishedBy,
  publishedByName: users.fullName,
  publishedAt: ivrMenuVersions.publishedAt,
};

/** The menu's versions, newest first; the version in force is listed even when it was never saved. */
export async function listVersions(db: Executor, menu: MenuRow, page: { limit: number; offset: number }) {
  const rows = await db
    .select(versionColumns)
    .from(ivrMenuVersions)
    .leftJoin(users, eq(users.id, ivrMenuVersions.publishedBy))
    .where(eq(ivrMenuVersions.menuId, menu.id))
    .orderBy(desc(ivrMenuVersions.version));
  const all = rows.some((r) => r.version === menu.version)
    ? rows
    : [{ version: menu.version, note: null, restoredFrom: null, publishedBy: null, publishedByName: null, publishedAt: menu.updatedAt }, ...rows];
  return { items: all.slice(page.offset, page.offset + page.limit).map((r) => ({ ...r, current: r.version === menu.version })), total: all.length };
}

/** One version with its definition (404 when it was never kept). */
export async function getVersion(db: Executor, menu: MenuRow, version: number) {
  if (version === menu.version) {
    const [kept] = await db.select(versionColumns).from(ivrMenuVersions).leftJoin(users, eq(users.id, ivrMenuVersions.publishedBy)).where(and(eq(ivrMenuVersions.menuId, menu.id), eq(ivrMenuVersions.version, version)));
    return { ...(kept ?? { version, note: null, restoredFrom: null, publishedBy: null, publishedByName: null, publishedAt: menu.updatedAt }), current: true, definition: menu.definition as IvrMenuDefinition };
  }
  const [row] = await db
    .select({ ...versionColumns, definition: ivrMenuVersions.definition })
    .from(ivrMenuVersions)
    .leftJoin(users, eq(users.id, ivrMenuVersions.publishedBy))
    .where(and(eq(ivrMenuVersions.menuId, menu.id), eq(ivrMenuVersions.version, version)));
  if (!row) throw notFound(`phiên bản ${version} của kịch bản IVR`);
  return { ...row, current: false, definition: row.definition as IvrMenuDefinition };
}
