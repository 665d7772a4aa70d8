/**
 * Importing an agency's spreadsheet into the knowledge base (issue 16, R19): upload (read and kept as rows), preview
 * under a column mapping (every row's problems, nothing written), then run — one transaction, all rows or none.
 * Who may: hotline supervisors and admins any import, an agency officer their own (their rows go to their agency).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Principal } from '../auth/roles.js';
import type { Database, Executor } from '../db/client.js';
import { agencies, fields, kbEntries, kbImports } from '../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../web/errors.js';
import { guessMapping, lookupKey, planRows, questionKey, summarise, type ColumnMapping, type ImportLookups, type PlannedRow } from './import-rows.js';
import { readSpreadsheet } from './spreadsheet.js';

export type KbImport = typeof kbImports.$inferSelect;
export type KbImportSummary = Omit<KbImport, 'rows'>;

/** Every column but the rows themselves: what a status poll reads. */
const summaryColumns = {
  id: kbImports.id,
  createdBy: kbImports.createdBy,
  agencyScope: kbImports.agencyScope,
  fileName: kbImports.fileName,
  fileType: kbImports.fileType,
  status: kbImports.status,
  headers: kbImports.headers,
  mapping: kbImports.mapping,
  skipRowsWithProblems: kbImports.skipRowsWithProblems,
  totalRows: kbImports.totalRows,
  processedRows: kbImports.processedRows,
  createdCount: kbImports.createdCount,
  updatedCount: kbImports.updatedCount,
  skippedCount: kbImports.skippedCount,
  errorCode: kbImports.errorCode,
  errorMessage: kbImports.errorMessage,
  createdAt: kbImports.createdAt,
  updatedAt: kbImports.updatedAt,
  startedAt: kbImports.startedAt,
  finishedAt: kbImports.finishedAt,
};

/** Reads the file and keeps its rows; nothing reaches the knowledge base yet. */
export async function createImport(
  db: Database,
  principal: Principal,
  file: { fileName: string; bytes: Buffer },
): Promise<{ created: KbImportSummary; sampleRows: string[][] }> {
  if (principal.role === 'agency_officer' && !principal.agencyId) throw forbidden('OTHER_AGENCY', 'Tài khoản chưa gắn với đơn vị nào');
  const sheet = readSpreadsheet(file.bytes);
  if (sheet.rows.length === 0) throw badRequest('SPREADSHEET_EMPTY', 'Tệp chỉ có dòng tiêu đề, không có câu hỏi nào');
  const guess = guessMapping(sheet.headers);
  const [row] = await db
    .insert(kbImports)
    .values({
      createdBy: principal.id,
      agencyScope: principal.role === 'agency_officer' ? principal.agencyId : null,
      fileName: file.fileName,
      fileType: sheet.type,
      headers: sheet.headers,
      rows: sheet.rows,
      mapping: guess.question !== undefined && guess.answer !== undefined ? guess : null,
      totalRows: sheet.rows.length,
    })
    .returning(summaryColumns);
  if (!row) throw new Error('insert returned no row');
  return { created: row, sampleRows: sheet.rows.slice(0, 10) };
}

/** An import as its owner (or a hotline supervisor or admin) sees it; 404 for anyone else, as if it did not exist. */
export async function getImport(db: Executor, principal: Principal, id: string): Promise<KbImportSummary> {
  const [row] = await db.select(summaryColumns).from(kbImports).where(eq(kbImports.id, id));
  if (!row || (principal.role !== 'admin' && principal.role !== 'supervisor' && row.createdBy !== principal.id)) throw notFound('lần nhập');
  return row;
}

async function importRows(db: Executor, id: string): Promise<string[][]> {
  const [row] = await db.select({ rows: kbImports.rows }).from(kbImports).where(eq(kbImports.id, id));
  if (!row) throw notFound('lần nhập');
  return row.rows;
}

/** Fields and agencies by code and name, and the entries already in the agencies the rows may go to. */
export async function loadLookups(db: Executor, agencyScope: string | null): Promise<ImportLookups> {
  const fieldRows = await db.select({ id: fields.id, code: fields.code, name: fields.name }).from(fields);
  const agencyRows = await db.select({ id: agencies.id, code: agencies.code, name: agencies.name }).from(agencies);
  const byCodeAndName = (rows: { id: string; code: string; name: string }[]) => {
    const map = new Map<string, string>();
    for (const r of rows) map.set(lookupKey(r.name), r.id);
    for (const r of rows) map.set(lookupKey(r.code), r.id); // a code wins over a name that folds the same
    return map;
  };
  const entries = await db
    .select({ id: kbEntries.id, agencyId: kbEntries.agencyId, question: kbEntries.question, active: kbEntries.active })
    .from(kbEntries)
    .where(agencyScope ? eq(kbEntries.agencyId, agencyScope) : undefined);
  const existing = new Map<string, string>();
  // Inactive first, so that an active entry with the same question is the one updated.
  for (const e of entries.sort((a, b) => Number(a.active) - Number(b.active))) existing.set(questionKey(e.agencyId, e.question), e.id);
  return { fields: byCodeAndName(fieldRows), agencies: byCodeAndName(agencyRows), existing, agencyScope };
}

/** A mapping that names columns the file has, and defaults that exist (and an officer's own agency only). */
async function checkMapping(db: Executor, principal: Principal, headers: readonly string[], mapping: ColumnMapping): Promise<void> {
  const columns = [mapping.question, mapping.answer, mapping.keywords, mapping.field, mapping.agency].filter((c): c is number => typeof c === 'number');
  if (columns.some((c) => c >= headers.length)) throw badRequest('UNKNOWN_COLUMN', `Tệp chỉ có ${headers.length} cột (đánh số từ 0)`);
  if (new Set(columns).size !== columns.length) throw badRequest('COLUMN_USED_TWICE', 'Mỗi cột chỉ gán cho một nội dung');
  if (mapping.defaultFieldId) {
    const [field] = await db.select({ id: fields.id }).from(fields).where(eq(fields.id, mapping.defaultFieldId));
    if (!field) throw badRequest('UNKNOWN_FIELD', 'Không có lĩnh vực mặc định này');
  }
  if (mapping.defaultAgencyId) {
    if (principal.role === 'agency_officer' && mapping.defaultAgencyId !== principal.agencyId) {
      throw forbidden('OTHER_AGENCY', 'Bạn chỉ nhập được câu hỏi – trả lời của đơn vị mình');
    }
    const [agency] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, mapping.defaultAgencyId));
    if (!agency) throw badRequest('UNKNOWN_AGENCY', 'Không có đơn vị mặc định này');
  }
}

const assertNotStarted = (row: KbImportSummary) => {
  if (row.status === 'queued' || row.status === 'importing') throw conflict('IMPORT_RUNNING', 'Tệp này đang được nhập');
  if (row.status === 'done') throw conflict('IMPORT_DONE', 'Tệp này đã được nhập xong');
};

export interface ImportPreview {
  import: KbImportSummary;
  plan: PlannedRow[];
}

/** Keeps the mapping and tells what every row would become; writes nothing to the knowledge base. */
export async function previewImport(db: Database, principal: Principal, id: string, mapping: ColumnMapping): Promise<ImportPreview> {
  const current = await getImport(db, principal, id);
  assertNotStarted(current);
  await checkMapping(db, principal, current.headers, mapping);
  const [saved] = await db
    .update(kbImports)
    .set({ mapping: { ...mapping }, updatedAt: new Date() })
    .where(eq(kbImports.id, id))
    .returning(summaryColumns);
  if (!saved) throw notFound('lần nhập');
  const plan = planRows(await importRows(db, id), mapping, await loadLookups(db, current.agencyScope));
  return { import: saved, plan };
}

/**
 * Queues the run (the runner takes it at once): refused while rows have problems unless they are to be skipped.
 * Audited with who asked; the run itself is audited with its counts in its transaction.
 */
export async function startImport(
  db: Database,
  actor: { principal: Principal; ip: string },
  id: string,
  options: { skipRowsWithProblems: boolean },
): Promise<KbImportSummary> {
  const current = await getImport(db, actor.principal, id);
  assertNotStarted(current);
  const mapping = current.mapping as ColumnMapping | null;
  if (!mapping) throw conflict('MAPPING_REQUIRED', 'Cần chọn cột câu hỏi và câu trả lời (xem trước) trước khi nhập');
  const plan = planRows(await importRows(db, id), mapping, await loadLookups(db, current.agencyScope));
  const summary = summarise(plan);
  if (summary.skip > 0 && !options.skipRowsWithProblems) {
    throw conflict('ROWS_HAVE_PROBLEMS', `${summary.skip} dòng có lỗi: sửa tệp, hoặc chọn bỏ qua các dòng lỗi`);
  }
  if (summary.create + summary.update === 0) throw conflict('NOTHING_TO_IMPORT', 'Không có dòng nào nhập được');
  return db.transaction(async (tx) => {
    const [queued] = await tx
      .update(kbImports)
      .set({ status: 'queued', skipRowsWithProblems: options.skipRowsWithProblems, errorCode: null, errorMessage: null, processedRows: 0, updatedAt: new Date() })
      .where(and(eq(kbImports.id, id), inArray(kbImports.status, ['uploaded', 'failed'])))
      .returning(summaryColumns);
    if (!queued) throw conflict('IMPORT_RUNNING', 'Tệp này đang được nhập');
    await recordAudit(tx, {
      actor: actor.principal,
      action: 'kb.import.start',
      entityType: 'kb_import',
      entityId: id,
      ip: actor.ip,
      details: { rows: summary.rows, create: summary.create, update: summary.update, skip: summary.skip },
    });
    return queued;
  });
}

/** Rows written per statement: 500 rows × 6 values stays well under PostgreSQL's 65,535 parameters. */
export const importBatchRows = 500;

export interface ImportCounts {
  created: number;
  updated: number;
  skipped: number;
}

/**
 * Writes a plan in the caller's transaction: new entries inserted, existing ones (same agency, same question)
 * changed and made active again — a keyword or field column left empty keeps what the entry had.
 */
export async function writePlan(
  tx: Executor,
  plan: readonly PlannedRow[],
  updatedBy: string,
  onProgress: (processedRows: number) => void,
): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, skipped: 0 };
  let processed = 0;
  for (let start = 0; start < plan.length; start += importBatchRows) {
    const batch = plan.slice(start, start + importBatchRows);
    const creates = batch.filter((r) => r.action === 'create');
    const updates = batch.filter((r) => r.action === 'update');
    counts.skipped += batch.length - creates.length - updates.length;
    if (creates.length > 0) {
      await tx.insert(kbEntries).values(
        creates.map((r) => ({ question: r.question, answer: r.answer, keywords: r.keywords, fieldId: r.fieldId, agencyId: r.agencyId, updatedBy })),
      );
      counts.created += creates.length;
    }
    if (updates.length > 0) {
      const values = sql.join(
        updates.map((r) => sql`(${r.entryId}::uuid, ${r.question}, ${r.answer}, ${r.keywords}::text, ${r.fieldId}::uuid)`),
        sql`, `,
      );
      await tx.execute(sql`
        update kb_entries as e
        set question = v.question, answer = v.answer, keywords = coalesce(v.keywords, e.keywords),
            field_id = coalesce(v.field_id, e.field_id), active = true, updated_by = ${updatedBy}::uuid, updated_at = now()
        from (values ${values}) as v(id, question, answer, keywords, field_id)
        where e.id = v.id`);
      counts.updated += updates.length;
    }
    processed += batch.length;
    onProgress(processed);
  }
  return counts;
}

