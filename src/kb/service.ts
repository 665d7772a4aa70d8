/**
 * Knowledge-base entries (R19, R24): hotline supervisors and admins keep any entry; an agency's officers keep their
 * agency's own. Every write is audited in its transaction. Deleting deactivates: search stops finding the entry,
 * its history stays.
 */
import { eq } from 'drizzle-orm';
import { changedFields, recordAudit } from '../audit/service.js';
import type { Principal } from '../auth/roles.js';
import type { Database, Executor } from '../db/client.js';
import { kbEntries } from '../db/schema/index.js';
import { badRequest, forbidden, notFound } from '../web/errors.js';

/** The columns of an entry as the API shows it (not the folded search copies). */
const entryColumns = {
  id: kbEntries.id,
  fieldId: kbEntries.fieldId,
  agencyId: kbEntries.agencyId,
  question: kbEntries.question,
  answer: kbEntries.answer,
  keywords: kbEntries.keywords,
  active: kbEntries.active,
  updatedBy: kbEntries.updatedBy,
  createdAt: kbEntries.createdAt,
  updatedAt: kbEntries.updatedAt,
};
export type KbEntry = Pick<typeof kbEntries.$inferSelect, keyof typeof entryColumns>;

export interface KbEntryInput {
  question: string;
  answer: string;
  keywords?: string | null | undefined;
  fieldId?: string | null | undefined;
  agencyId?: string | null | undefined;
}

export type KbEntryPatch = Partial<KbEntryInput> & { active?: boolean | undefined };

/** Where a write comes from, for the audit log. */
export interface Actor {
  principal: Principal;
  ip: string;
}

/** An agency officer acts for their own agency only; hotline staff for any, or for none (agencyId null). */
function assertOwnAgency(principal: Principal, agencyId: string | null | undefined, message: string): void {
  if (principal.role === 'agency_officer' && (!principal.agencyId || agencyId !== principal.agencyId)) {
    throw forbidden('OTHER_AGENCY', message);
  }
}

/** Text as stored: Unicode composed (NFC), spaces trimmed; a required text left empty is refused. */
function requiredText(value: string, what: string): string {
  const text = value.normalize('NFC').trim();
  if (text === '') throw badRequest('EMPTY_TEXT', `${what} không được để trống`);
  return text;
}
const optionalText = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : value.normalize('NFC').trim() || null;

async function findEntry(db: Executor, id: string): Promise<KbEntry> {
  const [entry] = await db.select(entryColumns).from(kbEntries).where(eq(kbEntries.id, id));
  if (!entry) throw notFound('câu hỏi – trả lời');
  return entry;
}

/** One entry, active or not: 404 when unknown, 403 when an officer asks for another agency's. */
export async function getEntry(db: Executor, principal: Principal, id: string): Promise<KbEntry> {
  const entry = await findEntry(db, id);
  assertOwnAgency(principal, entry.agencyId, 'Câu hỏi – trả lời này không thuộc đơn vị của bạn');
  return entry;
}

export async function createEntry(db: Database, { principal, ip }: Actor, input: KbEntryInput): Promise<KbEntry> {
  const agencyId = input.agencyId === undefined && principal.role === 'agency_officer' ? principal.agencyId : (input.agencyId ?? null);
  assertOwnAgency(principal, agencyId, 'Bạn chỉ thêm được câu hỏi – trả lời của đơn vị mình');
  const values = {
    question: requiredText(input.question, 'Câu hỏi'),
    answer: requiredText(input.answer, 'Câu trả lời'),
    keywords: optionalText(input.keywords) ?? null,
    fieldId: input.fieldId ?? null,
    agencyId,
    updatedBy: principal.id,
  };
  return db.transaction(async (tx) => {
    const [entry] = await tx.insert(kbEntries).values(values).returning(entryColumns);
    if (!entry) throw new Error('insert returned no row');
    await recordAudit(tx, {
      actor: principal,
      action: 'kb.create',
      entityType: 'kb_entry',
      entityId: entry.id,
      ip,
      details: { agencyId: entry.agencyId, fieldId: entry.fieldId },
    });
    return entry;
  });
}

export async function updateEntry(db: Database, { principal, ip }: Actor, id: string, patch: KbEntryPatch): Promise<KbEntry> {
  return db.transaction(async (tx) => {
    const current = await getEntry(tx, principal, id);
    if (patch.agencyId !== undefined) {
      assertOwnAgency(principal, patch.agencyId, 'Bạn không chuyển được câu hỏi – trả lời sang đơn vị khác');
    }
    const changes = {
      question: patch.question === undefined ? undefined : requiredText(patch.question, 'Câu hỏi'),
      answer: patch.answer === undefined ? undefined : requiredText(patch.answer, 'Câu trả lời'),
      keywords: optionalText(patch.keywords),
      fieldId: patch.fieldId,
      agencyId: patch.agencyId,
      active: patch.active,
    };
    const [entry] = await tx
      .update(kbEntries)
      .set({ ...changes, updatedBy: principal.id, updatedAt: new Date() })
      .where(eq(kbEntries.id, current.id))
      .returning(entryColumns);
    if (!entry) throw notFound('câu hỏi – trả lời');
    await recordAudit(tx, {
      actor: principal,
      action: 'kb.update',
      entityType: 'kb_entry',
      entityId: entry.id,
      ip,
      details: { fields: changedFields(changes) },
    });
    return entry;
  });
}

/** Soft delete: the entry is kept, inactive. Deactivating an inactive entry changes nothing and is not audited again. */
export async function deactivateEntry(db: Database, { principal, ip }: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getEntry(tx, principal, id);
    if (!current.active) return;
    await tx.update(kbEntries).set({ active: false, updatedBy: principal.id, updatedAt: new Date() }).where(eq(kbEntries.id, id));
    await recordAudit(tx, { actor: principal, action: 'kb.deactivate', entityType: 'kb_entry', entityId: id, ip });
  });
}
