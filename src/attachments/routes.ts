import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { everyone } from '../auth/roles.js';
import { attachments, tickets } from '../db/schema/index.js';
import { assertCanSeeTicket } from '../tickets/access.js';
import { DomainError, errorResponses, notFound } from '../web/errors.js';
import { Uuid } from '../web/schemas.js';
import { assertCanAttach, loadVisibleAttachment } from './access.js';
import { contentDisposition } from './file-name.js';
import { AttachmentPurpose, AttachmentView, toAttachmentView } from './schemas.js';
import { AttachmentStore } from './store.js';
import { stageUpload, storeUpload } from './upload.js';
import { receiveOneFile } from '../web/multipart.js';

const fileMissing = () => new DomainError(410, 'ATTACHMENT_FILE_MISSING', 'Tệp đính kèm không còn trên máy chủ');

const multipartRequired = () =>
  new DomainError(415, 'MULTIPART_REQUIRED', 'Cần gửi tệp dạng multipart/form-data, trong trường "file"');

const FileBytes = {
  description: 'The file',
  content: { 'application/octet-stream': { schema: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) } },
};

/**
 * Files attached to tickets: evidence from the citizen, the agency's written result (R9, R14).
 * Seen only by whoever may see the ticket (R22); every upload, read and download — granted or
 * refused — goes to the audit log.
 */
export const attachmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxBytes = app.env.ATTACHMENT_MAX_BYTES;
  const store = new AttachmentStore(app.env.DATA_DIR);
  // Encapsulated: multipart parsing exists for these routes only.
  await app.register(multipart, {
    limits: { fileSize: maxBytes + 1, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 50 },
  });

  app.post(
    '/api/tickets/:id/attachments',
    {
      config: { access: everyone },
      schema: {
        tags: ['attachments'],
        summary: 'Attach one file (multipart/form-data, field "file"); agency officers: purpose=result only',
        consumes: ['multipart/form-data'],
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object({ purpose: Type.Optional(AttachmentPurpose) }),
        response: { 201: AttachmentView, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const ticketId = request.params.id;
      const purpose = request.query.purpose ?? (principal.role === 'agency_officer' ? 'result' : 'evidence');
      await assertCanAttach(app.db, request, principal, ticketId, purpose);
      if (!request.isMultipart()) throw multipartRequired();
      const { received } = await receiveOneFile(request, (file) => stageUpload(store, file, maxBytes), (upload) => store.discard(upload.staged));
      const row = await storeUpload(app.db, store, received, { ticketId, purpose, uploadedBy: principal.id });
      await recordAudit(app.db, {
        actor: principal,
        action: 'attachment.upload',
        entityType: 'attachment',
        entityId: row.id,
        ip: request.ip,
        details: { ticketId, purpose, mimeType: row.mimeType, sizeBytes: row.sizeBytes, sha256: row.sha256 },
      });
      return reply.status(201).send(toAttachmentView(row));
    },
  );

  app.get(
    '/api/tickets/:id/attachments',
    {
      config: { access: everyone },
      schema: {
        tags: ['attachments'],
        summary: "A ticket's attachments (metadata, audited)",
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ items: Type.Array(AttachmentView) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const [ticket] = await app.db.select({ id: tickets.id, agencyId: tickets.agencyId }).from(tickets).where(eq(tickets.id, request.params.id));
      if (!ticket) throw notFound('phiếu');
      const audit = (action: string) =>
        recordAudit(app.db, { actor: principal, action, entityType: 'ticket', entityId: ticket.id, ip: request.ip });
      try {
        assertCanSeeTicket(principal, ticket);
      } catch (refusal) {
        await audit('attachment.list_refused');
        throw refusal;
      }
      const rows = await app.db.select().from(attachments).where(eq(attachments.ticketId, ticket.id)).orderBy(asc(attachments.createdAt));
      await audit('attachment.list');
      return { items: rows.map(toAttachmentView) };
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      config: { access: everyone },
      schema: {
        tags: ['attachments'],
        summary: "An attachment's metadata (audited)",
        params: Type.Object({ id: Uuid }),
        response: { 200: AttachmentView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const row = await loadVisibleAttachment(app.db, request, principal, request.params.id, 'attachment.read_refused');
      await recordAudit(app.db, {
        actor: principal, action: 'attachment.read', entityType: 'attachment', entityId: row.id, ip: request.ip, details: { ticketId: row.ticketId },
      });
      return toAttachmentView(row);
    },
  );

  app.get(
    '/api/attachments/:id/file',
    {
      config: { access: everyone },
      exposeHeadRoute: false,
      schema: {
        tags: ['attachments'],
        summary: 'Download the file (audited)',
        params: Type.Object({ id: Uuid }),
        response: { 200: FileBytes, ...errorResponses(400, 401, 403, 404, 410) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const row = await loadVisibleAttachment(app.db, request, principal, request.params.id, 'attachment.download_refused');
      const file = await store.open(row.sha256);
      try {
        await recordAudit(app.db, {
          actor: principal,
          action: 'attachment.download',
          entityType: 'attachment',
          entityId: row.id,
          ip: request.ip,
          details: { ticketId: row.ticketId, outcome: file ? 'served' : 'file_missing' },
        });
      } catch (error) {
        file?.stream.destroy();
        throw error;
      }
      if (!file) throw fileMissing();
      return reply
        .header('content-type', row.mimeType)
        .header('content-length', file.size)
        .header('content-disposition', contentDisposition(row.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    },
  );
};
