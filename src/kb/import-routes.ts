import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import type { Role } from '../auth/roles.js';
import { cleanFileName, contentDisposition } from '../attachments/file-name.js';
import { DomainError, errorResponses, forbidden } from '../web/errors.js';
import { receiveOneFile } from '../web/multipart.js';
import { Uuid } from '../web/schemas.js';
import { exportKb } from './export.js';
import { ColumnMappingBody, ExportQuery, KbImportView, PreviewView, RunBody, UploadView, toImportView, toPreviewView } from './import-schemas.js';
import { createImport, getImport, previewImport, startImport } from './import-service.js';

/** Who imports and exports: hotline supervisors and admins any agency's entries, agency officers their own. */
const keepers: readonly Role[] = ['admin', 'supervisor', 'agency_officer'];
const Id = Type.Object({ id: Uuid });

const multipartRequired = () =>
  new DomainError(415, 'MULTIPART_REQUIRED', 'Cần gửi tệp dạng multipart/form-data, trong trường "file"');
const fileTooLarge = (maxBytes: number) =>
  new DomainError(413, 'FILE_TOO_LARGE', `Tệp vượt quá dung lượng cho phép (${Math.floor((maxBytes / 1024 / 1024) * 10) / 10} MB)`);

const XlsxBytes = {
  description: 'the .xlsx workbook',
  content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};

/**
 * Importing the agencies' spreadsheets into the knowledge base, and exporting it (issue 16, R19). The steps a page
 * follows: upload → choose the columns and preview (repeat) → run → poll (or listen to kb.import.progress.v1).
 */
export const kbImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxBytes = app.env.KB_IMPORT_MAX_BYTES;
  await app.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 2, parts: 3, fieldSize: 1024, headerPairs: 50 } });

  app.post(
    '/imports',
    {
      config: { access: keepers },
      schema: {
        tags: ['kb'],
        summary: 'Upload a spreadsheet (.xlsx, .xls, .csv; multipart field "file"): read, kept, nothing imported yet',
        description: 'The first row names the columns. A formula, a zip bomb, more than 20,000 rows or 50 columns, a file over KB_IMPORT_MAX_BYTES: 4xx, nothing kept.',
        consumes: ['multipart/form-data'],
        response: { 201: UploadView, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!request.isMultipart()) throw multipartRequired();
      const { received } = await receiveOneFile(
        request,
        async (file) => {
          const bytes = await file.toBuffer().catch((error: unknown) => {
            if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(maxBytes);
            throw error;
          });
          if (bytes.length > maxBytes || file.file.truncated) throw fileTooLarge(maxBytes);
          return { bytes, fileName: cleanFileName(file.filename) };
        },
        async () => undefined,
      );
      const { created, sampleRows } = await createImport(app.db, principal, received);
      await recordAudit(app.db, {
        actor: principal, action: 'kb.import.upload', entityType: 'kb_import', entityId: created.id, ip: request.ip,
        details: { fileType: created.fileType, rows: created.totalRows },
      });
      return reply.status(201).send({ import: toImportView(created), sampleRows });
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { access: keepers },
      schema: {
        tags: ['kb'],
        summary: 'An import: its status and progress (poll while queued or importing)',
        params: Id,
        response: { 200: KbImportView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const row = await getImport(app.db, principalOf(request), request.params.id);
      return toImportView(row, row.status === 'queued' ? app.kbImports.progressOf(row.id) : undefined);
    },
  );

  app.put(
    '/imports/:id/mapping',
    {
      config: { access: keepers },
      schema: {
        tags: ['kb'],
        summary: 'Choose the columns and preview: the first rows as they would be written, and every row with a problem',
        description: 'Problems: empty_question, empty_answer, *_too_long, unknown_field, unknown_agency, other_agency, duplicate (same question twice in one agency). Nothing is written to the knowledge base.',
        params: Id,
        body: ColumnMappingBody,
        response: { 200: PreviewView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { previewRows = 20, ...mapping } = request.body;
      const { import: row, plan } = await previewImport(app.db, principalOf(request), request.params.id, mapping);
      return toPreviewView(row, plan, previewRows);
    },
  );

  app.post(
    '/imports/:id/run',
    {
      config: { access: keepers },
      schema: {
        tags: ['kb'],
        summary: 'Import: every row in one transaction, or none; an entry with the same question in the same agency is updated',
        description: '202: queued; poll GET /api/kb/imports/:id or listen to kb.import.progress.v1. 409 while rows have problems (unless skipRowsWithProblems).',
        params: Id,
        body: Type.Optional(RunBody),
        response: { 202: KbImportView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const queued = await startImport(app.db, { principal: principalOf(request), ip: request.ip }, request.params.id, {
        skipRowsWithProblems: request.body?.skipRowsWithProblems ?? false,
      });
      app.kbImports.kick().catch((error: unknown) => request.log.error({ err: error }, 'knowledge-base import runner failed'));
      return reply.status(202).send(toImportView(queued));
    },
  );

  app.get(
    '/export.xlsx',
    {
      config: { access: keepers },
      schema: {
        tags: ['kb'],
        summary: "The knowledge base as .xlsx: all of it, one agency's or one field's (an agency officer: their agency's)",
        querystring: ExportQuery,
        response: { 200: XlsxBytes, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      let { agencyId } = request.query;
      if (principal.role === 'agency_officer') {
        if (agencyId && agencyId !== principal.agencyId) throw forbidden('OTHER_AGENCY', 'Bạn chỉ xuất được câu hỏi – trả lời của đơn vị mình');
        if (!principal.agencyId) throw forbidden('OTHER_AGENCY', 'Tài khoản chưa gắn với đơn vị nào');
        agencyId = principal.agencyId;
      }
      const bytes = await exportKb(app.db, { ...request.query, agencyId }, app.env.BUSINESS_TZ);
      await recordAudit(app.db, { actor: principal, action: 'kb.export', entityType: 'kb', ip: request.ip, details: { agencyId: agencyId ?? null, fieldId: request.query.fieldId ?? null } });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('hoi-dap-1022.xlsx'))
        .send(bytes);
    },
  );
};
